/**
 * Retention: how long evidence files and assessment records are kept, per provider, and removing
 * what is due.
 *
 * A provider's policy (retention_policies; defaults 12 weeks and 3 years) has two numbers:
 *
 * 1. Evidence FILES are kept `evidenceWeeksAfterCertification` weeks after the enrolment was
 *    achieved (certified). Then each version's file is removed: `file_removed_at` is set and the
 *    stored file is deleted from EVIDENCE_DIR unless another version that is still kept refers to
 *    the same bytes (files are stored by content hash). The version row stays, with its title,
 *    text, file name, size, type, file SHA-256 and content hash: the record of what was assessed.
 *
 * 2. Assessment and quality assurance RECORDS are kept at least `recordYears` years after the
 *    enrolment ended (achieved: `achieved_at`; withdrawn: the last event recorded on the enrolment,
 *    as there is no withdrawal date column). Then "removed" means: the personal content is removed
 *    and the skeleton kept. Rows are never deleted: decisions, samples and submissions are what the
 *    audit trail's events refer to, and foreign keys tie them together. Exactly:
 *      - evidence_versions: title → RETENTION_MARKER, body → {"removed":"retention"}, file_name,
 *        personal_data and personal_data_reason → null, and the file removed as in (1). Kept: ids,
 *        reference, kind, version, dates, file SHA-256, size, type, content hash, lock time.
 *      - decisions: feedback and withdrawn_reason → null. Kept: criterion, assessor, outcome,
 *        methods, checks, dates, status, and the evidence versions and hashes relied on.
 *      - iqa_samples: comments → RETENTION_MARKER, action_required → null. Kept: outcome, dates.
 *      - evidence_mappings: note → RETENTION_MARKER. Kept: which evidence showed which criterion.
 *      - witness_requests: witness name, role and relationship → RETENTION_MARKER.
 *    Declarations (the portal's fixed statement), submissions, criterion progress and the
 *    enrolment itself (candidate number, programme, status, dates) are kept as they are.
 *    The account (name, email) is not touched: that is erasure (data-rights.server.ts).
 *
 * Every removal is its own transaction with an audit event (actor null, role "system"):
 * "retention-removed-file" per version, "retention-removed-records" per enrolment, and
 * "retention-deleted-file" when a stored file is deleted from disk. Files are deleted only after
 * the transaction that marks them removed has committed (so a rollback never loses a file the
 * database still needs); the final sweep deletes any stored file no kept version refers to, which
 * also finishes the work of a run that stopped between the two. Running it again finds nothing due:
 * what is due is decided from the content itself, so the run is idempotent.
 *
 * Audit events are never changed: their details hold ids, references and hashes, not evidence text.
 */
import { eq } from "drizzle-orm";
import { existsSync, statSync, unlinkSync } from "node:fs";
import { z } from "zod";
import { immediate, type Db } from "../../db/connection";
import { providers, retentionPolicies, users } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./http.server";
import { storedPath } from "./uploads.server";
import { wholeNumber } from "./form-fields";

export const DEFAULT_POLICY = { evidenceWeeksAfterCertification: 12, recordYears: 3 } as const;
export const POLICY_LIMITS = { evidenceWeeksAfterCertification: { min: 1, max: 520 }, recordYears: { min: 3, max: 50 } } as const;
export type RetentionPolicy = { evidenceWeeksAfterCertification: number; recordYears: number };

/** What replaces removed personal text. */
export const RETENTION_MARKER = "Removed under the retention policy";
export const REMOVED_BODY = JSON.stringify({ removed: "retention" });

const WEEK = 7 * 24 * 60 * 60 * 1000;
const SYSTEM = { actorId: null, actorRole: "system" } as const;

