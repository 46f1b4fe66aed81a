/**
 * Training provision, recorded by a provider admin for their own provider: courses (title, dates,
 * hours, the programme they prepare for, who delivers them), which criteria each course teaches and
 * which it assesses, and trainers with their restorative practice experience (the newest record
 * counts). Commissioners read the figures through coverage.server.ts.
 *
 * Access: provider admins only (403 for every other role); a course or trainer of another provider
 * is 404. Every change writes an audit event in the same transaction.
 *
 * The criteria a course can cover are the assessable criteria of the LATEST version of the
 * guidance (sections A–F) and the QA unit's performance criteria (P) and knowledge (K) items.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/connection";
import { courseCoverage, courses, courseTrainers, programmes, trainerExperience, trainers } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./http.server";
import { londonToday } from "./london";
import { prepared } from "./statements.server";

// ---- the criteria a course can cover --------------------------------------------------------------

export const GUIDANCE = "guidance";
export const QA_UNIT = "nos-qa";
export const QA_P = "QA-P";
export const QA_K = "QA-K";
export const QA_LABELS: Record<string, { code: string; title: string }> = {
  [QA_P]: { code: "QA unit P", title: "performance criteria" },
  [QA_K]: { code: "QA unit K", title: "knowledge and understanding" },
};

/**
 * SQL common table expressions (to follow `WITH RECURSIVE`) ending in `scope`: one row per criterion
 * a course can cover, with `item_id, code, text, position, framework, version, section, part` where section
 * is the guidance section code (A–F) or QA-P / QA-K for the QA unit, and part is the Section A part
 * code (A1(a) … A3(d)) or null. Framework versions: the latest of each (versions sort as strings).
 */
export const SCOPE_CTES = `
fw AS (
  SELECT f.id, f.framework, f.version FROM standard_frameworks f
   WHERE f.framework IN ('${GUIDANCE}', '${QA_UNIT}')
     AND f.version = (SELECT max(g.version) FROM standard_frameworks g WHERE g.framework = f.framework)
),
crit AS (
  SELECT i.id, i.code, i.type, coalesce(i.statement, i.title, i.full_statement) AS text, i.position, i.parent_id, fw.framework, fw.version
    FROM standard_items i JOIN fw ON fw.id = i.framework_id
   WHERE i.assessable = 1
     AND ((fw.framework = '${GUIDANCE}' AND i.type = 'Criterion')
       OR (fw.framework = '${QA_UNIT}' AND i.type IN ('Performance Criterion', 'Knowledge and Understanding')))
),
up(item_id, ancestor_id) AS (
  SELECT id, parent_id FROM crit WHERE framework = '${GUIDANCE}' AND parent_id IS NOT NULL
  UNION ALL
  SELECT up.item_id, a.parent_id FROM up JOIN standard_items a ON a.id = up.ancestor_id WHERE a.parent_id IS NOT NULL
),
scope AS (
  SELECT c.id AS item_id, c.code, c.text, c.position, c.framework, c.version,
         coalesce(max(CASE WHEN a.type = 'Section' THEN a.code END),
                  CASE c.type WHEN 'Performance Criterion' THEN '${QA_P}' WHEN 'Knowledge and Understanding' THEN '${QA_K}' END) AS section,
         max(CASE WHEN a.type = 'Part' THEN a.code END) AS part
    FROM crit c
    LEFT JOIN up ON up.item_id = c.id
    LEFT JOIN standard_items a ON a.id = up.ancestor_id
   GROUP BY c.id
)`;

export type ScopeCriterion = { itemId: string; code: string; text: string; framework: string; version: string; section: string; part: string | null };
export type CriteriaGroup = { key: string; code: string; title: string; section: string; items: ScopeCriterion[] };

