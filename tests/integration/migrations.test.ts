import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate, MigrationError } from "../../db/migrate";
import { tempDb, type TestDb } from "../support/db";

/** A copy of the migrations folder holding only the first `n` migrations. */
function firstMigrations(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), "portal-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8"));
  journal.entries = journal.entries.slice(0, n);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const tables = (t: TestDb) => (t.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

let t: TestDb;
afterEach(() => t?.close());

describe("migrations", () => {
  it("build the whole schema on an empty database, and a second run does nothing", () => {
    t = tempDb({ migrate: false });
    const first = migrate(t.db);
    expect(first.applied).toBeGreaterThanOrEqual(3);
    expect(tables(t)).toEqual(expect.arrayContaining(["providers", "commissioners", "commissioned_providers", "users", "memberships", "sessions", "password_tokens", "audit_events", "standard_items", "standard_items_fts"]));
    expect(migrate(t.db).applied).toBe(0);
    expect(t.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("keep every row of a database that already has data", () => {
    t = tempDb({ migrate: false });
    migrate(t.db, firstMigrations(1));
    const sqlite = t.db.$client;
    sqlite.exec(`
      INSERT INTO providers (id, name, centre_number, created_at) VALUES ('p1', 'Provider one', '11111', 1), ('p2', 'Provider two', NULL, 2);
      INSERT INTO commissioners (id, name, created_at) VALUES ('c1', 'Commissioner one', 1);
      INSERT INTO commissioned_providers (commissioner_id, provider_id, created_at) VALUES ('c1', 'p1', 1);
      INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u1', 'a@example.org', 'A', NULL, 1), ('u2', 'b@example.org', 'B', NULL, 1);
      INSERT INTO memberships (id, user_id, role, provider_id, commissioner_id, created_at) VALUES ('m1', 'u1', 'candidate', 'p1', NULL, 1), ('m2', 'u2', 'commissioner', NULL, 'c1', 1);
      INSERT INTO sessions (id, user_id, membership_id, csrf_token, created_at, last_seen_at) VALUES ('s1', 'u1', 'm1', 't', 1, 1);
      INSERT INTO audit_events (at, actor_id, action, entity, entity_id, provider_id, details, prev_hash, hash) VALUES (1, 'u1', 'created', 'user', 'u1', 'p1', '{}', '0', 'h1');
    `);
    // Later migrations may add columns; every column and row that was there must be there, unchanged.
    const columns = (name: string) => (sqlite.pragma(`table_info(${name})`) as { name: string }[]).map((c) => `"${c.name}"`).join(", ");
    const snapshot = ["providers", "commissioners", "commissioned_providers", "users", "memberships", "sessions", "audit_events"].map((name) => ({ name, cols: columns(name) }));
    const read = () => snapshot.map(({ name, cols }) => sqlite.prepare(`SELECT ${cols} FROM ${name} ORDER BY rowid`).all());
    const before = read();
    const { applied } = migrate(t.db);
    expect(applied).toBeGreaterThanOrEqual(2);
    expect(read()).toEqual(before);
    expect(before.flat().length).toBe(10);
  });

  it("rebuild a parent table the way drizzle-kit does without cascading deletes into its children", () => {
    t = tempDb();
    const sqlite = t.db.$client;
    sqlite.exec(`
      INSERT INTO providers (id, name, centre_number, created_at) VALUES ('p1', 'Provider one', NULL, 1);
      INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u1', 'a@example.org', 'A', NULL, 1);
      INSERT INTO memberships (id, user_id, role, provider_id, commissioner_id, created_at) VALUES ('m1', 'u1', 'candidate', 'p1', NULL, 1);
      INSERT INTO sessions (id, user_id, membership_id, csrf_token, created_at, last_seen_at) VALUES ('s1', 'u1', 'm1', 't', 1, 1);
    `);
    const dir = mkdtempSync(join(tmpdir(), "portal-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const journalPath = join(dir, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    journal.entries.push({ idx: journal.entries.length, version: "6", when: Date.now(), tag: "9999_rebuild_users", breakpoints: true });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(
      join(dir, "9999_rebuild_users.sql"),
      [
        "CREATE TABLE `__new_users` (`id` text PRIMARY KEY NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `password_hash` text, `created_at` integer NOT NULL, `disabled_at` integer, `note` text)",
        "INSERT INTO `__new_users`(`id`, `email`, `name`, `password_hash`, `created_at`, `disabled_at`) SELECT `id`, `email`, `name`, `password_hash`, `created_at`, `disabled_at` FROM `users`",
        "DROP TABLE `users`",
        "ALTER TABLE `__new_users` RENAME TO `users`",
      ].join(";\n--> statement-breakpoint\n"),
    );
    expect(migrate(t.db, dir).applied).toBe(1);
    expect(sqlite.prepare("SELECT id FROM memberships").all()).toEqual([{ id: "m1" }]);
    expect(sqlite.prepare("SELECT id FROM sessions").all()).toEqual([{ id: "s1" }]);
  });

  it("roll back and fail loudly when a migration would leave a foreign key violation", () => {
    t = tempDb({ migrate: false });
    const dir = firstMigrations(1);
    migrate(t.db, dir);
    t.db.$client.exec(`INSERT INTO providers (id, name, centre_number, created_at) VALUES ('p1', 'Provider one', NULL, 1)`);
    // A bad migration: re-points memberships at a provider that does not exist.
    const journalPath = join(dir, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    journal.entries.push({ idx: 1, version: "6", when: Date.now(), tag: "0001_bad", breakpoints: true });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(
      join(dir, "0001_bad.sql"),
      `INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u9', 'z@example.org', 'Z', NULL, 1);\n--> statement-breakpoint\nINSERT INTO memberships (id, user_id, role, provider_id, commissioner_id, created_at) VALUES ('m9', 'u9', 'candidate', 'nowhere', NULL, 1);`,
    );
    expect(() => migrate(t.db, dir)).toThrow(MigrationError);
    expect(t.db.$client.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
    expect(t.db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual({ n: 1 });
    expect(t.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });
});
