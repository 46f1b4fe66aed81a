/**
 * What a commissioner sees of the providers it commissions: how well their training covers the
 * standards, how their candidates are doing (in aggregate), and their trainers' practice experience.
 *
 * ACCESS. Only a commissioner (403 for every other role), and only the providers its body
 * commissions (commissioned_providers): any other provider id is 404, on the page, the drill-down
 * and the CSV alike. No query here selects a user's name or email, evidence, or a decision's
 * feedback; candidates appear only as counts, and small counts are suppressed HERE, so neither the
 * routes nor the CSV ever hold a raw small number.
 *
 * FILTERS. Programme: one programme, or all. Period: all time, or a financial year (1 April to
 * 31 March, Europe/London dates).
 *
 * FIGURES (every count is aggregate SQL over indexed tables; nothing loads rows to count them).
 *
 * Coverage, per provider. The criteria in scope are the assessable criteria of the latest version
 * of the guidance (sections A–F; Section A also by part, A1(a) … A3(d)) and the QA unit's
 * performance criteria (P1–P11) and knowledge items (K1–K15). The courses counted are the
 * provider's courses whose dates overlap the period (starts_on ≤ period end and ends_on ≥ period
 * start) and, with a programme filter, whose programme is that programme (a course with no programme
 * is then left out). For each column (a section, a part, the QA unit's P items, its K items):
 *   taught   = criteria of the column that at least one counted course teaches,
 *   assessed = criteria of the column that at least one counted course assesses,
 * each shown as "n of N (p%)" where N is the number of criteria in the column. p is n/N rounded to
 * a whole percent, except that it is never shown as 0% when n > 0 nor 100% when n < N.
 * The heatmap colour step is from p: 0 → none, 1–49 → low, 50–74 → middle, 75–99 → high, 100 → all.
 * Uncovered criteria (drill-down) = criteria in scope that no counted course teaches or assesses.
 *
 * Achievement, per provider and programme (every programme, or the filtered one):
 *   enrolled    = enrolments whose enrolled_at falls in the period (all time: every enrolment),
 *   in progress = of those, the ones whose status is now "active",
 *   achieved    = enrolments whose achieved_at falls in the period (status "achieved"); for all time
 *                 every achieved enrolment, which is then a part of "enrolled",
 *   met (per criterion the programme requires, drill-down) = of the enrolled, those whose
 *                 criterion_progress for the criterion has status "met", out of the enrolled.
 * SUPPRESSION (SMALL = 5):
 *   - a total (enrolled; achieved in a period) below 5 is shown as "fewer than 5";
 *   - a part of a total (in progress, achieved for all time, met) is shown as "fewer than 5" when the
 *     total is below 5 or the part itself is below 5 (so 0 too), and as "5 or more" when the rest of
 *     the total (total − part) is between 1 and 4, which would otherwise disclose a small count;
 *   - for all time, enrolled = in progress + achieved + withdrawn (withdrawn is never shown): when
 *     in progress and achieved would both be shown and withdrawn is between 1 and 4, the smaller of
 *     the two is shown as "5 or more";
 *   - a percentage is shown only beside a count that is shown.
 *   Every provider × programme pair is listed, even with no enrolments, so a missing row never says
 *   "none". (Figures for a period and for all time are each safe on their own; subtracting one
 *   period's figures from another's is not guarded against.)
 *
 * Trainers, per provider (all the provider's trainers; the filters do not apply, except to the
 * "on the courses counted" figure): trainers recorded; trainers on at least one counted course;
 * trainers with recorded practice experience (their newest trainer_experience record counts);
 * of those: median years of practice, total years, total cases facilitated, and how many hold an
 * accreditation. Trainers are staff recorded by the provider, not candidates: no suppression.
 */
import type { Db } from "../../db/connection";
import { assertRole, type Actor } from "./auth.server";
import { criteriaGroups, QA_K, QA_LABELS, QA_P, scopeCriteria, scopeHeadings } from "./courses.server";
import {
  achievementColumns,
  cellShare,
  courseDates,
  MEASURE_KEYS,
  MEASURES,
  NO_PROGRAMME,
  percentOf,
  shareText,
  TABLES,
  TRAINER_COLUMNS,
  type CoverageCells,
  type CoverageColumn,
  type Figure,
  type FigureColumn,
} from "./coverage-tables";
import { courseCovers, type CourseVersion } from "./course-coverage.server";
import { toCsv, type CsvCell } from "./csv";
import { getDb } from "./db.server";
import { forbidden, notFound } from "./http.server";
import { londonMidnight, londonToday } from "./london";
import { prepared } from "./statements.server";