/** The guidance's sections and Section A's parts, with their titles (latest version). */
export function scopeHeadings(db: Db = getDb()): { sections: { code: string; title: string }[]; parts: { code: string; title: string }[] } {
  const rows = db.$client
    .prepare(
      `WITH fw AS (SELECT id FROM standard_frameworks WHERE framework = ? ORDER BY version DESC LIMIT 1)
       SELECT i.code, i.type, coalesce(i.title, i.statement, '') AS title FROM standard_items i JOIN fw ON fw.id = i.framework_id
        WHERE i.type IN ('Section', 'Part') ORDER BY i.position`,
    )
    .all(GUIDANCE) as { code: string; type: string; title: string }[];
  return {
    sections: rows.filter((r) => r.type === "Section").map(({ code, title }) => ({ code, title })),
    parts: rows.filter((r) => r.type === "Part" && r.code.startsWith("A")).map(({ code, title }) => ({ code, title })),
  };
}

/**
 * What the scope is worked out from: the latest version of each framework, as last imported. The
 * importer rewrites a version's row (its content hash and import time) whenever it writes its items,
 * in the same transaction, so the same key means the same criteria, even after an import by another
 * process.
 */
const SCOPE_SOURCE = `SELECT group_concat(f.id || ':' || f.content_hash || ':' || f.imported_at, ',') AS key FROM standard_frameworks f
   WHERE f.framework IN ('${GUIDANCE}', '${QA_UNIT}') AND f.version = (SELECT max(g.version) FROM standard_frameworks g WHERE g.framework = f.framework)`;
const scopeCache = new WeakMap<Db, { key: string | null; criteria: readonly ScopeCriterion[] }>();

/**
 * Every criterion a course can cover, in document order (guidance first). Worked out again only when
 * the standards have been imported since (a recursive walk up every criterion's parents, about 1 ms,
 * on every coverage page and course form otherwise).
 */
export function scopeCriteria(db: Db = getDb()): readonly ScopeCriterion[] {
  const { key } = prepared(db, SCOPE_SOURCE).get() as { key: string | null };
  const hit = scopeCache.get(db);
  if (hit && hit.key === key) return hit.criteria;
  const criteria = Object.freeze(
    prepared(db, `WITH RECURSIVE ${SCOPE_CTES} SELECT item_id AS itemId, code, text, framework, version, section, part FROM scope ORDER BY framework = '${QA_UNIT}', position`).all() as ScopeCriterion[],
  );
  scopeCache.set(db, { key, criteria });
  return criteria;
}

/** The criteria grouped for forms and lists: each Section A part, sections B–F, then the QA unit's P and K items. */
export function criteriaGroups(db: Db = getDb()): CriteriaGroup[] {
  const headings = scopeHeadings(db);
  const title = new Map([...headings.sections, ...headings.parts].map((h) => [h.code, h.title]));
  const groups = new Map<string, CriteriaGroup>();
  for (const c of scopeCriteria(db)) {
    const key = c.part ?? c.section;
    let g = groups.get(key);
    if (!g) {
      const qa = QA_LABELS[key];
      g = qa
        ? { key, code: qa.code, title: qa.title, section: c.section, items: [] }
        : { key, code: c.part ? c.part : `Section ${c.section}`, title: title.get(key) ?? "", section: c.section, items: [] };
      groups.set(key, g);
    }
    g.items.push(c);
  }
  return [...groups.values()];
}

// ---- input ---------------------------------------------------------------------------------------

