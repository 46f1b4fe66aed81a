/**
 * Demo training provision for the demo providers: courses with the criteria they teach and assess,
 * and trainers with their practice experience (one with none recorded), so the commissioner's
 * coverage pages have something to show — some criteria covered, others left uncovered.
 * Every name is invented. Dates are relative to today, so the demo always looks current.
 *
 *   seedDemoCoverage(db, { providerIds: [northvaleId, eastmoorId], adminUserId })
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db/connection";
import { courseCoverage, courses, courseTrainers, trainerExperience, trainers } from "../db/schema";
import { recordAudit } from "../app/lib/audit.server";
import { scopeCriteria } from "../app/lib/courses.server";

const DAY = 24 * 60 * 60 * 1000;

type CourseSpec = {
  title: string;
  startsDaysAgo: number;
  days: number;
  hours: number;
  programme: string | null;
  trainers: string[];
  teaches: string[];
  assesses: string[];
};
type TrainerSpec = { name: string; experience: { daysAgo: number; years: number; cases: number; accreditation?: string; accreditedOn?: string }[] };
type ProviderSpec = { trainers: TrainerSpec[]; courses: CourseSpec[] };

/** "A1(a)" and 1..7 → ["A1(a).1", …, "A1(a).7"]. */
const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** The first demo provider (Northvale): good Section A 1–2 coverage, nothing of A3(c)/A3(d); a supervision course. */
const NORTHVALE: ProviderSpec = {
  trainers: [
    {
      name: "Morgan Ashdown",
      experience: [
        { daysAgo: 400, years: 10, cases: 260, accreditation: "Accredited restorative practitioner", accreditedOn: "2016-05-12" },
        { daysAgo: 20, years: 12, cases: 340, accreditation: "Accredited restorative practitioner", accreditedOn: "2016-05-12" },
      ],
    },
    { name: "Priya Calloway", experience: [{ daysAgo: 90, years: 6, cases: 85 }] },
    { name: "Sam Okafor-Reid", experience: [] },
  ],
  courses: [
    {
      title: "Core restorative practice",
      startsDaysAgo: 75,
      days: 2,
      hours: 14,
      programme: "level4-award",
      trainers: ["Morgan Ashdown", "Priya Calloway"],
      teaches: [
        ...range("A1(a).", 1, 7),
        ...range("A1(b).", 1, 8),
        ...range("A2(a).", 1, 10),
        ...range("A2(b).", 1, 11),
        ...range("A2(c).", 1, 20),
        ...range("A3(a).", 1, 10),
        ...range("A3(b).", 1, 12),
      ],
      assesses: [...range("A1(a).", 1, 5), ...range("A1(b).", 1, 4), ...range("A2(a).", 1, 5), ...range("A2(b).", 1, 6), ...range("A3(b).", 1, 6)],
    },
    {
      title: "Case supervision",
      startsDaysAgo: 30,
      days: 1,
      hours: 7,
      programme: "supervisor-check",
      trainers: ["Morgan Ashdown"],
      teaches: [...range("E.", 1, 7), ...range("P", 1, 8), "K1", "K2", "K6", "K9", "K10", "K12"],
      assesses: [...range("E.", 1, 5), "P1", "P2", "P6"],
    },
    {
      title: "Core restorative practice (previous cohort)",
      startsDaysAgo: 430,
      days: 2,
      hours: 14,
      programme: "level4-award",
      trainers: ["Priya Calloway", "Sam Okafor-Reid"],
      teaches: [...range("A1(a).", 1, 7), ...range("A1(b).", 1, 8)],
      assesses: range("A1(a).", 1, 3),
    },
  ],
};

