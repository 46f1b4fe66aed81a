/**
 * Prepared statements cached per connection. better-sqlite3 compiles SQL on every `prepare()`, which
 * costs more than running a small indexed statement; the write paths that run many statements per
 * request (a sign-off runs about fifteen) prepare each one once per connection instead.
 *
 *   const q = preparedStatements({ byId: "select … where id = ?" });
 *   q(db, "byId").get(id);
 *   prepared(db, "select … where id = ?").get(id);   // the same, keyed by the SQL itself
 *
 * Statements are prepared lazily, on first use, so a module can list statements for tables a given
 * database does not have yet (before migrations) without failing at import.
 */
import type Database from "better-sqlite3";
import type { Db } from "../../db/connection";

export function preparedStatements<K extends string>(sql: Record<K, string>): (db: Db, key: K) => Database.Statement {
  return (db, key) => prepared(db, sql[key]);
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * One statement, prepared once per connection and kept by its text: only for fixed SQL (never text
 * built from input). Callers must not change the statement's mode (pluck, raw, expand).
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let statements = cache.get(db.$client);
  if (!statements) cache.set(db.$client, (statements = new Map()));
  let st = statements.get(sql);
  if (!st) statements.set(sql, (st = db.$client.prepare(sql)));
  return st;
}
