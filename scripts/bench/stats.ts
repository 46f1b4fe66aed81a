/** Small timing helpers shared by the bench modules. */
import type { Database } from "better-sqlite3";

export type Sample = { p50: number; p95: number; max: number; n: number };

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarise(values: number[]): Sample {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values), n: values.length };
}

/** Runs `fn` `warmup` times unmeasured, then `iterations` times, and returns each run's milliseconds. */
export async function timeRuns(fn: () => unknown, warmup: number, iterations: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The floor a page is compared with: the statements that fetch the same rows, prepared once and
 * run in turn on the readonly connection each iteration. Closes the connection when done.
 */
export function timeQueries(db: Database, queries: Record<string, string>, params: object, warmup: number, iterations: number): Promise<Sample> {
  const statements = Object.values(queries).map((q) => db.prepare(q));
  const run = () => {
    for (const s of statements) s.all(params);
  };
  return timeRuns(run, warmup, iterations)
    .then(summarise)
    .finally(() => db.close());
}
