/** The seeded dataset's description (DIR/bench.json, written by `npm run seed:large`). */
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
