/**
 * Whether a candidate has achieved their programme, and what is still missing.
 *
 * The rules are pure functions over "facts" (evaluateAchievement), read from the database by
 * achievementFacts; achievementFor adds the access check; settleAchievement applies the result to
 * the enrolment inside the transaction that changed a decision or a sample. settleAfterDecision is
 * the same settlement for an assessor's decision, which skips the full evaluation when one indexed
 * read shows a required criterion is still not met (the usual case, and then nothing can change).
 *
 * The rules, from the standards:
 *
 * - A criterion counts as MET when its standing decision is "met" and no internal quality assurer
 *   has disagreed with that decision. (A disagreement reopens the criterion for the assessor; it is
 *   resolved when the assessor records a new decision, which supersedes the one disagreed with.)
 * - Every programme: every criterion the programme requires is met.
 * - The NOS quality assurance unit (framework "nos-qa"), when the enrolment is pinned to a version of
 *   it: every Performance Criterion and every Knowledge and Understanding item of THAT version is met
 *   (its evidence requirement: "consistently met all of the performance criteria and knowledge and
 *   understanding").
 * - A programme with a prerequisite (the supervisor check: Section A competence): the candidate holds
 *   another ACHIEVED enrolment on one of the programmes the prerequisite names (`satisfiedBy`: the
 *   Level 4 award, or an earlier supervisor check).
 * - The Level 4 award (slug "level4-award"): also, the IQA has SAMPLED THE PORTFOLIO, defined as:
 *   at least one decision that currently stands in this enrolment has an IQA sample that agrees with
 *   it, and no decision that currently stands has an IQA sample that disagrees with it.
 * - The supervisor check (slug "supervisor-check") is labelled "Competent" / "Not yet competent";
 *   every other programme "Achieved" / "Not yet achieved".
 */
import type { Db } from "../../db/connection";
import type { CriterionStatus } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import type { Actor } from "./auth.server";
import { getDb } from "./db.server";
import { enrolmentFor } from "./enrolments.server";
import { notify } from "./notifications.server";
import { achievementLabel, certifiesCompetence, LEVEL4_SLUG, SUPERVISOR_SLUG, type AchievementLabel } from "./enrolment-status";
import { displayIsoDate } from "./london";
import { preparedStatements } from "./statements.server";

export const QA_UNIT_FRAMEWORK = "nos-qa";
export const QA_UNIT_TYPES = ["Performance Criterion", "Knowledge and Understanding"] as const;
export { LEVEL4_SLUG, SUPERVISOR_SLUG };

// ---- facts --------------------------------------------------------------------------------------

export type SampleFact = { outcome: "agree" | "disagree"; actionDue: string | null };

export type CriterionFact = {
  itemId: string;
  code: string;
  type: string;
  framework: string;
  /** The programme requires it. */
  required: boolean;
  /** A Performance Criterion or Knowledge and Understanding item of the pinned QA unit version. */
  inQaUnit: boolean;
  /** criterion_progress status, or null when there is no row. */
  progress: CriterionStatus | null;
  /** The decision standing on it now, with the IQA's sample of it if any. */
  standing: { decisionId: string; outcome: "met" | "not_yet_met"; sample: SampleFact | null } | null;
};

export type PriorAchievement = { enrolmentId: string; slug: string; title: string; achievedAt: number | null };

export type AchievementFacts = {
  programme: { slug: string; title: string; prerequisite: { description: string; satisfiedBy: string[] } | null };
  /** Whether the enrolment is pinned to a version of the QA unit (then its rule applies). */
  qaUnitPinned: boolean;
  /** Every required criterion and every QA unit item, in programme order. */
  criteria: CriterionFact[];
  /** IQA samples of the decisions standing in this enrolment (any criterion, required or not). */
  standingSamples: { decisionId: string; code: string; outcome: "agree" | "disagree"; actionDue: string | null }[];
  /** The candidate's OTHER achieved enrolments (for a prerequisite). */
  priorAchievements: PriorAchievement[];
};

// ---- the result -----------------------------------------------------------------------------------

export type Missing = { code: string; reason: string };
export type { AchievementLabel };

export type Achievement = {
  achieved: boolean;
  label: AchievementLabel;
  /** Everything still needed, in programme order; empty when achieved. */
  missing: Missing[];
  /** Counts over the criteria the programme requires (and the QA unit's items). */
  counts: { total: number; met: number };
  prerequisite: { description: string; satisfiedBy: string[]; met: boolean; by: PriorAchievement | null } | null;
  /** The QA unit, when the enrolment is pinned to it. */
  qaUnit: { achieved: boolean; total: number; met: number; missing: Missing[] } | null;
  /** The Level 4 award's sampling condition (null for other programmes). */
  sampling: { sampled: boolean; agreed: number; unresolvedDisagreements: string[] } | null;
};

