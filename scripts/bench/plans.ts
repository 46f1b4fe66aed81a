/**
 * The hot pages' own queries, caught as the domain prepares them: for the portfolio page
 * (portfolio()), the caseload (caseload()) and the coverage report (coverageReport()), each SQL
 * statement with its EXPLAIN QUERY PLAN and its median time, on the seeded database (read-only).
 *   npx tsx scripts/bench/plans.ts [--data DIR] [--runs N] [--brief]
 * --brief prints each statement's first 100 characters instead of its whole text (as in docs/performance.md).
 */
import Database from "better-sqlite3";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../lib/portal";
import { readBenchData } from "./data";
import { percentile } from "./stats";

const { values } = parseArgs({ options: { data: { type: "string" }, runs: { type: "string" }, brief: { type: "boolean" } } });
const data = readBenchData(resolve(values.data ?? join(ROOT, "data/large")));
if (!data) throw new Error("No bench.json: run `npm run seed:large` first");
const RUNS = Number(values.runs ?? 20);
process.env.DATABASE_PATH = data.databasePath;
process.env.EVIDENCE_DIR = data.evidenceDir;

// Catch every statement the domain prepares, and time each call.
type Seen = { sql: string; ms: number[] };
let seen = new Map<string, Seen>();
const proto = Database.prototype as unknown as { prepare(sql: string): Database.Statement };
const prepare = proto.prepare;
proto.prepare = function (this: Database.Database, sql: string) {
  const st = prepare.call(this, sql);
  const entry = seen.get(sql) ?? { sql, ms: [] };
  seen.set(sql, entry);
  for (const m of ["all", "get", "run"] as const) {
    const f = (st as unknown as Record<string, (...a: unknown[]) => unknown>)[m].bind(st);
    (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return f(...a);
      } finally {
        entry.ms.push(performance.now() - t);
      }
    };
  }
  return st;
} as typeof proto.prepare;

const { getDb } = await import("../../app/lib/db.server");
const { portfolio } = await import("../../app/lib/progress.server");
const { caseload } = await import("../../app/lib/assessment.server");
const { coverageReport } = await import("../../app/lib/coverage.server");
const { unreadCount } = await import("../../app/lib/notifications.server");
const { iqaQueue } = await import("../../app/lib/quality.server");
const { auditTrail } = await import("../../app/lib/audit.server");
const { busiestIqa } = await import("./data");
const db = getDb().$client;

// Looked up once each, so the timings are the domain's alone.
const actors = new Map<string, never>();
function actorOf(email: string, role: string) {
  const key = `${email} ${role}`;
  if (!actors.has(key)) actors.set(key, lookUpActor(email, role));
  return actors.get(key)!;
}
function lookUpActor(email: string, role: string) {
  const r = db
    .prepare(`select u.id as userId, u.email, u.name, m.id as membershipId, m.role, m.provider_id as providerId, m.commissioner_id as commissionerId from users u join memberships m on m.user_id = u.id where u.email = ? and m.role = ?`)
    .get(email.toLowerCase(), role) as Record<string, string> | undefined;
  if (!r) throw new Error(`${email} has no ${role} role`);
  return { ...r, sessionId: "plans", csrfToken: "plans" } as never;
}

const iqa = busiestIqa(data.databasePath).email;
const pages: [string, () => unknown][] = [
  ["portfolio page: portfolio()", () => portfolio(actorOf(data.portfolio.email, "candidate"), data.portfolio.enrolmentId)],
  ["caseload page: caseload()", () => caseload(actorOf(data.caseload.email, "assessor"))],
  ["coverage page: coverageReport()", () => coverageReport(actorOf(data.coverage.email, "commissioner"), { programmeId: null, period: "all" })],
  ["every page (root loader): unreadCount()", () => unreadCount(actorOf(data.portfolio.email, "candidate"))],
  ["IQA queue (the busiest IQA): iqaQueue()", () => iqaQueue(actorOf(iqa, "iqa"))],
  ["audit trail (an admin, no filters): auditTrail()", () => auditTrail({ role: "admin", providerId: null }, {})],
];
const explain = new Database(data.databasePath, { readonly: true });
for (const [title, run] of pages) {
  seen = new Map();
  const total: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    run();
    total.push(performance.now() - t);
  }
  console.log(`\n${values.brief ? "###" : "##"} ${title}: median ${percentile(total, 50).toFixed(2)} ms, p95 ${percentile(total, 95).toFixed(2)} ms\n`);
  for (const s of seen.values()) {
    if (/^\s*select (u\.id as userId|.*from users u join memberships m on m.user_id = u.id where u.email)/.test(s.sql)) continue;
    const median = `median ${percentile(s.ms, 50).toFixed(3)} ms over ${s.ms.length} calls`;
    const oneLine = s.sql.replace(/\s+/g, " ").trim();
    if (values.brief) console.log(`- \`${oneLine.length > 100 ? `${oneLine.slice(0, 100)}…` : oneLine}\` (${median})\n`);
    else console.log("```sql\n" + s.sql.replace(/\n\s+/g, "\n  ").trim() + "\n```\n" + median);
    try {
      const plan = prepare.call(explain, `EXPLAIN QUERY PLAN ${s.sql}`).all(...placeholders(s.sql)) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, 0]]);
      console.log("```\n" + plan.map((p) => (depth.set(p.id, (depth.get(p.parent) ?? 0) + 1), `${"  ".repeat(depth.get(p.id)! - 1)}${p.detail}`)).join("\n") + "\n```" + (values.brief ? "\n" : ""));
    } catch (e) {
      console.log(`(no plan: ${(e as Error).message})`);
    }
  }
}

/** Unbound parameters for EXPLAIN: null for each `?`, and an object of nulls for named ones. */
function placeholders(sql: string): unknown[] {
  const named = [...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]);
  if (named.length) return [Object.fromEntries(named.map((n) => [n, null]))];
  return [...sql.matchAll(/\?/g)].map(() => null);
}
