/**
 * The SQL of `decide()` (assessment.server.ts), prepared once per connection: a sign-off runs about
 * fifteen statements inside its BEGIN IMMEDIATE transaction, and compiling them (or building them
 * with the query builder) on every call cost far more than running them.
 *
 * Everything decide() checks is read in one statement, under the write lock (`deciding`): who may
 * decide (the same rules as assessorEnrolment, which the assessor's pages use), whether the criterion
 * belongs in the enrolment's assessment (as assessableItem), and the state the decision depends on
 * (the criterion's progress, the decision standing on it and the IQA's sample of that decision).
 */
import type { CriterionStatus } from "../../db/schema";
import { preparedStatements } from "./statements.server";

export type Deciding = {
  id: string;
  candidateId: string;
  providerId: string;
  programmeId: string;
  status: "active" | "achieved" | "withdrawn";
  enrolledAt: number;
  /** The actor is the assessor currently allocated, within their own provider (enrolmentVisibleTo's rule for an assessor). */
  visible: number;
  /** null when there is no assessable item with that id. */
  itemId: string | null;
  code: string;
  type: string;
  /** The programme requires the criterion. */
  required: number;
  /** It belongs in the assessment: required, already in progress, or live evidence of the enrolment is mapped to it. */
  assessable: number;
  progress: CriterionStatus | null;
  standingId: string | null;
  sampleOutcome: "agree" | "disagree" | null;
};

export type DecidingVersion = { evidenceId: string; reference: string; versionId: string; version: number; contentHash: string; fileSha256: string | null; lockedAt: number | null };

export const decideSql = preparedStatements({
  deciding: `select e.id, e.candidate_id as candidateId, e.provider_id as providerId, e.programme_id as programmeId, e.status, e.enrolled_at as enrolledAt,
                    (e.provider_id = @providerId
                     and exists (select 1 from allocations a where a.enrolment_id = e.id and a.to_at is null and a.assessor_id = @userId)) as visible,
                    i.id as itemId, i.code, i.type, (r.item_id is not null) as required,
                    case when r.item_id is not null or cp.status is not null then 1
                         else exists (select 1 from evidence_mappings m join evidence ev on ev.id = m.evidence_id
                                       where m.enrolment_id = e.id and m.item_id = i.id and ev.enrolment_id = e.id and ev.deleted_at is null) end as assessable,
                    cp.status as progress, d.id as standingId, s.outcome as sampleOutcome
               from enrolments e
               left join standard_items i on i.id = @itemId and i.assessable = 1
               left join programme_requirements r on r.programme_id = e.programme_id and r.item_id = i.id
               left join criterion_progress cp on cp.enrolment_id = e.id and cp.item_id = i.id
               left join decisions d on d.enrolment_id = e.id and d.item_id = i.id and d.status = 'standing'
               left join iqa_samples s on s.decision_id = d.id
              where e.id = @enrolmentId`,
  versions: `select e.id as evidenceId, e.reference, v.id as versionId, v.version, v.content_hash as contentHash, v.file_sha256 as fileSha256, v.locked_at as lockedAt
               from evidence_mappings m join evidence e on e.id = m.evidence_id join evidence_versions v on v.id = e.current_version_id
              where m.enrolment_id = @enrolmentId and m.item_id = @itemId and e.enrolment_id = @enrolmentId and e.deleted_at is null
              order by cast(substr(e.reference, 2) as integer)`,
  supersede: "update decisions set status = 'superseded', superseded_at = @now where id = @id",
  insertDecision: `insert into decisions (id, enrolment_id, item_id, assessor_id, outcome, methods, checks, feedback, decided_on, created_at, status)
                   values (@id, @enrolmentId, @itemId, @assessorId, @outcome, @methods, @checks, @feedback, @decidedOn, @now, 'standing')`,
  insertEvidence: "insert into decision_evidence (decision_id, evidence_version_id, content_hash, file_sha256) values (?, ?, ?, ?)",
  /** Locks every version in the JSON list of ids that is not locked yet, in one statement. */
  lock: "update evidence_versions set locked_at = @now where id in (select value from json_each(@ids)) and locked_at is null",
  progress: "update criterion_progress set status = @outcome, updated_at = @now where enrolment_id = @enrolmentId and item_id = @itemId",
  revision: "update enrolments set revision = revision + 1 where id = ?",
  conflict: `select d.id as decisionId, u.name as assessorName, d.outcome, d.decided_on as decidedOn, d.created_at as createdAt, d.status
               from decisions d join users u on u.id = d.assessor_id
              where d.enrolment_id = @enrolmentId and d.item_id = @itemId and (@standingId is null or d.id = @standingId)
              order by (d.status = 'standing') desc, coalesce(d.withdrawn_at, d.created_at) desc limit 1`,
  standingId: "select id from decisions where enrolment_id = ? and item_id = ? and status = 'standing'",
});
