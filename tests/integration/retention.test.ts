/**
 * Retention against a real SQLite database and a real EVIDENCE_DIR, on a known dataset judged at a
 * fixed `now`: the dry run lists exactly what is due and changes nothing; the real run removes the
 * files (keeping one still shared with a kept version), removes the personal content of records
 * past their period, records an audit event for each removal, leaves a verifying chain, and a
 * second run finds nothing. The policy: defaults, validation, audit, who may set it.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET = "an-integration-test-secret-that-is-long-enough";
process.env.EVIDENCE_DIR = mkdtempSync(join(tmpdir(), "portal-retention-evidence-"));

import { verifyAuditChain } from "../../app/lib/audit.server";
import {
  applyRetention,
  DEFAULT_POLICY,
  findDue,
  getRetention,
  policyFor,
  REMOVED_BODY,
  RETENTION_MARKER,
  RetentionPolicyError,
  setRetentionPolicy,
} from "../../app/lib/retention.server";
import { storedPath } from "../../app/lib/uploads.server";
import { importStandards } from "../../scripts/import-standards";
import { tempDb, type TestDb } from "../support/db";
import { achieve, DAY, decision, enrolled, fileEvidence, provider, storeBytes, WEEK, writtenEvidence, type Staff } from "../support/records";

let t: TestDb;
let p: Staff;
let q: Staff;
const NOW = Date.UTC(2031, 5, 15, 12);
const T0 = Date.UTC(2027, 0, 10, 9); // when everything was enrolled and written

const ids: Record<string, string> = {};
const shas: Record<string, string> = {};

const one = <T>(sql: string, ...args: unknown[]) => t.db.$client.prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => one<{ n: number }>(sql, ...args).n;
const auditCount = (action?: string) => (action ? count("select count(*) as n from audit_events where action = ?", action) : count("select count(*) as n from audit_events"));

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  p = provider(t.db, "Retention provider");
  q = provider(t.db, "Provider with a longer policy");
  setRetentionPolicy(q.admin, { evidenceWeeksAfterCertification: 26, recordYears: 5 }, T0);

  // A: certified 13 weeks ago → its files are due. E1 a file of its own; E2 the same bytes as B's file.
  const a = enrolled(t.db, p, T0);
  shas.onlyA = storeBytes(Buffer.from("A's case supervision log"), "supervision-log.txt").sha256;
  ids.aE1 = fileEvidence(a.candidate, a.enrolmentId, { sha256: shas.onlyA, size: 24, mediaType: "text/plain", fileName: "supervision-log.txt" }, "Supervision log", T0).versionId;
  const shared = storeBytes(Buffer.from("The provider's shared case study template"), "template.txt");
  shas.shared = shared.sha256;
  ids.aE2 = fileEvidence(a.candidate, a.enrolmentId, shared, "Case study", T0).versionId;
  ids.aE3 = writtenEvidence(a.candidate, a.enrolmentId, "Reflection", "I prepared both parties carefully.", T0).versionId;
  achieve(t.db, a.enrolmentId, NOW - 13 * WEEK);
  ids.a = a.enrolmentId;

  // B: certified 11 weeks ago → nothing due; it keeps the shared file.
  const b = enrolled(t.db, p, T0);
  ids.bE1 = fileEvidence(b.candidate, b.enrolmentId, shared, "Case study", T0).versionId;
  achieve(t.db, b.enrolmentId, NOW - 11 * WEEK);
  ids.b = b.enrolmentId;

  // C: still active → nothing due.
  const c = enrolled(t.db, p, T0);
  shas.onlyC = storeBytes(Buffer.from("C's observation notes"), "observation.txt").sha256;
  ids.cE1 = fileEvidence(c.candidate, c.enrolmentId, { sha256: shas.onlyC, size: 21, mediaType: "text/plain", fileName: "observation.txt" }, "Observation notes", T0).versionId;
  ids.c = c.enrolmentId;

  // D: certified 3 years and a day ago → its records are due (and its file with them).
  const d = enrolled(t.db, p, T0);
  shas.onlyD = storeBytes(Buffer.from("D's recorded professional discussion"), "discussion.txt").sha256;
  ids.dE1 = fileEvidence(d.candidate, d.enrolmentId, { sha256: shas.onlyD, size: 36, mediaType: "text/plain", fileName: "discussion.txt" }, "Discussion", T0).versionId;
  ids.dE2 = writtenEvidence(d.candidate, d.enrolmentId, "Reflection on a conference", "The victim's questions were answered.", T0).versionId;
  ids.dDecision = decision(t.db, p, d.enrolmentId, ids.dE2, "Clear account of the preparation.", T0 + DAY, "The observation does not show the whole criterion.");
  achieve(t.db, d.enrolmentId, Date.UTC(2028, 5, 14, 12));
  ids.d = d.enrolmentId;

  // E: certified two years ago → its files are due, its records are not.
  const e = enrolled(t.db, p, T0);
  shas.onlyE = storeBytes(Buffer.from("E's witness statement scan"), "witness.txt").sha256;
  ids.eE1 = fileEvidence(e.candidate, e.enrolmentId, { sha256: shas.onlyE, size: 26, mediaType: "text/plain", fileName: "witness.txt" }, "Witness statement", T0).versionId;
  ids.eDecision = decision(t.db, p, e.enrolmentId, ids.eE1, "Good witness evidence.", T0 + DAY);
  achieve(t.db, e.enrolmentId, NOW - 2 * 365 * DAY);
  ids.e = e.enrolmentId;

  // F: at provider Q (26 weeks), certified 13 weeks ago → nothing due.
  const f = enrolled(t.db, q, T0);
  shas.onlyF = storeBytes(Buffer.from("F's reflective log"), "log.txt").sha256;
  ids.fE1 = fileEvidence(f.candidate, f.enrolmentId, { sha256: shas.onlyF, size: 18, mediaType: "text/plain", fileName: "log.txt" }, "Log", T0).versionId;
  achieve(t.db, f.enrolmentId, NOW - 13 * WEEK);
  ids.f = f.enrolmentId;
});

afterAll(() => t.close());

const removedAt = (versionId: string) => one<{ at: number | null }>("select file_removed_at as at from evidence_versions where id = ?", versionId).at;

describe("the policy", () => {
  it("defaults to 12 weeks and 3 years, and a provider admin can change it", () => {
    expect(policyFor(t.db, p.providerId)).toEqual({ ...DEFAULT_POLICY, isDefault: true });
    expect(policyFor(t.db, q.providerId)).toEqual({ evidenceWeeksAfterCertification: 26, recordYears: 5, isDefault: false });
    const event = one<{ details: string; actorRole: string }>("select details, actor_role as actorRole from audit_events where action = 'retention-policy-set' and provider_id = ?", q.providerId);
    expect(event.actorRole).toBe("provider_admin");
    expect(JSON.parse(event.details)).toEqual({ from: null, to: { evidenceWeeksAfterCertification: 26, recordYears: 5 } });
  });

  it("refuses records kept less than 3 years, numbers out of range, and files kept longer than records; nothing changes", () => {
    const before = auditCount();
    const refused = (input: { evidenceWeeksAfterCertification: number; recordYears: number }) => {
      try {
        setRetentionPolicy(q.admin, input);
      } catch (e) {
        return e instanceof RetentionPolicyError ? `${e.field}: ${e.message}` : e;
      }
      return null;
    };
    expect(refused({ evidenceWeeksAfterCertification: 12, recordYears: 2 })).toBe("recordYears: The number of years must be a whole number between 3 and 50");
    expect(refused({ evidenceWeeksAfterCertification: 0, recordYears: 3 })).toMatch(/^evidenceWeeksAfterCertification: The number of weeks must be a whole number between 1 and 520/);
    expect(refused({ evidenceWeeksAfterCertification: 200, recordYears: 3 })).toBe("evidenceWeeksAfterCertification: Evidence files cannot be kept longer than the assessment records (3 years)");
    expect(refused({ evidenceWeeksAfterCertification: 1.5, recordYears: 3 })).toMatch(/whole number/);
    expect(auditCount()).toBe(before);
    expect(policyFor(t.db, q.providerId).evidenceWeeksAfterCertification).toBe(26);
  });

  it("only a provider admin sets it (others 403), and the page shows only their own provider's dues", () => {
    for (const actor of [p.assessor, p.iqa]) {
      let status = 0;
      try {
        setRetentionPolicy(actor, { evidenceWeeksAfterCertification: 12, recordYears: 3 });
      } catch (e) {
        status = (e as Response).status;
      }
      expect(status).toBe(403);
    }
    const page = getRetention(q.admin, NOW);
    expect(page.provider.id).toBe(q.providerId);
    expect(page.due.files).toEqual([]);
    expect(page.due.upcoming.map((u) => u.enrolmentId)).toContain(ids.f);
  });

  it("the page counts the files due per enrolment (shared ones too) rather than listing every version", () => {
    const page = getRetention(p.admin, NOW);
    const of = (id: string) => page.due.files.find((f) => f.enrolmentId === id);
    expect(page.due.files.map((f) => f.enrolmentId).sort()).toEqual([ids.a, ids.e].sort());
    expect(of(ids.a)).toMatchObject({ files: 2, shared: 1 });
    expect(of(ids.e)).toMatchObject({ files: 1, shared: 0 });
    expect(page.due.records.map((r) => r.enrolmentId)).toEqual([ids.d]);
    expect(page.due.upcomingTotal).toBe(findDue(t.db, { now: NOW, providerId: p.providerId }).upcoming.length);
  });
});

describe("running retention", () => {
  it("the dry run lists exactly what is due and changes nothing", () => {
    const before = { audit: auditCount(), removed: count("select count(*) as n from evidence_versions where file_removed_at is not null") };
    const s = applyRetention(t.db, { now: NOW, dryRun: true });
    expect(s.dryRun).toBe(true);
    expect(s.files.map((f) => f.versionId).sort()).toEqual([ids.aE1, ids.aE2, ids.eE1].sort());
    expect(s.files.find((f) => f.versionId === ids.aE2)!.shared).toBe(true);
    expect(s.files.find((f) => f.versionId === ids.aE1)!.shared).toBe(false);
    expect(s.records.map((r) => r.enrolmentId)).toEqual([ids.d]);
    expect(s.records[0].counts).toEqual({ versions: 2, decisions: 1, samples: 1, mappings: 1, witnessRequests: 0, files: 1 });
    // Nothing changed: no audit events, no versions marked, every file still on disk.
    expect(auditCount()).toBe(before.audit);
    expect(count("select count(*) as n from evidence_versions where file_removed_at is not null")).toBe(before.removed);
    for (const sha of Object.values(shas)) expect(existsSync(storedPath(sha))).toBe(true);
  });

  it("an enrolment certified 11 weeks ago is not due; at 12 weeks it is", () => {
    expect(findDue(t.db, { now: NOW }).files.some((f) => f.enrolmentId === ids.b)).toBe(false);
    expect(findDue(t.db, { now: NOW + WEEK }).files.some((f) => f.enrolmentId === ids.b)).toBe(true);
  });

  it("the real run removes what is due, keeps what is shared, and records each removal", () => {
    const before = auditCount();
    const s = applyRetention(t.db, { now: NOW });
    expect(s.filesMarked).toBe(3);
    expect(s.enrolmentsCleared).toBe(1);
    expect(s.storedFilesDeleted.sort()).toEqual([shas.onlyA, shas.onlyD, shas.onlyE].sort());

    // Files: marked removed; deleted from disk unless a kept version shares them.
    for (const v of [ids.aE1, ids.aE2, ids.eE1, ids.dE1]) expect(removedAt(v)).toBe(NOW);
    for (const v of [ids.bE1, ids.cE1, ids.fE1]) expect(removedAt(v)).toBeNull();
    expect(existsSync(storedPath(shas.onlyA))).toBe(false);
    expect(existsSync(storedPath(shas.onlyE))).toBe(false);
    expect(existsSync(storedPath(shas.onlyD))).toBe(false);
    expect(existsSync(storedPath(shas.shared))).toBe(true);
    expect(existsSync(storedPath(shas.onlyC))).toBe(true);
    expect(existsSync(storedPath(shas.onlyF))).toBe(true);

    // A's version keeps its record (title, hash, file hash); only the file went.
    const aE1 = one<{ title: string; file_sha256: string; content_hash: string; file_name: string }>("select * from evidence_versions where id = ?", ids.aE1);
    expect(aE1).toMatchObject({ title: "Supervision log", file_sha256: shas.onlyA, file_name: "supervision-log.txt" });
    expect(aE1.content_hash).toMatch(/^[0-9a-f]{64}$/);

    // D's records: personal content gone, skeleton kept.
    const dE2 = one<Record<string, unknown>>("select * from evidence_versions where id = ?", ids.dE2);
    expect(dE2).toMatchObject({ title: RETENTION_MARKER, body: REMOVED_BODY, file_name: null, personal_data: null });
    expect(dE2.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(one("select feedback, outcome, status from decisions where id = ?", ids.dDecision)).toEqual({ feedback: null, outcome: "met", status: "standing" });
    expect(one("select comments, action_required as a, outcome from iqa_samples where decision_id = ?", ids.dDecision)).toEqual({ comments: RETENTION_MARKER, a: null, outcome: "disagree" });
    expect(count("select count(*) as n from evidence_mappings where enrolment_id = ? and note <> ?", ids.d, RETENTION_MARKER)).toBe(0);
    expect(count("select count(*) as n from decision_evidence where decision_id = ?", ids.dDecision)).toBe(1);
    // E's decision (records not yet due) keeps its feedback.
    expect(one<{ feedback: string }>("select feedback from decisions where id = ?", ids.eDecision).feedback).toBe("Good witness evidence.");

    // Audit: one event per version file, one per enrolment cleared, one per stored file deleted; all by the system.
    expect(auditCount("retention-removed-file")).toBe(3);
    expect(auditCount("retention-removed-records")).toBe(1);
    expect(auditCount("retention-deleted-file")).toBe(3);
    expect(auditCount()).toBe(before + 7);
    expect(count("select count(*) as n from audit_events where action like 'retention-%' and action <> 'retention-policy-set' and (actor_id is not null or actor_role <> 'system')")).toBe(0);
    const fileEvent = JSON.parse(one<{ details: string }>("select details from audit_events where action = 'retention-removed-file' and json_extract(details, '$.versionId') = ?", ids.aE1).details);
    expect(fileEvent).toMatchObject({ enrolmentId: ids.a, reference: "E1", version: 1, sha256: shas.onlyA, weeksAfterCertification: 12 });
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("is idempotent: a second run finds nothing and records nothing", () => {
    const before = auditCount();
    const again = applyRetention(t.db, { now: NOW });
    expect(again.files).toEqual([]);
    expect(again.records).toEqual([]);
    expect(again.storedFilesDeleted).toEqual([]);
    expect(auditCount()).toBe(before);
  });

  it("finishes the work of a run that stopped after marking a file but before deleting it", () => {
    // As if the process died between the commit and the unlink: C's version marked, file still there.
    t.db.$client.prepare("update evidence_versions set file_removed_at = ? where id = ?").run(NOW, ids.cE1);
    expect(existsSync(storedPath(shas.onlyC))).toBe(true);
    const s = applyRetention(t.db, { now: NOW });
    expect(s.storedFilesDeleted).toEqual([shas.onlyC]);
    expect(existsSync(storedPath(shas.onlyC))).toBe(false);
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("when B's period ends too, the shared file goes", () => {
    const s = applyRetention(t.db, { now: NOW + WEEK });
    expect(s.files.map((f) => f.versionId)).toEqual([ids.bE1]);
    expect(s.storedFilesDeleted).toEqual([shas.shared]);
    expect(existsSync(storedPath(shas.shared))).toBe(false);
  });
});