/** `years` calendar years after `at` (UTC). */
export function addYears(at: number, years: number): number {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

// ---- policy ----------------------------------------------------------------------------------------

export function policyFor(db: Db, providerId: string): RetentionPolicy & { isDefault: boolean } {
  const row = db.select().from(retentionPolicies).where(eq(retentionPolicies.providerId, providerId)).get();
  return row ? { evidenceWeeksAfterCertification: row.evidenceWeeksAfterCertification, recordYears: row.recordYears, isDefault: false } : { ...DEFAULT_POLICY, isDefault: true };
}

function allPolicies(db: Db): Map<string, RetentionPolicy> {
  return new Map(db.select().from(retentionPolicies).all().map((r) => [r.providerId, { evidenceWeeksAfterCertification: r.evidenceWeeksAfterCertification, recordYears: r.recordYears }]));
}


/** The policy form. */
export const retentionPolicyInput = z.object({
  evidenceWeeksAfterCertification: wholeNumber(
    "Enter how many weeks evidence files are kept after certification",
    "The number of weeks",
    POLICY_LIMITS.evidenceWeeksAfterCertification.min,
    POLICY_LIMITS.evidenceWeeksAfterCertification.max,
  ),
  recordYears: wholeNumber("Enter how many years assessment records are kept", "The number of years", POLICY_LIMITS.recordYears.min, POLICY_LIMITS.recordYears.max),
});

export class RetentionPolicyError extends Error {
  constructor(
    readonly field: keyof RetentionPolicy,
    message: string,
  ) {
    super(message);
  }
}

/** A provider admin sets their provider's policy (both numbers), audited with the change. */
export function setRetentionPolicy(actor: Actor, input: RetentionPolicy, now = Date.now()): void {
  assertRole(actor, ["provider_admin"]);
  for (const field of ["evidenceWeeksAfterCertification", "recordYears"] as const) {
    const { min, max } = POLICY_LIMITS[field];
    const n = input[field];
    if (!Number.isInteger(n) || n < min || n > max) throw new RetentionPolicyError(field, `${field === "recordYears" ? "The number of years" : "The number of weeks"} must be a whole number between ${min} and ${max}`);
  }
  if (input.evidenceWeeksAfterCertification * WEEK > addYears(0, input.recordYears))
    throw new RetentionPolicyError("evidenceWeeksAfterCertification", `Evidence files cannot be kept longer than the assessment records (${input.recordYears} years)`);
  const db = getDb();
  const providerId = actor.providerId!;
  immediate(db, () => {
    const before = policyFor(db, providerId);
    const values = { evidenceWeeksAfterCertification: input.evidenceWeeksAfterCertification, recordYears: input.recordYears, updatedAt: now, updatedBy: actor.userId };
    db.insert(retentionPolicies)
      .values({ providerId, ...values })
      .onConflictDoUpdate({ target: retentionPolicies.providerId, set: values })
      .run();
    recordAudit(
      db,
      {
        ...auditActor(actor),
        action: "retention-policy-set",
        entity: "retention_policy",
        entityId: providerId,
        providerId,
        details: { from: before.isDefault ? null : { evidenceWeeksAfterCertification: before.evidenceWeeksAfterCertification, recordYears: before.recordYears }, to: { evidenceWeeksAfterCertification: input.evidenceWeeksAfterCertification, recordYears: input.recordYears } },
      },
      now,
    );
  });
}

// ---- when enrolments ended ---------------------------------------------------------------------------

export type EndedEnrolment = {
  id: string;
  providerId: string;
  candidateId: string;
  candidateNumber: string;
  programmeTitle: string;
  programmeSlug: string;
  status: "achieved" | "withdrawn";
  achievedAt: number | null;
  endedAt: number;
};

/**
 * SQL for when an enrolment ended: achieved → achieved_at; withdrawn → the last event recorded on
 * the enrolment (retention's own events excluded), or when it was enrolled.
 */
export const ENDED_AT_SQL = `case e.status
    when 'achieved' then e.achieved_at
    when 'withdrawn' then coalesce((select max(a.at) from audit_events a where a.entity = 'enrolment' and a.entity_id = e.id and a.action not like 'retention-%'), e.enrolled_at)
  end`;

export function endedEnrolments(db: Db, where: { providerId?: string; candidateId?: string } = {}): EndedEnrolment[] {
  const clauses = ["e.status in ('achieved', 'withdrawn')"];
  const args: string[] = [];
  if (where.providerId) {
    clauses.push("e.provider_id = ?");
    args.push(where.providerId);
  }
  if (where.candidateId) {
    clauses.push("e.candidate_id = ?");
    args.push(where.candidateId);
  }
  return db.$client
    .prepare(
      `select e.id, e.provider_id as providerId, e.candidate_id as candidateId, e.candidate_number as candidateNumber, p.title as programmeTitle,
              p.slug as programmeSlug, e.status, e.achieved_at as achievedAt, ${ENDED_AT_SQL} as endedAt
         from enrolments e join programmes p on p.id = e.programme_id
        where ${clauses.join(" and ")}
        order by e.provider_id, e.candidate_number`,
    )
    .all(...args) as EndedEnrolment[];
}

/** When an ended enrolment's records may be removed under its provider's policy. */
export const recordsDueAt = (endedAt: number, policy: RetentionPolicy) => addYears(endedAt, policy.recordYears);
/** When an achieved enrolment's evidence files may be removed. */
export const filesDueAt = (achievedAt: number, policy: RetentionPolicy) => achievedAt + policy.evidenceWeeksAfterCertification * WEEK;

// ---- what personal content an enrolment still holds --------------------------------------------------

const VERSIONS_OF = "evidence_id in (select id from evidence where enrolment_id = @enrolmentId)";
const CONTENT = {
  versions: {
    where: `${VERSIONS_OF} and (title <> @marker or body <> @removedBody or file_name is not null or personal_data is not null or personal_data_reason is not null or (file_sha256 is not null and file_removed_at is null))`,
    update: `update evidence_versions set title = @marker, body = @removedBody, file_name = null, personal_data = null, personal_data_reason = null,
                    file_removed_at = case when file_sha256 is not null then coalesce(file_removed_at, @now) else file_removed_at end`,
    table: "evidence_versions",
  },
  decisions: {
    where: "enrolment_id = @enrolmentId and (feedback is not null or withdrawn_reason is not null)",
    update: "update decisions set feedback = null, withdrawn_reason = null",
    table: "decisions",
  },
  samples: {
    where: "decision_id in (select id from decisions where enrolment_id = @enrolmentId) and (comments <> @marker or action_required is not null)",
    update: "update iqa_samples set comments = @marker, action_required = null",
    table: "iqa_samples",
  },
  mappings: {
    where: "enrolment_id = @enrolmentId and note <> @marker",
    update: "update evidence_mappings set note = @marker",
    table: "evidence_mappings",
  },
  witnessRequests: {
    where: `${VERSIONS_OF} and (witness_name <> @marker or witness_role <> @marker or relationship <> @marker)`,
    update: "update witness_requests set witness_name = @marker, witness_role = @marker, relationship = @marker",
    table: "witness_requests",
  },
} as const;
export type ContentCounts = Record<keyof typeof CONTENT, number> & { files: number };

const params = (enrolmentId: string, now = 0) => ({ enrolmentId, marker: RETENTION_MARKER, removedBody: REMOVED_BODY, now });

/**
 * How many rows of an enrolment still hold personal content (and files not yet removed). The
 * statements are prepared once, for asking of every ended enrolment of a provider in turn.
 */
export function contentCounter(db: Db): (enrolmentId: string) => ContentCounts {
  const counts = Object.entries({ ...CONTENT, files: { table: "evidence_versions", where: `${VERSIONS_OF} and file_sha256 is not null and file_removed_at is null` } }).map(
    ([key, c]) => [key, db.$client.prepare(`select count(*) as n from ${c.table} where ${c.where}`).pluck()] as const,
  );
  return (enrolmentId) => Object.fromEntries(counts.map(([key, statement]) => [key, statement.get(params(enrolmentId)) as number])) as ContentCounts;
}

const total = (c: ContentCounts) => c.versions + c.decisions + c.samples + c.mappings + c.witnessRequests + c.files;

/**
 * Removes the enrolment's personal content (see the top of this file). Call INSIDE a transaction.
 * Returns the stored files (SHA-256) whose versions were marked removed: delete them afterwards
 * with `deleteUnreferencedFiles`.
 */
export function clearEnrolmentContent(db: Db, enrolmentId: string, now: number): { counts: ContentCounts; shas: string[] } {
  const p = params(enrolmentId, now);
  const shas = (db.$client.prepare(`select distinct file_sha256 as sha from evidence_versions where ${VERSIONS_OF} and file_sha256 is not null and file_removed_at is null`).all(p) as { sha: string }[]).map((r) => r.sha);
  const files = (db.$client.prepare(`select count(*) as n from evidence_versions where ${VERSIONS_OF} and file_sha256 is not null and file_removed_at is null`).get(p) as { n: number }).n;
  const counts = { files } as ContentCounts;
  for (const [key, c] of Object.entries(CONTENT) as [keyof typeof CONTENT, (typeof CONTENT)[keyof typeof CONTENT]][]) {
    counts[key] = db.$client.prepare(`${c.update} where ${c.where}`).run(p).changes;
  }
  return { counts, shas };
}

// ---- deleting stored files -------------------------------------------------------------------------

/**
 * Deletes from EVIDENCE_DIR each given stored file (or, with no list, every stored file the
 * database knows of) that no kept version refers to any more, each in a BEGIN IMMEDIATE
 * transaction with its audit event so no version can start referring to it meanwhile. Returns the
 * hashes deleted.
 */
export function deleteUnreferencedFiles(db: Db, now: number, shas?: string[]): string[] {
  const candidates =
    shas ??
    (db.$client.prepare("select file_sha256 as sha from evidence_versions where file_sha256 is not null group by file_sha256 having max(file_removed_at is null) = 0").all() as { sha: string }[]).map(
      (r) => r.sha,
    );
  const deleted: string[] = [];
  for (const sha of new Set(candidates)) {
    let path: string;
    try {
      path = storedPath(sha);
    } catch {
      continue;
    }
    const done = immediate(db, () => {
      const kept = db.$client.prepare("select 1 from evidence_versions where file_sha256 = ? and file_removed_at is null limit 1").get(sha);
      if (kept || !existsSync(path)) return false;
      const size = statSync(path).size;
      recordAudit(db, { ...SYSTEM, action: "retention-deleted-file", entity: "stored_file", entityId: sha, details: { sha256: sha, size } }, now);
      unlinkSync(path);
      return true;
    });
    if (done) deleted.push(sha);
  }
  return deleted;
}

// ---- what is due -------------------------------------------------------------------------------------

export type DueFile = {
  versionId: string;
  evidenceId: string;
  enrolmentId: string;
  providerId: string;
  candidateNumber: string;
  reference: string;
  version: number;
  sha256: string;
  fileName: string | null;
  size: number | null;
  achievedAt: number;
  dueAt: number;
  /** Another version that is kept refers to the same stored file, so it stays on disk. */
  shared: boolean;
};

export type DueRecords = {
  enrolmentId: string;
  providerId: string;
  candidateNumber: string;
  programmeTitle: string;
  programmeSlug: string;
  status: "achieved" | "withdrawn";
  endedAt: number;
  dueAt: number;
  counts: ContentCounts;
};

export type Upcoming = { enrolmentId: string; providerId: string; candidateNumber: string; programmeTitle: string; what: "files" | "records"; dueAt: number };

export type DueReport = { now: number; files: DueFile[]; records: DueRecords[]; upcoming: Upcoming[] };

/** Everything due for removal at `now` (optionally for one provider), and what falls due later. */
export function findDue(db: Db, options: { now: number; providerId?: string }): DueReport {
  const { now } = options;
  const policies = allPolicies(db);
  const policy = (providerId: string) => policies.get(providerId) ?? DEFAULT_POLICY;
  const ended = endedEnrolments(db, { providerId: options.providerId });
  const contentCounts = contentCounter(db);
  const records: DueRecords[] = [];
  const files: DueFile[] = [];
  const upcoming: Upcoming[] = [];
  const versionFiles = db.$client.prepare(
    `select v.id as versionId, v.evidence_id as evidenceId, ev.reference, v.version, v.file_sha256 as sha256, v.file_name as fileName, v.file_size as size
       from evidence_versions v join evidence ev on ev.id = v.evidence_id
      where ev.enrolment_id = ? and v.file_sha256 is not null and v.file_removed_at is null
      order by cast(substr(ev.reference, 2) as integer), v.version`,
  );
  for (const e of ended) {
    const p = policy(e.providerId);
    const recordsAt = recordsDueAt(e.endedAt, p);
    const counts = contentCounts(e.id);
    if (recordsAt <= now) {
      if (total(counts) > 0) records.push({ enrolmentId: e.id, providerId: e.providerId, candidateNumber: e.candidateNumber, programmeTitle: e.programmeTitle, programmeSlug: e.programmeSlug, status: e.status, endedAt: e.endedAt, dueAt: recordsAt, counts });
      continue;
    }
    if (counts.versions + counts.decisions + counts.samples + counts.mappings + counts.witnessRequests > 0)
      upcoming.push({ enrolmentId: e.id, providerId: e.providerId, candidateNumber: e.candidateNumber, programmeTitle: e.programmeTitle, what: "records", dueAt: recordsAt });
    if (e.status !== "achieved" || e.achievedAt === null || counts.files === 0) continue;
    const filesAt = filesDueAt(e.achievedAt, p);
    if (filesAt > now) {
      upcoming.push({ enrolmentId: e.id, providerId: e.providerId, candidateNumber: e.candidateNumber, programmeTitle: e.programmeTitle, what: "files", dueAt: filesAt });
      continue;
    }
    for (const v of versionFiles.all(e.id) as Omit<DueFile, "enrolmentId" | "providerId" | "candidateNumber" | "achievedAt" | "dueAt" | "shared">[])
      files.push({ ...v, enrolmentId: e.id, providerId: e.providerId, candidateNumber: e.candidateNumber, achievedAt: e.achievedAt, dueAt: filesAt, shared: false });
  }
  // A stored file stays on disk while any version that is not being removed still refers to it.
  const removing = new Set(files.map((f) => f.versionId));
  const recordEnrolments = new Set(records.map((r) => r.enrolmentId));
  const keptRefs = db.$client.prepare(
    `select v.id, ev.enrolment_id as enrolmentId from evidence_versions v join evidence ev on ev.id = v.evidence_id where v.file_sha256 = ? and v.file_removed_at is null`,
  );
  const sharedCache = new Map<string, boolean>();
  const keptElsewhere = (sha256: string) => {
    // Stops at the first version that keeps it: a file shared by thousands is not read thousands of times.
    for (const r of keptRefs.iterate(sha256) as IterableIterator<{ id: string; enrolmentId: string }>) if (!removing.has(r.id) && !recordEnrolments.has(r.enrolmentId)) return true;
    return false;
  };
  for (const f of files) {
    if (!sharedCache.has(f.sha256)) sharedCache.set(f.sha256, keptElsewhere(f.sha256));
    f.shared = sharedCache.get(f.sha256)!;
  }
  upcoming.sort((a, b) => a.dueAt - b.dueAt);
  return { now, files, records, upcoming };
}

// ---- running it ------------------------------------------------------------------------------------

export type RetentionSummary = DueReport & {
  dryRun: boolean;
  filesMarked: number;
  enrolmentsCleared: number;
  cleared: ContentCounts;
  storedFilesDeleted: string[];
};

const zero = (): ContentCounts => ({ versions: 0, decisions: 0, samples: 0, mappings: 0, witnessRequests: 0, files: 0 });

/**
 * Lists what is due and, unless `dryRun`, removes it: each version's file and each enrolment's
 * records in their own transaction with an audit event, then deletes the stored files no kept
 * version needs. Idempotent.
 */
export function applyRetention(db: Db, options: { now?: number; dryRun?: boolean; providerId?: string } = {}): RetentionSummary {
  const now = options.now ?? Date.now();
  const due = findDue(db, { now, providerId: options.providerId });
  const summary: RetentionSummary = { ...due, dryRun: !!options.dryRun, filesMarked: 0, enrolmentsCleared: 0, cleared: zero(), storedFilesDeleted: [] };
  if (options.dryRun) return summary;

  const touched = new Set<string>();
  for (const f of due.files) {
    const marked = immediate(db, () => {
      const changed = db.$client.prepare("update evidence_versions set file_removed_at = ? where id = ? and file_removed_at is null").run(now, f.versionId).changes;
      if (!changed) return false;
      recordAudit(
        db,
        {
          ...SYSTEM,
          action: "retention-removed-file",
          entity: "evidence",
          entityId: f.evidenceId,
          providerId: f.providerId,
          details: { enrolmentId: f.enrolmentId, reference: f.reference, version: f.version, versionId: f.versionId, sha256: f.sha256, achievedAt: f.achievedAt, weeksAfterCertification: Math.round((f.dueAt - f.achievedAt) / WEEK) },
        },
        now,
      );
      return true;
    });
    if (marked) {
      summary.filesMarked++;
      touched.add(f.sha256);
    }
  }
  for (const r of due.records) {
    const counts = immediate(db, () => {
      const { counts, shas } = clearEnrolmentContent(db, r.enrolmentId, now);
      if (total(counts) === 0) return null;
      shas.forEach((s) => touched.add(s));
      recordAudit(
        db,
        {
          ...SYSTEM,
          action: "retention-removed-records",
          entity: "enrolment",
          entityId: r.enrolmentId,
          providerId: r.providerId,
          details: { enrolmentId: r.enrolmentId, status: r.status, endedAt: r.endedAt, recordYears: policyFor(db, r.providerId).recordYears, removed: counts },
        },
        now,
      );
      return counts;
    });
    if (counts) {
      summary.enrolmentsCleared++;
      for (const k of Object.keys(counts) as (keyof ContentCounts)[]) summary.cleared[k] += counts[k];
    }
  }
  // The files just released, then any left by an earlier run that stopped before deleting them.
  // Without a provider filter the sweep covers every stored file no kept version refers to.
  summary.storedFilesDeleted = deleteUnreferencedFiles(db, now, [...touched]);
  if (!options.providerId) summary.storedFilesDeleted.push(...deleteUnreferencedFiles(db, now));
  return summary;
}

// ---- the provider admin's page ----------------------------------------------------------------------

export function getRetention(actor: Actor, now = Date.now()) {
  assertRole(actor, ["provider_admin"]);
  const db = getDb();
  const provider = db.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.id, actor.providerId!)).get();
  if (!provider) throw notFound();
  const row = db
    .select({ updatedAt: retentionPolicies.updatedAt, updatedByName: users.name })
    .from(retentionPolicies)
    .leftJoin(users, eq(users.id, retentionPolicies.updatedBy))
    .where(eq(retentionPolicies.providerId, provider.id))
    .get();
  const due = findDue(db, { now, providerId: provider.id });
  return { provider, policy: policyFor(db, provider.id), updatedAt: row?.updatedAt ?? null, updatedByName: row?.updatedByName ?? null, due: duePage(due) };
}

/** Files due, per enrolment. */
export type FilesDue = { enrolmentId: string; candidateNumber: string; files: number; shared: number; dueAt: number };

/** Shown on the page of what falls due later; the rest are counted. */
const UPCOMING_SHOWN = 10;

/** What the page shows of a report: files counted per enrolment (a provider can have thousands of versions due), the next few to fall due. */
function duePage(due: DueReport) {
  const files = new Map<string, FilesDue>();
  for (const f of due.files) {
    const row = files.get(f.enrolmentId) ?? { enrolmentId: f.enrolmentId, candidateNumber: f.candidateNumber, files: 0, shared: 0, dueAt: f.dueAt };
    row.files++;
    if (f.shared) row.shared++;
    files.set(f.enrolmentId, row);
  }
  return { files: [...files.values()], records: due.records, upcoming: due.upcoming.slice(0, UPCOMING_SHOWN), upcomingTotal: due.upcoming.length };
}
