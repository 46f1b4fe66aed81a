/**
 * Fills a SEPARATE database with a large, varied, realistic dataset for the benchmark: about 50
 * providers, 10,000 candidates, 300,000 pieces of evidence, 1,000,000 mappings, decisions, IQA
 * samples and the hash-chained audit trail, made through the portal's tables and rules (see
 * scripts/seed-large/). Writes DIR/portal.db, DIR/evidence/ and DIR/bench.json.
 *   npm run seed:large -- [--providers 50] [--candidates 10000] [--quick] [--out ./data/large] [--force] [--no-verify]
 * --quick means 1,000 candidates. An existing database is refused without --force (which deletes it).
 */
import { pathToFileURL } from "node:url";
import { parseOptions, USAGE } from "./seed-large/options";
import { seedLarge } from "./seed-large/index";

export { seedLarge };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const options = parseOptions(process.argv.slice(2));
    if ("help" in options) {
      console.log(USAGE);
      process.exit(0);
    }
    const r = await seedLarge(options);
    const m = r.manifest;
    console.log(`\nSeeded ${m.databasePath} in ${r.seconds.toFixed(1)} s (${(r.bytes / 1024 / 1024).toFixed(0)} MB):`);
    for (const [table, n] of Object.entries(r.rows)) console.log(`  ${table.padEnd(20)} ${n.toLocaleString("en-GB").padStart(11)}`);
    if (r.checks) console.log(`Checks: audit chain of ${r.checks.auditEvents.toLocaleString("en-GB")} events verified, no foreign key violations, quick_check ok.`);
    console.log(`\nManifest: ${r.manifestPath}`);
    console.log(`Benchmark sign-ins (password for every account below, shown only here and in the manifest): ${m.password}`);
    for (const [what, email] of [["candidate (portfolio)", m.portfolio.email], ["assessor (caseload)", m.caseload.email], ["commissioner (coverage)", m.coverage.email], ["candidate (award PDF)", m.pdfAward.email], ["candidate (supervisor PDF)", m.pdfSupervisor.email], ["assessor (sign-off)", m.signoff.email]])
      console.log(`  ${what.padEnd(28)} ${email}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    console.error(USAGE);
    process.exitCode = 1;
  }
}