const dateParts = z.object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() });
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A GOV.UK date input (`name.day`, `name.month`, `name.year`) or "YYYY-MM-DD" → "YYYY-MM-DD". */
function dateField(what: string, options: { required: boolean; notFuture?: boolean }) {
  return z
    .union([z.string(), dateParts])
    .optional()
    .transform((value, ctx): string | undefined => {
      const fail = (message: string) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      let day: string, month: string, year: string;
      if (value === undefined || value === "") return options.required ? fail(`Enter ${what}`) : undefined;
      if (typeof value === "string") {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
        if (!m) return fail(`${capitalise(what)} must be a real date`);
        [, year, month, day] = m;
      } else {
        day = value.day?.trim() ?? "";
        month = value.month?.trim() ?? "";
        year = value.year?.trim() ?? "";
        if (!day && !month && !year) return options.required ? fail(`Enter ${what}`) : undefined;
        const missing = [!day && "a day", !month && "a month", !year && "a year"].filter(Boolean) as string[];
        if (missing.length) return fail(`${capitalise(what)} must include ${missing.join(" and ")}`);
        if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d+$/.test(year)) return fail(`${capitalise(what)} must be a real date`);
        if (year.length !== 4) return fail("Year must include 4 numbers");
      }
      const d = Number(day), mo = Number(month), y = Number(year);
      const probe = new Date(Date.UTC(y, mo - 1, d));
      if (mo < 1 || mo > 12 || d < 1 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return fail(`${capitalise(what)} must be a real date`);
      const iso = `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      if (y < 1970 || y > 2100) return fail(`${capitalise(what)} must be between 1970 and 2100`);
      if (options.notFuture && iso > londonToday()) return fail(`${capitalise(what)} must be today or in the past`);
      return iso;
    });
}

/** A whole number typed into a text input, within bounds. */
function wholeNumber(label: string, enter: string, min: number, max: number) {
  return z
    .string({ message: enter })
    .trim()
    .min(1, enter)
    .transform((v, ctx) => {
      const plain = v.replace(/,/g, "");
      if (!/^\d+$/.test(plain)) {
        ctx.addIssue({ code: "custom", message: `${label} must be a whole number, like ${min === 0 ? 12 : 14}` });
        return z.NEVER;
      }
      const n = Number(plain);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be between ${min.toLocaleString("en-GB")} and ${max.toLocaleString("en-GB")}` });
        return z.NEVER;
      }
      return n;
    });
}

const idList = z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(64)).max(1000));

export const courseInput = z
  .object({
    title: z.string({ message: "Enter the course title" }).trim().min(1, "Enter the course title").max(200, "Course title must be 200 characters or fewer"),
    startsOn: dateField("the date the course starts", { required: true }),
    endsOn: dateField("the date the course ends", { required: true }),
    hours: wholeNumber("Hours", "Enter the course's hours of training", 1, 1000),
    programmeId: z.string().max(64).optional().transform((v) => (v ? v : null)),
    trainerIds: idList,
  })
  .superRefine((c, ctx) => {
    if (c.startsOn && c.endsOn && c.endsOn < c.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The date the course ends must be the same as or after the date it starts" });
  });
export type CourseInput = z.output<typeof courseInput>;

export const coverageInput = z.object({ teaches: idList, assesses: idList });
export type CoverageInput = z.output<typeof coverageInput>;

export const trainerInput = z.object({
  name: z.string({ message: "Enter the trainer's full name" }).trim().min(1, "Enter the trainer's full name").max(200, "Name must be 200 characters or fewer"),
});

export const experienceInput = z
  .object({
    years: wholeNumber("Years of practice", "Enter the years of restorative practice", 0, 60),
    casesFacilitated: wholeNumber("Cases facilitated", "Enter the number of cases facilitated", 0, 100000),
    accreditation: z
      .string()
      .trim()
      .max(200, "Accreditation must be 200 characters or fewer")
      .optional()
      .transform((v) => (v ? v : null)),
    accreditedOn: dateField("the date of accreditation", { required: false, notFuture: true }),
  })
  .superRefine((e, ctx) => {
    if (e.accreditation && !e.accreditedOn) ctx.addIssue({ code: "custom", path: ["accreditedOn"], message: "Enter the date of accreditation" });
    if (!e.accreditation && e.accreditedOn) ctx.addIssue({ code: "custom", path: ["accreditation"], message: "Enter the accreditation held, or leave the date empty" });
  });
export type ExperienceInput = z.output<typeof experienceInput>;

/** A problem with otherwise well-formed input (a programme or trainer that is not there). */
export class CourseError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// ---- access --------------------------------------------------------------------------------------

function providerOf(actor: Actor): string {
  assertRole(actor, ["provider_admin"]);
  return actor.providerId!;
}

function ownCourse(db: Db, providerId: string, courseId: string) {
  const row = db.select().from(courses).where(and(eq(courses.id, courseId), eq(courses.providerId, providerId))).get();
  if (!row) throw notFound();
  return row;
}

function ownTrainer(db: Db, providerId: string, trainerId: string) {
  const row = db.select().from(trainers).where(and(eq(trainers.id, trainerId), eq(trainers.providerId, providerId))).get();
  if (!row) throw notFound();
  return row;
}

function checkReferences(db: Db, providerId: string, input: CourseInput) {
  if (input.programmeId && !db.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, input.programmeId)).get())
    throw new CourseError("programmeId", "Select a programme from the list");
  const ids = [...new Set(input.trainerIds)];
  if (ids.length) {
    const known = db.select({ id: trainers.id }).from(trainers).where(and(inArray(trainers.id, ids), eq(trainers.providerId, providerId))).all();
    if (known.length !== ids.length) throw new CourseError("trainerIds", "Select trainers from your provider");
  }
  return ids;
}

