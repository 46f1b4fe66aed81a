/**
 * The rights of the people in the records, against a real SQLite database and evidence folder:
 * a candidate's data download holds their records and files and nothing of another candidate's,
 * and is streamed in bounded chunks; erasure is refused while the retention rules do not allow it
 * (saying why and until when), allowed once they do, removes what it says, and leaves an audit
 * chain that verifies.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET = "an-integration-test-secret-that-is-long-enough";
process.env.EVIDENCE_DIR = mkdtempSync(join(tmpdir(), "portal-data-rights-evidence-"));

import type { Actor } from "../../app/lib/auth.server";
import { verifyAuditChain } from "../../app/lib/audit.server";
import { archiveName, dataArchive, ERASED_NAME, eraseAccount, erasedEmail, ErasureRefused, erasurePreview } from "../../app/lib/data-rights.server";
import { RETENTION_MARKER } from "../../app/lib/retention.server";
import { storedPath } from "../../app/lib/uploads.server";
import { notify } from "../../app/lib/notifications.server";
import { importStandards } from "../../scripts/import-standards";
import { addActor, tempDb, type TestDb } from "../support/db";
import { achieve, DAY, decision, enrolled, fileEvidence, provider, storeBytes, writtenEvidence, type Staff } from "../support/records";

let t: TestDb;
let staff: Staff;
let admin: Actor;
let mine: ReturnType<typeof enrolled>;
let theirs: ReturnType<typeof enrolled>;
const sha: Record<string, string> = {};
const BIG = 5 * 1024 * 1024;

const one = <T>(sql: string, ...args: unknown[]) => t.db.$client.prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => one<{ n: number }>(sql, ...args).n;

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  staff = provider(t.db, "Data rights provider");
  admin = addActor(t.db, "admin");
  addActor(t.db, "admin"); // a second admin, so erasing an admin account is not blocked by "the only admin"

  mine = enrolled(t.db, staff);
  const report = storeBytes(Buffer.from("Amira's own case report"), "case report.txt");
  sha.mine = report.sha256;
  const v1 = fileEvidence(mine.candidate, mine.enrolmentId, report, "My case report");
  const big = storeBytes(Buffer.alloc(BIG, 0x61), "long recording notes.txt");
  sha.big = big.sha256;
  fileEvidence(mine.candidate, mine.enrolmentId, big, "Long notes");
  const written = writtenEvidence(mine.candidate, mine.enrolmentId, "My reflection on a conference", "I listened to both parties.");
  decision(t.db, staff, mine.enrolmentId, written.versionId, "A thoughtful account: well done.", Date.now(), "Agreed.");
  notify(t.db, mine.candidate.userId, "Your assessor has made a decision", "/portfolio", Date.now());
  sha.mineVersion = v1.versionId;

  theirs = enrolled(t.db, staff);
  const other = storeBytes(Buffer.from("Somebody else's private notes"), "private-notes.txt");
  sha.theirs = other.sha256;
  fileEvidence(theirs.candidate, theirs.enrolmentId, other, "Their private notes");
  writtenEvidence(theirs.candidate, theirs.enrolmentId, "Their secret reflection", "Nothing for anyone else.");
  notify(t.db, theirs.candidate.userId, "A message for the other candidate", null, Date.now());
});

afterAll(() => t.close());

async function download(actor: Actor) {
  const response = dataArchive(actor);
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let largest = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    largest = Math.max(largest, value.byteLength);
  }
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const files = unzipSync(bytes);
  return { response, files, largest, data: JSON.parse(strFromU8(files["data.json"])) as Record<string, any>, text: strFromU8(files["data.json"]) };
}

describe("downloading your data", () => {
  it("is a private ZIP with data.json and the candidate's own files", async () => {
    const { response, files, data } = await download(mine.candidate);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="your-portal-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(Object.keys(files).sort()).toEqual(["data.json", "files/E1-v1-case report.txt", "files/E2-v1-long recording notes.txt"]);
    expect(strFromU8(files["files/E1-v1-case report.txt"])).toBe("Amira's own case report");
    expect(files["files/E2-v1-long recording notes.txt"].byteLength).toBe(BIG);

    expect(data.account).toMatchObject({ id: mine.candidate.userId, email: mine.candidate.email, hasPassword: false });
    expect(data.memberships).toEqual([expect.objectContaining({ role: "candidate", provider: "Data rights provider" })]);
    const enrolment = data.enrolments[0];
    expect(enrolment).toMatchObject({ id: mine.enrolmentId, candidate_number: mine.candidateNumber, provider: "Data rights provider" });
    expect(enrolment.evidence.map((e: any) => e.reference)).toEqual(["E1", "E2", "E3"]);
    const version = enrolment.evidence[0].versions[0];
    // Every field of the version, the body as JSON, and where its file is in the archive.
    expect(version).toMatchObject({ id: sha.mineVersion, title: "My case report", file_sha256: sha.mine, file_name: "case report.txt", body: { description: "About My case report" }, fileInArchive: "files/E1-v1-case report.txt" });
    expect(Object.keys(version)).toEqual(expect.arrayContaining(["content_hash", "created_at", "locked_at", "file_removed_at", "personal_data_reason", "evidence_date", "media_type", "file_size"]));
    expect(enrolment.evidence[2].mappings).toEqual([expect.objectContaining({ criterion: "LO1", note: "Note: My reflection on a conference" })]);
    expect(enrolment.decisions).toEqual([expect.objectContaining({ criterion: "LO1", outcome: "met", feedback: "A thoughtful account: well done.", assessor: "Test assessor" })]);
    expect(enrolment.decisions[0].qualityAssurance).toMatchObject({ outcome: "disagree", internalQualityAssurer: "Test iqa" });
    expect(enrolment.allocations).toEqual([expect.objectContaining({ assessor: "Test assessor", internalQualityAssurer: "Test iqa" })]);
    expect(data.notifications.map((n: any) => n.message)).toEqual(["Your assessor has made a decision"]);
  });

  it("contains nothing of another candidate's", async () => {
    const { files, text } = await download(mine.candidate);
    for (const secret of ["Their private notes", "Their secret reflection", "private-notes.txt", "A message for the other candidate", theirs.candidate.email, theirs.candidate.userId, theirs.enrolmentId, theirs.candidateNumber, sha.theirs])
      expect(text).not.toContain(secret);
    expect(Object.keys(files).some((n) => n.includes("private-notes"))).toBe(false);
    // And the other candidate's own download holds theirs, not mine.
    const other = await download(theirs.candidate);
    expect(Object.keys(other.files).sort()).toEqual(["data.json", "files/E1-v1-private-notes.txt"]);
    expect(other.text).not.toContain("My case report");
  });

  it("streams in bounded chunks: a 5 MB file never arrives whole", async () => {
    const { largest } = await download(mine.candidate);
    expect(largest).toBeLessThan(256 * 1024);
  });

  it("a staff member's download has their account but not the people they assessed", async () => {
    const { data, text, files } = await download(staff.assessor);
    expect(Object.keys(files)).toEqual(["data.json"]);
    expect(data.enrolments).toEqual([]);
    expect(data.staffRecords).toMatchObject({ decisionsMade: 1 });
    expect(text).not.toContain("A thoughtful account");
    expect(text).not.toContain(mine.candidate.email);
  });

  it("records that the data was downloaded", () => {
    expect(count("select count(*) as n from audit_events where action = 'downloaded-own-data' and actor_id = ?", mine.candidate.userId)).toBeGreaterThan(0);
  });

  it("names files safely inside the archive", () => {
    expect(archiveName("../../etc/passwd")).toBe("__.._etc_passwd");
    expect(archiveName("E1-v1-..\\..\\x:y")).toBe("E1-v1-.._.._x_y");
    expect(archiveName("a\u0000b\u202ec.txt")).toBe("abc.txt");
    expect([...archiveName("x".repeat(500))].length).toBe(120);
  });
});

describe("erasing an account", () => {
  const refusal = (actor: Actor, userId: string, now: number) => {
    try {
      eraseAccount(actor, userId, now);
    } catch (e) {
      if (e instanceof ErasureRefused) return e.reasons;
      throw e;
    }
    return null;
  };

  it("only an admin may erase, and not their own account", () => {
    for (const actor of [staff.admin, staff.assessor, mine.candidate]) {
      let status = 0;
      try {
        erasurePreview(actor, mine.candidate.userId);
      } catch (e) {
        status = (e as Response).status;
      }
      expect(status).toBe(403);
    }
    expect(refusal(admin, admin.userId, Date.now())).toEqual(["You cannot erase your own account. Another admin must do it."]);
  });

  it("is refused while the enrolment is active, saying why", () => {
    const before = count("select count(*) as n from audit_events");
    const preview = erasurePreview(admin, mine.candidate.userId);
    expect(preview.check.allowed).toBe(false);
    expect(preview.check.possibleFrom).toBeNull();
    expect(preview.check.dateUnknown).toBe(true);
    expect(preview.check.reasons[0]).toMatch(/enrolment is still active\. It must be achieved or withdrawn first; its records are then kept for 3 years/);
    expect(preview.scope).toMatchObject({ enrolments: 1, content: { versions: 3, files: 2, decisions: 1 } });
    expect(refusal(admin, mine.candidate.userId, Date.now())).toEqual(preview.check.reasons);
    expect(count("select count(*) as n from audit_events")).toBe(before);
    expect(one<{ name: string }>("select name from users where id = ?", mine.candidate.userId).name).toBe("Test candidate");
  });

  it("is refused within the record retention period, saying until when; the assessor likewise", () => {
    const achievedAt = Date.UTC(2030, 0, 15, 12);
    achieve(t.db, mine.enrolmentId, achievedAt);
    const reasons = refusal(admin, mine.candidate.userId, achievedAt + 400 * DAY)!;
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/was achieved on 15 January 2030\. Its assessment records are kept for 3 years, until 15 January 2033\./);
    expect(erasurePreview(admin, mine.candidate.userId, achievedAt + DAY).check.possibleFrom).toBe(Date.UTC(2033, 0, 15, 12));
    const staffReasons = refusal(admin, staff.assessor.userId, achievedAt + 400 * DAY)!;
    expect(staffReasons).toContain("1 assessment decision they made is on assessment records kept until 15 January 2033.");
  });

  it("is allowed once the records are past retention: personal data removed, audit chain verifies", () => {
    const now = Date.UTC(2040, 0, 1);
    const userId = mine.candidate.userId;
    const result = eraseAccount(admin, userId, now);
    expect(result).toMatchObject({ enrolments: 1, removed: { versions: 3, files: 2, decisions: 1, samples: 1, mappings: 1 }, storedFilesDeleted: 2 });

    const user = one<Record<string, unknown>>("select * from users where id = ?", userId);
    expect(user).toMatchObject({ name: ERASED_NAME, email: erasedEmail(userId), password_hash: null, erased_at: now, disabled_at: now });
    expect(count("select count(*) as n from sessions where user_id = ?", userId)).toBe(0);
    expect(count("select count(*) as n from notifications where user_id = ?", userId)).toBe(0);
    expect(count("select count(*) as n from password_tokens where user_id = ?", userId)).toBe(0);
    // Their evidence: personal content and files removed; ids, hashes and outcomes kept.
    expect(count("select count(*) as n from evidence_versions v join evidence e on e.id = v.evidence_id where e.enrolment_id = ? and v.title <> ?", mine.enrolmentId, RETENTION_MARKER)).toBe(0);
    expect(count("select count(*) as n from evidence_versions v join evidence e on e.id = v.evidence_id where e.enrolment_id = ? and v.file_sha256 is not null and v.file_removed_at is null", mine.enrolmentId)).toBe(0);
    expect(existsSync(storedPath(sha.mine))).toBe(false);
    expect(existsSync(storedPath(sha.big))).toBe(false);
    expect(existsSync(storedPath(sha.theirs))).toBe(true);
    expect(one("select outcome, feedback from decisions where enrolment_id = ?", mine.enrolmentId)).toEqual({ outcome: "met", feedback: null });
    // The other candidate is untouched.
    expect(count("select count(*) as n from evidence_versions v join evidence e on e.id = v.evidence_id where e.enrolment_id = ? and v.title = ?", theirs.enrolmentId, RETENTION_MARKER)).toBe(0);

    const event = one<{ actorId: string; details: string }>("select actor_id as actorId, details from audit_events where action = 'erased-account' and entity_id = ?", userId);
    expect(event.actorId).toBe(admin.userId);
    expect(event.details).not.toContain("Test candidate");
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
    expect(erasurePreview(admin, userId, now).check.reasons[0]).toMatch(/already erased/);
  });

  it("a staff account is allowed after retention, and the decisions they made stay, by 'Erased user'", () => {
    const now = Date.UTC(2040, 0, 1);
    // The assessor is still allocated to the other candidate's active enrolment.
    expect(refusal(admin, staff.assessor.userId, now)).toEqual(["They are allocated as assessor or internal quality assurer to 1 active enrolment. Their provider admin must allocate someone else first."]);
    t.db.$client.prepare("update enrolments set status = 'withdrawn' where id = ?").run(theirs.enrolmentId);
    eraseAccount(admin, staff.assessor.userId, now);
    expect(one("select u.name from decisions d join users u on u.id = d.assessor_id where d.enrolment_id = ?", mine.enrolmentId)).toEqual({ name: ERASED_NAME });
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("a user who never had any records can be erased at once", () => {
    const newcomer = addActor(t.db, "candidate", { providerId: staff.providerId });
    expect(erasurePreview(admin, newcomer.userId).check).toEqual({ allowed: true, reasons: [], possibleFrom: null, dateUnknown: false });
    eraseAccount(admin, newcomer.userId);
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
