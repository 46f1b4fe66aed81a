/**
 * Internal quality assurance: each provider's sampling plan, the IQA's queue of decisions to sample
 * (risk-based, with the reason each one is required), what the plan has still to reach, sampling a
 * decision (agree, or disagree with an action and a date, which reopens the criterion for the
 * assessor), and the IQA report per assessor and per programme.
 *
 * Rules, as the plan applies them (shown on the sampling plan page too):
 *
 * - A decision is REQUIRED to sample when any of these holds (all that hold are given as reasons):
 *   1. new assessor: its assessor has fewer IQA-agreed decisions on that programme, at this provider,
 *      than the plan's threshold (a new assessor, or one new to the programme, is sampled fully);
 *   2. random sample: `sampleBucket(decision id)` (SHA-256 of the id, mod 100) is below the plan's
 *      percentage, so the selection is stable across page loads and testable;
 *   3. coverage, over the life of a programme at the provider, the plan must reach at least once:
 *      - every assessor who has made decisions on it;
 *      - every unit of it. A UNIT is the framework version for the NOS unit and for the Level 4
 *        award (each is one unit), and a section (A–F, the first letter of the item code under
 *        decision 0003's coding scheme) for the best practice guidance;
 *      - every candidate's FINAL decision: on an achieved enrolment, the latest decision made at or
 *        before it was achieved; otherwise, once every criterion the programme requires is decided
 *        (met or not yet met in criterion_progress), the latest standing decision.
 *   Anything else standing and not yet sampled is optional.
 * - Whether a PORTFOLIO IS SAMPLED (the Level 4 award's achievement rule) is decided in
 *   achievement.server.ts: at least one standing decision agreed by the IQA, and no standing
 *   decision the IQA disagreed with. Sampling calls settleAchievement in its transaction, so an
 *   agreement can complete an award and a disagreement reopens an achieved enrolment.
 * - "Decisions made" in reports counts every decision that was not withdrawn (standing or superseded).
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { immediate, type Db } from "../../db/connection";
import { iqaSamples, providers, samplingPlans, users, type AssessmentMethod } from "../../db/schema";
import { settleAchievement } from "./achievement.server";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound } from "./http.server";
import { notify } from "./notifications.server";
import { wholeNumber } from "./form-fields";
import { londonToday } from "./london";
import { pageWindow } from "./paging";

// ---- the plan ------------------------------------------------------------------------------------

export type SamplingPlan = { fullSampleUntilAgreed: number; samplePercent: number };

/** Used while a provider has not set a plan of its own. */
export const DEFAULT_PLAN: SamplingPlan = { fullSampleUntilAgreed: 5, samplePercent: 20 };
export const PLAN_LIMITS = { fullSampleUntilAgreed: { min: 1, max: 50 }, samplePercent: { min: 1, max: 100 } } as const;

/** The provider's plan, or the default when it has none. For use inside other domain functions. */
export function planFor(db: Db, providerId: string): SamplingPlan & { isDefault: boolean } {
  const row = db.select().from(samplingPlans).where(eq(samplingPlans.providerId, providerId)).get();
  return row ? { fullSampleUntilAgreed: row.fullSampleUntilAgreed, samplePercent: row.samplePercent, isDefault: false } : { ...DEFAULT_PLAN, isDefault: true };
}


/** The sampling plan form. */
export const samplingPlanInput = z.object({
  fullSampleUntilAgreed: wholeNumber(
    "Enter how many agreed decisions end full sampling",
    "The number of agreed decisions",
    PLAN_LIMITS.fullSampleUntilAgreed.min,
    PLAN_LIMITS.fullSampleUntilAgreed.max,
  ),
  samplePercent: wholeNumber("Enter the percentage of decisions to sample", "The percentage", PLAN_LIMITS.samplePercent.min, PLAN_LIMITS.samplePercent.max),
});

export class SamplingPlanError extends Error {
  constructor(
    readonly field: keyof SamplingPlan,
    message: string,
  ) {
    super(message);
  }
}

/** The plan of the actor's provider, for the plan page (provider admin edits, IQA reads). */
export function getSamplingPlan(actor: Actor) {
  assertRole(actor, ["provider_admin", "iqa"]);
  const db = getDb();
  const provider = db.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.id, actor.providerId!)).get();
  if (!provider) throw notFound();
  const row = db
    .select({ updatedAt: samplingPlans.updatedAt, updatedByName: users.name })
    .from(samplingPlans)
    .leftJoin(users, eq(users.id, samplingPlans.updatedBy))
    .where(eq(samplingPlans.providerId, provider.id))
    .get();
  return { provider, plan: planFor(db, provider.id), updatedAt: row?.updatedAt ?? null, updatedByName: row?.updatedByName ?? null, canEdit: actor.role === "provider_admin" };
}