// ---- courses -------------------------------------------------------------------------------------

export type CourseSummary = {
  id: string;
  title: string;
  startsOn: string;
  endsOn: string;
  hours: number;
  programmeTitle: string | null;
  trainers: number;
  taught: number;
  assessed: number;
};

/** The provider admin's courses, newest first, with how many criteria each teaches and assesses. */
export function listCourses(actor: Actor): CourseSummary[] {
  const providerId = providerOf(actor);
  return getDb().$client
    .prepare(
      `WITH RECURSIVE ${SCOPE_CTES}
       SELECT c.id, c.title, c.starts_on AS startsOn, c.ends_on AS endsOn, c.hours, p.title AS programmeTitle,
              (SELECT count(*) FROM course_trainers ct WHERE ct.course_id = c.id) AS trainers,
              (SELECT count(*) FROM course_coverage cc JOIN scope s ON s.item_id = cc.item_id WHERE cc.course_id = c.id AND cc.teaches = 1) AS taught,
              (SELECT count(*) FROM course_coverage cc JOIN scope s ON s.item_id = cc.item_id WHERE cc.course_id = c.id AND cc.assesses = 1) AS assessed
         FROM courses c LEFT JOIN programmes p ON p.id = c.programme_id
        WHERE c.provider_id = ?
        ORDER BY c.starts_on DESC, c.title`,
    )
    .all(providerId) as CourseSummary[];
}

/** One of the provider admin's courses (404 for another provider's), with its trainers and coverage. */
export function getCourse(actor: Actor, courseId: string) {
  const providerId = providerOf(actor);
  const db = getDb();
  const course = ownCourse(db, providerId, courseId);
  const programme = course.programmeId ? db.select({ title: programmes.title }).from(programmes).where(eq(programmes.id, course.programmeId)).get() : undefined;
  const courseTrainerRows = db
    .select({ id: trainers.id, name: trainers.name })
    .from(courseTrainers)
    .innerJoin(trainers, eq(trainers.id, courseTrainers.trainerId))
    .where(eq(courseTrainers.courseId, courseId))
    .orderBy(asc(trainers.name))
    .all();
  const coverage = db.select({ itemId: courseCoverage.itemId, teaches: courseCoverage.teaches, assesses: courseCoverage.assesses }).from(courseCoverage).where(eq(courseCoverage.courseId, courseId)).all();
  return {
    course: { ...course, programmeTitle: programme?.title ?? null },
    trainers: courseTrainerRows,
    teaches: coverage.filter((c) => c.teaches).map((c) => c.itemId),
    assesses: coverage.filter((c) => c.assesses).map((c) => c.itemId),
    /** The criteria a course can cover, grouped for the form. */
    groups: criteriaGroups(db),
  };
}

/** The course's details as the change form shows them, with the form's options (404 for another provider's). */
export function editCourse(actor: Actor, courseId: string) {
  const providerId = providerOf(actor);
  const db = getDb();
  const course = ownCourse(db, providerId, courseId);
  const trainerIds = db.select({ id: courseTrainers.trainerId }).from(courseTrainers).where(eq(courseTrainers.courseId, courseId)).all().map((t) => t.id);
  return {
    course: { id: course.id, title: course.title },
    values: { title: course.title, startsOn: course.startsOn, endsOn: course.endsOn, hours: String(course.hours), programmeId: course.programmeId ?? "", trainerIds } as Record<string, string | string[]>,
    ...courseFormOptions(actor),
  };
}

