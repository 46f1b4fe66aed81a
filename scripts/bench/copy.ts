/** A consistent copy of the seeded database made with SQLite's online backup API (so write benchmarks are repeatable). */
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function backupCopy(databasePath: string, dir = mkdtempSync(join(tmpdir(), "bench-copy-"))): Promise<string> {
  const target = join(dir, "portal.db");
  const source = new Database(databasePath, { readonly: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  return target;
}