/** A provider admin sets their provider's plan (both numbers), with an audit event of the change. */
export function setSamplingPlan(actor: Actor, input: SamplingPlan, now = Date.now()): void {
  assertRole(actor, ["provider_admin"]);
  for (const field of ["fullSampleUntilAgreed", "samplePercent"] as const) {
    const { min, max } = PLAN_LIMITS[field];
    const n = input[field];
    if (!Number.isInteger(n) || n < min || n > max) throw new SamplingPlanError(field, `${field === "samplePercent" ? "The percentage" : "The number of agreed decisions"} must be a whole number between ${min} and ${max}`);
  }
  const db = getDb();
  const providerId = actor.providerId!;
  immediate(db, () => {
    const before = planFor(db, providerId);
    db.insert(samplingPlans)
      .values({ providerId, fullSampleUntilAgreed: input.fullSampleUntilAgreed, samplePercent: input.samplePercent, updatedAt: now, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: samplingPlans.providerId, set: { fullSampleUntilAgreed: input.fullSampleUntilAgreed, samplePercent: input.samplePercent, updatedAt: now, updatedBy: actor.userId } })
      .run();
    recordAudit(
      db,
      {
        ...auditActor(actor),
        action: "sampling-plan-set",
        entity: "sampling_plan",
        entityId: providerId,
        providerId,
        details: { from: before.isDefault ? null : { fullSampleUntilAgreed: before.fullSampleUntilAgreed, samplePercent: before.samplePercent }, to: input },
      },
      now,
    );
  });
}

// ---- risk-based selection (pure) -----------------------------------------------------------------

/** A stable number from 0 to 99 for a decision: the first 32 bits of SHA-256 of its id, mod 100. */
export function sampleBucket(decisionId: string): number {
  return parseInt(createHash("sha256").update(decisionId).digest("hex").slice(0, 8), 16) % 100;
}

/** What the plan needs to know about one unsampled decision. */
export type SampleFacts = {
  decisionId: string;
  assessorName: string;
  candidateName: string;
  unitLabel: string;
  /** IQA-agreed decisions of this assessor on this programme, at this provider. */
  assessorAgreedOnProgramme: number;
  /** Whether any decision of this assessor on this programme has been sampled. */
  assessorSampledOnProgramme: boolean;
  /** Whether any decision in this unit of this programme has been sampled. */
  unitSampledOnProgramme: boolean;
  /** Whether this is its candidate's final decision (see the module comment). */
  isFinalDecision: boolean;
};

export type SampleReason =
  | { kind: "new_assessor"; agreed: number; needed: number }
  | { kind: "random"; percent: number }
  | { kind: "coverage_assessor"; assessorName: string }
  | { kind: "coverage_unit"; unitLabel: string }
  | { kind: "coverage_final"; candidateName: string };

/** Whether the plan requires this decision to be sampled, and every reason that applies. */
export function shouldSample(plan: SamplingPlan, facts: SampleFacts): { required: boolean; reasons: SampleReason[] } {
  const reasons: SampleReason[] = [];
  if (facts.assessorAgreedOnProgramme < plan.fullSampleUntilAgreed) reasons.push({ kind: "new_assessor", agreed: facts.assessorAgreedOnProgramme, needed: plan.fullSampleUntilAgreed });
  if (sampleBucket(facts.decisionId) < plan.samplePercent) reasons.push({ kind: "random", percent: plan.samplePercent });
  if (!facts.assessorSampledOnProgramme) reasons.push({ kind: "coverage_assessor", assessorName: facts.assessorName });
  if (!facts.unitSampledOnProgramme) reasons.push({ kind: "coverage_unit", unitLabel: facts.unitLabel });
  if (facts.isFinalDecision) reasons.push({ kind: "coverage_final", candidateName: facts.candidateName });
  return { required: reasons.length > 0, reasons };
}

export function reasonText(r: SampleReason): string {
  switch (r.kind) {
    case "new_assessor":
      return `New assessor: ${r.agreed} of ${r.needed} agreed`;
    case "random":
      return `Random sample (${r.percent}%)`;
    case "coverage_assessor":
      return `Coverage: no decision by ${r.assessorName} sampled yet`;
    case "coverage_unit":
      return `Coverage: no decision in ${r.unitLabel} sampled yet`;
    case "coverage_final":
      return `Coverage: final decision for ${r.candidateName}`;
  }
}

// ---- SQL building blocks -------------------------------------------------------------------------

/** The unit an item belongs to (see the module comment): `i` is the item, `f` its framework version. */
const UNIT_KEY = `(case when f.framework = 'guidance' then f.id || ':' || substr(i.code, 1, 1) else f.id end)`;
const UNIT_LABEL = `(case when f.framework = 'guidance'
    then f.short_title || ', Section ' || substr(i.code, 1, 1)
         || coalesce(': ' || (select s.title from standard_items s where s.framework_id = f.id and s.type = 'Section' and s.code = substr(i.code, 1, 1)), '')
    else f.short_title end)`;

/**
 * Each (non-withdrawn) enrolment of the provider with its final decision, where it has one.
 * Parameter: @providerId. Materialized, as is `sampled`: the queue asks of them once per decision,
 * and without it SQLite evaluated them again for each (seconds for a busy IQA at national scale).
 */