/** A criterion is met when its standing decision is met and no IQA has disagreed with that decision. */
export const isMet = (c: CriterionFact) => c.standing?.outcome === "met" && c.standing.sample?.outcome !== "disagree";

/** Why a criterion is not met yet, in words for the candidate and their assessor. */
export function reasonNotMet(c: CriterionFact): string {
  const s = c.standing;
  if (s?.sample?.outcome === "disagree")
    return `The internal quality assurer disagreed with the assessor's decision; the assessor is reviewing it${s.sample.actionDue ? ` (due ${displayIsoDate(s.sample.actionDue)})` : ""}`;
  if (c.progress === "submitted") return "Submitted, waiting for the assessor's decision";
  if (s?.outcome === "not_yet_met") return c.progress === "evidence_added" ? "Not yet met; new evidence added, not yet submitted again" : "Not yet met";
  if (c.progress === "evidence_added") return "Evidence added, not yet submitted";
  return "No evidence yet";
}

/** The QA unit rule: every P and K item of the pinned version met. */
export function qaUnitResult(criteria: CriterionFact[]) {
  const items = criteria.filter((c) => c.inQaUnit);
  const missing = items.filter((c) => !isMet(c)).map((c) => ({ code: c.code, reason: reasonNotMet(c) }));
  return { achieved: items.length > 0 && missing.length === 0, total: items.length, met: items.length - missing.length, missing };
}

/** "The IQA has sampled the portfolio" (see the module comment). */
export function samplingResult(samples: AchievementFacts["standingSamples"]) {
  const agreed = samples.filter((s) => s.outcome === "agree").length;
  const unresolvedDisagreements = samples.filter((s) => s.outcome === "disagree").map((s) => s.code);
  return { sampled: agreed > 0 && unresolvedDisagreements.length === 0, agreed, unresolvedDisagreements };
}

/** The prerequisite rule: another achieved enrolment on one of the programmes it names. */
export function prerequisiteResult(facts: AchievementFacts) {
  const p = facts.programme.prerequisite;
  if (!p) return null;
  const by = facts.priorAchievements.find((a) => p.satisfiedBy.includes(a.slug)) ?? null;
  return { description: p.description, satisfiedBy: p.satisfiedBy, met: by !== null, by };
}

/** Pure: the whole achievement state from the facts. */
export function evaluateAchievement(facts: AchievementFacts): Achievement {
  const missing: Missing[] = [];

  const prerequisite = prerequisiteResult(facts);
  if (prerequisite && !prerequisite.met)
    missing.push({
      code: "Section A",
      reason: `${prerequisite.description.trim()} No achieved ${prerequisite.satisfiedBy.map((s) => (s === LEVEL4_SLUG ? "Level 4 award" : s === SUPERVISOR_SLUG ? "supervisor competency check" : s)).join(" or ")} is recorded for this candidate.`,
    });

  const counted = facts.criteria.filter((c) => c.required || (facts.qaUnitPinned && c.inQaUnit));
  for (const c of counted) if (!isMet(c)) missing.push({ code: c.code, reason: reasonNotMet(c) });

  const qaUnit = facts.qaUnitPinned ? qaUnitResult(facts.criteria) : null;
  // A pinned QA unit with no P/K items at all (a broken import) can never be achieved.
  if (qaUnit && qaUnit.total === 0) missing.push({ code: "QA unit", reason: "The quality assurance unit's criteria could not be found" });

  let sampling: Achievement["sampling"] = null;
  if (facts.programme.slug === LEVEL4_SLUG) {
    sampling = samplingResult(facts.standingSamples);
    if (!sampling.sampled)
      missing.push({
        code: "IQA sample",
        reason: sampling.unresolvedDisagreements.length
          ? `The internal quality assurer disagreed with the decision on ${sampling.unresolvedDisagreements.join(", ")}; the assessor must review it`
          : "The internal quality assurer has not yet sampled this portfolio (agreed with at least one of its decisions)",
      });
  }

  if (!counted.length) missing.push({ code: "Programme", reason: "The programme names no criteria to meet" });
  const achieved = missing.length === 0;
  return {
    achieved,
    label: achievementLabel(facts.programme.slug, achieved),
    missing,
    counts: { total: counted.length, met: counted.filter(isMet).length },
    prerequisite,
    qaUnit,
    sampling,
  };
}

// ---- reading the facts ------------------------------------------------------------------------------