export const SMALL = 5;
export const FEWER_THAN = "fewer than 5";
export const OR_MORE = "5 or more";

// ---- pure figures -----------------------------------------------------------------------------------


/** A count of candidates after suppression: value is null whenever the number may not be shown. */
export type Guarded = Figure;
const number = (n: number) => n.toLocaleString("en-GB");
/** A number that may be shown, as a figure: its value and its text. */
const shown = (n: number): Guarded => ({ value: n, text: number(n) });
const fewer: Guarded = { value: null, text: FEWER_THAN };
const orMore: Guarded = { value: null, text: OR_MORE };

/** A total of candidates: shown only when 5 or more. */
export function guardTotal(n: number): Guarded {
  return n >= SMALL ? shown(n) : fewer;
}

/** A part of a total: hidden when the total or the part is small, or when the rest of the total is. */
export function guardPart(part: number, total: number): Guarded {
  if (total < SMALL || part < SMALL) return fewer;
  const rest = total - part;
  if (rest > 0 && rest < SMALL) return orMore;
  return shown(part);
}

/** A share of candidates, like "7 of 12 (58%)"; "fewer than 5" when drawn from fewer than 5. */
export type GuardedShare = { count: Guarded; of: Guarded; percent: number | null; text: string };
export function guardShare(part: number, total: number): GuardedShare {
  const of = guardTotal(total);
  if (of.value === null) return { count: fewer, of, percent: null, text: FEWER_THAN };
  const count = guardPart(part, total);
  if (count.value === null) return { count, of, percent: null, text: `${count.text} of ${of.text}` };
  const percent = percentOf(part, total);
  return { count, of, percent, text: `${count.text} of ${of.text} (${percent}%)` };
}

/**
 * Enrolled, in progress and achieved for one provider and programme, suppressed. For all time,
 * achieved is part of enrolled and the three hide withdrawn between them (see the header).
 */
export function guardAchievement(c: { enrolled: number; active: number; achievedInCohort: number; achieved: number }, allTime: boolean) {
  const enrolled = guardTotal(c.enrolled);
  let inProgress = guardPart(c.active, c.enrolled);
  let achieved = allTime ? guardPart(c.achievedInCohort, c.enrolled) : guardTotal(c.achieved);
  if (allTime && inProgress.value !== null && achieved.value !== null) {
    const withdrawn = c.enrolled - c.active - c.achievedInCohort;
    if (withdrawn > 0 && withdrawn < SMALL) {
      if (c.active <= c.achievedInCohort) inProgress = orMore;
      else achieved = orMore;
    }
  }
  return { enrolled, inProgress, achieved };
}

// ---- filters ----------------------------------------------------------------------------------------

export type ReportFilters = { programmeId: string | null; period: string };
export type Option = { value: string; label: string };


const PERIOD = /^(\d{4})-(\d{2})$/;

export type PeriodRange = { fromDate: string; toDate: string; fromMs: number; toMs: number };

/** A financial year "2025-26" → 1 April 2025 to 31 March 2026; null for all time or anything else. */
export function periodRange(period: string): PeriodRange | null {
  const m = PERIOD.exec(period);
  if (!m) return null;
  const start = Number(m[1]);
  if ((start + 1) % 100 !== Number(m[2]) || start < 1990 || start > 2100) return null;
  const fromDate = `${start}-04-01`;
  const next = `${start + 1}-04-01`;
  return { fromDate, toDate: `${start + 1}-03-31`, fromMs: londonMidnight(fromDate), toMs: londonMidnight(next) };
}

export function periodLabel(period: string): string {
  const r = periodRange(period);
  if (!r) return "All time";
  return `April ${r.fromDate.slice(0, 4)} to March ${r.toDate.slice(0, 4)}`;
}

const fyKey = (start: number) => `${start}-${String((start + 1) % 100).padStart(2, "0")}`;

/** All time, then this financial year and the four before it (plus the chosen one, if older). */
export function periodOptions(chosen: string, now = Date.now()): Option[] {
  const today = londonToday(now);
  const year = Number(today.slice(0, 4));
  const current = Number(today.slice(5, 7)) >= 4 ? year : year - 1;
  const keys = [0, 1, 2, 3, 4].map((i) => fyKey(current - i));
  if (periodRange(chosen) && !keys.includes(chosen)) keys.push(chosen);
  return [{ value: "all", label: "All time" }, ...keys.map((k) => ({ value: k, label: periodLabel(k) }))];
}

