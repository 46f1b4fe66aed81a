/**
 * Assessment: the assessor's caseload, assessing one criterion (decide), withdrawing a decision,
 * and everyone's view of an enrolment's decisions.
 *
 * Rules kept here:
 * - Only the assessor currently allocated to an enrolment (in their own provider) assesses it;
 *   anyone else gets 404, other roles 403. Nobody assesses their own portfolio (403), even if they
 *   were somehow allocated to it.
 * - A criterion can be assessed when the programme requires it or evidence is mapped to it (else
 *   404), when there is something to judge (it was submitted, or an IQA disagreed with the decision
 *   standing on it), and when at least one live piece of evidence is mapped to it.
 * - "Met" needs all five VARCS checks; "not yet met" needs feedback. A NOS Performance Criterion is
 *   not met on knowledge evidence alone: "met" needs observation, examination of a work product or
 *   witness testimony among the methods.
 * - At most one decision stands per criterion. The form carries the id of the standing decision the
 *   assessor saw; in one BEGIN IMMEDIATE transaction the standing decision is read again and, if it
 *   is not that one, nothing is written and the assessor is told who decided what and when.
 * - A decision records the current version of every live piece of evidence mapped to the criterion
 *   (content hash, file SHA-256) and locks those versions: from then on they can be superseded by a
 *   new version, never edited or deleted.
 * - A decision may be withdrawn by its own assessor, with a reason, while it stands and until an IQA
 *   has sampled it; the criterion then waits for a decision again.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { immediate, type Db } from "../../db/connection";
import { ASSESSMENT_METHODS, VARCS, criterionProgress, decisions, enrolments, type AssessmentMethod, type CriterionStatus } from "../../db/schema";
import { achievementFor, settleAfterDecision } from "./achievement.server";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { decideSql, type Deciding, type DecidingVersion } from "./decide-sql.server";
import { enrolmentFor, type Enrolment } from "./enrolments.server";
import { forbidden, notFound } from "./http.server";
import { displayIsoDate, londonToday } from "./london";
import { notify } from "./notifications.server";
import { orderedId } from "./ordered-id.server";
import { pageWindow } from "./paging";
import { preparedStatements } from "./statements.server";
import { itemLabel, portfolio } from "./progress.server";
import type { Bullet } from "../../standards/schema";

import { METHOD_LABELS, OUTCOME_LABELS, VARCS_LABELS, type Varcs } from "./assessment-labels";

export { METHOD_LABELS, OUTCOME_LABELS, VARCS_LABELS, type Varcs };

/** Methods that show performance, not only knowledge (what a NOS Performance Criterion needs to be met). */
export const PERFORMANCE_METHODS: readonly AssessmentMethod[] = ["observation", "work_product", "witness_testimony"];
export const PERFORMANCE_CRITERION = "Performance Criterion";

export const FEEDBACK_MAX = 5000;
export const REASON_MAX = 1000;

// ---- dates --------------------------------------------------------------------------------------

/** Today in Europe/London as YYYY-MM-DD (the decision form's default date). */
export { londonToday };

