/**
 * Restores a backup made by `npm run backup`.
 *   npm run restore -- --from DIR [--force]
 * STOP THE PORTAL FIRST: it must not be running against DATABASE_PATH while this runs.
 * Checks the whole backup before changing anything, and refuses a damaged one. Exit codes: 0
 * restored and verified; 2 refused (nothing was changed); 1 failed.
 */
import { parseArgs } from "node:util";
import { BackupError, restore, RestoreRefused } from "../app/lib/backup.server";
import { config, ConfigError } from "../app/lib/config.server";

const HELP = `Usage: npm run restore -- --from DIR [--force]

Restores the backup in DIR to DATABASE_PATH and EVIDENCE_DIR.

  Stop the portal before restoring: it must not be running against DATABASE_PATH.

Before changing anything it checks the backup: the manifest is present and unaltered, the database
matches its SHA-256 and passes SQLite's integrity check, every table gives the recorded results,
every evidence file is present and its content hashes to its name, and the audit chain verifies.
A damaged backup is refused and nothing is changed.

--force   replace an existing database at DATABASE_PATH (otherwise restore refuses).`;

async function main() {
  const { values } = parseArgs({ options: { from: { type: "string" }, force: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!values.from) {
    console.error(`--from DIR is required.\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const cfg = config();
  const result = await restore({ from: values.from, databasePath: cfg.databasePath, evidenceDir: cfg.evidenceDir, force: values.force, log: (line) => console.log(line) });
  console.log(`Evidence files: ${result.filesWritten} written, ${result.filesAlreadyPresent} already present in ${cfg.evidenceDir}.`);
  console.log("Restore complete. Run `npm run db:migrate` if this version of the portal has newer migrations, then start the portal.");
}

main().catch((e) => {
  if (e instanceof RestoreRefused) {
    console.error(`Restore refused: ${e.message}`);
    process.exitCode = 2;
  } else {
    console.error(e instanceof BackupError || e instanceof ConfigError ? `Restore failed: ${e.message}` : e);
    process.exitCode = 1;
  }
});
