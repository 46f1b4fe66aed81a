/**
 * The large-data seeder (npm run seed:large), run in-process with tiny numbers: its manifest
 * matches the database, and the portal's own code reads the data as consistent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/connection";
import { verifyAuditChain } from "../../app/lib/audit.server";
import { achievementFacts, evaluateAchievement } from "../../app/lib/achievement.server";
import { caseload, decide, londonToday } from "../../app/lib/assessment.server";
import { contentHash } from "../../app/lib/evidence.server";
import type { Actor } from "../../app/lib/auth.server";
import { coverageReport } from "../../app/lib/coverage.server";
import { setDb } from "../../app/lib/db.server";
import { portfolio, refreshProgress } from "../../app/lib/progress.server";
import { withDefaults } from "../../scripts/seed-large/options";
import { seedLarge, type BenchManifest } from "../../scripts/seed-large/index";

let dir: string;
let db: Db;
let manifest: BenchManifest;

function actorOf(email: string, role: string): Actor {
  const r = db.$client
    .prepare("SELECT u.id AS userId, u.email, u.name, m.id AS membershipId, m.provider_id AS providerId, m.commissioner_id AS commissionerId FROM users u JOIN memberships m ON m.user_id = u.id AND m.role = ? WHERE u.email = ?")
    .get(role, email) as Omit<Actor, "role" | "sessionId" | "csrfToken">;
  return { ...r, role: role as Actor["role"], sessionId: "test", csrfToken: "test" };
}
const count = (sql: string, ...args: unknown[]) => (db.$client.prepare(sql).get(...args) as { n: number }).n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "seed-large-"));
  const result = await seedLarge(withDefaults({ providers: 2, candidates: 20, out: dir, quiet: true }));
  manifest = JSON.parse(readFileSync(result.manifestPath, "utf8")) as BenchManifest;
  db = openDatabase(manifest.databasePath);
  setDb(db);
}, 60_000);

afterAll(() => {
  setDb(undefined);
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("seed:large", () => {
  it("writes a manifest whose counts match the database", () => {
    expect(manifest.providers).toBe(count("SELECT count(*) AS n FROM providers"));
    expect(manifest.providers).toBe(2);
    expect(manifest.candidates).toBe(count("SELECT count(*) AS n FROM memberships WHERE role = 'candidate'"));
    expect(manifest.candidates).toBe(20);
    expect(manifest.evidenceItems).toBe(count("SELECT count(*) AS n FROM evidence"));
    expect(manifest.mappings).toBe(count("SELECT count(*) AS n FROM evidence_mappings"));
    expect(manifest.decisions).toBe(count("SELECT count(*) AS n FROM decisions"));
    expect(manifest.auditEvents).toBe(count("SELECT count(*) AS n FROM audit_events"));
    expect(manifest.password.length).toBeGreaterThanOrEqual(20);
    expect(count("SELECT count(*) AS n FROM evidence WHERE enrolment_id = ?", manifest.pdfAward.enrolmentId)).toBe(manifest.pdfAward.evidenceItems);
    expect(count("SELECT count(*) AS n FROM evidence WHERE enrolment_id = ?", manifest.pdfSupervisor.enrolmentId)).toBe(manifest.pdfSupervisor.evidenceItems);
  });

  it("refuses to write into an existing database without --force", async () => {
    await expect(seedLarge(withDefaults({ providers: 2, candidates: 20, out: dir, quiet: true }))).rejects.toThrow(/already exists/);
  });

  it("leaves a verified audit chain, no foreign key violations and a sound file", () => {
    expect(verifyAuditChain(db)).toEqual({ ok: true, events: manifest.auditEvents });
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("allocates the caseload assessor exactly the stated number of candidates, some waiting", () => {
    const me = actorOf(manifest.caseload.email, "assessor");
    expect(count("SELECT count(*) AS n FROM allocations WHERE assessor_id = ? AND to_at IS NULL", me.userId)).toBe(manifest.caseload.candidates);
    const view = caseload(me);
    expect(view.counts.candidates).toBe(manifest.caseload.candidates);
    expect(view.counts.waiting).toBeGreaterThan(0);
  });

  it("lists sign-off items that are submitted and undecided, and decide() accepts one", () => {
    const me = actorOf(manifest.signoff.email, "assessor");
    expect(manifest.signoff.pending.length).toBeGreaterThan(0);
    for (const p of manifest.signoff.pending) {
      expect(db.$client.prepare("SELECT status FROM criterion_progress WHERE enrolment_id = ? AND item_id = ?").get(p.enrolmentId, p.itemId)).toEqual({ status: "submitted" });
      expect(count("SELECT count(*) AS n FROM decisions WHERE enrolment_id = ? AND item_id = ? AND status = 'standing'", p.enrolmentId, p.itemId)).toBe(0);
      expect(count("SELECT count(*) AS n FROM allocations WHERE enrolment_id = ? AND assessor_id = ? AND to_at IS NULL", p.enrolmentId, me.userId)).toBe(1);
    }
    const [first] = manifest.signoff.pending;
    const r = decide(me, first.enrolmentId, first.itemId, { outcome: "met", methods: ["observation"], checks: ["valid", "authentic", "reliable", "current", "sufficient"], decidedOn: londonToday(), expectedDecisionId: "" });
    expect(r.ok).toBe(true);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it("keeps criterion_progress exactly as refreshProgress would", () => {
    const rows = () => db.$client.prepare("SELECT enrolment_id, item_id, status, submitted_at, updated_at FROM criterion_progress ORDER BY enrolment_id, item_id").all();
    const before = rows();
    const enrolments = db.$client.prepare("SELECT id FROM enrolments").all() as { id: string }[];
    db.$client.exec("BEGIN");
    for (const { id } of enrolments) {
      const items = (db.$client.prepare("SELECT item_id AS i FROM evidence_mappings WHERE enrolment_id = ? UNION SELECT item_id FROM criterion_progress WHERE enrolment_id = ?").all(id, id) as { i: string }[]).map((r) => r.i);
      refreshProgress(db, id, items, Date.now());
    }
    const after = rows();
    db.$client.exec("ROLLBACK");
    expect(after).toEqual(before);
  });

  it("records versions with their content hashes, locks what decisions rely on, and stores the files", () => {
    const versions = db.$client.prepare("SELECT e.kind, v.title, v.evidence_date AS evidenceDate, v.body, v.file_sha256 AS fileSha256, v.content_hash AS hash FROM evidence_versions v JOIN evidence e ON e.id = v.evidence_id").all() as { kind: string; title: string; evidenceDate: string | null; body: string; fileSha256: string | null; hash: string }[];
    for (const v of versions) expect(contentHash({ ...v, body: JSON.parse(v.body) })).toBe(v.hash);
    expect(count("SELECT count(*) AS n FROM decision_evidence de JOIN evidence_versions v ON v.id = de.evidence_version_id JOIN decisions d ON d.id = de.decision_id WHERE v.locked_at IS NULL OR v.locked_at > d.created_at OR v.content_hash <> de.content_hash")).toBe(0);
    const files = db.$client.prepare("SELECT DISTINCT file_sha256 AS sha FROM evidence_versions WHERE file_sha256 IS NOT NULL").all() as { sha: string }[];
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(manifest.evidenceDir, f.sha.slice(0, 2), f.sha))).toBe(true);
  });

  it("marks exactly the enrolments the achievement rules say are achieved", () => {
    const enrolments = db.$client.prepare("SELECT id, status FROM enrolments").all() as { id: string; status: string }[];
    for (const e of enrolments) expect(evaluateAchievement(achievementFacts(db, e.id)).achieved).toBe(e.status === "achieved");
    expect(enrolments.some((e) => e.status === "achieved")).toBe(true);
  });

  it("is read by the portal's own portfolio and coverage code", () => {
    const p = portfolio(actorOf(manifest.portfolio.email, "candidate"), manifest.portfolio.enrolmentId);
    expect(p.counts.total).toBe(6);
    expect(p.counts.met + p.counts.notYetMet).toBeGreaterThan(0);
    const report = coverageReport(actorOf(manifest.coverage.email, "commissioner"), { programmeId: null, period: "all" });
    expect(report.providers.length).toBe(manifest.coverage.providers);
  });
});