const FINALS_CTE = `finals as materialized (
  select e.id as enrolment_id,
         (select d.id from decisions d
           where d.enrolment_id = e.id
             and (case when e.status = 'achieved' then d.status <> 'withdrawn' and d.created_at <= coalesce(e.achieved_at, d.created_at)
                       else d.status = 'standing' end)
           order by d.created_at desc, d.id desc limit 1) as decision_id
    from enrolments e
   where e.provider_id = @providerId and e.status <> 'withdrawn'
     and (e.status = 'achieved' or not exists (
           select 1 from programme_requirements r
            where r.programme_id = e.programme_id
              and not exists (select 1 from criterion_progress cp where cp.enrolment_id = e.id and cp.item_id = r.item_id and cp.status in ('met', 'not_yet_met'))))
)`;

/** Sampled decisions of the provider, with their assessor, programme and unit. Parameter: @providerId. */
const SAMPLED_CTE = `sampled as materialized (
  select d.id as decision_id, d.assessor_id, e.programme_id, ${UNIT_KEY} as unit_key, s.outcome
    from iqa_samples s join decisions d on d.id = s.decision_id join enrolments e on e.id = d.enrolment_id
    join standard_items i on i.id = d.item_id join standard_frameworks f on f.id = i.framework_id
   where e.provider_id = @providerId
)`;

/** The first line of an item's text, for lists. */
const ITEM_TEXT = `coalesce(i.statement, i.title, i.full_statement)`;
const firstLine = (text: string) => text.split("\n")[0].trim();

type FactRow = {
  decisionId: string;
  enrolmentId: string;
  itemId: string;
  itemCode: string;
  itemText: string;
  assessorId: string;
  assessorName: string;
  candidateName: string;
  candidateNumber: string;
  programmeId: string;
  programmeTitle: string;
  unitLabel: string;
  outcome: "met" | "not_yet_met";
  decidedOn: string;
  createdAt: number;
  agreed: number;
  assessorSampled: number;
  unitSampled: number;
  isFinal: number;
};

/**
 * Standing, unsampled decisions on the enrolments the IQA is currently allocated to, in their
 * provider, with the facts the plan needs. `decisionId` narrows it to one.
 */
function unsampledFacts(db: Db, providerId: string, iqaId: string, decisionId: string | null): FactRow[] {
  return db.$client
    .prepare(
      `with ${FINALS_CTE}, ${SAMPLED_CTE}
       select d.id as decisionId, d.enrolment_id as enrolmentId, d.item_id as itemId, i.code as itemCode, ${ITEM_TEXT} as itemText,
              d.assessor_id as assessorId, ua.name as assessorName, c.name as candidateName, e.candidate_number as candidateNumber,
              p.id as programmeId, p.title as programmeTitle, ${UNIT_LABEL} as unitLabel,
              d.outcome, d.decided_on as decidedOn, d.created_at as createdAt,
              (select count(*) from sampled x where x.assessor_id = d.assessor_id and x.programme_id = e.programme_id and x.outcome = 'agree') as agreed,
              exists (select 1 from sampled x where x.assessor_id = d.assessor_id and x.programme_id = e.programme_id) as assessorSampled,
              exists (select 1 from sampled x where x.programme_id = e.programme_id and x.unit_key = ${UNIT_KEY}) as unitSampled,
              exists (select 1 from finals fi where fi.decision_id = d.id) as isFinal
         from decisions d
         join enrolments e on e.id = d.enrolment_id
         join allocations a on a.enrolment_id = e.id and a.to_at is null and a.iqa_id = @iqaId
         join users ua on ua.id = d.assessor_id
         join users c on c.id = e.candidate_id
         join programmes p on p.id = e.programme_id
         join standard_items i on i.id = d.item_id
         join standard_frameworks f on f.id = i.framework_id
        where e.provider_id = @providerId and d.status = 'standing'
          and not exists (select 1 from iqa_samples s where s.decision_id = d.id)
          and (@decisionId is null or d.id = @decisionId)
        order by d.created_at, d.id`,
    )
    .all({ providerId, iqaId, decisionId }) as FactRow[];
}

const toFacts = (r: FactRow): SampleFacts => ({
  decisionId: r.decisionId,
  assessorName: r.assessorName,
  candidateName: r.candidateName,
  unitLabel: r.unitLabel,
  assessorAgreedOnProgramme: r.agreed,
  assessorSampledOnProgramme: !!r.assessorSampled,
  unitSampledOnProgramme: !!r.unitSampled,
  isFinalDecision: !!r.isFinal,
});

// ---- the IQA's queue -----------------------------------------------------------------------------

export type QueueEntry = {
  decisionId: string;
  enrolmentId: string;
  candidateName: string;
  candidateNumber: string;
  programmeTitle: string;
  itemCode: string;
  itemText: string;
  assessorName: string;
  outcome: "met" | "not_yet_met";
  decidedOn: string;
  createdAt: number;
  reasons: string[];
};