/** Filters from a query string; anything unrecognised falls back to all programmes / all time. */
export function parseFilters(params: URLSearchParams): ReportFilters {
  const programme = (params.get("programme") ?? "").trim();
  const period = (params.get("period") ?? "").trim();
  return { programmeId: /^[0-9a-f-]{36}$/i.test(programme) ? programme : null, period: periodRange(period) ? period : "all" };
}

export function filterQuery(f: ReportFilters): string {
  const p = new URLSearchParams();
  if (f.programmeId) p.set("programme", f.programmeId);
  if (f.period !== "all") p.set("period", f.period);
  const s = p.toString();
  return s ? `?${s}` : "";
}

// ---- queries ----------------------------------------------------------------------------------------

type Params = { commissioner: string; provider: string | null; programme: string | null; fromDate: string | null; toDate: string | null; fromMs: number | null; toMs: number | null };

/** The commissioner's providers (optionally just one), as a CTE. */
const PROV = `prov AS (
  SELECT p.id, p.name FROM commissioned_providers cp JOIN providers p ON p.id = cp.provider_id
   WHERE cp.commissioner_id = @commissioner AND (@provider IS NULL OR p.id = @provider)
)`;

/** The courses counted: the providers' courses in the programme and period filters. */
const COUNTED = `counted AS (
  SELECT c.* FROM courses c JOIN prov ON prov.id = c.provider_id
   WHERE (@programme IS NULL OR c.programme_id = @programme)
     AND (@fromDate IS NULL OR (c.starts_on <= @toDate AND c.ends_on >= @fromDate))
)`;

/** In the enrolled cohort: enrolled_at in the period. */
const IN_COHORT = `(e.provider_id IS NOT NULL AND (@fromMs IS NULL OR (e.enrolled_at >= @fromMs AND e.enrolled_at < @toMs)))`;

function params(commissionerId: string, filters: ReportFilters, providerId: string | null): Params {
  const r = periodRange(filters.period);
  return { commissioner: commissionerId, provider: providerId, programme: filters.programmeId, fromDate: r?.fromDate ?? null, toDate: r?.toDate ?? null, fromMs: r?.fromMs ?? null, toMs: r?.toMs ?? null };
}

type CoverageCounts = { totals: Map<string, number>; byProvider: Map<string, { cells: CoverageCells; uncovered: number }> };

/**
 * Per column, the criteria in it; per provider and column, how many a counted course teaches and
 * assesses, and how many criteria in scope no counted course covers. SQL lists the counted courses
 * with their coverage versions; what each covers comes from courseCovers() (kept between requests,
 * read again when it changes); combining it per provider and criterion, and the cross of providers ×
 * columns, is counted here in memory, which is far cheaper than joining and grouping it in SQL.
 */
function coverageCounts(db: Db, p: Params, providers: { id: string }[]): CoverageCounts {
  const scope = scopeCriteria(db);
  const courses = prepared(db, `WITH ${PROV}, ${COUNTED} SELECT counted.id, counted.provider_id AS providerId, counted.coverage_version AS version FROM counted`).all(p) as (CourseVersion & {
    providerId: string;
  })[];
  const covers = courseCovers(db, scope, courses);
  // Criteria and columns by number, so that the counting below indexes arrays instead of keying maps.
  const keys: string[] = [];
  const totals: number[] = [];
  const colOf = new Map<string, number>();
  const itemCols = scope.map((s) => {
    const cols: number[] = [];
    for (const key of [s.section, s.part]) {
      if (key === null) continue;
      let c = colOf.get(key);
      if (c === undefined) colOf.set(key, (c = keys.push(key) - 1));
      totals[c] = (totals[c] ?? 0) + 1;
      cols.push(c);
    }
    return cols;
  });
  // Per provider and criterion in scope: 1 taught, 2 assessed, by any of its courses.
  const flags = new Map(providers.map((pr) => [pr.id, new Uint8Array(scope.length)]));
  courses.forEach(({ providerId }, k) => {
    const mine = flags.get(providerId);
    if (!mine) return;
    const { items, flags: f } = covers[k];
    for (let j = 0; j < items.length; j++) mine[items[j]] |= f[j];
  });
  const byProvider = new Map<string, { cells: CoverageCells; uncovered: number }>();
  for (const [providerId, mine] of flags) {
    const taught = keys.map(() => 0);
    const assessed = keys.map(() => 0);
    let covered = 0;
    mine.forEach((f, i) => {
      if (!f) return;
      covered++;
      for (const c of itemCols[i]) {
        if (f & 1) taught[c]++;
        if (f & 2) assessed[c]++;
      }
    });
    byProvider.set(providerId, { cells: Object.fromEntries(keys.map((k, c) => [k, [taught[c], assessed[c]]])), uncovered: scope.length - covered });
  }
  return { totals: new Map(keys.map((k, c) => [k, totals[c]])), byProvider };
}

