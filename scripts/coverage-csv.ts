/**
 * Writes a commissioner's coverage figures as CSV: the same file as "Download these figures (CSV)"
 * on the Coverage page, for the same filters. Reads DATABASE_PATH (read-only).
 *   npm run coverage:csv -- --commissioner <id> --out <file> [--programme <id or slug>] [--period 2025-26]
 *   npm run coverage:csv -- --demo --out <file>       (the demo commissioner)
 * --out - writes to standard output.
 */
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/connection";
import { commissionerCsv, periodRange } from "../app/lib/coverage.server";
import { parseConfig } from "../app/lib/config.server";
import { DEMO_COMMISSIONER } from "./demo-data";

const USAGE = [
  "Usage: npm run coverage:csv -- (--commissioner <id> | --demo) --out <file> [--programme <id or slug>] [--period <YYYY-YY>]",
  "  --commissioner  the commissioner's id (as in the admin pages)",
  `  --demo          the demo commissioner, "${DEMO_COMMISSIONER}"`,
  "  --out           the file to write, or - for standard output",
  "  --programme     only courses and candidates of this programme (default: all programmes)",
  "  --period        a financial year, like 2025-26 for April 2025 to March 2026 (default: all time)",
].join("\n");

export class UsageError extends Error {}

export function coverageCsvCommand(args: string[], env: Record<string, string | undefined> = process.env): { csv: string; commissioner: string; out: string } {
  const { values } = parseArgs({
    args,
    options: { commissioner: { type: "string" }, demo: { type: "boolean" }, out: { type: "string" }, programme: { type: "string" }, period: { type: "string" } },
    strict: true,
  });
  if (!values.out) throw new UsageError("Say where to write the CSV with --out <file> (or --out - for standard output)");
  if (!!values.commissioner === !!values.demo) throw new UsageError("Give either --commissioner <id> or --demo");
  if (values.period && values.period !== "all" && !periodRange(values.period)) throw new UsageError(`--period must be a financial year like 2025-26, not "${values.period}"`);
  const path = parseConfig(env).databasePath;
  if (!existsSync(path)) throw new Error(`There is no database at ${path} (set DATABASE_PATH, or run npm run setup)`);
  const db = openDatabase(path, { readonly: true });
  try {
    const sql = db.$client;
    const commissioner = values.demo
      ? (sql.prepare("SELECT id, name FROM commissioners WHERE name = ?").get(DEMO_COMMISSIONER) as { id: string; name: string } | undefined)
      : (sql.prepare("SELECT id, name FROM commissioners WHERE id = ?").get(values.commissioner) as { id: string; name: string } | undefined);
    if (!commissioner) throw new Error(values.demo ? `The demo commissioner "${DEMO_COMMISSIONER}" is not in this database` : `There is no commissioner with the id ${values.commissioner}`);
    let programmeId: string | null = null;
    if (values.programme) {
      const p = sql.prepare("SELECT id FROM programmes WHERE id = ? OR slug = ? ORDER BY version DESC LIMIT 1").get(values.programme, values.programme) as { id: string } | undefined;
      if (!p) throw new Error(`There is no programme "${values.programme}"`);
      programmeId = p.id;
    }
    const csv = commissionerCsv(db, commissioner.id, { programmeId, period: values.period ?? "all" });
    return { csv, commissioner: commissioner.name, out: values.out };
  } finally {
    db.$client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const { csv, commissioner, out } = coverageCsvCommand(process.argv.slice(2));
    if (out === "-") process.stdout.write(csv);
    else {
      writeFileSync(resolve(out), csv);
      console.log(`Wrote the coverage figures of ${commissioner} to ${resolve(out)}`);
    }
  } catch (e) {
    if (e instanceof UsageError || String((e as { code?: unknown })?.code ?? "").startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(e as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    }
  }
}
