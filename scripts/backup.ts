/**
 * Takes a consistent backup of the portal while it runs: the database (SQLite's online backup
 * API), the evidence files that copy refers to, and a manifest of hashes.
 *   npm run backup -- --out DIR
 * DIR must not exist yet; the backup is written beside it under a temporary name and renamed to DIR
 * only when complete. Uses DATABASE_PATH and EVIDENCE_DIR (see the README).
 * Exit codes: 0 complete; 1 failed (nothing left at DIR); 3 written, but some evidence files the
 * database refers to were missing or damaged in EVIDENCE_DIR (restore will refuse such a backup).
 */
import { parseArgs } from "node:util";
import { backup, BackupError } from "../app/lib/backup.server";
import { config, ConfigError } from "../app/lib/config.server";

const HELP = `Usage: npm run backup -- --out DIR

Copies the portal's database (DATABASE_PATH) and the evidence files it refers to (EVIDENCE_DIR)
into DIR, with DIR/manifest.json recording the hashes. Safe to run while the portal is serving.
DIR must not exist yet.`;

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!values.out) {
    console.error(`--out DIR is required.\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const cfg = config();
  const { outDir, manifest } = await backup({ databasePath: cfg.databasePath, evidenceDir: cfg.evidenceDir, outDir: values.out, log: (line) => console.log(line) });
  const rows = Object.values(manifest.tables).reduce((a, t) => a + t.rows, 0);
  console.log(`Backup written to ${outDir}`);
  console.log(`  database SHA-256 ${manifest.database.sha256} (${rows} rows in ${Object.keys(manifest.tables).length} tables)`);
  console.log(`  ${manifest.files.length} evidence file(s); audit chain ${manifest.auditChain.verified ? "verified" : "DOES NOT VERIFY"}: ${manifest.auditChain.events} event(s), head ${manifest.auditChain.headHash ?? "(empty)"}`);
  if (manifest.missingFiles.length) {
    console.error(`WARNING: ${manifest.missingFiles.length} evidence file(s) the database refers to were missing or damaged in ${cfg.evidenceDir}; this backup is incomplete and restore will refuse it.`);
    process.exitCode = 3;
  } else if (!manifest.auditChain.verified) process.exitCode = 3;
}

main().catch((e) => {
  console.error(e instanceof BackupError || e instanceof ConfigError ? e.message : e);
  process.exitCode = 1;
});