type ProviderRow = { id: string; name: string; courses: number; hours: number };

/** The providers with the courses and hours counted, grouped once (no correlated subquery per provider). */
function providerRows(db: Db, p: Params): ProviderRow[] {
  return prepared(
      db,
      `WITH ${PROV}, ${COUNTED},
       agg AS (SELECT provider_id, count(*) AS courses, coalesce(sum(hours), 0) AS hours FROM counted GROUP BY provider_id)
       SELECT prov.id, prov.name, coalesce(agg.courses, 0) AS courses, coalesce(agg.hours, 0) AS hours
         FROM prov LEFT JOIN agg ON agg.provider_id = prov.id
        ORDER BY prov.name`,
    )
    .all(p) as ProviderRow[];
}

type AchievementCountRow = { providerId: string; providerName: string; programmeId: string; programmeTitle: string; enrolled: number; active: number; achievedInCohort: number; achieved: number };

function achievementCounts(db: Db, p: Params): AchievementCountRow[] {
  // Enrolments are counted per provider, programme and status in the order of the covering index
  // enrolments_provider_programme (no sort, no table reads; two counts a row, where summing four
  // expressions over every enrolment cost twice as much), folded per provider and programme, then
  // every provider × programme pair is listed, with zeros where there are none.
  return prepared(
      db,
      `WITH ${PROV},
       prog AS (SELECT id, title, version FROM programmes WHERE @programme IS NULL OR id = @programme),
       by_status AS (
         SELECT e.provider_id, e.programme_id, e.status,
                count(*) FILTER (WHERE ${IN_COHORT}) AS n,
                count(*) FILTER (WHERE e.status = 'achieved' AND (@fromMs IS NULL OR (e.achieved_at >= @fromMs AND e.achieved_at < @toMs))) AS achieved
           FROM enrolments e
          WHERE e.provider_id IN (SELECT id FROM prov) AND (@programme IS NULL OR e.programme_id = @programme)
          GROUP BY e.provider_id, e.programme_id, e.status
       ),
       agg AS (
         SELECT provider_id, programme_id, sum(n) AS enrolled,
                sum(n) FILTER (WHERE status = 'active') AS active, sum(n) FILTER (WHERE status = 'achieved') AS achievedInCohort, sum(achieved) AS achieved
           FROM by_status GROUP BY provider_id, programme_id
       )
       SELECT prov.id AS providerId, prov.name AS providerName, prog.id AS programmeId, prog.title AS programmeTitle,
              coalesce(agg.enrolled, 0) AS enrolled, coalesce(agg.active, 0) AS active,
              coalesce(agg.achievedInCohort, 0) AS achievedInCohort, coalesce(agg.achieved, 0) AS achieved
         FROM prov CROSS JOIN prog
         LEFT JOIN agg ON agg.provider_id = prov.id AND agg.programme_id = prog.id
        ORDER BY prov.name, prog.title, prog.version`,
    )
    .all(p) as AchievementCountRow[];
}

type MetCountRow = { programmeId: string; itemId: string; code: string; text: string; met: number };