/**
 * The IQA's queue: standing decisions not yet sampled, on enrolments they are currently allocated
 * to in their provider; required ones first (with the reasons), then the rest. Decisions the IQA
 * made themselves (as an assessor) are left out and counted: another IQA must sample them.
 */
export function iqaQueue(actor: Actor) {
  assertRole(actor, ["iqa"]);
  const db = getDb();
  const plan = planFor(db, actor.providerId!);
  const required: QueueEntry[] = [];
  const optional: QueueEntry[] = [];
  let ownDecisions = 0;
  for (const row of unsampledFacts(db, actor.providerId!, actor.userId, null)) {
    if (row.assessorId === actor.userId) {
      ownDecisions++;
      continue;
    }
    const verdict = shouldSample(plan, toFacts(row));
    const entry: QueueEntry = {
      decisionId: row.decisionId,
      enrolmentId: row.enrolmentId,
      candidateName: row.candidateName,
      candidateNumber: row.candidateNumber,
      programmeTitle: row.programmeTitle,
      itemCode: row.itemCode,
      itemText: firstLine(row.itemText),
      assessorName: row.assessorName,
      outcome: row.outcome,
      decidedOn: row.decidedOn,
      createdAt: row.createdAt,
      reasons: verdict.reasons.map(reasonText),
    };
    (verdict.required ? required : optional).push(entry);
  }
  return { plan, required, optional, ownDecisions };
}

/** Decisions shown per page of each of the queue's two lists. */
export const IQA_PAGE_SIZE = 50;

/** The queue a page of each list at a time (a busy IQA has hundreds required, over a thousand others); a page past the last shows the last. */
export function iqaQueuePage(actor: Actor, o: { requiredPage?: number; optionalPage?: number; pageSize?: number } = {}) {
  const q = iqaQueue(actor);
  const size = o.pageSize ?? IQA_PAGE_SIZE;
  const requiredPage = pageWindow(q.required.length, size, o.requiredPage);
  const optionalPage = pageWindow(q.optional.length, size, o.optionalPage);
  return {
    ...q,
    required: q.required.slice(requiredPage.offset, requiredPage.offset + size),
    requiredPage,
    optional: q.optional.slice(optionalPage.offset, optionalPage.offset + size),
    optionalPage,
  };
}

// ---- what the plan has still to reach ------------------------------------------------------------

export type ProgrammeCoverage = {
  programmeId: string;
  programmeTitle: string;
  programmeVersion: string;
  assessors: { assessorId: string; name: string; decisions: number; sampled: number }[];
  units: { key: string; label: string; decisions: number; sampled: number }[];
  finals: { enrolmentId: string; candidateName: string; candidateNumber: string; decisionId: string | null; itemCode: string | null; sampled: boolean }[];
};

/**
 * Per programme, over its life at the provider: which assessors, units and candidates' final
 * decisions the sampling has reached and which it has not. Assessors and units are counted across
 * the provider (the plan is the provider's); candidates are those the actor may see (an IQA: the
 * enrolments allocated to them; a provider admin: all of the provider's).
 */
