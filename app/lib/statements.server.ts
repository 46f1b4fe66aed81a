/**
 * Prepared statements cached per connection. better-sqlite3 compiles SQL on every `prepare()`, which
 * costs more than running a small indexed statement; the write paths that run many statements per
 * request (a sign-off runs about fifteen) prepare each one once per connection instead.
 *
 *   const q = preparedStatements({ byId: "select … where id = ?" });
 *   q(db, "byId").get(id);
 *
 * Statements are prepared lazily, on first use, so a module can list statements for tables a given
 * database does not have yet (before migrations) without failing at import.
 */
import type Database from "better-sqlite3";
import type { Db } from "../../db/connection";

export function preparedStatements<K extends string>(sql: Record<K, string>): (db: Db, key: K) => Database.Statement {
  const cache = new WeakMap<Database.Database, Partial<Record<K, Database.Statement>>>();
  return (db, key) => {
    let prepared = cache.get(db.$client);
    if (!prepared) cache.set(db.$client, (prepared = {}));
    return (prepared[key] ??= db.$client.prepare(sql[key]));
  };
}
