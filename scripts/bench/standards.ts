/** importStandards (standards/ YAML → database, validation included) on a fresh, migrated temporary database. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../db/connection";
import { migrate } from "../../db/migrate";
import { importStandards } from "../import-standards";
import { percentile } from "./stats";

export function standardsImportMs(runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "bench-standards-"));
    const db = openDatabase(join(dir, "portal.db"));
    try {
      migrate(db);
      const t = performance.now();
      importStandards(db);
      times.push(performance.now() - t);
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return percentile(times, 50);
}