/** Per criterion each programme requires: how many of the provider's enrolled cohort have it met. */
function metCounts(db: Db, p: Params): MetCountRow[] {
  return prepared(
      db,
      `WITH ${PROV},
       prog AS (SELECT id FROM programmes WHERE @programme IS NULL OR id = @programme),
       m AS (
         SELECT e.programme_id, cp.item_id, count(*) AS met
           FROM enrolments e JOIN prov ON prov.id = e.provider_id JOIN prog ON prog.id = e.programme_id
           JOIN criterion_progress cp ON cp.enrolment_id = e.id AND cp.status = 'met'
          WHERE ${IN_COHORT}
          GROUP BY e.programme_id, cp.item_id
       )
       SELECT r.programme_id AS programmeId, r.item_id AS itemId, i.code, coalesce(i.statement, i.title, i.full_statement) AS text, coalesce(m.met, 0) AS met
         FROM programme_requirements r JOIN prog ON prog.id = r.programme_id JOIN standard_items i ON i.id = r.item_id
         LEFT JOIN m ON m.programme_id = r.programme_id AND m.item_id = r.item_id
        ORDER BY r.programme_id, r.position`,
    )
    .all(p) as MetCountRow[];
}

type TrainerCountRow = { providerId: string; providerName: string; trainers: number; onCourses: number; withExperience: number; median: number | null; years: number; cases: number; accredited: number };

function trainerCounts(db: Db, p: Params): TrainerCountRow[] {
  return prepared(
      db,
      `WITH ${PROV}, ${COUNTED},
       cur AS (
         SELECT t.provider_id, te.years, te.cases_facilitated, te.accreditation
           FROM trainers t JOIN prov ON prov.id = t.provider_id
           JOIN trainer_experience te ON te.trainer_id = t.id
          WHERE te.id = (SELECT x.id FROM trainer_experience x WHERE x.trainer_id = t.id ORDER BY x.recorded_at DESC, x.rowid DESC LIMIT 1)
       ),
       ranked AS (SELECT provider_id, years, row_number() OVER (PARTITION BY provider_id ORDER BY years) AS r, count(*) OVER (PARTITION BY provider_id) AS c FROM cur),
       med AS (SELECT provider_id, avg(years) AS median FROM ranked WHERE r IN ((c + 1) / 2, (c + 2) / 2) GROUP BY provider_id),
       agg AS (SELECT provider_id, count(*) AS n, sum(years) AS years, sum(cases_facilitated) AS cases, sum(coalesce(trim(accreditation), '') <> '') AS accredited FROM cur GROUP BY provider_id)
       SELECT prov.id AS providerId, prov.name AS providerName,
              (SELECT count(*) FROM trainers t WHERE t.provider_id = prov.id) AS trainers,
              (SELECT count(DISTINCT ct.trainer_id) FROM course_trainers ct JOIN counted ON counted.id = ct.course_id WHERE counted.provider_id = prov.id) AS onCourses,
              coalesce(agg.n, 0) AS withExperience, med.median, coalesce(agg.years, 0) AS years, coalesce(agg.cases, 0) AS cases, coalesce(agg.accredited, 0) AS accredited
         FROM prov LEFT JOIN agg ON agg.provider_id = prov.id LEFT JOIN med ON med.provider_id = prov.id
        ORDER BY prov.name`,
    )
    .all(p) as TrainerCountRow[];
}

// ---- the report ---------------------------------------------------------------------------------------

export type ProviderCoverage = { providerId: string; providerName: string; courses: number; hours: number; uncovered: number; cells: CoverageCells };
/** Figures in the order of achievementColumns() and TRAINER_COLUMNS (coverage-tables.ts). */
export type AchievementRow = { providerId: string; providerName: string; programmeId: string; programmeTitle: string; figures: Figure[] };
export type TrainerRow = { providerId: string; providerName: string; figures: Figure[] };
export type FilterSummary = ReportFilters & { programmeLabel: string; periodLabel: string };

export type CoverageReport = {
  commissionerName: string;
  filters: FilterSummary;
  options: { programmes: Option[]; periods: Option[] };
  sectionColumns: CoverageColumn[];
  partColumns: CoverageColumn[];
  providers: ProviderCoverage[];
  achievement: AchievementRow[];
  trainers: TrainerRow[];
};

function commissionerOf(actor: Actor): string {
  assertRole(actor, ["commissioner"]);
  if (!actor.commissionerId) throw forbidden();
  return actor.commissionerId;
}

function commissionerName(db: Db, id: string): string {
  const row = prepared(db, "SELECT name FROM commissioners WHERE id = ?").get(id) as { name: string } | undefined;
  if (!row) throw notFound();
  return row.name;
}

function programmeOptions(db: Db): Option[] {
  const rows = prepared(db, "SELECT id, title, version FROM programmes ORDER BY title, version").all() as { id: string; title: string; version: string }[];
  const dup = (t: string) => rows.filter((r) => r.title === t).length > 1;
  return rows.map((r) => ({ value: r.id, label: dup(r.title) ? `${r.title} (version ${r.version})` : r.title }));
}

