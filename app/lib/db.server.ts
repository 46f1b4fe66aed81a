/** The portal's database connection, opened once per process from the configuration. */
import { openDatabase, type Db } from "../../db/connection";
import { config } from "./config.server";

let db: Db | undefined;

export function getDb(): Db {
  db ??= openDatabase(config().databasePath);
  return db;
}

/** Tests point the domain at a temporary database. */
export function setDb(next: Db | undefined) {
  db = next;
}
