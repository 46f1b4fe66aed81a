/**
 * Prepares a database without starting the server: applies migrations, imports the standards,
 * and creates demo data when the database is empty. Honours DATABASE_PATH and EVIDENCE_DIR.
 *   npm run setup
 */
import { mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { openDatabase, type Db } from "../db/connection";
import { migrate } from "../db/migrate";
import { config } from "../app/lib/config.server";
import { users } from "../db/schema";
import { importStandardsIfChanged } from "./import-standards";

const isEmpty = (db: Db) => !db.select({ id: users.id }).from(users).limit(1).get();

export async function setup(options: { quiet?: boolean } = {}) {
  const cfg = config();
  const log = options.quiet ? () => {} : console.log;
  mkdirSync(cfg.evidenceDir, { recursive: true });
  const db = openDatabase(cfg.databasePath);
  try {
    const { applied } = migrate(db);
    log(`Database ${cfg.databasePath}: ${applied ? `${applied} migration(s) applied` : "up to date"}`);
    const imported = importStandardsIfChanged(db);
    if (imported) log(`Standards: ${imported.frameworks} framework version(s), ${imported.items} items (${imported.added} new, ${imported.updated} updated)`);
    else log("Standards: unchanged since they were last imported");
    if (isEmpty(db)) {
      // Only an empty database needs the demo data, and with it the domain modules that make it.
      const [{ seedDemo }, { ROLE_LABELS }] = await Promise.all([import("./demo-data"), import("../app/lib/accounts.server")]);
      const { logins } = await seedDemo(db);
      console.log("\nDemo data created. Sign in with these details (shown only this once):\n");
      for (const l of logins) console.log(`  ${ROLE_LABELS[l.role].padEnd(26)} ${l.email.padEnd(34)} ${l.password}`);
      console.log("\nTo see new passwords, stop the portal, delete the database file and start again.\n");
    }
  } finally {
    db.$client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  setup().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