function filterSummary(filters: ReportFilters, programmes: Option[]): FilterSummary {
  const programmeLabel = filters.programmeId ? (programmes.find((p) => p.value === filters.programmeId)?.label ?? null) : "All programmes";
  // An unknown programme id is treated as no programme filter.
  const f = programmeLabel === null ? { ...filters, programmeId: null } : filters;
  return { ...f, programmeLabel: programmeLabel ?? "All programmes", periodLabel: periodLabel(filters.period) };
}

function columns(db: Db, totals: Map<string, number>): { sectionColumns: CoverageColumn[]; partColumns: CoverageColumn[] } {
  const h = scopeHeadings(db);
  const col = (key: string, code: string, title: string): CoverageColumn => ({ key, code, title, label: `${code}: ${title}`, total: totals.get(key) ?? 0 });
  return {
    sectionColumns: [...h.sections.map((s) => col(s.code, `Section ${s.code}`, s.title)), col(QA_P, QA_LABELS[QA_P].code, QA_LABELS[QA_P].title), col(QA_K, QA_LABELS[QA_K].code, QA_LABELS[QA_K].title)],
    partColumns: h.parts.map((p) => col(p.code, p.code, p.title)),
  };
}

function coverageFor(rows: ProviderRow[], counts: CoverageCounts): ProviderCoverage[] {
  return rows.map((r) => ({ providerId: r.id, providerName: r.name, courses: r.courses, hours: r.hours, ...counts.byProvider.get(r.id)! }));
}

function achievementFor(rows: AchievementCountRow[], allTime: boolean): AchievementRow[] {
  return rows.map((r) => {
    const g = guardAchievement(r, allTime);
    return { providerId: r.providerId, providerName: r.providerName, programmeId: r.programmeId, programmeTitle: r.programmeTitle, figures: [g.enrolled, g.inProgress, g.achieved] };
  });
}

const median = (m: number | null): Figure => ({ value: m, text: m === null ? "none recorded" : Number.isInteger(m) ? number(m) : m.toFixed(1) });

function trainersFor(rows: TrainerCountRow[]): TrainerRow[] {
  return rows.map((r) => ({
    providerId: r.providerId,
    providerName: r.providerName,
    figures: [shown(r.trainers), shown(r.onCourses), shown(r.withExperience), median(r.median), shown(r.years), shown(r.cases), shown(r.accredited)],
  }));
}

/** The commissioner's overview: heatmap, achievement and trainers for every provider it commissions. */
export function coverageReport(actor: Actor, filters: ReportFilters, now = Date.now()): CoverageReport {
  const commissionerId = commissionerOf(actor);
  return buildReport(getDb(), commissionerId, filters, now);
}

export function buildReport(db: Db, commissionerId: string, requested: ReportFilters, now = Date.now()): CoverageReport {
  const name = commissionerName(db, commissionerId);
  const programmes = programmeOptions(db);
  const filters = filterSummary(requested, programmes);
  const p = params(commissionerId, filters, null);
  const rows = providerRows(db, p);
  const counts = coverageCounts(db, p, rows);
  return {
    commissionerName: name,
    filters,
    options: { programmes, periods: periodOptions(filters.period, now) },
    ...columns(db, counts.totals),
    providers: coverageFor(rows, counts),
    achievement: achievementFor(achievementCounts(db, p), filters.period === "all"),
    trainers: trainersFor(trainerCounts(db, p)),
  };
}

// ---- one provider ---------------------------------------------------------------------------------------

export type CourseLine = { id: string; title: string; startsOn: string; endsOn: string; hours: number; programmeTitle: string | null; label: string };
export type CriterionLine = { itemId: string; code: string; text: string; href: string; taughtBy: string[]; assessedBy: string[] };
export type CriterionGroupLines = { key: string; code: string; title: string; criteria: CriterionLine[] };
export type ProgrammeCriteria = { programmeId: string; programmeTitle: string; enrolled: Guarded; criteria: { itemId: string; code: string; text: string; met: GuardedShare }[] };