/** What the course form offers: programmes and the provider's trainers. */
export function courseFormOptions(actor: Actor) {
  const providerId = providerOf(actor);
  const db = getDb();
  return {
    programmes: db.select({ value: programmes.id, label: programmes.title }).from(programmes).orderBy(asc(programmes.title), asc(programmes.version)).all(),
    trainers: db.select({ value: trainers.id, label: trainers.name }).from(trainers).where(eq(trainers.providerId, providerId)).orderBy(asc(trainers.name)).all(),
  };
}

export function createCourse(actor: Actor, input: CourseInput, now = Date.now()): string {
  const providerId = providerOf(actor);
  const db = getDb();
  const id = newId();
  db.$client.transaction(() => {
    const trainerIds = checkReferences(db, providerId, input);
    db.insert(courses)
      .values({ id, providerId, title: input.title, startsOn: input.startsOn!, endsOn: input.endsOn!, hours: input.hours, programmeId: input.programmeId, createdAt: now })
      .run();
    if (trainerIds.length) db.insert(courseTrainers).values(trainerIds.map((trainerId) => ({ courseId: id, trainerId }))).run();
    recordAudit(
      db,
      { ...auditActor(actor), action: "course-added", entity: "course", entityId: id, providerId, details: { title: input.title, startsOn: input.startsOn, endsOn: input.endsOn, hours: input.hours, programmeId: input.programmeId, trainers: trainerIds.length } },
      now,
    );
  })();
  return id;
}

export function updateCourse(actor: Actor, courseId: string, input: CourseInput, now = Date.now()): void {
  const providerId = providerOf(actor);
  const db = getDb();
  db.$client.transaction(() => {
    ownCourse(db, providerId, courseId);
    const trainerIds = checkReferences(db, providerId, input);
    db.update(courses).set({ title: input.title, startsOn: input.startsOn!, endsOn: input.endsOn!, hours: input.hours, programmeId: input.programmeId }).where(eq(courses.id, courseId)).run();
    db.delete(courseTrainers).where(eq(courseTrainers.courseId, courseId)).run();
    if (trainerIds.length) db.insert(courseTrainers).values(trainerIds.map((trainerId) => ({ courseId, trainerId }))).run();
    recordAudit(
      db,
      { ...auditActor(actor), action: "course-changed", entity: "course", entityId: courseId, providerId, details: { title: input.title, startsOn: input.startsOn, endsOn: input.endsOn, hours: input.hours, programmeId: input.programmeId, trainers: trainerIds.length } },
      now,
    );
  })();
}

/**
 * Replaces which criteria the course teaches and assesses (of the criteria a course can cover;
 * rows for items outside that scope, such as an older version's, are left alone). An id that is not
 * a criterion in scope is refused and nothing changes.
 */
export function setCourseCoverage(actor: Actor, courseId: string, input: CoverageInput, now = Date.now()): { taught: number; assessed: number } {
  const providerId = providerOf(actor);
  const db = getDb();
  return db.$client.transaction(() => {
    ownCourse(db, providerId, courseId);
    const scope = new Map(scopeCriteria(db).map((c) => [c.itemId, c.code]));
    const teaches = new Set(input.teaches);
    const assesses = new Set(input.assesses);
    for (const id of [...teaches, ...assesses]) if (!scope.has(id)) throw new CourseError("teaches", "Select criteria from the list");
    const before = db.select().from(courseCoverage).where(eq(courseCoverage.courseId, courseId)).all();
    const inScope = before.filter((r) => scope.has(r.itemId));
    if (inScope.length) db.delete(courseCoverage).where(and(eq(courseCoverage.courseId, courseId), inArray(courseCoverage.itemId, inScope.map((r) => r.itemId)))).run();
    const rows = [...new Set([...teaches, ...assesses])].map((itemId) => ({ courseId, itemId, teaches: teaches.has(itemId), assesses: assesses.has(itemId) }));
    for (let i = 0; i < rows.length; i += 200) db.insert(courseCoverage).values(rows.slice(i, i + 200)).run();
    const was = new Map(inScope.map((r) => [r.itemId, `${+r.teaches}${+r.assesses}`]));
    const changed = [...scope.keys()].filter((id) => (was.get(id) ?? "00") !== `${+teaches.has(id)}${+assesses.has(id)}`).map((id) => scope.get(id)!);
    recordAudit(db, { ...auditActor(actor), action: "course-coverage-set", entity: "course", entityId: courseId, providerId, details: { taught: teaches.size, assessed: assesses.size, changed } }, now);
    return { taught: teaches.size, assessed: assesses.size };
  })();
}