/** The second demo provider (Eastmoor): one course, Section A 1(a), 1(b) and Section D only. */
const EASTMOOR: ProviderSpec = {
  trainers: [{ name: "Jordan Pettifer", experience: [{ daysAgo: 60, years: 9, cases: 150, accreditation: "Accredited restorative practitioner", accreditedOn: "2019-09-30" }] }],
  courses: [
    {
      title: "Introduction to mediation and co-working",
      startsDaysAgo: 45,
      days: 1,
      hours: 7,
      programme: "level4-award",
      trainers: ["Jordan Pettifer"],
      teaches: [...range("A1(a).", 1, 7), ...range("A1(b).", 1, 8), ...range("D.", 1, 14)],
      assesses: [...range("A1(a).", 1, 3), ...range("D.", 1, 8)],
    },
  ],
};

const isoDaysAgo = (now: number, days: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(now - days * DAY));

/**
 * Creates the demo courses and trainers for the given providers, in one transaction: the first
 * provider gets Northvale's, the second Eastmoor's (further ids are ignored). Needs the standards
 * imported. Returns how many courses and trainers were created.
 */
export function seedDemoCoverage(db: Db, options: { providerIds: string[]; adminUserId?: string | null }, now = Date.now()): { courses: number; trainers: number } {
  const criteria = scopeCriteria(db);
  if (!criteria.length) throw new Error("Import the standards before adding demo courses");
  const item = new Map(criteria.map((c) => [c.code, c.itemId]));
  const id = (code: string) => {
    const found = item.get(code);
    if (!found) throw new Error(`Demo coverage names an unknown criterion: ${code}`);
    return found;
  };
  const programmeIds = new Map(
    (db.$client.prepare("SELECT slug, id FROM programmes ORDER BY version").all() as { slug: string; id: string }[]).map((p) => [p.slug, p.id]),
  );
  const specs = [NORTHVALE, EASTMOOR];
  let courseCount = 0;
  let trainerCount = 0;
  db.$client.transaction(() => {
    options.providerIds.slice(0, specs.length).forEach((providerId, index) => {
      const spec = specs[index];
      const trainerIds = new Map<string, string>();
      for (const t of spec.trainers) {
        const trainerId = randomUUID();
        trainerIds.set(t.name, trainerId);
        db.insert(trainers).values({ id: trainerId, providerId, name: t.name, createdAt: now - 500 * DAY }).run();
        for (const e of t.experience)
          db.insert(trainerExperience)
            .values({ id: randomUUID(), trainerId, years: e.years, casesFacilitated: e.cases, accreditation: e.accreditation ?? null, accreditedOn: e.accreditedOn ?? null, recordedAt: now - e.daysAgo * DAY, recordedBy: options.adminUserId ?? null })
            .run();
        trainerCount++;
      }
      for (const c of spec.courses) {
        const courseId = randomUUID();
        db.insert(courses)
          .values({
            id: courseId,
            providerId,
            title: c.title,
            startsOn: isoDaysAgo(now, c.startsDaysAgo),
            endsOn: isoDaysAgo(now, c.startsDaysAgo - (c.days - 1)),
            hours: c.hours,
            programmeId: c.programme ? (programmeIds.get(c.programme) ?? null) : null,
            createdAt: now - (c.startsDaysAgo + 14) * DAY,
          })
          .run();
        db.insert(courseTrainers).values(c.trainers.map((name) => ({ courseId, trainerId: trainerIds.get(name)! }))).run();
        const teaches = new Set(c.teaches.map(id));
        const assesses = new Set(c.assesses.map(id));
        db.insert(courseCoverage)
          .values([...new Set([...teaches, ...assesses])].map((itemId) => ({ courseId, itemId, teaches: teaches.has(itemId), assesses: assesses.has(itemId) })))
          .run();
        courseCount++;
      }
      recordAudit(
        db,
        { actorId: null, action: "seeded-demo-courses", entity: "provider", entityId: providerId, providerId, details: { courses: spec.courses.length, trainers: spec.trainers.length, recordedBy: options.adminUserId ?? null } },
        now,
      );
    });
  })();
  return { courses: courseCount, trainers: trainerCount };
}