export type ProviderDetail = {
  commissionerName: string;
  provider: { id: string; name: string };
  filters: FilterSummary;
  options: { programmes: Option[]; periods: Option[] };
  sectionColumns: CoverageColumn[];
  partColumns: CoverageColumn[];
  coverage: ProviderCoverage;
  courses: CourseLine[];
  groups: CriterionGroupLines[];
  uncovered: CriterionGroupLines[];
  achievement: AchievementRow[];
  criteriaMet: ProgrammeCriteria[];
  trainers: TrainerRow;
};

/** One commissioned provider's criteria, courses, uncovered criteria and per-criterion achievement (404 if not commissioned). */
export function providerCoverage(actor: Actor, providerId: string, filters: ReportFilters, now = Date.now()): ProviderDetail {
  const commissionerId = commissionerOf(actor);
  return buildProviderDetail(getDb(), commissionerId, providerId, filters, now);
}

export function buildProviderDetail(db: Db, commissionerId: string, providerId: string, requested: ReportFilters, now = Date.now()): ProviderDetail {
  const name = commissionerName(db, commissionerId);
  const programmes = programmeOptions(db);
  const filters = filterSummary(requested, programmes);
  const p = params(commissionerId, filters, providerId);
  const rows = providerRows(db, p);
  if (rows.length !== 1) throw notFound();
  const tally = coverageCounts(db, p, rows);
  const [coverage] = coverageFor(rows, tally);

  const courseRows = prepared(
      db,
      `WITH ${PROV}, ${COUNTED}
       SELECT counted.id, counted.title, counted.starts_on AS startsOn, counted.ends_on AS endsOn, counted.hours, pr.title AS programmeTitle
         FROM counted LEFT JOIN programmes pr ON pr.id = counted.programme_id ORDER BY counted.starts_on, counted.title`,
    )
    .all(p) as Omit<CourseLine, "label">[];
  const courses = courseRows.map((c) => ({ ...c, label: `${c.title} (${courseDates(c.startsOn, c.endsOn)})` }));
  const label = new Map(courses.map((c) => [c.id, c.label]));
  const order = new Map(courses.map((c, i) => [c.id, i]));

  // Only the criteria in scope are looked up below (criteriaGroups() is the cached scope), so the
  // links need no scope of their own.
  const links = prepared(
      db,
      `WITH ${PROV}, ${COUNTED}
       SELECT cc.item_id AS itemId, cc.course_id AS courseId, cc.teaches, cc.assesses
         FROM counted JOIN course_coverage cc ON cc.course_id = counted.id
        WHERE cc.teaches = 1 OR cc.assesses = 1`,
    )
    .all(p) as { itemId: string; courseId: string; teaches: number; assesses: number }[];
  const by = (itemId: string, what: "teaches" | "assesses") =>
    links
      .filter((l) => l.itemId === itemId && l[what])
      .sort((a, b) => order.get(a.courseId)! - order.get(b.courseId)!)
      .map((l) => label.get(l.courseId)!);

  const groups = criteriaGroups(db).map((g) => ({
    key: g.key,
    code: g.code,
    title: g.title,
    criteria: g.items.map((c) => ({ itemId: c.itemId, code: c.code, text: c.text, href: `/standards/${c.framework}/${c.version}/items/${encodeURIComponent(c.code)}`, taughtBy: by(c.itemId, "teaches"), assessedBy: by(c.itemId, "assesses") })),
  }));
  const uncovered = groups
    .map((g) => ({ ...g, criteria: g.criteria.filter((c) => !c.taughtBy.length && !c.assessedBy.length) }))
    .filter((g) => g.criteria.length);

  const allTime = filters.period === "all";
  const counts = achievementCounts(db, p);
  const achievement = achievementFor(counts, allTime);
  const met = metCounts(db, p);
  const criteriaMet = counts.map((c) => ({
    programmeId: c.programmeId,
    programmeTitle: c.programmeTitle,
    enrolled: guardTotal(c.enrolled),
    criteria: met.filter((m) => m.programmeId === c.programmeId).map((m) => ({ itemId: m.itemId, code: m.code, text: m.text, met: guardShare(m.met, c.enrolled) })),
  }));

  return {
    commissionerName: name,
    provider: { id: rows[0].id, name: rows[0].name },
    filters,
    options: { programmes, periods: periodOptions(filters.period, now) },
    ...columns(db, tally.totals),
    coverage,
    courses,
    groups,
    uncovered,
    achievement,
    criteriaMet,
    trainers: trainersFor(trainerCounts(db, p))[0],
  };
}

// ---- CSV: the same figures as the pages ----------------------------------------------------------------