type CriterionRow = {
  itemId: string;
  code: string;
  type: string;
  framework: string;
  required: number;
  inQaUnit: number;
  progress: CriterionStatus | null;
  decisionId: string | null;
  outcome: "met" | "not_yet_met" | null;
  sampleOutcome: "agree" | "disagree" | null;
  actionDue: string | null;
};

const q = preparedStatements({
  head: `select e.id, e.candidate_id as candidateId, e.programme_id as programmeId, p.slug, p.title, p.prerequisite,
                exists (select 1 from enrolment_frameworks ef join standard_frameworks f on f.id = ef.framework_id
                         where ef.enrolment_id = e.id and f.framework = @qa) as qaUnitPinned
           from enrolments e join programmes p on p.id = e.programme_id where e.id = @enrolmentId`,
  criteria: `with qa as (select i.id from enrolment_frameworks ef join standard_frameworks f on f.id = ef.framework_id and f.framework = @qa
                           join standard_items i on i.framework_id = f.id
                          where ef.enrolment_id = @enrolmentId and i.type in (select value from json_each(@qaTypes))),
                  req as (select item_id, position from programme_requirements where programme_id = @programmeId),
                  ids as (select item_id as id from req union select id from qa)
             select i.id as itemId, i.code, i.type, f.framework,
                    (req.item_id is not null) as required, (i.id in (select id from qa)) as inQaUnit,
                    cp.status as progress, d.id as decisionId, d.outcome, s.outcome as sampleOutcome, s.action_due as actionDue
               from ids join standard_items i on i.id = ids.id join standard_frameworks f on f.id = i.framework_id
               left join req on req.item_id = i.id
               left join criterion_progress cp on cp.enrolment_id = @enrolmentId and cp.item_id = i.id
               left join decisions d on d.enrolment_id = @enrolmentId and d.item_id = i.id and d.status = 'standing'
               left join iqa_samples s on s.decision_id = d.id
              order by coalesce(req.position, 1000000), i.position`,
  standingSamples: `select d.id as decisionId, i.code, s.outcome, s.action_due as actionDue
                      from decisions d join iqa_samples s on s.decision_id = d.id join standard_items i on i.id = d.item_id
                     where d.enrolment_id = ? and d.status = 'standing' order by i.position`,
  priorAchievements: `select e.id as enrolmentId, p.slug, p.title, e.achieved_at as achievedAt
                        from enrolments e join programmes p on p.id = e.programme_id
                       where e.candidate_id = ? and e.id <> ? and e.status = 'achieved' order by e.achieved_at`,
  // settling
  enrolment: "select status, provider_id as providerId, candidate_id as candidateId, programme_id as programmeId from enrolments where id = ?",
  achieve: "update enrolments set status = 'achieved', achieved_at = ? where id = ?",
  reopen: "update enrolments set status = 'active', achieved_at = null where id = ?",
  /** Any criterion the programme requires that is not met (isMet's rule): stops at the first one found. */
  unmetRequirement: `select 1 from programme_requirements r
                       left join decisions d on d.enrolment_id = @enrolmentId and d.item_id = r.item_id and d.status = 'standing'
                       left join iqa_samples s on s.decision_id = d.id
                      where r.programme_id = @programmeId and (d.outcome is not 'met' or s.outcome is 'disagree')
                      limit 1`,
});

/** The facts for one enrolment, in four indexed reads. No access check: callers do that. */
export function achievementFacts(db: Db, enrolmentId: string): AchievementFacts {
  const head = q(db, "head").get({ enrolmentId, qa: QA_UNIT_FRAMEWORK }) as
    | { id: string; candidateId: string; programmeId: string; slug: string; title: string; prerequisite: string | null; qaUnitPinned: number }
    | undefined;
  if (!head) throw new Error(`No enrolment ${enrolmentId}`);
  const rows = q(db, "criteria").all({ enrolmentId, programmeId: head.programmeId, qa: QA_UNIT_FRAMEWORK, qaTypes: JSON.stringify(QA_UNIT_TYPES) }) as CriterionRow[];
  const standingSamples = q(db, "standingSamples").all(enrolmentId) as AchievementFacts["standingSamples"];
  const priorAchievements = q(db, "priorAchievements").all(head.candidateId, enrolmentId) as PriorAchievement[];

  return {
    programme: { slug: head.slug, title: head.title, prerequisite: head.prerequisite ? (JSON.parse(head.prerequisite) as { description: string; satisfiedBy: string[] }) : null },
    qaUnitPinned: head.qaUnitPinned === 1,
    criteria: rows.map((r) => ({
      itemId: r.itemId,
      code: r.code,
      type: r.type,
      framework: r.framework,
      required: r.required === 1,
      inQaUnit: r.inQaUnit === 1,
      progress: r.progress,
      standing: r.decisionId ? { decisionId: r.decisionId, outcome: r.outcome!, sample: r.sampleOutcome ? { outcome: r.sampleOutcome, actionDue: r.actionDue } : null } : null,
    })),
    standingSamples,
    priorAchievements,
  };
}

