/** The seeded dataset's description (DIR/bench.json, written by `npm run seed:large`). */
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BenchManifest } from "../seed-large/index";

/** What `npm run seed:large` writes to DIR/bench.json: one shape for the seeder and the bench. */
export type BenchData = BenchManifest;
export type Pending = BenchData["signoff"]["pending"][number];

export function readBenchData(dir: string): BenchData | null {
  const file = join(resolve(dir), "bench.json");
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as BenchData;
}

/** The internal quality assurer with the most current allocations (the longest sampling queue). */
export function busiestIqa(databasePath: string): { email: string; candidates: number } {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db
      .prepare(
        `select u.email, count(*) as candidates from allocations a join users u on u.id = a.iqa_id
          where a.to_at is null group by a.iqa_id order by candidates desc, u.email limit 1`,
      )
      .get() as { email: string; candidates: number };
  } finally {
    db.close();
  }
}