export const CSV_HEADER = ["Table", "Provider", "Row", "Column", "Figure", "Count", "Out of", "Percent"];

const guardedCells = (g: Guarded): CsvCell[] => [g.text, g.value ?? g.text, "", ""];
const guardedShareCells = (g: GuardedShare): CsvCell[] => [g.text, g.count.value ?? g.count.text, g.of.value ?? g.of.text, g.percent ?? ""];

function filterRows(commissioner: string, f: FilterSummary, provider = ""): CsvCell[][] {
  return [
    [TABLES.filters, provider, "Commissioner", "", commissioner, "", "", ""],
    [TABLES.filters, provider, "Programme", "", f.programmeLabel, "", "", ""],
    [TABLES.filters, provider, "Period", "", f.periodLabel, "", "", ""],
  ];
}

function heatmapRows(table: string, cols: CoverageColumn[], providers: ProviderCoverage[]): CsvCell[][] {
  const out: CsvCell[][] = [];
  for (const p of providers)
    for (const m of MEASURE_KEYS)
      for (const c of cols) {
        const s = cellShare(p.cells, c, m);
        out.push([table, p.providerName, MEASURES[m], c.label, shareText(s), s.n, s.of, s.percent]);
      }
  return out;
}

function achievementRows(columns: FigureColumn[], rows: AchievementRow[]): CsvCell[][] {
  return rows.flatMap((r) => r.figures.map((f, i) => [TABLES.achievement, r.providerName, r.programmeTitle, columns[i].label, ...guardedCells(f)]));
}

function trainerRows(rows: TrainerRow[]): CsvCell[][] {
  return rows.flatMap((r) => r.figures.map((f, i) => [TABLES.trainers, r.providerName, "", TRAINER_COLUMNS[i].label, ...guardedCells(f)]));
}

/** The overview's figures as CSV rows (header first). */
export function reportCsvRows(r: CoverageReport): CsvCell[][] {
  return [
    CSV_HEADER,
    ...filterRows(r.commissionerName, r.filters),
    ...heatmapRows(TABLES.sections, r.sectionColumns, r.providers),
    ...heatmapRows(TABLES.parts, r.partColumns, r.providers),
    ...achievementRows(achievementColumns(r.filters.period === "all"), r.achievement),
    ...trainerRows(r.trainers),
  ];
}

/** The drill-down's figures as CSV rows (header first). */
export function providerCsvRows(d: ProviderDetail): CsvCell[][] {
  const name = d.provider.name;
  return [
    CSV_HEADER,
    ...filterRows(d.commissionerName, d.filters, name),
    ...heatmapRows(TABLES.sections, d.sectionColumns, [d.coverage]),
    ...heatmapRows(TABLES.parts, d.partColumns, [d.coverage]),
    ...d.courses.flatMap((c) => [
      [TABLES.courses, name, c.label, "Programme", c.programmeTitle ?? NO_PROGRAMME, "", "", ""],
      [TABLES.courses, name, c.label, "Hours", number(c.hours), c.hours, "", ""],
    ]),
    ...d.uncovered.flatMap((g) => g.criteria.map((c) => [TABLES.uncovered, name, c.code, "Criterion", c.text, "", "", ""])),
    ...d.groups.flatMap((g) =>
      g.criteria.flatMap((c) => [
        [TABLES.criteria, name, c.code, "Taught by", c.taughtBy.join("; ") || "No course", c.taughtBy.length, "", ""],
        [TABLES.criteria, name, c.code, "Assessed by", c.assessedBy.join("; ") || "No course", c.assessedBy.length, "", ""],
      ]),
    ),
    ...achievementRows(achievementColumns(d.filters.period === "all"), d.achievement),
    ...d.criteriaMet.flatMap((p) => p.criteria.map((c) => [TABLES.met(p.programmeTitle), name, `${c.code} ${c.text}`, "Met", ...guardedShareCells(c.met)])),
    ...trainerRows([d.trainers]),
  ];
}

export const reportCsv = (r: CoverageReport) => toCsv(reportCsvRows(r));
export const providerCsv = (d: ProviderDetail) => toCsv(providerCsvRows(d));

/** For the command line: the overview CSV of a commissioner, without a signed-in actor. */
export function commissionerCsv(db: Db, commissionerId: string, filters: ReportFilters = { programmeId: null, period: "all" }): string {
  return reportCsv(buildReport(db, commissionerId, filters));
}
