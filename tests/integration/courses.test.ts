/**
 * Provider admins record courses (details, trainers, the criteria each teaches and assesses) and
 * trainers with their practice experience — for their own provider only (another provider's record
 * is 404; every other role 403), with GOV.UK validation, and an audit event in the same transaction
 * as every change; refused input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/lib/auth.server";
import {
  courseFormOptions,
  CourseError,
  courseInput,
  createCourse,
  createTrainer,
  criteriaGroups,
  editCourse,
  experienceInput,
  getCourse,
  getTrainer,
  listCourses,
  listTrainers,
  recordExperience,
  scopeCriteria,
  setCourseCoverage,
  trainerInput,
  updateCourse,
} from "../../app/lib/courses.server";
import { validate } from "../../app/lib/forms.server";
import { courseCoverage } from "../../db/schema";
import type { Role } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import { flatten, loadStandards } from "../../standards/loader";
import { itemId, programmeId } from "../../standards/ids";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let own: string;
let other: string;
let actors: Record<Role, Actor>;
let otherAdmin: Actor;
let ownTrainer: string;
let otherTrainer: string;
let ownCourse: string;
let otherCourse: string;

const G = (code: string) => itemId("guidance", "2004-12", code);
const N = (code: string) => itemId("nos-qa", "1", code);
const L4 = programmeId("level4-award", "1");
const ROLES: Role[] = ["candidate", "assessor", "iqa", "provider_admin", "commissioner", "admin"];

const count = (table: string, where = "1") => (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get() as { n: number }).n;
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
const status = (e: unknown) => (e instanceof Response ? e.status : undefined);
const form = (values: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
};
const course = (over: Partial<Record<string, unknown>> = {}) => ({ title: "Core restorative practice", startsOn: "2026-03-02", endsOn: "2026-03-03", hours: 14, programmeId: null, trainerIds: [] as string[], ...over }) as Parameters<typeof createCourse>[1];
const experience = (over: Partial<Record<string, unknown>> = {}) => ({ years: 5, casesFacilitated: 40, accreditation: null, accreditedOn: undefined, ...over }) as Parameters<typeof recordExperience>[2];

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  own = addProvider(t.db, "Own provider");
  other = addProvider(t.db, "Other provider");
  const commissionerId = addCommissioner(t.db, [own]);
  actors = {
    candidate: addActor(t.db, "candidate", { providerId: own }),
    assessor: addActor(t.db, "assessor", { providerId: own }),
    iqa: addActor(t.db, "iqa", { providerId: own }),
    provider_admin: addActor(t.db, "provider_admin", { providerId: own }),
    commissioner: addActor(t.db, "commissioner", { commissionerId }),
    admin: addActor(t.db, "admin"),
  };
  otherAdmin = addActor(t.db, "provider_admin", { providerId: other });
  ownTrainer = createTrainer(actors.provider_admin, { name: "Morgan Ashdown" });
  otherTrainer = createTrainer(otherAdmin, { name: "Jordan Pettifer" });
  ownCourse = createCourse(actors.provider_admin, course({ trainerIds: [ownTrainer], programmeId: L4 }));
  otherCourse = createCourse(otherAdmin, course({ title: "Their course", trainerIds: [otherTrainer] }));
});
afterAll(() => t.close());

describe("who may do what", () => {
  type Case = { name: string; run: (a: Actor) => unknown };
  const cases: Case[] = [
    { name: "listCourses", run: (a) => listCourses(a) },
    { name: "courseFormOptions", run: (a) => courseFormOptions(a) },
    { name: "getCourse (own provider's)", run: (a) => getCourse(a, ownCourse) },
    { name: "editCourse (own provider's)", run: (a) => editCourse(a, ownCourse) },
    { name: "createCourse", run: (a) => createCourse(a, course()) },
    { name: "updateCourse", run: (a) => updateCourse(a, ownCourse, course({ trainerIds: [ownTrainer], programmeId: L4 })) },
    { name: "setCourseCoverage", run: (a) => setCourseCoverage(a, ownCourse, { teaches: [G("A1(a).1")], assesses: [] }) },
    { name: "listTrainers", run: (a) => listTrainers(a) },
    { name: "getTrainer (own provider's)", run: (a) => getTrainer(a, ownTrainer) },
    { name: "createTrainer", run: (a) => createTrainer(a, { name: "New Trainer" }) },
    { name: "recordExperience", run: (a) => recordExperience(a, ownTrainer, experience()) },
  ];
  describe.each(cases)("$name", (c) => {
    it.each(ROLES)("as %s", (role) => {
      const e = thrown(() => c.run(actors[role]));
      if (role === "provider_admin") expect(e).toBeUndefined();
      else expect(status(e), `${role} should be refused`).toBe(403);
    });
  });

  it.each([
    ["getCourse", () => getCourse(actors.provider_admin, otherCourse)],
    ["editCourse", () => editCourse(actors.provider_admin, otherCourse)],
    ["updateCourse", () => updateCourse(actors.provider_admin, otherCourse, course())],
    ["setCourseCoverage", () => setCourseCoverage(actors.provider_admin, otherCourse, { teaches: [G("A1(a).1")], assesses: [] })],
    ["getTrainer", () => getTrainer(actors.provider_admin, otherTrainer)],
    ["recordExperience", () => recordExperience(actors.provider_admin, otherTrainer, experience())],
  ])("another provider's record is 404 to a provider admin (%s) and nothing changes", (_name, run) => {
    const before = [count("courses"), count("course_coverage"), count("trainer_experience"), count("audit_events")];
    expect(status(thrown(run))).toBe(404);
    expect([count("courses"), count("course_coverage"), count("trainer_experience"), count("audit_events")]).toEqual(before);
  });

  it("lists only the provider admin's own courses and trainers", () => {
    expect(listCourses(actors.provider_admin).map((c) => c.title)).not.toContain("Their course");
    expect(listCourses(otherAdmin).map((c) => c.title)).toEqual(["Their course"]);
    expect(listTrainers(actors.provider_admin).map((x) => x.name)).not.toContain("Jordan Pettifer");
    expect(courseFormOptions(actors.provider_admin).trainers.map((x) => x.label)).not.toContain("Jordan Pettifer");
  });
});

describe("validation", () => {
  const good = { title: "Case supervision", "startsOn.day": "2", "startsOn.month": "3", "startsOn.year": "2026", "endsOn.day": "2", "endsOn.month": "3", "endsOn.year": "2026", hours: "7" };
  const courseErrors = (over: Record<string, string | string[]>) => {
    const r = validate(form({ ...good, ...over }), courseInput);
    return r.ok ? {} : r.errors;
  };

  it("accepts a one-day course and reads the date fields", () => {
    const r = validate(form({ ...good, trainerIds: [ownTrainer], programmeId: L4 }), courseInput);
    expect(r.ok && r.value).toEqual({ title: "Case supervision", startsOn: "2026-03-02", endsOn: "2026-03-02", hours: 7, programmeId: L4, trainerIds: [ownTrainer] });
  });

  it.each([
    [{ title: "" }, "title", "Enter the course title"],
    [{ "startsOn.day": "", "startsOn.month": "", "startsOn.year": "" }, "startsOn", "Enter the date the course starts"],
    [{ "startsOn.day": "31", "startsOn.month": "2" }, "startsOn", "The date the course starts must be a real date"],
    [{ "startsOn.year": "26" }, "startsOn", "Year must include 4 numbers"],
    [{ "endsOn.month": "" }, "endsOn", "The date the course ends must include a month"],
    [{ "endsOn.day": "1" }, "endsOn", "The date the course ends must be the same as or after the date it starts"],
    [{ hours: "" }, "hours", "Enter the course's hours of training"],
    [{ hours: "0" }, "hours", "Hours must be between 1 and 1,000"],
    [{ hours: "1001" }, "hours", "Hours must be between 1 and 1,000"],
    [{ hours: "7.5" }, "hours", "Hours must be a whole number, like 14"],
  ])("refuses %j", (over, field, message) => {
    expect(courseErrors(over as Record<string, string>)[field]).toEqual([message]);
  });

  it("accepts the bounds of hours", () => {
    expect(courseErrors({ hours: "1" })).toEqual({});
    expect(courseErrors({ hours: "1000" })).toEqual({});
  });

  const expGood = { years: "12", casesFacilitated: "340", accreditation: "Accredited practitioner", "accreditedOn.day": "12", "accreditedOn.month": "5", "accreditedOn.year": "2016" };
  const expErrors = (over: Record<string, string>) => {
    const r = validate(form({ ...expGood, ...over }), experienceInput);
    return r.ok ? {} : r.errors;
  };

  it("accepts experience with an accreditation and its date, or with neither", () => {
    const r = validate(form(expGood), experienceInput);
    expect(r.ok && r.value).toEqual({ years: 12, casesFacilitated: 340, accreditation: "Accredited practitioner", accreditedOn: "2016-05-12" });
    const none = validate(form({ years: "0", casesFacilitated: "0" }), experienceInput);
    expect(none.ok && none.value).toEqual({ years: 0, casesFacilitated: 0, accreditation: null, accreditedOn: undefined });
    expect(expErrors({ years: "60", casesFacilitated: "100000" })).toEqual({});
  });

  it.each([
    [{ years: "" }, "years", "Enter the years of restorative practice"],
    [{ years: "61" }, "years", "Years of practice must be between 0 and 60"],
    [{ years: "-1" }, "years", "Years of practice must be a whole number, like 12"],
    [{ casesFacilitated: "100001" }, "casesFacilitated", "Cases facilitated must be between 0 and 100,000"],
    [{ casesFacilitated: "lots" }, "casesFacilitated", "Cases facilitated must be a whole number, like 12"],
    [{ "accreditedOn.day": "", "accreditedOn.month": "", "accreditedOn.year": "" }, "accreditedOn", "Enter the date of accreditation"],
    [{ accreditation: "" }, "accreditation", "Enter the accreditation held, or leave the date empty"],
    [{ "accreditedOn.year": "2999" }, "accreditedOn", "The date of accreditation must be between 1970 and 2100"],
    [{ "accreditedOn.day": "30", "accreditedOn.month": "2" }, "accreditedOn", "The date of accreditation must be a real date"],
  ])("refuses experience %j", (over, field, message) => {
    expect(expErrors(over as Record<string, string>)[field]).toEqual([message]);
  });

  it("refuses an accreditation dated in the future", () => {
    const next = String(new Date().getFullYear() + 1);
    expect(expErrors({ "accreditedOn.year": next })["accreditedOn"]).toEqual(["The date of accreditation must be today or in the past"]);
  });

  it("refuses a trainer without a name", () => {
    const r = validate(form({ name: "  " }), trainerInput);
    expect(!r.ok && r.errors.name).toEqual(["Enter the trainer's full name"]);
  });
});

describe("courses", () => {
  it("adds a course with its trainers and an audit event in the same transaction", () => {
    const before = count("audit_events", "action = 'course-added'");
    const id = createCourse(actors.provider_admin, course({ title: "Audited course", trainerIds: [ownTrainer] }));
    expect(getCourse(actors.provider_admin, id).trainers.map((x) => x.name)).toEqual(["Morgan Ashdown"]);
    expect(count("audit_events", "action = 'course-added'")).toBe(before + 1);
    const event = t.db.$client.prepare("select * from audit_events where action = 'course-added' order by seq desc limit 1").get() as { entity_id: string; provider_id: string; actor_role: string };
    expect(event).toMatchObject({ entity_id: id, provider_id: own, actor_role: "provider_admin" });
  });

  it("refuses another provider's trainer or an unknown programme, and writes nothing", () => {
    const before = [count("courses"), count("course_trainers"), count("audit_events")];
    const e1 = thrown(() => createCourse(actors.provider_admin, course({ trainerIds: [otherTrainer] })));
    expect(e1).toBeInstanceOf(CourseError);
    expect((e1 as CourseError).field).toBe("trainerIds");
    const e2 = thrown(() => createCourse(actors.provider_admin, course({ programmeId: "00000000-0000-0000-0000-000000000000" })));
    expect((e2 as CourseError).field).toBe("programmeId");
    const e3 = thrown(() => updateCourse(actors.provider_admin, ownCourse, course({ trainerIds: [otherTrainer] })));
    expect(e3).toBeInstanceOf(CourseError);
    expect([count("courses"), count("course_trainers"), count("audit_events")]).toEqual(before);
    expect(getCourse(actors.provider_admin, ownCourse).trainers.map((x) => x.name)).toEqual(["Morgan Ashdown"]);
  });

  it("changes the details and trainers, with an audit event", () => {
    const id = createCourse(actors.provider_admin, course({ title: "To change" }));
    const second = createTrainer(actors.provider_admin, { name: "Priya Calloway" });
    updateCourse(actors.provider_admin, id, course({ title: "Changed", hours: 21, startsOn: "2026-04-01", endsOn: "2026-04-03", trainerIds: [ownTrainer, second], programmeId: L4 }));
    const c = getCourse(actors.provider_admin, id);
    expect(c.course).toMatchObject({ title: "Changed", hours: 21, startsOn: "2026-04-01", endsOn: "2026-04-03", programmeId: L4 });
    expect(c.trainers.map((x) => x.name)).toEqual(["Morgan Ashdown", "Priya Calloway"]);
    expect(editCourse(actors.provider_admin, id).values).toMatchObject({ title: "Changed", hours: "21", trainerIds: expect.arrayContaining([ownTrainer, second]) });
    expect(count("audit_events", `action = 'course-changed' and entity_id = '${id}'`)).toBe(1);
  });
});

describe("what a course covers", () => {
  it("offers the guidance's 160 criteria and the QA unit's 26, grouped by Section A part, section, and P / K", () => {
    expect(scopeCriteria(t.db)).toHaveLength(186);
    const groups = criteriaGroups(t.db);
    expect(groups.map((g) => g.code)).toEqual([
      "A1(a)", "A1(b)", "A2(a)", "A2(b)", "A2(c)", "A3(a)", "A3(b)", "A3(c)", "A3(d)",
      "Section B", "Section C", "Section D", "Section E", "Section F", "QA unit P", "QA unit K",
    ]);
    expect(groups.find((g) => g.key === "A2(c)")!.items).toHaveLength(27);
    expect(groups.find((g) => g.key === "QA-K")!.items.map((i) => i.code).slice(0, 2)).toEqual(["K1", "K2"]);
  });

  it("follows the standards as they are re-imported, by this process or another", () => {
    const before = scopeCriteria(t.db);
    expect(scopeCriteria(t.db)).toBe(before); // worked out once while the standards stand still
    const corrected = structuredClone(loadStandards());
    const guidance = corrected.frameworks.find((f) => f.framework === "guidance")!;
    const item = flatten(guidance.items).find((f) => f.item.code === "A1(a).1")!.item;
    item.statement = `${item.statement} (corrected)`;
    try {
      importStandards(t.db, corrected);
      expect(scopeCriteria(t.db).find((c) => c.code === "A1(a).1")!.text).toMatch(/ \(corrected\)$/);
    } finally {
      importStandards(t.db);
    }
    expect(scopeCriteria(t.db).find((c) => c.code === "A1(a).1")!.text).toBe(before.find((c) => c.code === "A1(a).1")!.text);
  });

  it("records what it teaches and what it assesses, separately, replacing the previous record", () => {
    const id = createCourse(actors.provider_admin, course({ title: "Coverage course" }));
    expect(setCourseCoverage(actors.provider_admin, id, { teaches: [G("A1(a).1"), G("A1(a).2"), N("P1")], assesses: [G("A1(a).1"), N("K3")] })).toEqual({ taught: 3, assessed: 2 });
    let c = getCourse(actors.provider_admin, id);
    expect(new Set(c.teaches)).toEqual(new Set([G("A1(a).1"), G("A1(a).2"), N("P1")]));
    expect(new Set(c.assesses)).toEqual(new Set([G("A1(a).1"), N("K3")]));
    setCourseCoverage(actors.provider_admin, id, { teaches: [G("D.1")], assesses: [] });
    c = getCourse(actors.provider_admin, id);
    expect(c.teaches).toEqual([G("D.1")]);
    expect(c.assesses).toEqual([]);
    const summary = listCourses(actors.provider_admin).find((x) => x.id === id)!;
    expect([summary.taught, summary.assessed]).toEqual([1, 0]);
    const event = t.db.$client.prepare(`select details from audit_events where action = 'course-coverage-set' and entity_id = ? order by seq desc limit 1`).get(id) as { details: string };
    expect(JSON.parse(event.details)).toEqual({ taught: 1, assessed: 0, changed: expect.arrayContaining(["A1(a).1", "A1(a).2", "D.1", "P1", "K3"]) });
  });

  it("refuses an id that is not a criterion a course can cover, and changes nothing", () => {
    const id = createCourse(actors.provider_admin, course({ title: "Refused coverage" }));
    setCourseCoverage(actors.provider_admin, id, { teaches: [G("A1(a).1")], assesses: [] });
    const before = [count("course_coverage"), count("audit_events")];
    for (const bad of [G("A1(a)"), itemId("btec-l4-rja", "1", "LO1"), "not-an-id"]) {
      const e = thrown(() => setCourseCoverage(actors.provider_admin, id, { teaches: [G("B.1"), bad], assesses: [] }));
      expect(e).toBeInstanceOf(CourseError);
    }
    expect([count("course_coverage"), count("audit_events")]).toEqual(before);
    expect(getCourse(actors.provider_admin, id).teaches).toEqual([G("A1(a).1")]);
  });

  it("leaves rows for items outside the editable criteria alone", () => {
    const id = createCourse(actors.provider_admin, course({ title: "Keeps others" }));
    const lo1 = itemId("btec-l4-rja", "1", "LO1");
    t.db.insert(courseCoverage).values({ courseId: id, itemId: lo1, teaches: true, assesses: false }).run();
    setCourseCoverage(actors.provider_admin, id, { teaches: [G("C.1")], assesses: [] });
    expect(count("course_coverage", `course_id = '${id}'`)).toBe(2);
  });
});

describe("trainers", () => {
  it("keeps every experience record; the newest is the one that counts", () => {
    const id = createTrainer(actors.provider_admin, { name: "Sam Okafor-Reid" });
    expect(listTrainers(actors.provider_admin).find((x) => x.id === id)).toMatchObject({ years: null, recordedAt: null, courses: 0 });
    recordExperience(actors.provider_admin, id, experience({ years: 3, casesFacilitated: 10 }), 1_000);
    recordExperience(actors.provider_admin, id, experience({ years: 5, casesFacilitated: 40, accreditation: "Accredited practitioner", accreditedOn: "2020-01-31" }), 2_000);
    const row = listTrainers(actors.provider_admin).find((x) => x.id === id)!;
    expect(row).toMatchObject({ years: 5, casesFacilitated: 40, accreditation: "Accredited practitioner", accreditedOn: "2020-01-31", recordedAt: 2_000 });
    const detail = getTrainer(actors.provider_admin, id);
    expect(detail.current).toMatchObject({ years: 5, recordedBy: actors.provider_admin.userId });
    expect(detail.history.map((h) => h.years)).toEqual([5, 3]);
    expect(count("audit_events", `action = 'trainer-experience-recorded' and entity_id = '${id}' and provider_id = '${own}'`)).toBe(2);
    expect(count("audit_events", `action = 'trainer-added' and entity_id = '${id}'`)).toBe(1);
  });

  it("shows the courses a trainer delivers", () => {
    expect(getTrainer(actors.provider_admin, ownTrainer).courses.map((c) => c.id)).toContain(ownCourse);
  });
});
