/**
 * Portfolio records for the backup, retention and data-rights tests: a provider with staff,
 * candidates enrolled through the domain, evidence files stored the way an upload stores them,
 * decisions and IQA samples, and certification at a chosen time. Invented names, example.org only.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Actor } from "../../app/lib/auth.server";
import { enrol } from "../../app/lib/enrolments.server";
import { addEvidence, mapEvidence } from "../../app/lib/evidence.server";
import { storedPath, type StoredFile } from "../../app/lib/uploads.server";
import type { Db } from "../../db/connection";
import { programmeId, itemId } from "../../standards/ids";
import { addActor, addProvider } from "./db";

export const L4 = programmeId("level4-award", "1");
export const LO1 = itemId("btec-l4-rja", "1", "LO1");
export const DAY = 24 * 60 * 60 * 1000;
export const WEEK = 7 * DAY;

export type Staff = { providerId: string; admin: Actor; assessor: Actor; iqa: Actor };

export function provider(db: Db, name?: string): Staff {
  const providerId = addProvider(db, name);
  return { providerId, admin: addActor(db, "provider_admin", { providerId }), assessor: addActor(db, "assessor", { providerId }), iqa: addActor(db, "iqa", { providerId }) };
}

let numbers = 0;
/** A candidate of the provider, enrolled on the Level 4 award at `at`. */
export function enrolled(db: Db, staff: Staff, at = Date.now()): { candidate: Actor; enrolmentId: string; candidateNumber: string } {
  const candidate = addActor(db, "candidate", { providerId: staff.providerId });
  const candidateNumber = `RT-${++numbers}-${randomUUID().slice(0, 4)}`;
  const enrolmentId = enrol(staff.admin, { candidateId: candidate.userId, programmeId: L4, candidateNumber, assessorId: staff.assessor.userId, iqaId: staff.iqa.userId }, at);
  return { candidate, enrolmentId, candidateNumber };
}

/** Bytes stored under EVIDENCE_DIR by their SHA-256, as an upload leaves them. */
export function storeBytes(bytes: Buffer, fileName: string, mediaType = "text/plain"): StoredFile {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const path = storedPath(sha256);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return { sha256, size: bytes.length, mediaType, fileName };
}

export function fileEvidence(candidate: Actor, enrolmentId: string, file: StoredFile, title: string, at = Date.now()) {
  const saved = addEvidence(candidate, enrolmentId, { kind: "file", title, description: `About ${title}`, file }, at);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return saved;
}

export function writtenEvidence(candidate: Actor, enrolmentId: string, title: string, text: string, at = Date.now()) {
  const saved = addEvidence(candidate, enrolmentId, { kind: "reflective_account", title, evidenceDate: "2025-03-14", text }, at);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  mapEvidence(candidate, saved.evidenceId, LO1, `Note: ${title}`, at);
  return saved;
}

/** A decision with feedback on LO1 relying on the version, and (optionally) an IQA sample of it. */
export function decision(db: Db, staff: Staff, enrolmentId: string, versionId: string, feedback: string, at = Date.now(), sampleComments?: string): string {
  const id = randomUUID();
  db.$client
    .prepare(
      "insert into decisions (id, enrolment_id, item_id, assessor_id, outcome, methods, checks, feedback, decided_on, created_at, status) values (?, ?, ?, ?, 'met', '[\"observation\"]', '[\"valid\"]', ?, '2025-04-01', ?, 'standing')",
    )
    .run(id, enrolmentId, LO1, staff.assessor.userId, feedback, at);
  const v = db.$client.prepare("select content_hash as h, file_sha256 as f from evidence_versions where id = ?").get(versionId) as { h: string; f: string | null };
  db.$client.prepare("insert into decision_evidence (decision_id, evidence_version_id, content_hash, file_sha256) values (?, ?, ?, ?)").run(id, versionId, v.h, v.f);
  db.$client.prepare("update evidence_versions set locked_at = ? where id = ?").run(at, versionId);
  if (sampleComments)
    db.$client
      .prepare("insert into iqa_samples (id, decision_id, iqa_id, outcome, comments, action_required, action_due, created_at) values (?, ?, ?, 'disagree', ?, 'Look again at the observation', '2025-05-01', ?)")
      .run(randomUUID(), id, staff.iqa.userId, sampleComments, at);
  return id;
}

/** Certification: the enrolment achieved at `at` (what settleAchievement records). */
export function achieve(db: Db, enrolmentId: string, at: number) {
  db.$client.prepare("update enrolments set status = 'achieved', achieved_at = ? where id = ?").run(at, enrolmentId);
}