export function samplingCoverage(actor: Actor): ProgrammeCoverage[] {
  assertRole(actor, ["iqa", "provider_admin"]);
  const db = getDb();
  const providerId = actor.providerId!;
  const iqaId = actor.role === "iqa" ? actor.userId : null;
  const params = { providerId, iqaId };
  const inScope = `e.provider_id = @providerId and e.status <> 'withdrawn'
    and (@iqaId is null or exists (select 1 from allocations a where a.enrolment_id = e.id and a.to_at is null and a.iqa_id = @iqaId))`;

  const programmeRows = db.$client
    .prepare(`select distinct p.id as programmeId, p.title as programmeTitle, p.version as programmeVersion from enrolments e join programmes p on p.id = e.programme_id where ${inScope} order by p.title, p.version`)
    .all(params) as { programmeId: string; programmeTitle: string; programmeVersion: string }[];
  if (!programmeRows.length) return [];

  const assessorRows = db.$client
    .prepare(
      `select e.programme_id as programmeId, d.assessor_id as assessorId, u.name, count(*) as decisions, count(s.id) as sampled
         from decisions d join enrolments e on e.id = d.enrolment_id join users u on u.id = d.assessor_id
         left join iqa_samples s on s.decision_id = d.id
        where e.provider_id = @providerId and d.status <> 'withdrawn'
        group by e.programme_id, d.assessor_id order by u.name`,
    )
    .all({ providerId }) as ({ programmeId: string } & ProgrammeCoverage["assessors"][number])[];

  const unitRows = db.$client
    .prepare(
      `with required_units as (
          select r.programme_id, ${UNIT_KEY} as key, ${UNIT_LABEL} as label, min(r.position) as position
            from programme_requirements r join standard_items i on i.id = r.item_id join standard_frameworks f on f.id = i.framework_id
           where r.programme_id in (select e.programme_id from enrolments e where e.provider_id = @providerId)
           group by r.programme_id, key),
        decided_units as (
          select e.programme_id, ${UNIT_KEY} as key, count(*) as decisions, count(s.id) as sampled
            from decisions d join enrolments e on e.id = d.enrolment_id
            join standard_items i on i.id = d.item_id join standard_frameworks f on f.id = i.framework_id
            left join iqa_samples s on s.decision_id = d.id
           where e.provider_id = @providerId and d.status <> 'withdrawn'
           group by e.programme_id, key)
       select ru.programme_id as programmeId, ru.key, ru.label, coalesce(du.decisions, 0) as decisions, coalesce(du.sampled, 0) as sampled
         from required_units ru left join decided_units du on du.programme_id = ru.programme_id and du.key = ru.key
        order by ru.position`,
    )
    .all({ providerId }) as ({ programmeId: string } & ProgrammeCoverage["units"][number])[];

  const finalRows = db.$client
    .prepare(
      `with ${FINALS_CTE}
       select e.programme_id as programmeId, e.id as enrolmentId, c.name as candidateName, e.candidate_number as candidateNumber,
              fi.decision_id as decisionId, i.code as itemCode,
              exists (select 1 from iqa_samples s where s.decision_id = fi.decision_id) as sampled
         from enrolments e join users c on c.id = e.candidate_id
         left join finals fi on fi.enrolment_id = e.id
         left join decisions d on d.id = fi.decision_id
         left join standard_items i on i.id = d.item_id
        where ${inScope}
        order by c.name, e.candidate_number`,
    )
    .all(params) as ({ programmeId: string; sampled: number } & Omit<ProgrammeCoverage["finals"][number], "sampled">)[];

  return programmeRows.map((p) => ({
    ...p,
    assessors: assessorRows.filter((r) => r.programmeId === p.programmeId).map(({ programmeId: _, ...r }) => r),
    units: unitRows.filter((r) => r.programmeId === p.programmeId).map(({ programmeId: _, ...r }) => r),
    finals: finalRows.filter((r) => r.programmeId === p.programmeId).map(({ programmeId: _, ...r }) => ({ ...r, sampled: !!r.sampled })),
  }));
}

// ---- sampling one decision -----------------------------------------------------------------------

type DecisionRow = {
  id: string;
  enrolmentId: string;
  itemId: string;
  assessorId: string;
  outcome: "met" | "not_yet_met";
  methods: string;
  checks: string;
  feedback: string | null;
  decidedOn: string;
  createdAt: number;
  status: "standing" | "withdrawn" | "superseded";
  providerId: string;
  candidateId: string;
  enrolmentStatus: "active" | "achieved" | "withdrawn";
  currentAssessorId: string;
};

/**
 * The decision if the IQA may sample it: its enrolment is in their provider and they are its
 * currently allocated IQA (anyone else: 404). A decision they made themselves: 403.
 */
