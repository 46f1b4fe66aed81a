/**
 * The floor for the coverage page: the bare aggregates behind it, written by hand and run with
 * better-sqlite3 read-only on the same file: per commissioned provider and criterion in scope,
 * whether any of its courses teaches or assesses it (the heatmap's columns are sums of these); per
 * provider its courses and hours; per provider and programme the enrolled, active and achieved
 * counts; per provider the trainers and their newest experience records.
 */
import Database from "better-sqlite3";
import { timeQueries, type Sample } from "./stats";

/** The criteria in scope: assessable criteria of the latest guidance and QA unit versions. */
const SCOPE = `
  scope as (select i.id from standard_items i join standard_frameworks f on f.id = i.framework_id
             where i.assessable = 1 and i.type in ('Criterion', 'Performance Criterion', 'Knowledge and Understanding')
               and f.framework in ('guidance', 'nos-qa')
               and f.version = (select max(version) from standard_frameworks g where g.framework = f.framework))`;

const QUERIES = {
  heatmap: `with ${SCOPE}
            select c.provider_id, cc.item_id, max(cc.teaches), max(cc.assesses)
              from commissioned_providers cp join courses c on c.provider_id = cp.provider_id join course_coverage cc on cc.course_id = c.id
             where cp.commissioner_id = @commissioner and +cc.item_id in (select id from scope)
             group by c.provider_id, cc.item_id`,
  courses: `select c.provider_id, count(*), sum(c.hours) from commissioned_providers cp join courses c on c.provider_id = cp.provider_id
             where cp.commissioner_id = @commissioner group by c.provider_id`,
  achievement: `select e.provider_id, e.programme_id, count(*), sum(e.status = 'active'), sum(e.status = 'achieved')
                  from commissioned_providers cp join enrolments e on e.provider_id = cp.provider_id
                 where cp.commissioner_id = @commissioner group by e.provider_id, e.programme_id`,
  trainers: `select t.provider_id, count(*), count(te.id), sum(te.years), sum(te.cases_facilitated), sum(coalesce(trim(te.accreditation), '') <> '')
               from commissioned_providers cp join trainers t on t.provider_id = cp.provider_id
               left join trainer_experience te on te.id = (select x.id from trainer_experience x where x.trainer_id = t.id order by x.recorded_at desc limit 1)
              where cp.commissioner_id = @commissioner group by t.provider_id`,
} as const;

export function coverageSqlTimes(databasePath: string, commissionerEmail: string, warmup: number, iterations: number): Promise<Sample> {
  const db = new Database(databasePath, { readonly: true });
  const row = db
    .prepare("select m.commissioner_id as commissioner from users u join memberships m on m.user_id = u.id where u.email = ? and m.role = 'commissioner'")
    .get(commissionerEmail.toLowerCase()) as { commissioner: string } | undefined;
  if (!row) throw new Error(`${commissionerEmail} is not a commissioner`);
  return timeQueries(db, QUERIES, row, warmup, iterations);
}