/** The achievement state of an enrolment, for anyone who may see the enrolment (404 otherwise). */
export function achievementFor(actor: Actor, enrolmentId: string) {
  const enrolment = enrolmentFor(actor, enrolmentId);
  const facts = achievementFacts(getDb(), enrolment.id);
  return { ...evaluateAchievement(facts), programmeTitle: facts.programme.title, programmeSlug: facts.programme.slug, status: enrolment.status, achievedAt: enrolment.achievedAt };
}

/**
 * Brings the enrolment's status in line with its achievement. Call INSIDE the transaction that
 * changed a decision or an IQA sample, after the change: an active enrolment that is now achieved
 * becomes "achieved" (with the time), and one that was achieved but no longer is (an IQA
 * disagreement led to a not-yet-met decision) becomes "active" again. Either change is audited and
 * the candidate is told. Withdrawn enrolments are left alone.
 */
export function settleAchievement(db: Db, enrolmentId: string, actor: { userId: string; role: string }, now: number) {
  const enrolment = q(db, "enrolment").get(enrolmentId) as SettlingEnrolment | undefined;
  if (!enrolment) throw new Error(`No enrolment ${enrolmentId}`);
  return settle(db, enrolmentId, enrolment, actor, now);
}

export type SettlingEnrolment = { status: "active" | "achieved" | "withdrawn"; providerId: string; candidateId: string; programmeId: string };

function settle(db: Db, enrolmentId: string, enrolment: SettlingEnrolment, actor: { userId: string; role: string }, now: number) {
  const facts = achievementFacts(db, enrolmentId);
  const result = evaluateAchievement(facts);
  const link = `/portfolio/${enrolmentId}/decisions`;
  const competence = certifiesCompetence(facts.programme.slug);
  if (enrolment.status === "active" && result.achieved) {
    q(db, "achieve").run(now, enrolmentId);
    recordAudit(
      db,
      { ...auditActor(actor), action: "achieved", entity: "enrolment", entityId: enrolmentId, providerId: enrolment.providerId, details: { enrolmentId, programme: facts.programme.slug, label: result.label, criteria: result.counts } },
      now,
    );
    notify(db, enrolment.candidateId, competence ? `You have been assessed as competent: ${facts.programme.title}` : `You have achieved the ${facts.programme.title}`, link, now);
    return { ...result, changed: "achieved" as const };
  }
  if (enrolment.status === "achieved" && !result.achieved) {
    q(db, "reopen").run(enrolmentId);
    recordAudit(
      db,
      { ...auditActor(actor), action: "achievement-reopened", entity: "enrolment", entityId: enrolmentId, providerId: enrolment.providerId, details: { enrolmentId, programme: facts.programme.slug, missing: result.missing } },
      now,
    );
    notify(db, enrolment.candidateId, `${facts.programme.title}: ${competence ? "your competence" : "your achievement"} is no longer confirmed while a decision is reviewed`, link, now);
    return { ...result, changed: "reopened" as const };
  }
  return { ...result, changed: null };
}

/**
 * settleAchievement after an assessor's decision, when only the change matters: the same change,
 * audit event and notification, without evaluating the whole portfolio when the answer is plain.
 * An ACTIVE enrolment with a required criterion not met cannot be achieved (evaluateAchievement
 * lists every unmet required criterion as missing), so nothing changes: that is known from the
 * decision itself (a "not yet met" on a required criterion) or from one indexed read that stops at
 * the first unmet requirement. Every other case (all requirements met, or an enrolment already
 * achieved whose reopened criterion was decided) is settled in full by settleAchievement's rules.
 * `enrolment` is the enrolment as read in the caller's transaction (a decision does not change it).
 */
export function settleAfterDecision(
  db: Db,
  enrolment: SettlingEnrolment & { id: string },
  decided: { required: boolean; outcome: "met" | "not_yet_met" },
  actor: { userId: string; role: string },
  now: number,
): "achieved" | "reopened" | null {
  const enrolmentId = enrolment.id;
  if (enrolment.status === "active") {
    if (decided.required && decided.outcome === "not_yet_met") return null;
    if (q(db, "unmetRequirement").get({ enrolmentId, programmeId: enrolment.programmeId })) return null;
  }
  return settle(db, enrolmentId, enrolment, actor, now).changed;
}
