/**
 * The floor for the portfolio page: hand-written SQL reading the same rows as portfolio() in
 * app/lib/progress.server.ts (the enrolment visible to the candidate, its header, every required or
 * evidenced criterion with status and evidence count, what the criteria draw on, the sections and
 * groups above them, the frameworks and the submissions), run with better-sqlite3, read-only.
 */
import Database from "better-sqlite3";
import { timeQueries, type Sample } from "./stats";

const QUERIES = {
  visible: `select * from enrolments where id = @enrolmentId and candidate_id = @candidateId`,
  header: `select e.id, e.candidate_id, u.name, e.candidate_number, e.status, p.title, p.version, pr.name, e.revision
             from enrolments e join users u on u.id = e.candidate_id join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id
            where e.id = @enrolmentId`,
  required: `select i.id, i.code, i.type, i.title, i.statement, i.full_statement, i.parent_id, i.position, i.framework_id, r.position, p.status, p.submitted_at
               from programme_requirements r join standard_items i on i.id = r.item_id
               left join criterion_progress p on p.enrolment_id = @enrolmentId and p.item_id = r.item_id
              where r.programme_id = @programmeId`,
  progress: `select p.item_id, p.status, p.submitted_at, i.code, i.type, i.title, i.statement, i.full_statement, i.parent_id, i.position, i.framework_id
               from criterion_progress p join standard_items i on i.id = p.item_id where p.enrolment_id = @enrolmentId`,
  evidenceCounts: `select m.item_id, count(*) from evidence e join evidence_mappings m on m.evidence_id = e.id
                    where e.enrolment_id = @enrolmentId and e.deleted_at is null group by m.item_id`,
  drawsOn: `select l.from_item_id, t.code, t.statement, t.title, t.full_statement, f.framework, f.version
              from crosswalk_links l join programme_requirements r on r.item_id = l.from_item_id and r.programme_id = @programmeId
              join standard_items t on t.id = l.to_item_id join standard_frameworks f on f.id = t.framework_id
             where l.relation = 'draws-on'`,
  ancestors: `with recursive anc(id) as (
                select i.parent_id from programme_requirements r join standard_items i on i.id = r.item_id where r.programme_id = @programmeId and i.parent_id is not null
                union select i.parent_id from criterion_progress p join standard_items i on i.id = p.item_id where p.enrolment_id = @enrolmentId and i.parent_id is not null
                union select i.parent_id from standard_items i join anc on i.id = anc.id where i.parent_id is not null)
              select i.id, i.code, i.type, i.title, i.statement, i.full_statement, i.parent_id, i.position, i.framework_id from standard_items i where i.id in (select id from anc)`,
  frameworks: `select f.id, f.framework, f.version, f.title, f.short_title from enrolment_frameworks ef join standard_frameworks f on f.id = ef.framework_id where ef.enrolment_id = @enrolmentId`,
  submissions: `select s.id, s.scope_item_id, s.submitted_at, u.name, si.code, si.title, si.type, it.code
                  from submissions s join users u on u.id = s.submitted_by left join standard_items si on si.id = s.scope_item_id
                  left join submission_items x on x.submission_id = s.id left join standard_items it on it.id = x.item_id
                 where s.enrolment_id = @enrolmentId`,
} as const;

export function portfolioSqlTimes(databasePath: string, enrolmentId: string, warmup: number, iterations: number): Promise<Sample> {
  const db = new Database(databasePath, { readonly: true });
  const e = db.prepare("select candidate_id as candidateId, programme_id as programmeId from enrolments where id = ?").get(enrolmentId) as { candidateId: string; programmeId: string };
  const params = { enrolmentId, ...e };
  return timeQueries(db, QUERIES, params, warmup, iterations);
}
