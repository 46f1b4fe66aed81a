/**
 * Applies each provider's retention policy (see app/lib/retention.server.ts for exactly what is
 * removed and what is kept).
 *   npm run retention -- --dry-run      list what is due, change nothing
 *   npm run retention                   remove it, with an audit event for each removal
 * Options: --now YYYY-MM-DD (or an ISO time) to judge what is due as of another day; --json to
 * print the summary as JSON. Idempotent: a second run finds nothing due.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../db/connection";
import { config, ConfigError } from "../app/lib/config.server";
import { setDb } from "../app/lib/db.server";
import { applyRetention, type RetentionSummary } from "../app/lib/retention.server";

const HELP = `Usage: npm run retention -- [--dry-run] [--now DATE] [--json]

Removes evidence files of enrolments certified more than each provider's evidence period ago
(default 12 weeks), and the personal content of assessment and quality assurance records of
enrolments that ended more than the record period ago (default 3 years). Every removal is
recorded in the audit trail. --dry-run lists what is due without changing anything.`;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function report(s: RetentionSummary) {
  const lines: string[] = [];
  lines.push(`${s.dryRun ? "Dry run: nothing will be changed. " : ""}Retention as of ${new Date(s.now).toISOString()}`);
  lines.push("");
  lines.push(`Evidence files due for removal: ${s.files.length}`);
  for (const f of s.files)
    lines.push(`  ${f.candidateNumber} ${f.reference} v${f.version}  ${f.fileName ?? "(name removed)"}  certified ${day(f.achievedAt)}, due ${day(f.dueAt)}  ${f.shared ? "(same file kept for another version: stays on disk)" : f.sha256}`);
  lines.push("");
  lines.push(`Enrolments whose records are due for removal of personal content: ${s.records.length}`);
  for (const r of s.records) {
    const c = r.counts;
    lines.push(
      `  ${r.candidateNumber} ${r.programmeTitle}: ${r.status} ${day(r.endedAt)}, due ${day(r.dueAt)}: ${c.versions} evidence version(s), ${c.files} file(s), ${c.decisions} decision(s) with feedback, ${c.samples} IQA sample(s), ${c.mappings} mapping note(s), ${c.witnessRequests} witness request(s)`,
    );
  }
  if (!s.dryRun) {
    lines.push("");
    lines.push(
      s.filesMarked + s.enrolmentsCleared + s.storedFilesDeleted.length === 0
        ? "Done: nothing was due, nothing was changed."
        : `Done: ${s.filesMarked} evidence file(s) of certified enrolments marked removed; ${s.enrolmentsCleared} enrolment(s) cleared (${s.cleared.versions} versions, ${s.cleared.files} files, ${s.cleared.decisions} decisions, ${s.cleared.samples} samples, ${s.cleared.mappings} mappings, ${s.cleared.witnessRequests} witness requests); ${s.storedFilesDeleted.length} stored file(s) deleted from disk.`,
    );
  } else if (s.files.length + s.records.length === 0) {
    lines.push("");
    lines.push("Nothing is due.");
  }
  if (s.upcoming.length) {
    lines.push("");
    lines.push(`Next due: ${s.upcoming
      .slice(0, 5)
      .map((u) => `${u.candidateNumber} ${u.what} on ${day(u.dueAt)}`)
      .join("; ")}${s.upcoming.length > 5 ? ` and ${s.upcoming.length - 5} more` : ""}`);
  }
  return lines.join("\n");
}

try {
  const { values } = parseArgs({ options: { "dry-run": { type: "boolean", default: false }, now: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  let now = Date.now();
  if (values.now) {
    now = Date.parse(values.now);
    if (!Number.isFinite(now)) {
      console.error(`--now must be a date such as 2030-01-31 (got ${JSON.stringify(values.now)})`);
      process.exit(2);
    }
  }
  const db = openDatabase(config().databasePath);
  setDb(db);
  try {
    const summary = applyRetention(db, { now, dryRun: values["dry-run"] });
    console.log(values.json ? JSON.stringify(summary, null, 2) : report(summary));
  } finally {
    db.$client.close();
  }
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
}