function decisionForIqa(db: Db, actor: Actor, decisionId: string): DecisionRow {
  assertRole(actor, ["iqa"]);
  const row = db.$client
    .prepare(
      `select d.id, d.enrolment_id as enrolmentId, d.item_id as itemId, d.assessor_id as assessorId, d.outcome, d.methods, d.checks, d.feedback,
              d.decided_on as decidedOn, d.created_at as createdAt, d.status, e.provider_id as providerId, e.candidate_id as candidateId,
              e.status as enrolmentStatus, a.assessor_id as currentAssessorId
         from decisions d join enrolments e on e.id = d.enrolment_id
         join allocations a on a.enrolment_id = e.id and a.to_at is null
        where d.id = ? and e.provider_id = ? and a.iqa_id = ?`,
    )
    .get(decisionId, actor.providerId, actor.userId) as DecisionRow | undefined;
  if (!row) throw notFound();
  if (row.assessorId === actor.userId) throw forbidden("You made this decision as its assessor, so another internal quality assurer must sample it.");
  return row;
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export type ExistingSample = { iqaName: string; outcome: "agree" | "disagree"; comments: string; actionRequired: string | null; actionDue: string | null; createdAt: number };

function existingSample(db: Db, decisionId: string): ExistingSample | null {
  return (
    (db.$client
      .prepare(
        `select u.name as iqaName, s.outcome, s.comments, s.action_required as actionRequired, s.action_due as actionDue, s.created_at as createdAt
           from iqa_samples s join users u on u.id = s.iqa_id where s.decision_id = ?`,
      )
      .get(decisionId) as ExistingSample | undefined) ?? null
  );
}

/** Everything the IQA needs to sample one decision: criterion, the evidence versions relied on (with hashes), the decision, and any sample. */
export function sampleView(actor: Actor, decisionId: string) {
  const db = getDb();
  const d = decisionForIqa(db, actor, decisionId);
  const context = db.$client
    .prepare(
      `select i.code as itemCode, i.type as itemType, i.title as itemTitle, i.statement as itemStatement, i.full_statement as itemFullStatement,
              f.framework, f.version as frameworkVersion, f.short_title as frameworkTitle, ${UNIT_LABEL} as unitLabel,
              c.name as candidateName, e.candidate_number as candidateNumber, p.title as programmeTitle, ua.name as assessorName
         from decisions d join standard_items i on i.id = d.item_id join standard_frameworks f on f.id = i.framework_id
         join enrolments e on e.id = d.enrolment_id join users c on c.id = e.candidate_id join programmes p on p.id = e.programme_id
         join users ua on ua.id = d.assessor_id
        where d.id = ?`,
    )
    .get(d.id) as {
    itemCode: string;
    itemType: string;
    itemTitle: string | null;
    itemStatement: string | null;
    itemFullStatement: string;
    framework: string;
    frameworkVersion: string;
    frameworkTitle: string;
    unitLabel: string;
    candidateName: string;
    candidateNumber: string;
    programmeTitle: string;
    assessorName: string;
  };
  const evidence = db.$client
    .prepare(
      `select ev.id as evidenceId, ev.reference, ev.kind, v.id as versionId, v.version, v.title, v.evidence_date as evidenceDate,
              v.file_name as fileName, v.media_type as mediaType, v.file_size as fileSize,
              de.content_hash as recordedHash, de.file_sha256 as recordedFileSha256, v.content_hash as versionHash, v.file_sha256 as versionFileSha256,
              ev.current_version_id = v.id as isCurrent
         from decision_evidence de join evidence_versions v on v.id = de.evidence_version_id join evidence ev on ev.id = v.evidence_id
        where de.decision_id = ? order by ev.reference, v.version`,
    )
    .all(d.id) as {
    evidenceId: string;
    reference: string;
    kind: string;
    versionId: string;
    version: number;
    title: string;
    evidenceDate: string | null;
    fileName: string | null;
    mediaType: string | null;
    fileSize: number | null;
    recordedHash: string;
    recordedFileSha256: string | null;
    versionHash: string;
    versionFileSha256: string | null;
    isCurrent: number;
  }[];
  const sample = existingSample(db, d.id);
  const facts = sample || d.status !== "standing" ? null : unsampledFacts(db, actor.providerId!, actor.userId, d.id)[0];
  return {
    decision: {
      id: d.id,
      enrolmentId: d.enrolmentId,
      itemId: d.itemId,
      outcome: d.outcome,
      methods: parseList(d.methods) as AssessmentMethod[],
      checks: parseList(d.checks),
      feedback: d.feedback,
      decidedOn: d.decidedOn,
      createdAt: d.createdAt,
      status: d.status,
    },
    ...context,
    itemText: context.itemStatement ?? context.itemTitle ?? context.itemFullStatement,
    evidence: evidence.map((e) => ({ ...e, isCurrent: !!e.isCurrent, hashMatches: e.recordedHash === e.versionHash && (e.recordedFileSha256 ?? null) === (e.versionFileSha256 ?? null) })),
    sample,
    reasons: facts ? shouldSample(planFor(db, actor.providerId!), toFacts(facts)).reasons.map(reasonText) : [],
    canSample: !sample && d.status === "standing",
  };
}

const UTC_LONG_DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "5 March 2026" for a YYYY-MM-DD date. */
export const formatIsoDate = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return UTC_LONG_DATE.format(new Date(Date.UTC(y, m - 1, d)));
};