/** A GOV.UK date input's fields (or "YYYY-MM-DD") as YYYY-MM-DD, or the message saying what is wrong. */
export function parseDecisionDate(value: unknown, now: number, notBefore: string | null): { ok: true; date: string } | { ok: false; message: string } {
  const what = "Date of the assessment";
  let day = "",
    month = "",
    year = "";
  if (typeof value === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    if (!value.trim()) return { ok: false, message: "Enter the date of the assessment" };
    if (!m) return { ok: false, message: `${what} must be a real date` };
    [, year, month, day] = m;
  } else if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string).trim() : "");
    day = s("day");
    month = s("month");
    year = s("year");
    if (!day && !month && !year) return { ok: false, message: "Enter the date of the assessment" };
    const missing = [!day && "a day", !month && "a month", !year && "a year"].filter(Boolean) as string[];
    if (missing.length) return { ok: false, message: `${what} must include ${missing.join(" and ")}` };
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d+$/.test(year)) return { ok: false, message: `${what} must be a real date` };
    if (year.length !== 4) return { ok: false, message: "Year must include 4 numbers" };
  } else {
    return { ok: false, message: "Enter the date of the assessment" };
  }
  const d = Number(day),
    mo = Number(month),
    y = Number(year);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || d < 1 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return { ok: false, message: `${what} must be a real date` };
  const iso = `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  if (iso > londonToday(now)) return { ok: false, message: `${what} must be today or in the past` };
  if (notBefore && iso < notBefore) return { ok: false, message: `${what} must be on or after ${displayIsoDate(notBefore)}, when the candidate was enrolled` };
  return { ok: true, date: iso };
}

// ---- input --------------------------------------------------------------------------------------

/**
 * What the decision form posts, loosely shaped (conform coerces a single ticked box into a list).
 * `decide` checks every rule and returns all the problems at once.
 */
export const decisionForm = z.object({
  outcome: z.string().optional(),
  methods: z.array(z.string()).optional().default([]),
  checks: z.array(z.string()).optional().default([]),
  feedback: z.string().optional(),
  decidedOn: z.union([z.string(), z.object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() })]).optional(),
  expectedDecisionId: z.string().optional(),
});
export type DecisionInput = z.input<typeof decisionForm>;

export type DecisionConflict = {
  decisionId: string;
  assessorName: string;
  outcome: "met" | "not_yet_met";
  decidedOn: string;
  createdAt: number;
  /** "standing", or "withdrawn" when the decision the assessor saw has since been withdrawn. */
  status: "standing" | "withdrawn" | "superseded";
};

export type DecideResult =
  | { ok: true; decisionId: string; code: string; outcome: "met" | "not_yet_met"; achieved: boolean }
  | { ok: false; errors: Record<string, string[]>; conflict?: undefined }
  | { ok: false; conflict: DecisionConflict; errors?: undefined };

/** A refusal the assessor can act on (shown in the error summary, against `field`). */
export class AssessmentError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
  ) {
    super(message);
  }
}

// ---- access -------------------------------------------------------------------------------------

/**
 * The enrolment, for its currently allocated assessor: other roles 403; the candidate themselves
 * 403 (never assess your own portfolio, even if allocated); anyone else 404.
 */
export function assessorEnrolment(actor: Actor, enrolmentId: string): Enrolment {
  assertRole(actor, ["assessor"]);
  const own = getDb().select({ candidateId: enrolments.candidateId }).from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  if (own && own.candidateId === actor.userId) throw forbidden("You cannot assess your own portfolio.");
  return enrolmentFor(actor, enrolmentId);
}

type ItemRow = {
  id: string;
  code: string;
  type: string;
  title: string | null;
  statement: string | null;
  fullStatement: string;
  bullets: string | null;
  frameworkShortTitle: string;
  framework: string;
  frameworkVersion: string;
  parentCode: string | null;
  parentTitle: string | null;
  parentType: string | null;
  required: number;
  hasEvidence: number;
  progress: CriterionStatus | null;
  submittedAt: number | null;
};

/** The criterion, if it belongs in this enrolment's assessment (required, or evidence mapped): else 404. */
function assessableItem(db: Db, enrolment: Enrolment, itemId: string): ItemRow {
  const row = db.$client
    .prepare(
      `select i.id, i.code, i.type, i.title, i.statement, i.full_statement as fullStatement, i.bullets,
              f.short_title as frameworkShortTitle, f.framework, f.version as frameworkVersion, p.code as parentCode, p.title as parentTitle, p.type as parentType,
              exists (select 1 from programme_requirements r where r.programme_id = @programmeId and r.item_id = i.id) as required,
              exists (select 1 from evidence_mappings m join evidence e on e.id = m.evidence_id
                       where m.enrolment_id = @enrolmentId and m.item_id = i.id and e.enrolment_id = @enrolmentId and e.deleted_at is null) as hasEvidence,
              cp.status as progress, cp.submitted_at as submittedAt
         from standard_items i join standard_frameworks f on f.id = i.framework_id
         left join standard_items p on p.id = i.parent_id
         left join criterion_progress cp on cp.enrolment_id = @enrolmentId and cp.item_id = i.id
        where i.id = @itemId and i.assessable = 1`,
    )
    .get({ itemId, enrolmentId: enrolment.id, programmeId: enrolment.programmeId }) as ItemRow | undefined;
  // (Evidence a decision relied on is locked, so it cannot be unmapped or deleted: a decided criterion keeps its row.)
  if (!row || (!row.required && !row.hasEvidence && !row.progress)) throw notFound();
  return row;
}

// ---- reading decisions --------------------------------------------------------------------------

type DecisionRow = {
  id: string;
  enrolmentId: string;
  itemId: string;
  assessorId: string;
  assessorName: string;
  outcome: "met" | "not_yet_met";
  methods: string;
  checks: string;
  feedback: string | null;
  decidedOn: string;
  createdAt: number;
  status: "standing" | "withdrawn" | "superseded";
  withdrawnAt: number | null;
  withdrawnReason: string | null;
  supersededAt: number | null;
  code: string;
  itemType: string;
  statement: string;
  frameworkShortTitle: string;
  sampleOutcome: "agree" | "disagree" | null;
  sampleComments: string | null;
  sampleAction: string | null;
  sampleDue: string | null;
  sampledAt: number | null;
  sampledByName: string | null;
  evidence: string;
};

export type DecisionView = {
  id: string;
  itemId: string;
  code: string;
  itemType: string;
  statement: string;
  frameworkShortTitle: string;
  assessorId: string;
  assessorName: string;
  outcome: "met" | "not_yet_met";
  methods: AssessmentMethod[];
  checks: Varcs[];
  feedback: string | null;
  decidedOn: string;
  createdAt: number;
  status: "standing" | "withdrawn" | "superseded";
  withdrawnAt: number | null;
  withdrawnReason: string | null;
  supersededAt: number | null;
  sample: { outcome: "agree" | "disagree"; comments: string; actionRequired: string | null; actionDue: string | null; sampledAt: number; iqaName: string | null } | null;
  evidence: { evidenceId: string; reference: string; versionId: string; version: number; title: string; contentHash: string; fileSha256: string | null }[];
};

const DECISION_SELECT = `
  select d.id, d.enrolment_id as enrolmentId, d.item_id as itemId, d.assessor_id as assessorId, u.name as assessorName, d.outcome, d.methods, d.checks,
         d.feedback, d.decided_on as decidedOn, d.created_at as createdAt, d.status, d.withdrawn_at as withdrawnAt, d.withdrawn_reason as withdrawnReason,
         d.superseded_at as supersededAt, i.code, i.type as itemType, coalesce(i.statement, i.title, '') as statement, f.short_title as frameworkShortTitle,
         s.outcome as sampleOutcome, s.comments as sampleComments, s.action_required as sampleAction, s.action_due as sampleDue, s.created_at as sampledAt,
         si.name as sampledByName,
         (select json_group_array(json_object('evidenceId', e.id, 'reference', e.reference, 'versionId', v.id, 'version', v.version, 'title', v.title,
                                              'contentHash', de.content_hash, 'fileSha256', de.file_sha256))
            from decision_evidence de join evidence_versions v on v.id = de.evidence_version_id join evidence e on e.id = v.evidence_id
           where de.decision_id = d.id) as evidence
    from decisions d join users u on u.id = d.assessor_id join standard_items i on i.id = d.item_id join standard_frameworks f on f.id = i.framework_id
    left join iqa_samples s on s.decision_id = d.id left join users si on si.id = s.iqa_id`;

function toView(r: DecisionRow): DecisionView {
  const evidence = (JSON.parse(r.evidence) as DecisionView["evidence"]).sort((a, b) => Number(a.reference.slice(1)) - Number(b.reference.slice(1)));
  return {
    id: r.id,
    itemId: r.itemId,
    code: r.code,
    itemType: r.itemType,
    statement: r.statement,
    frameworkShortTitle: r.frameworkShortTitle,
    assessorId: r.assessorId,
    assessorName: r.assessorName,
    outcome: r.outcome,
    methods: JSON.parse(r.methods) as AssessmentMethod[],
    checks: JSON.parse(r.checks) as Varcs[],
    feedback: r.feedback,
    decidedOn: r.decidedOn,
    createdAt: r.createdAt,
    status: r.status,
    withdrawnAt: r.withdrawnAt,
    withdrawnReason: r.withdrawnReason,
    supersededAt: r.supersededAt,
    sample: r.sampleOutcome
      ? { outcome: r.sampleOutcome, comments: r.sampleComments ?? "", actionRequired: r.sampleAction, actionDue: r.sampleDue, sampledAt: r.sampledAt!, iqaName: r.sampledByName }
      : null,
    evidence,
  };
}

function decisionsOf(db: Db, enrolmentId: string, itemId?: string): DecisionView[] {
  const rows = db.$client
    .prepare(`${DECISION_SELECT} where d.enrolment_id = @enrolmentId and (@itemId is null or d.item_id = @itemId) order by d.created_at desc, d.rowid desc`)
    .all({ enrolmentId, itemId: itemId ?? null }) as DecisionRow[];
  return rows.map(toView);
}

function standingDecision(db: Db, enrolmentId: string, itemId: string) {
  return db.$client
    .prepare(
      `select d.id, d.outcome, d.decided_on as decidedOn, d.created_at as createdAt, d.status, u.name as assessorName, s.outcome as sampleOutcome
         from decisions d join users u on u.id = d.assessor_id left join iqa_samples s on s.decision_id = d.id
        where d.enrolment_id = ? and d.item_id = ? and d.status = 'standing'`,
    )
    .get(enrolmentId, itemId) as { id: string; outcome: "met" | "not_yet_met"; decidedOn: string; createdAt: number; status: "standing"; assessorName: string; sampleOutcome: "agree" | "disagree" | null } | undefined;
}

/** Whether there is something to judge, and if not, why not (for the page and for decide). */
function judgeable(progress: CriterionStatus | null, standing: { sampleOutcome: "agree" | "disagree" | null } | undefined, enrolment: Pick<Enrolment, "status">): { ok: true; reopened: boolean } | { ok: false; reason: string } {
  if (enrolment.status === "withdrawn") return { ok: false, reason: "This enrolment has been withdrawn, so it is no longer assessed." };
  const reopened = standing?.sampleOutcome === "disagree";
  if (reopened) return { ok: true, reopened: true };
  if (enrolment.status === "achieved") return { ok: false, reason: "The candidate has achieved this programme. A decision can only change now if the internal quality assurer reopens it." };
  if (progress === "submitted") return { ok: true, reopened: false };
  switch (progress) {
    case "met":
      return { ok: false, reason: "This criterion is met. There is nothing to judge unless the internal quality assurer reopens it or the decision is withdrawn." };
    case "not_yet_met":
      return { ok: false, reason: "This criterion is not yet met. There is nothing new to judge until the candidate adds evidence and submits it again." };
    case "evidence_added":
      return { ok: false, reason: "The candidate has added evidence but has not submitted this criterion for assessment yet." };
    default:
      return { ok: false, reason: "The candidate has not submitted any evidence for this criterion yet." };
  }
}

// ---- caseload -----------------------------------------------------------------------------------

export type CaseloadEnrolment = {
  id: string;
  candidateName: string;
  candidateNumber: string;
  programmeTitle: string;
  programmeSlug: string;
  status: "active" | "achieved" | "withdrawn";
  waiting: number;
  due: number;
  decided: number;
  met: number;
  notYetMet: number;
  total: number;
  oldestSubmittedAt: number | null;
};
export type CaseloadItem = {
  kind: "waiting" | "due";
  enrolmentId: string;
  itemId: string;
  candidateName: string;
  candidateNumber: string;
  code: string;
  text: string;
  frameworkShortTitle: string;
  submittedAt: number | null;
  actionRequired: string | null;
  actionDue: string | null;
  sampledAt: number | null;
};

/** The current allocations of the assessor, in their provider. */
const MINE = `mine as materialized (select e.id, e.candidate_id, e.programme_id, e.candidate_number, e.status
                         from allocations a join enrolments e on e.id = a.enrolment_id
                        where a.assessor_id = @me and a.to_at is null and e.provider_id = @provider)`;
/** Standing decisions an IQA disagreed with: reopened for the assessor. */
const DUE = `due as materialized (select d.enrolment_id, d.item_id, s.action_required, s.action_due, s.created_at as sampled_at
                       from mine cross join decisions d on d.enrolment_id = mine.id and d.status = 'standing'
                       cross join iqa_samples s on s.decision_id = d.id and s.outcome = 'disagree'
                      where mine.status <> 'withdrawn')`;

/** Waiting criteria shown per page of the caseload. */
export const CASELOAD_PAGE_SIZE = 50;

/** The caseload's three reads, prepared once per connection (compiling them cost more than running them). */
const caseloadSql = preparedStatements({
  enrolments: `with ${MINE}, ${DUE},
            counted as materialized (select m.*,
                   (select count(*) from criterion_progress cp where cp.enrolment_id = m.id and cp.status = 'submitted') as submitted,
                   (select count(*) from due join criterion_progress cp on cp.enrolment_id = due.enrolment_id and cp.item_id = due.item_id
                     where due.enrolment_id = m.id and cp.status = 'submitted') as dueSubmitted,
                   (select count(*) from due where due.enrolment_id = m.id) as due,
                   (select count(*) from criterion_progress cp where cp.enrolment_id = m.id and cp.status = 'met') as met,
                   (select count(*) from criterion_progress cp where cp.enrolment_id = m.id and cp.status = 'not_yet_met') as notYetMet,
                   (select count(*) from criterion_progress cp where cp.enrolment_id = m.id) as total,
                   (select min(cp.submitted_at) from criterion_progress cp where cp.enrolment_id = m.id and cp.status = 'submitted') as oldestSubmittedAt
              from mine m)
       select c.id, u.name as candidateName, c.candidate_number as candidateNumber, p.title as programmeTitle, p.slug as programmeSlug, c.status,
              case when c.status = 'withdrawn' then 0 else c.submitted - c.dueSubmitted end as waiting,
              c.due, c.met + c.notYetMet as decided, c.met, c.notYetMet, c.total, c.oldestSubmittedAt
         from counted c join users u on u.id = c.candidate_id join programmes p on p.id = c.programme_id
        order by (c.status <> 'active'), c.oldestSubmittedAt is null, c.oldestSubmittedAt, u.name, c.candidate_number, c.id`,
  due: `with ${MINE}, ${DUE}
       select 'due' as kind, due.enrolment_id as enrolmentId, due.item_id as itemId, u.name as candidateName, m.candidate_number as candidateNumber,
              i.code, coalesce(i.statement, i.title, '') as text, f.short_title as frameworkShortTitle, cp.submitted_at as submittedAt,
              due.action_required as actionRequired, due.action_due as actionDue, due.sampled_at as sampledAt
         from due join mine m on m.id = due.enrolment_id join users u on u.id = m.candidate_id
         join standard_items i on i.id = due.item_id join standard_frameworks f on f.id = i.framework_id
         left join criterion_progress cp on cp.enrolment_id = due.enrolment_id and cp.item_id = due.item_id
        order by coalesce(due.action_due, '9999'), due.sampled_at, u.name, i.code`,
  waiting: `with ${MINE}, ${DUE}
       select 'waiting' as kind, cp.enrolment_id as enrolmentId, cp.item_id as itemId, u.name as candidateName, m.candidate_number as candidateNumber,
              i.code, coalesce(i.statement, i.title, '') as text, f.short_title as frameworkShortTitle, cp.submitted_at as submittedAt,
              null as actionRequired, null as actionDue, null as sampledAt
         from mine m cross join criterion_progress cp on cp.enrolment_id = m.id and cp.status = 'submitted'
         join users u on u.id = m.candidate_id join standard_items i on i.id = cp.item_id join standard_frameworks f on f.id = i.framework_id
        where m.status <> 'withdrawn' and not exists (select 1 from due where due.enrolment_id = cp.enrolment_id and due.item_id = cp.item_id)
        order by cp.submitted_at, u.name, i.code, m.candidate_number, cp.enrolment_id, cp.item_id
        limit @limit offset @offset`,
});

/**
 * The assessor's caseload in three reads whatever its size: each allocated enrolment with its
 * counts, every criterion due again (reopened by an IQA, soonest due first), and one page of the
 * criteria waiting (submitted, oldest first). All start from the assessor's own allocations (mine,
 * materialized once): each enrolment's counts and waiting criteria are read from the
 * criterion_progress_enrolment_status index alone (CROSS JOIN keeps that order), never by scanning
 * every submitted criterion in the database. A page past the last shows the last.
 */
export function caseload(actor: Actor, options: { page?: number; pageSize?: number } = {}) {
  assertRole(actor, ["assessor"]);
  const db = getDb();
  const params = { me: actor.userId, provider: actor.providerId };
  const enrolmentRows = caseloadSql(db, "enrolments").all(params) as CaseloadEnrolment[];
  const due = caseloadSql(db, "due").all(params) as CaseloadItem[];
  const waitingTotal = enrolmentRows.reduce((n, e) => n + e.waiting, 0);
  const { page, pages, offset, size, first, last } = pageWindow(waitingTotal, options.pageSize ?? CASELOAD_PAGE_SIZE, options.page);
  const waiting = caseloadSql(db, "waiting").all({ ...params, limit: size, offset }) as CaseloadItem[];
  return {
    counts: {
      candidates: enrolmentRows.length,
      waiting: waitingTotal,
      due: due.length,
      decided: enrolmentRows.reduce((n, e) => n + e.decided, 0),
      notYetMet: enrolmentRows.reduce((n, e) => n + e.notYetMet, 0),
    },
    enrolments: enrolmentRows,
    waiting,
    waitingPage: { page, pages, first, last },
    due,
  };
}

/** Just the counts (the assessor's dashboard). */
export function caseloadCounts(actor: Actor) {
  return caseload(actor).counts;
}

// ---- one candidate, for the assessor ------------------------------------------------------------

/**
 * One candidate's criteria for their assessor: the portfolio's grouped task list, each criterion with
 * the decision standing on it and whether it waits for the assessor (submitted, or reopened by an IQA).
 */
export function assessmentOverview(actor: Actor, enrolmentId: string) {
  const enrolment = assessorEnrolment(actor, enrolmentId);
  const p = portfolio(actor, enrolment.id);
  const rows = getDb()
    .$client.prepare(
      `select d.item_id as itemId, d.id, d.outcome, d.decided_on as decidedOn, s.outcome as sampleOutcome, s.action_due as actionDue
         from decisions d left join iqa_samples s on s.decision_id = d.id where d.enrolment_id = ? and d.status = 'standing'`,
    )
    .all(enrolment.id) as { itemId: string; id: string; outcome: "met" | "not_yet_met"; decidedOn: string; sampleOutcome: "agree" | "disagree" | null; actionDue: string | null }[];
  const standing = Object.fromEntries(rows.map((r) => [r.itemId, r]));
  let waiting = 0;
  let due = 0;
  for (const f of p.frameworks)
    for (const s of f.sections)
      for (const g of s.groups)
        for (const t of g.tasks) {
          if (standing[t.itemId]?.sampleOutcome === "disagree") due++;
          else if (t.status === "submitted") waiting++;
        }
  return { ...p, standing, waiting, due, achievement: achievementFor(actor, enrolment.id) };
}

// ---- one criterion, for the assessor ------------------------------------------------------------

export type EvidenceForAssessment = {
  id: string;
  reference: string;
  kind: string;
  note: string;
  versions: number;
  current: {
    id: string;
    version: number;
    title: string;
    evidenceDate: string | null;
    body: Record<string, unknown>;
    file: { fileName: string; size: number; mediaType: string; sha256: string } | null;
    contentHash: string;
    lockedAt: number | null;
    createdAt: number;
    personalData: { kind: string; match: string; index: number; field: string }[];
    personalDataReason: string | null;
  };
};

/** Everything the "assess a criterion" page shows. */
export function criterionForAssessment(actor: Actor, enrolmentId: string, itemId: string, now = Date.now()) {
  const enrolment = assessorEnrolment(actor, enrolmentId);
  const db = getDb();
  const item = assessableItem(db, enrolment, itemId);
  const header = db.$client
    .prepare(
      `select u.name as candidateName, e.candidate_number as candidateNumber, p.title as programmeTitle, e.enrolled_at as enrolledAt
         from enrolments e join users u on u.id = e.candidate_id join programmes p on p.id = e.programme_id where e.id = ?`,
    )
    .get(enrolment.id) as { candidateName: string; candidateNumber: string; programmeTitle: string; enrolledAt: number };
  const evidence = (
    db.$client
      .prepare(
        `select e.id, e.reference, e.kind, m.note, (select count(*) from evidence_versions x where x.evidence_id = e.id) as versions,
                v.id as versionId, v.version, v.title, v.evidence_date as evidenceDate, v.body, v.file_sha256 as fileSha256, v.file_name as fileName,
                v.file_size as fileSize, v.media_type as mediaType, v.content_hash as contentHash, v.locked_at as lockedAt, v.created_at as createdAt,
                v.personal_data as personalData, v.personal_data_reason as personalDataReason
           from evidence_mappings m join evidence e on e.id = m.evidence_id join evidence_versions v on v.id = e.current_version_id
          where m.enrolment_id = @enrolmentId and m.item_id = @itemId and e.enrolment_id = @enrolmentId and e.deleted_at is null
          order by cast(substr(e.reference, 2) as integer)`,
      )
      .all({ enrolmentId: enrolment.id, itemId: item.id }) as {
      id: string;
      reference: string;
      kind: string;
      note: string;
      versions: number;
      versionId: string;
      version: number;
      title: string;
      evidenceDate: string | null;
      body: string;
      fileSha256: string | null;
      fileName: string | null;
      fileSize: number | null;
      mediaType: string | null;
      contentHash: string;
      lockedAt: number | null;
      createdAt: number;
      personalData: string | null;
      personalDataReason: string | null;
    }[]
  ).map(
    (r): EvidenceForAssessment => ({
      id: r.id,
      reference: r.reference,
      kind: r.kind,
      note: r.note,
      versions: r.versions,
      current: {
        id: r.versionId,
        version: r.version,
        title: r.title,
        evidenceDate: r.evidenceDate,
        body: JSON.parse(r.body) as Record<string, unknown>,
        file: r.fileSha256 ? { fileName: r.fileName ?? "evidence", size: r.fileSize ?? 0, mediaType: r.mediaType ?? "application/octet-stream", sha256: r.fileSha256 } : null,
        contentHash: r.contentHash,
        lockedAt: r.lockedAt,
        createdAt: r.createdAt,
        personalData: r.personalData ? (JSON.parse(r.personalData) as EvidenceForAssessment["current"]["personalData"]) : [],
        personalDataReason: r.personalDataReason,
      },
    }),
  );
  const standing = standingDecision(db, enrolment.id, item.id);
  const can = judgeable(item.progress, standing, enrolment);
  return {
    enrolment: { id: enrolment.id, status: enrolment.status, ...header },
    item: {
      id: item.id,
      code: item.code,
      type: item.type,
      title: item.title,
      statement: item.statement ?? item.title ?? item.fullStatement,
      bullets: item.bullets ? (JSON.parse(item.bullets) as Bullet[]) : null,
      frameworkShortTitle: item.frameworkShortTitle,
      framework: item.framework,
      frameworkVersion: item.frameworkVersion,
      parent: item.parentCode ? itemLabel({ type: item.parentType ?? "", code: item.parentCode, title: item.parentTitle }) : null,
      required: item.required === 1,
      performanceCriterion: item.type === PERFORMANCE_CRITERION,
    },
    progress: { status: item.progress ?? ("no_evidence" as CriterionStatus), submittedAt: item.submittedAt },
    evidence,
    history: decisionsOf(db, enrolment.id, item.id),
    standingId: standing?.id ?? "",
    canDecide: can.ok && evidence.length > 0,
    reopened: can.ok && can.reopened,
    cannotDecideReason: !can.ok ? can.reason : evidence.length === 0 ? "No evidence is mapped to this criterion, so there is nothing to judge it on." : null,
    today: londonToday(now),
  };
}

// ---- deciding -----------------------------------------------------------------------------------

type Checked = { outcome: "met" | "not_yet_met"; methods: AssessmentMethod[]; checks: Varcs[]; feedback: string | null; decidedOn: string; expectedDecisionId: string };

/** Every rule the input alone (and the criterion's type) decides, with all the problems at once. */
function checkInput(raw: DecisionInput, item: { code: string; type: string }, now: number, notBefore: string | null): { ok: true; value: Checked } | { ok: false; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const shaped = decisionForm.safeParse(raw);
  if (!shaped.success) return { ok: false, errors: { form: ["The form could not be read. Reload the page and try again."] } };
  const v = shaped.data;

  const outcome = v.outcome === "met" || v.outcome === "not_yet_met" ? v.outcome : null;
  if (!outcome) add("outcome", "Select whether the criterion is met or not yet met");

  const methods = [...new Set(v.methods)];
  if (methods.some((m) => !(ASSESSMENT_METHODS as readonly string[]).includes(m))) add("methods", "Select assessment methods from the list");
  else if (!methods.length) add("methods", "Select the assessment methods you used");

  const checks = [...new Set(v.checks)];
  if (checks.some((c) => !(VARCS as readonly string[]).includes(c))) add("checks", "Select checks from the list");
  else if (outcome === "met" && checks.length !== VARCS.length) {
    const missing = VARCS.filter((c) => !checks.includes(c)).map((c) => VARCS_LABELS[c].label.toLowerCase());
    add(
      "checks",
      checks.length
        ? `To record the criterion as met, confirm all five evidence checks: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not confirmed`
        : "To record the criterion as met, confirm the evidence is valid, authentic, reliable, current and sufficient",
    );
  }

  if (
    outcome === "met" &&
    item.type === PERFORMANCE_CRITERION &&
    methods.length &&
    !errors.methods &&
    !methods.some((m) => PERFORMANCE_METHODS.includes(m as AssessmentMethod))
  )
    add(
      "methods",
      `${item.code} is a performance criterion, so it cannot be met on knowledge evidence alone (questioning, professional discussion or a reflective account). To record it as met, include observation, examination of work product or witness testimony`,
    );

  const feedback = v.feedback?.trim() ? v.feedback.trim() : null;
  if (outcome === "not_yet_met" && !feedback) add("feedback", "Enter feedback telling the candidate what they need to do to meet the criterion");
  if (feedback && feedback.length > FEEDBACK_MAX) add("feedback", `Feedback must be ${FEEDBACK_MAX.toLocaleString("en-GB")} characters or fewer`);

  const date = parseDecisionDate(v.decidedOn, now, notBefore);
  if (!date.ok) add("decidedOn", date.message);

  const expectedDecisionId = v.expectedDecisionId?.trim() ?? "";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { outcome: outcome!, methods: methods as AssessmentMethod[], checks: VARCS.filter((c) => checks.includes(c)), feedback, decidedOn: (date as { date: string }).date, expectedDecisionId } };
}

/**
 * Records the assessor's decision on one criterion (see the module comment for the rules). Access
 * problems throw 403/404; everything the assessor can put right comes back as field errors; a
 * decision recorded meanwhile by someone else comes back as a conflict and nothing is written.
 */
export function decide(actor: Actor, enrolmentId: string, itemId: string, raw: DecisionInput, now = Date.now()): DecideResult {
  assertRole(actor, ["assessor"]);
  const db = getDb();
  try {
    return immediate(db, (): DecideResult => {
      // Who may decide, whether the criterion is assessed here, and the state the decision depends
      // on: one read, under the write lock (nothing is written unless every check passes).
      const d = decideSql(db, "deciding").get({ enrolmentId, itemId, userId: actor.userId, providerId: actor.providerId }) as Deciding | undefined;
      if (d && d.candidateId === actor.userId) throw forbidden("You cannot assess your own portfolio.");
      if (!d || !d.visible || d.itemId === null || !d.assessable) throw notFound();
      const checked = checkInput(raw, d, now, londonToday(d.enrolledAt));
      if (!checked.ok) return checked;
      const input = checked.value;
      const key = { enrolmentId: d.id, itemId: d.itemId };

      if ((d.standingId ?? "") !== input.expectedDecisionId) return { ok: false, conflict: conflictOf(db, d.id, d.itemId, d.standingId ?? undefined) };
      const can = judgeable(d.progress, d.standingId ? { sampleOutcome: d.sampleOutcome } : undefined, d);
      if (!can.ok) return { ok: false, errors: { form: [can.reason] } };

      const versions = decideSql(db, "versions").all(key) as DecidingVersion[];
      if (!versions.length) return { ok: false, errors: { form: ["No evidence is mapped to this criterion, so there is nothing to judge it on."] } };

      if (d.standingId) decideSql(db, "supersede").run({ id: d.standingId, now });
      const decisionId = orderedId();
      decideSql(db, "insertDecision").run({
        ...key,
        id: decisionId,
        assessorId: actor.userId,
        outcome: input.outcome,
        methods: JSON.stringify(input.methods),
        checks: JSON.stringify(input.checks),
        feedback: input.feedback,
        decidedOn: input.decidedOn,
        now,
      });
      const insertEvidence = decideSql(db, "insertEvidence");
      for (const v of versions) insertEvidence.run(decisionId, v.versionId, v.contentHash, v.fileSha256);
      const unlocked = versions.filter((v) => v.lockedAt === null).map((v) => v.versionId);
      if (unlocked.length) decideSql(db, "lock").run({ ids: JSON.stringify(unlocked), now });
      decideSql(db, "progress").run({ ...key, outcome: input.outcome, now });
      decideSql(db, "revision").run(d.id);
      recordAudit(
        db,
        {
          ...auditActor(actor),
          action: "decided",
          entity: "decision",
          entityId: decisionId,
          providerId: d.providerId,
          details: {
            enrolmentId: d.id,
            itemId: d.itemId,
            code: d.code,
            outcome: input.outcome,
            methods: input.methods,
            checks: input.checks,
            decidedOn: input.decidedOn,
            feedbackGiven: input.feedback !== null,
            supersedes: d.standingId ?? null,
            reopenedByIqa: can.reopened,
            evidence: versions.map((v) => ({ reference: v.reference, versionId: v.versionId, version: v.version, contentHash: v.contentHash, fileSha256: v.fileSha256 })),
          },
        },
        now,
      );
      notify(db, d.candidateId, `Your assessor decided ${d.code} is ${input.outcome === "met" ? "met" : "not yet met"}`, `/portfolio/${d.id}/decisions`, now);
      const changed = settleAfterDecision(db, d, { required: d.required === 1, outcome: input.outcome }, actor, now);
      return { ok: true, decisionId, code: d.code, outcome: input.outcome, achieved: changed === "achieved" };
    });
  } catch (e) {
    // The partial unique index is the last line of defence: if two decisions ever raced past the
    // check, the loser is told like any other conflict.
    if (e instanceof Error && /UNIQUE constraint failed: decisions\.enrolment_id, decisions\.item_id/.test(e.message)) {
      const standingNow = decideSql(db, "standingId").get(enrolmentId, itemId) as { id: string } | undefined;
      return { ok: false, conflict: conflictOf(db, enrolmentId, itemId, standingNow?.id) };
    }
    throw e;
  }
}

/** Who decided what and when: the decision standing now, or (if the one seen was withdrawn) the latest. */
function conflictOf(db: Db, enrolmentId: string, itemId: string, standingId: string | undefined): DecisionConflict {
  const row = decideSql(db, "conflict").get({ enrolmentId, itemId, standingId: standingId ?? null }) as DecisionConflict | undefined;
  return row ?? { decisionId: "", assessorName: "", outcome: "met", decidedOn: "", createdAt: 0, status: "withdrawn" };
}

// ---- withdrawing --------------------------------------------------------------------------------

export const withdrawInput = z.object({
  reason: z
    .string({ message: "Enter why you are withdrawing this decision" })
    .trim()
    .min(1, "Enter why you are withdrawing this decision")
    .max(REASON_MAX, `Reason must be ${REASON_MAX.toLocaleString("en-GB")} characters or fewer`),
});

/** The decision, for its own assessor (other roles 403; not theirs 403; not visible 404). */
function ownDecision(actor: Actor, decisionId: string) {
  assertRole(actor, ["assessor"]);
  const db = getDb();
  const row = db.select().from(decisions).where(eq(decisions.id, decisionId)).get();
  if (!row) throw notFound();
  const enrolment = assessorEnrolment(actor, row.enrolmentId);
  if (row.assessorId !== actor.userId) throw forbidden("Only the assessor who made a decision can withdraw it.");
  return { row, enrolment };
}

/** Why a decision cannot be withdrawn now, or null. */
function withdrawRefusal(row: { status: string }, sampled: boolean, enrolment: Pick<Enrolment, "status">): string | null {
  if (row.status === "withdrawn") return "This decision has already been withdrawn.";
  if (row.status !== "standing") return "A later decision has replaced this one, so it can no longer be withdrawn.";
  if (sampled) return "An internal quality assurer has sampled this decision, so it can no longer be withdrawn.";
  if (enrolment.status === "achieved") return "The candidate has achieved the programme on this decision, so it can no longer be withdrawn.";
  if (enrolment.status === "withdrawn") return "This enrolment has been withdrawn.";
  return null;
}

const isSampled = (db: Db, decisionId: string) => !!db.$client.prepare("select 1 from iqa_samples where decision_id = ?").get(decisionId);

/** What the withdrawal confirmation page shows. */
export function decisionForWithdrawal(actor: Actor, decisionId: string) {
  const { row, enrolment } = ownDecision(actor, decisionId);
  const db = getDb();
  const view = decisionsOf(db, enrolment.id, row.itemId).find((d) => d.id === row.id)!;
  const candidate = db.$client
    .prepare("select u.name as candidateName, e.candidate_number as candidateNumber from enrolments e join users u on u.id = e.candidate_id where e.id = ?")
    .get(enrolment.id) as { candidateName: string; candidateNumber: string };
  return { decision: view, enrolmentId: enrolment.id, ...candidate, refusal: withdrawRefusal(row, view.sample !== null, enrolment) };
}

/**
 * Withdraws the assessor's own standing decision, with a reason, while no IQA has sampled it: the
 * criterion waits for a decision again. The versions it relied on stay locked (the record of what
 * was judged stays exactly as it was).
 */
export function withdrawDecision(actor: Actor, decisionId: string, rawReason: unknown, now = Date.now()): { enrolmentId: string; itemId: string; code: string } {
  const { row, enrolment } = ownDecision(actor, decisionId);
  const parsed = withdrawInput.safeParse({ reason: rawReason });
  if (!parsed.success) throw new AssessmentError(parsed.error.issues[0].message, "reason");
  const reason = parsed.data.reason;
  const db = getDb();
  return immediate(db, () => {
    const latest = db.select().from(decisions).where(eq(decisions.id, decisionId)).get()!;
    const current = db.select().from(enrolments).where(eq(enrolments.id, enrolment.id)).get()!;
    const refusal = withdrawRefusal(latest, isSampled(db, decisionId), current);
    if (refusal) throw new AssessmentError(refusal);
    const code = (db.$client.prepare("select code from standard_items where id = ?").get(row.itemId) as { code: string }).code;
    db.update(decisions).set({ status: "withdrawn", withdrawnAt: now, withdrawnReason: reason }).where(eq(decisions.id, decisionId)).run();
    db.update(criterionProgress)
      .set({ status: "submitted", submittedAt: sql`coalesce(${criterionProgress.submittedAt}, ${now})`, updatedAt: now })
      .where(and(eq(criterionProgress.enrolmentId, enrolment.id), eq(criterionProgress.itemId, row.itemId)))
      .run();
    db.update(enrolments).set({ revision: sql`${enrolments.revision} + 1` }).where(eq(enrolments.id, enrolment.id)).run();
    recordAudit(
      db,
      {
        ...auditActor(actor),
        action: "withdrew-decision",
        entity: "decision",
        entityId: decisionId,
        providerId: enrolment.providerId,
        details: { enrolmentId: enrolment.id, itemId: row.itemId, code, outcome: latest.outcome, reason },
      },
      now,
    );
    notify(db, enrolment.candidateId, `Your assessor withdrew their decision on ${code}; it will be assessed again`, `/portfolio/${enrolment.id}/decisions`, now);
    return { enrolmentId: enrolment.id, itemId: row.itemId, code };
  });
}

// ---- everyone's view of the decisions --------------------------------------------------------------

/**
 * Every decision on an enrolment, newest first, with its feedback and evidence, and the programme's
 * achievement state: for anyone who may see the enrolment (the candidate, their assessor and IQA,
 * the provider's admin). The IQA's comments are shown to staff, not to the candidate.
 */
export function decisionsFor(actor: Actor, enrolmentId: string) {
  const enrolment = enrolmentFor(actor, enrolmentId);
  const db = getDb();
  const header = db.$client
    .prepare(
      `select e.id, e.candidate_id as candidateId, u.name as candidateName, e.candidate_number as candidateNumber, e.status, e.achieved_at as achievedAt,
              p.title as programmeTitle, pr.name as providerName
         from enrolments e join users u on u.id = e.candidate_id join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id where e.id = ?`,
    )
    .get(enrolment.id) as { id: string; candidateId: string; candidateName: string; candidateNumber: string; status: "active" | "achieved" | "withdrawn"; achievedAt: number | null; programmeTitle: string; providerName: string };
  const mine = header.candidateId === actor.userId;
  const list = decisionsOf(db, enrolment.id).map((d) => (mine && d.sample ? { ...d, sample: { ...d.sample, comments: "", actionRequired: null } } : d));
  return { enrolment: header, mine, decisions: list, achievement: achievementFor(actor, enrolment.id) };
}
