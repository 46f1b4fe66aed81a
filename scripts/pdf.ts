/**
 * Issues portfolio PDFs from the command line, against the configured database (DATABASE_PATH).
 * Each one is recorded like a download from the portal (code, SHA-256, audit), issued by no user.
 *   npm run pdf -- --enrolment <id> --out <file> [--base-url https://portal.example]
 *   npm run pdf -- --demo --out <dir> [--base-url …]
 * --demo writes award-portfolio.pdf (the demo candidate's achieved Level 4 award) and
 * supervisor-check.pdf (their completed supervisor competency check) from the demo data.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { getDb } from "../app/lib/db.server";
import { writePortfolioPdf } from "../app/lib/pdf.server";
import type { Db } from "../db/connection";
import { DEMO_PROVIDER, DEMO_USERS } from "./demo-data";

const USAGE = `Usage:
  npm run pdf -- --enrolment <id> --out <file> [--base-url URL]
  npm run pdf -- --demo --out <dir> [--base-url URL]
  --base-url  the portal's address, printed as where to verify the document`;

type Found = { id: string; candidateNumber: string; status: string };

/**
 * The demo enrolment of a programme: the demo candidate's (by email) in the demo provider,
 * achieved first; otherwise any achieved one in the demo provider.
 */
export function demoEnrolment(db: Db, slug: "level4-award" | "supervisor-check"): Found | undefined {
  const email = DEMO_USERS.find((u) => u.role === "candidate")!.email;
  return db.$client
    .prepare(
      `select e.id, e.candidate_number as candidateNumber, e.status
         from enrolments e join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id join users u on u.id = e.candidate_id
        where p.slug = ? and pr.name = ?
        order by (e.status = 'achieved') desc, (u.email = ?) desc, e.achieved_at desc, e.enrolled_at
        limit 1`,
    )
    .get(slug, DEMO_PROVIDER.name, email) as Found | undefined;
}

async function main() {
  const { values } = parseArgs({
    options: { enrolment: { type: "string" }, out: { type: "string" }, demo: { type: "boolean" }, "base-url": { type: "string" }, help: { type: "boolean" } },
    strict: true,
  });
  if (values.help || !values.out || (!values.demo && !values.enrolment) || (values.demo && values.enrolment)) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const db = getDb();
  const baseUrl = values["base-url"] ?? null;
  const jobs: { id: string; file: string; label: string }[] = [];
  if (values.demo) {
    const dir = resolve(values.out);
    for (const [slug, file, label] of [
      ["level4-award", "award-portfolio.pdf", "Level 4 award portfolio"],
      ["supervisor-check", "supervisor-check.pdf", "supervisor competency check"],
    ] as const) {
      const found = demoEnrolment(db, slug);
      if (!found) throw new Error(`No ${label} in the demo provider "${DEMO_PROVIDER.name}". Create the demo data first (npm run setup on an empty database).`);
      if (found.status !== "achieved") console.warn(`Note: the demo ${label} (${found.candidateNumber}) is not achieved yet, so it is issued as a draft.`);
      jobs.push({ id: found.id, file: join(dir, file), label });
    }
  } else jobs.push({ id: values.enrolment!, file: resolve(values.out), label: "document" });

  for (const job of jobs) {
    mkdirSync(dirname(job.file), { recursive: true });
    const started = performance.now();
    const r = await writePortfolioPdf(db, job.id, job.file, { baseUrl });
    console.log(`${job.file}: ${r.pages} pages, ${r.bytes} bytes, code ${r.code}, SHA-256 ${r.sha256} (${Math.round(performance.now() - started)} ms)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    if (e instanceof Response) console.error(`No such enrolment, or it has no portfolio document (${e.status}).`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
