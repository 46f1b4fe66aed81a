/**
 * Every page each role uses, at national scale: a few signed-in GETs of each, over HTTP, with the
 * median time and the size of the HTML. No targets; it shows where a page still reads or renders
 * more than it should (the figures in docs/performance.md, "Every page").
 */
import Database from "better-sqlite3";
import type { BenchData } from "./data";
import { busiestIqa } from "./data";
import { signedIn } from "./pages";
import { percentile } from "./stats";

export type SweepRow = { who: string; path: string; status: number; p50Ms: number; kb: number };

/** Who to sign in as, and what they look at. */
function plan(data: BenchData): { who: string; email: string; paths: string[] }[] {
  const db = new Database(data.databasePath, { readonly: true });
  try {
    const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).pluck().get(...args) as string | undefined) ?? "";
    const biggest = one("select provider_id from enrolments group by provider_id order by count(*) desc, provider_id limit 1");
    const providerAdmin = one("select u.email from users u join memberships m on m.user_id = u.id where m.role = 'provider_admin' and m.provider_id = ? order by u.email limit 1", biggest);
    const admin = one("select u.email from users u join memberships m on m.user_id = u.id where m.role = 'admin' order by u.email limit 1");
    const assessed = one("select a.enrolment_id from allocations a join users u on u.id = a.assessor_id where u.email = ? and a.to_at is null order by a.enrolment_id limit 1", data.caseload.email);
    const p = `/portfolio/${data.portfolio.enrolmentId}`;
    return [
      { who: "candidate", email: data.portfolio.email, paths: ["/dashboard", "/portfolio", p, `${p}/evidence`, `${p}/decisions`, `${p}/missing`, `${p}/submit`, "/notifications", "/account/data", "/standards", "/standards/search?q=victim"] },
      { who: "assessor", email: data.caseload.email, paths: ["/dashboard", "/caseload", "/enrolments", `/assess/${assessed}`] },
      { who: "IQA", email: busiestIqa(data.databasePath).email, paths: ["/dashboard", "/iqa", "/iqa/reports", "/sampling-plan"] },
      { who: "provider admin", email: providerAdmin, paths: ["/dashboard", "/enrolments", "/users", "/courses", "/trainers", "/audit", "/iqa/reports", "/sampling-plan", "/retention"] },
      { who: "commissioner", email: data.coverage.email, paths: ["/dashboard", "/coverage", `/coverage/${biggest}`, "/coverage/csv"] },
      { who: "admin", email: admin, paths: ["/dashboard", "/admin/providers", "/admin/commissioners", "/users", "/audit"] },
    ].filter((r) => r.email);
  } finally {
    db.close();
  }
}

export async function sweepPages(baseUrl: string, data: BenchData, runs = 5): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const { who, email, paths } of plan(data)) {
    const client = await signedIn(baseUrl, email, data.password);
    for (const path of paths) {
      const times: number[] = [];
      let status = 0;
      let bytes = 0;
      for (let i = 0; i <= runs; i++) {
        const t = performance.now();
        const res = await client.get(path);
        if (i > 0) times.push(performance.now() - t);
        status = res.status;
        bytes = Buffer.byteLength(res.body);
      }
      rows.push({ who, path: path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>"), status, p50Ms: percentile(times, 50), kb: bytes / 1024 });
    }
  }
  return rows;
}
