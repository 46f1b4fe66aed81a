/**
 * Applies pending migrations to the configured database (DATABASE_PATH), safely over existing data.
 *   npm run db:migrate
 */
import { openDatabase } from "../db/connection";
import { migrate } from "../db/migrate";
import { config } from "../app/lib/config.server";

try {
  const db = openDatabase(config().databasePath);
  const { applied } = migrate(db);
  console.log(applied ? `Applied ${applied} migration(s) to ${config().databasePath}` : `${config().databasePath} is up to date`);
  db.$client.close();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