/** Reads a GOV.UK date input (or "YYYY-MM-DD") as "YYYY-MM-DD", or says what is wrong with it. */
function readDate(value: unknown, what: string): { iso: string } | { error: string } {
  const cap = what.charAt(0).toUpperCase() + what.slice(1);
  let day = "",
    month = "",
    year = "";
  if (typeof value === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    if (!value.trim()) return { error: `Enter ${what}` };
    if (!m) return { error: `${cap} must be a real date` };
    [, year, month, day] = m;
  } else if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const part = (k: string) => (typeof v[k] === "string" ? (v[k] as string).trim() : "");
    day = part("day");
    month = part("month");
    year = part("year");
    if (!day && !month && !year) return { error: `Enter ${what}` };
    const missing = [!day && "a day", !month && "a month", !year && "a year"].filter(Boolean) as string[];
    if (missing.length) return { error: `${cap} must include ${missing.join(" and ")}` };
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d+$/.test(year)) return { error: `${cap} must be a real date` };
    if (year.length !== 4) return { error: "Year must include 4 numbers" };
  } else return { error: `Enter ${what}` };
  const d = Number(day),
    mo = Number(month),
    y = Number(year);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || d < 1 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return { error: `${cap} must be a real date` };
  return { iso: `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

export const SAMPLE_LIMITS = { comments: 2000, actionRequired: 1000 } as const;

export type SampleInput = { outcome: "agree"; comments: string } | { outcome: "disagree"; comments: string; actionRequired: string; actionDue: string };

/** The IQA's sample form: agree; or disagree with the action required and a due date in the future. */
export const sampleInput = z
  .object({
    outcome: z.string().optional(),
    comments: z.string().optional(),
    actionRequired: z.string().optional(),
    actionDue: z.union([z.string(), z.object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() })]).optional(),
  })
  .transform((v, ctx): SampleInput => {
    let failed = false;
    const issue = (path: string, message: string) => {
      failed = true;
      ctx.addIssue({ code: "custom", message, path: [path] });
    };
    const comments = (v.comments ?? "").trim();
    if (comments.length > SAMPLE_LIMITS.comments) issue("comments", `Comments must be ${SAMPLE_LIMITS.comments.toLocaleString("en-GB")} characters or fewer`);
    if (v.outcome !== "agree" && v.outcome !== "disagree") {
      issue("outcome", "Select whether you agree with the assessor's decision");
      return z.NEVER;
    }
    if (v.outcome === "agree") return failed ? z.NEVER : { outcome: "agree", comments };
    const action = (v.actionRequired ?? "").trim();
    if (!action) issue("actionRequired", "Enter the action the assessor must take");
    else if (action.length > SAMPLE_LIMITS.actionRequired) issue("actionRequired", `The action must be ${SAMPLE_LIMITS.actionRequired.toLocaleString("en-GB")} characters or fewer`);
    const due = readDate(v.actionDue, "the date the action is due");
    if ("error" in due) issue("actionDue", due.error);
    else if (due.iso <= londonToday(Date.now())) issue("actionDue", "The date the action is due must be in the future");
    if (failed || "error" in due) return z.NEVER;
    return { outcome: "disagree", comments, actionRequired: action, actionDue: due.iso };
  });

export class SamplingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A decision is sampled once: the second attempt is told who sampled it, when, and how. */
export class AlreadySampledError extends SamplingError {
  constructor(readonly sample: ExistingSample) {
    super("outcome", `This decision has already been sampled by ${sample.iqaName}`);
  }
}

/**
 * Records the IQA's sample of a decision, in one transaction with its audit event. Disagreeing
 * reopens the criterion for the assessor (criterion_progress back to "submitted", so it is in their
 * queue again), tells the assessor what to do and by when, and tells the candidate the criterion is
 * being reviewed again. Then the enrolment's achievement is settled (settleAchievement).
 */
export function sampleDecision(actor: Actor, decisionId: string, input: SampleInput, now = Date.now()): { sampleId: string; itemCode: string } {
  assertRole(actor, ["iqa"]);
  const db = getDb();
  if (input.outcome === "disagree") {
    if (!input.actionRequired.trim()) throw new SamplingError("actionRequired", "Enter the action the assessor must take");
    const due = readDate(input.actionDue, "the date the action is due");
    if ("error" in due) throw new SamplingError("actionDue", due.error);
    if (due.iso <= londonToday(now)) throw new SamplingError("actionDue", "The date the action is due must be in the future");
  }
  const id = newId();
  return immediate(db, () => {
    const d = decisionForIqa(db, actor, decisionId);
    const earlier = existingSample(db, d.id);
    if (earlier) throw new AlreadySampledError(earlier);
    if (d.status !== "standing") throw new SamplingError("outcome", d.status === "withdrawn" ? "This decision was withdrawn by its assessor, so it cannot be sampled" : "This decision has been replaced by a newer one, so it cannot be sampled");
    const item = db.$client.prepare("select code from standard_items where id = ?").get(d.itemId) as { code: string };
    db.insert(iqaSamples)
      .values({
        id,
        decisionId: d.id,
        iqaId: actor.userId,
        outcome: input.outcome,
        comments: input.comments,
        actionRequired: input.outcome === "disagree" ? input.actionRequired.trim() : null,
        actionDue: input.outcome === "disagree" ? input.actionDue : null,
        createdAt: now,
      })
      .run();
    const assessLink = `/assess/${d.enrolmentId}/${d.itemId}`;
    const assessors = [...new Set([d.assessorId, d.currentAssessorId])];
    if (input.outcome === "disagree") {
      db.$client
        .prepare(
          `insert into criterion_progress (enrolment_id, item_id, status, submitted_at, updated_at) values (?, ?, 'submitted', ?, ?)
           on conflict (enrolment_id, item_id) do update set status = 'submitted', submitted_at = excluded.submitted_at, updated_at = excluded.updated_at`,
        )
        .run(d.enrolmentId, d.itemId, now, now);
      db.$client.prepare("update enrolments set revision = revision + 1 where id = ?").run(d.enrolmentId);
      const message = `The IQA disagreed with your decision on ${item.code}: ${input.actionRequired.trim()} by ${formatIsoDate(input.actionDue)}`;
      for (const userId of assessors) notify(db, userId, message, assessLink, now);
      notify(db, d.candidateId, `Your criterion ${item.code} is being reviewed again: the internal quality assurer has asked your assessor to look at their decision again.`, `/portfolio/${d.enrolmentId}/decisions`, now);
    } else {
      notify(db, d.assessorId, `The IQA agreed with your decision on ${item.code}.`, assessLink, now);
    }
    recordAudit(
      db,
      {
        ...auditActor(actor),
        action: input.outcome === "agree" ? "iqa-agreed" : "iqa-disagreed",
        entity: "decision",
        entityId: d.id,
        providerId: d.providerId,
        details: {
          sampleId: id,
          enrolmentId: d.enrolmentId,
          item: item.code,
          assessorId: d.assessorId,
          outcome: input.outcome,
          ...(input.comments ? { comments: input.comments } : {}),
          ...(input.outcome === "disagree" ? { actionRequired: input.actionRequired.trim(), actionDue: input.actionDue, criterionReopened: true } : {}),
        },
      },
      now,
    );
    // After the sample and its event: an agreement may complete a Level 4 award; a disagreement
    // reopens an achieved enrolment (each with its own event and notification).
    settleAchievement(db, d.enrolmentId, actor, now);
    return { sampleId: id, itemCode: item.code };
  });
}

// ---- reports -------------------------------------------------------------------------------------

export const REPORT_PERIODS = { all: null, "30": 30, "90": 90, "365": 365 } as const;
export type ReportPeriod = keyof typeof REPORT_PERIODS;
export type ReportFilters = { programmeId?: string | null; assessorId?: string | null; period?: ReportPeriod | null };

export type ReportFigures = { decisions: number; met: number; notYetMet: number; sampled: number; agreed: number; disagreed: number; sampleRate: number | null; agreementRate: number | null };

const withRates = <T extends Omit<ReportFigures, "sampleRate" | "agreementRate">>(r: T): T & ReportFigures => ({
  ...r,
  sampleRate: r.decisions ? Math.round((r.sampled / r.decisions) * 100) : null,
  agreementRate: r.sampled ? Math.round((r.agreed / r.sampled) * 100) : null,
});

/** The day `days` before `now`, in Europe/London, as YYYY-MM-DD. */
const sinceDate = (now: number, days: number) => londonToday(now - days * 24 * 60 * 60 * 1000);

/**
 * The IQA report for the actor's provider: per assessor and per programme, decisions made (not
 * withdrawn), met, not yet met, sampled, agreed, disagreed and the rates, all counted in SQL.
 */
export function iqaReport(actor: Actor, filters: ReportFilters = {}, now = Date.now()) {
  assertRole(actor, ["iqa", "provider_admin"]);
  const db = getDb();
  const providerId = actor.providerId!;
  const days = filters.period ? REPORT_PERIODS[filters.period] : null;
  const params = { providerId, programmeId: filters.programmeId || null, assessorId: filters.assessorId || null, since: days ? sinceDate(now, days) : null };
  const FIGURES = `count(*) as decisions,
      coalesce(sum(d.outcome = 'met'), 0) as met, coalesce(sum(d.outcome = 'not_yet_met'), 0) as notYetMet,
      count(s.id) as sampled, coalesce(sum(s.outcome = 'agree'), 0) as agreed, coalesce(sum(s.outcome = 'disagree'), 0) as disagreed`;
  const from = (join = "") => `from decisions d join enrolments e on e.id = d.enrolment_id ${join} left join iqa_samples s on s.decision_id = d.id
     where e.provider_id = @providerId and d.status <> 'withdrawn'
       and (@programmeId is null or e.programme_id = @programmeId)
       and (@assessorId is null or d.assessor_id = @assessorId)
       and (@since is null or d.decided_on >= @since)`;
  type Figures = Omit<ReportFigures, "sampleRate" | "agreementRate">;
  const byAssessor = db.$client
    .prepare(`select d.assessor_id as assessorId, u.name as assessorName, ${FIGURES} ${from("join users u on u.id = d.assessor_id")} group by d.assessor_id order by u.name, d.assessor_id`)
    .all(params) as (Figures & { assessorId: string; assessorName: string })[];
  const byProgramme = db.$client
    .prepare(
      `select p.id as programmeId, p.title as programmeTitle, p.version as programmeVersion, ${FIGURES} ${from("join programmes p on p.id = e.programme_id")} group by p.id order by p.title, p.version`,
    )
    .all(params) as (Figures & { programmeId: string; programmeTitle: string; programmeVersion: string })[];
  const total = db.$client.prepare(`select ${FIGURES} ${from()}`).get(params) as Figures;

  const provider = db.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId)).get();
  const assessorOptions = db.$client
    .prepare(
      `select distinct u.id, u.name from decisions d join enrolments e on e.id = d.enrolment_id join users u on u.id = d.assessor_id
        where e.provider_id = ? order by u.name`,
    )
    .all(providerId) as { id: string; name: string }[];
  const programmeOptions = db.$client
    .prepare(`select distinct p.id, p.title, p.version from enrolments e join programmes p on p.id = e.programme_id where e.provider_id = ? order by p.title, p.version`)
    .all(providerId) as { id: string; title: string; version: string }[];
  return {
    providerName: provider?.name ?? "",
    filters: { programmeId: params.programmeId, assessorId: params.assessorId, period: filters.period ?? "all", since: params.since },
    byAssessor: byAssessor.map(withRates),
    byProgramme: byProgramme.map(withRates),
    total: withRates(total),
    assessorOptions,
    programmeOptions,
  };
}