// ---- trainers ------------------------------------------------------------------------------------

export type TrainerSummary = {
  id: string;
  name: string;
  years: number | null;
  casesFacilitated: number | null;
  accreditation: string | null;
  accreditedOn: string | null;
  recordedAt: number | null;
  courses: number;
};

/** The newest experience record of each trainer, as a SQL expression source. */
const LATEST_EXPERIENCE = `(SELECT te.* FROM trainer_experience te
   WHERE te.id = (SELECT x.id FROM trainer_experience x WHERE x.trainer_id = te.trainer_id ORDER BY x.recorded_at DESC, x.rowid DESC LIMIT 1))`;

/** The provider admin's trainers with their current (newest) experience. */
export function listTrainers(actor: Actor): TrainerSummary[] {
  const providerId = providerOf(actor);
  return getDb().$client
    .prepare(
      `SELECT t.id, t.name, e.years, e.cases_facilitated AS casesFacilitated, e.accreditation, e.accredited_on AS accreditedOn, e.recorded_at AS recordedAt,
              (SELECT count(*) FROM course_trainers ct WHERE ct.trainer_id = t.id) AS courses
         FROM trainers t LEFT JOIN ${LATEST_EXPERIENCE} e ON e.trainer_id = t.id
        WHERE t.provider_id = ?
        ORDER BY t.name`,
    )
    .all(providerId) as TrainerSummary[];
}

/** One of the provider admin's trainers (404 for another provider's), with every experience record and their courses. */
export function getTrainer(actor: Actor, trainerId: string) {
  const providerId = providerOf(actor);
  const db = getDb();
  const trainer = ownTrainer(db, providerId, trainerId);
  const experience = db.select().from(trainerExperience).where(eq(trainerExperience.trainerId, trainerId)).orderBy(desc(trainerExperience.recordedAt), desc(sql`rowid`)).all();
  const taught = db
    .select({ id: courses.id, title: courses.title, startsOn: courses.startsOn, endsOn: courses.endsOn })
    .from(courseTrainers)
    .innerJoin(courses, eq(courses.id, courseTrainers.courseId))
    .where(eq(courseTrainers.trainerId, trainerId))
    .orderBy(desc(courses.startsOn))
    .all();
  return { trainer, current: experience[0] ?? null, history: experience, courses: taught };
}

export function createTrainer(actor: Actor, input: z.output<typeof trainerInput>, now = Date.now()): string {
  const providerId = providerOf(actor);
  const db = getDb();
  const id = newId();
  db.$client.transaction(() => {
    db.insert(trainers).values({ id, providerId, name: input.name, createdAt: now }).run();
    recordAudit(db, { ...auditActor(actor), action: "trainer-added", entity: "trainer", entityId: id, providerId, details: { name: input.name } }, now);
  })();
  return id;
}

/** Records the trainer's experience as it stands today; it becomes the record that counts. */
export function recordExperience(actor: Actor, trainerId: string, input: ExperienceInput, now = Date.now()): string {
  const providerId = providerOf(actor);
  const db = getDb();
  const id = newId();
  db.$client.transaction(() => {
    ownTrainer(db, providerId, trainerId);
    db.insert(trainerExperience)
      .values({ id, trainerId, years: input.years, casesFacilitated: input.casesFacilitated, accreditation: input.accreditation, accreditedOn: input.accreditedOn ?? null, recordedAt: now, recordedBy: actor.userId })
      .run();
    recordAudit(
      db,
      { ...auditActor(actor), action: "trainer-experience-recorded", entity: "trainer", entityId: trainerId, providerId, details: { years: input.years, casesFacilitated: input.casesFacilitated, accreditation: input.accreditation, accreditedOn: input.accreditedOn ?? null } },
      now,
    );
  })();
  return id;
}
