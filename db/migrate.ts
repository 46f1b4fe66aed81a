/**
 * Applies the committed migrations (db/migrations) that a database has not had yet.
 * drizzle-kit rebuilds SQLite tables to alter them; with foreign keys on, dropping the old table
 * would cascade and delete child rows. So foreign keys are off during the migration, and
 * PRAGMA foreign_key_check runs before commit: any violation rolls everything back and fails loudly.
 */
import { readMigrationFiles } from "drizzle-orm/migrator";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./connection";

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export class MigrationError extends Error {
  name = "MigrationError";
}

export function migrate(db: Db, migrationsFolder = MIGRATIONS_DIR): { applied: number } {
  const sqlite = db.$client;
  const migrations = readMigrationFiles({ migrationsFolder });
  sqlite.exec(`CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`);
  const done = new Set((sqlite.prepare("SELECT hash FROM __drizzle_migrations").all() as { hash: string }[]).map((r) => r.hash));
  const pending = migrations.filter((m) => !done.has(m.hash));
  if (pending.length === 0) return { applied: 0 };

  sqlite.pragma("foreign_keys = OFF");
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      for (const m of pending) {
        for (const statement of m.sql) if (statement.trim()) sqlite.exec(statement);
        sqlite.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)").run(m.hash, m.folderMillis);
      }
      const violations = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
      if (violations.length > 0) {
        const sample = violations.slice(0, 5).map((v) => `${v.table} row ${v.rowid} → ${v.parent}`).join(", ");
        throw new MigrationError(`Migration would leave ${violations.length} foreign key violation(s): ${sample}. Nothing was changed.`);
      }
      sqlite.exec("COMMIT");
    } catch (e) {
      sqlite.exec("ROLLBACK");
      throw e;
    }
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
  return { applied: pending.length };
}
