/**
 * The commissioner's figures on a known dataset, exactly: coverage by section, by Section A part and
 * for the QA unit, with the programme and period filters; candidates enrolled, in progress and
 * achieved, and the share meeting each criterion, with small counts suppressed in the domain;
 * trainers' experience. A provider the commissioner does not commission is 404 everywhere. The CSV
 * holds exactly the cells the pages render, and neither names a candidate.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoverageOverview, ProviderCoverageView } from "../../app/components/coverage-report";
import type { Actor } from "../../app/lib/auth.server";
import { achievementColumns, cellShare, percentOf, shareText, stepOf, TABLES, TRAINER_COLUMNS, type Measure } from "../../app/lib/coverage-tables";
import {
  coverageReport,
  FEWER_THAN,
  guardAchievement,
  guardPart,
  guardShare,
  guardTotal,
  OR_MORE,
  parseFilters,
  periodOptions,
  periodRange,
  providerCoverage,
  providerCsv,
  reportCsv,
  type CoverageReport,
  type ProviderDetail,
} from "../../app/lib/coverage.server";
import { createCourse, createTrainer, recordExperience, setCourseCoverage, SCOPE_CTES } from "../../app/lib/courses.server";
import { parseCsv } from "../support/csv";
import { criterionProgress, enrolments, users, type Role } from "../../db/schema";
import { coverageCsvCommand } from "../../scripts/coverage-csv";
import { seedDemoCoverage } from "../../scripts/demo-coverage";
import { DEMO_COMMISSIONER } from "../../scripts/demo-data";
import { importStandards } from "../../scripts/import-standards";
import { itemId, programmeId } from "../../standards/ids";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let alder: string; // commissioned, courses, candidates, trainers
let birch: string; // commissioned, no courses
let cedar: string; // not commissioned by the commissioner under test
let commissioner: Actor;
let cedarCommissioner: Actor;
let emptyCommissioner: Actor;
let alderAdmin: Actor;

const G = (code: string) => itemId("guidance", "2004-12", code);
const N = (code: string) => itemId("nos-qa", "1", code);
const LO = (code: string) => itemId("btec-l4-rja", "1", code);
const L4 = programmeId("level4-award", "1");
const SUP = programmeId("supervisor-check", "1");
const L4_TITLE = "BTEC Level 4 Professional Award in Restorative Justice Approaches";
const SUP_TITLE = "Supervisor competency check";
const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const ALL = { programmeId: null, period: "all" };
const FY25 = { programmeId: null, period: "2025-26" };
const FY24 = { programmeId: null, period: "2024-25" };

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
const status = (e: unknown) => (e instanceof Response ? e.status : undefined);

const SECRET = "Secret-Candidate";
let candidateNo = 0;
/** An enrolment with an invented candidate whose name and email must never reach a commissioner. */
function enrolment(providerId: string, programme: string, status: "active" | "achieved" | "withdrawn", enrolledAt: number, achievedAt: number | null = null) {
  const n = ++candidateNo;
  const userId = randomUUID();
  t.db.insert(users).values({ id: userId, email: `secret-${n}@candidates.example.org`, name: `Zed ${SECRET} ${n}`, passwordHash: null, createdAt: enrolledAt }).run();
  const id = randomUUID();
  t.db.insert(enrolments).values({ id, candidateId: userId, providerId, programmeId: programme, candidateNumber: `C${n}`, status, enrolledAt, achievedAt }).run();
  return id;
}
const met = (enrolmentIds: string[], item: string, status: "met" | "submitted" = "met") => {
  for (const enrolmentId of enrolmentIds) t.db.insert(criterionProgress).values({ enrolmentId, itemId: item, status, updatedAt: 1 }).run();
};

const JUN_2025 = Date.UTC(2025, 5, 1);
const SEP_2024 = Date.UTC(2024, 8, 1);
const NOV_2025 = Date.UTC(2025, 10, 1);
const FEB_2025 = Date.UTC(2025, 1, 1);

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  alder = addProvider(t.db, "Alder Training");
  birch = addProvider(t.db, "Birch Centre");
  cedar = addProvider(t.db, "Cedar Academy");
  commissioner = addActor(t.db, "commissioner", { commissionerId: addCommissioner(t.db, [alder, birch], "Test commissioner") });
  cedarCommissioner = addActor(t.db, "commissioner", { commissionerId: addCommissioner(t.db, [cedar], "Cedar's commissioner") });
  emptyCommissioner = addActor(t.db, "commissioner", { commissionerId: addCommissioner(t.db, [], "Commissions nobody") });

  // Courses, through the provider admin's own functions.
  alderAdmin = addActor(t.db, "provider_admin", { providerId: alder });
  const t1 = createTrainer(alderAdmin, { name: "Trainer One" });
  const t2 = createTrainer(alderAdmin, { name: "Trainer Two" });
  createTrainer(alderAdmin, { name: "Trainer Three" }); // no experience, no course
  const t4 = createTrainer(alderAdmin, { name: "Trainer Four" });
  recordExperience(alderAdmin, t1, { years: 3, casesFacilitated: 10, accreditation: null, accreditedOn: undefined }, 1_000);
  recordExperience(alderAdmin, t1, { years: 5, casesFacilitated: 40, accreditation: "Accredited practitioner", accreditedOn: "2020-01-31" }, 2_000);
  recordExperience(alderAdmin, t2, { years: 8, casesFacilitated: 100, accreditation: null, accreditedOn: undefined });
  recordExperience(alderAdmin, t4, { years: 1, casesFacilitated: 2, accreditation: null, accreditedOn: undefined });
  const x = createCourse(alderAdmin, { title: "Course X", startsOn: "2025-05-10", endsOn: "2025-05-11", hours: 14, programmeId: L4, trainerIds: [t1] });
  setCourseCoverage(alderAdmin, x, { teaches: [...range("A1(a).", 1, 7).map(G), G("A3(c).1")], assesses: range("A1(a).", 1, 3).map(G) });
  const y = createCourse(alderAdmin, { title: "Course Y", startsOn: "2024-06-01", endsOn: "2024-06-01", hours: 7, programmeId: null, trainerIds: [t2] });
  setCourseCoverage(alderAdmin, y, { teaches: [G("A1(a).1"), G("D.1"), N("P1"), N("K1")], assesses: [G("D.1"), N("P1")] });
  const z = createCourse(alderAdmin, { title: "Course Z", startsOn: "2025-03-30", endsOn: "2025-04-02", hours: 21, programmeId: null, trainerIds: [t4] });
  setCourseCoverage(alderAdmin, z, { teaches: [G("B.1")], assesses: [] });

  const birchAdmin = addActor(t.db, "provider_admin", { providerId: birch });
  const u1 = createTrainer(birchAdmin, { name: "Trainer Five" });
  const u2 = createTrainer(birchAdmin, { name: "Trainer Six" });
  recordExperience(birchAdmin, u1, { years: 4, casesFacilitated: 20, accreditation: null, accreditedOn: undefined });
  recordExperience(birchAdmin, u2, { years: 7, casesFacilitated: 30, accreditation: "Accredited practitioner", accreditedOn: "2019-09-30" });

  const cedarAdmin = addActor(t.db, "provider_admin", { providerId: cedar });
  const w = createCourse(cedarAdmin, { title: "Cedar course", startsOn: "2025-05-01", endsOn: "2025-05-01", hours: 7, programmeId: L4, trainerIds: [] });
  setCourseCoverage(cedarAdmin, w, { teaches: [G("F.1")], assesses: [G("F.1")] });

  // Alder, Level 4: 12 candidates — 6 active, 5 achieved, 1 withdrawn.
  const l4 = [
    ...[0, 1, 2, 3, 4].map(() => enrolment(alder, L4, "active", JUN_2025)), // 0–4
    ...[5, 6].map(() => enrolment(alder, L4, "achieved", JUN_2025, NOV_2025)), // 5–6
    enrolment(alder, L4, "active", SEP_2024), // 7
    ...[8, 9].map(() => enrolment(alder, L4, "achieved", SEP_2024, NOV_2025)), // 8–9
    enrolment(alder, L4, "achieved", SEP_2024, FEB_2025), // 10
    enrolment(alder, L4, "withdrawn", SEP_2024), // 11
  ];
  met(l4.slice(0, 8), LO("LO1"));
  met(l4.slice(8), LO("LO1"), "submitted");
  met(l4.slice(0, 6), LO("LO2"));
  met(l4.slice(0, 3), LO("LO3"));
  met(l4, LO("LO4"));
  met(l4, LO("LO5"), "submitted");
  met(l4.slice(5), LO("LO6"));
  // Alder, supervisor check: 4 candidates. Birch, supervisor check: 5. Cedar (not commissioned): 7.
  const sup = [0, 1, 2, 3].map(() => enrolment(alder, SUP, "active", JUN_2025));
  met(sup, G("E.1"));
  [0, 1, 2, 3, 4].forEach(() => enrolment(birch, SUP, "active", JUN_2025));
  [0, 1, 2, 3, 4, 5, 6].forEach(() => enrolment(cedar, L4, "achieved", JUN_2025, NOV_2025));
});
afterAll(() => t.close());

const share = (r: CoverageReport | ProviderDetail, providerName: string, col: string, measure: Measure) => {
  const p = "providers" in r ? r.providers.find((x) => x.providerName === providerName)! : r.coverage;
  return cellShare(p.cells, [...r.sectionColumns, ...r.partColumns].find((c) => c.key === col)!, measure);
};
const cell = (...args: Parameters<typeof share>) => shareText(share(...args));
/** A row's figures by column key (achievement rows have a programme; trainer rows do not). */
const figures = (rows: { providerName: string; programmeTitle?: string; figures: { text: string }[] }[], provider: string, programme?: string) => {
  const row = rows.find((r) => r.providerName === provider && (programme === undefined || r.programmeTitle === programme))!;
  const columns = "programmeTitle" in row ? achievementColumns(true) : TRAINER_COLUMNS;
  return Object.fromEntries(row.figures.map((f, i) => [columns[i].key, f.text]));
};

// ---- pure rules --------------------------------------------------------------------------------------

describe("percentages, colour steps and suppression rules", () => {
  it("rounds to a whole percent, never 0% for some nor 100% for not all", () => {
    expect([percentOf(0, 7), percentOf(1, 160), percentOf(159, 160), percentOf(1, 2), percentOf(2, 3), percentOf(7, 7), percentOf(3, 0)]).toEqual([0, 1, 99, 50, 67, 100, 0]);
    expect([0, 1, 49, 50, 74, 75, 99, 100].map(stepOf)).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
  });

  it("shows a total of candidates only from 5", () => {
    expect(guardTotal(0)).toEqual({ value: null, text: FEWER_THAN });
    expect(guardTotal(4)).toEqual({ value: null, text: FEWER_THAN });
    expect(guardTotal(5)).toEqual({ value: 5, text: "5" });
    expect(guardTotal(1234)).toEqual({ value: 1234, text: "1,234" });
  });

  it("hides a part that is small, of a small total, or whose rest is small", () => {
    expect(guardPart(4, 10)).toEqual({ value: null, text: FEWER_THAN });
    expect(guardPart(0, 10)).toEqual({ value: null, text: FEWER_THAN });
    expect(guardPart(5, 4)).toEqual({ value: null, text: FEWER_THAN });
    expect(guardPart(5, 5)).toEqual({ value: 5, text: "5" });
    expect(guardPart(5, 9)).toEqual({ value: null, text: OR_MORE });
    expect(guardPart(5, 10)).toEqual({ value: 5, text: "5" });
  });

  it("builds shares without ever holding a small number", () => {
    expect(guardShare(3, 4)).toEqual({ count: { value: null, text: FEWER_THAN }, of: { value: null, text: FEWER_THAN }, percent: null, text: FEWER_THAN });
    expect(guardShare(4, 4).text).toBe(FEWER_THAN);
    expect(guardShare(5, 5)).toEqual({ count: { value: 5, text: "5" }, of: { value: 5, text: "5" }, percent: 100, text: "5 of 5 (100%)" });
    expect(guardShare(2, 12).text).toBe("fewer than 5 of 12");
    expect(guardShare(9, 12).text).toBe("5 or more of 12");
    expect(guardShare(7, 12).text).toBe("7 of 12 (58%)");
  });

  it("hides one more figure when in progress and achieved would give away a small withdrawn count", () => {
    const g = guardAchievement({ enrolled: 12, active: 6, achievedInCohort: 5, achieved: 5 }, true);
    expect([g.enrolled.text, g.inProgress.text, g.achieved.text]).toEqual(["12", "6", OR_MORE]);
    const h = guardAchievement({ enrolled: 15, active: 5, achievedInCohort: 8, achieved: 8 }, true);
    expect([h.inProgress.text, h.achieved.text]).toEqual([OR_MORE, "8"]);
    const none = guardAchievement({ enrolled: 10, active: 5, achievedInCohort: 5, achieved: 5 }, true);
    expect([none.inProgress.text, none.achieved.text]).toEqual(["5", "5"]);
  });

  it("reads filters leniently and names financial years", () => {
    expect(parseFilters(new URLSearchParams("programme=nonsense&period=2025-27"))).toEqual({ programmeId: null, period: "all" });
    expect(parseFilters(new URLSearchParams(`programme=${L4}&period=2025-26`))).toEqual({ programmeId: L4, period: "2025-26" });
    expect(periodRange("2025-26")).toMatchObject({ fromDate: "2025-04-01", toDate: "2026-03-31", fromMs: Date.UTC(2025, 2, 31, 23), toMs: Date.UTC(2026, 2, 31, 23) });
    expect(periodRange("2024-25")).toMatchObject({ fromMs: Date.UTC(2024, 2, 31, 23) });
    expect(periodOptions("all", Date.UTC(2026, 3, 1, 12)).map((o) => o.label)).toEqual([
      "All time",
      "April 2026 to March 2027",
      "April 2025 to March 2026",
      "April 2024 to March 2025",
      "April 2023 to March 2024",
      "April 2022 to March 2023",
    ]);
  });
});

// ---- access ---------------------------------------------------------------------------------------------

describe("access", () => {
  it.each(["candidate", "assessor", "iqa", "provider_admin", "admin"] as Role[])("refuses the %s role (403)", (role) => {
    const actor = addActor(t.db, role, role === "admin" ? {} : { providerId: alder });
    expect(status(thrown(() => coverageReport(actor, ALL)))).toBe(403);
    expect(status(thrown(() => providerCoverage(actor, alder, ALL)))).toBe(403);
  });

  it("answers 404 for a provider the commissioner does not commission, or that does not exist", () => {
    expect(status(thrown(() => providerCoverage(commissioner, cedar, ALL)))).toBe(404);
    expect(status(thrown(() => providerCoverage(commissioner, randomUUID(), ALL)))).toBe(404);
    expect(status(thrown(() => providerCoverage(cedarCommissioner, alder, ALL)))).toBe(404);
    expect(status(thrown(() => providerCoverage(emptyCommissioner, alder, FY25)))).toBe(404);
    expect(providerCoverage(cedarCommissioner, cedar, ALL).provider.name).toBe("Cedar Academy");
  });

  it("lists only the providers the commissioner commissions", () => {
    const r = coverageReport(commissioner, ALL);
    expect(r.providers.map((p) => p.providerName)).toEqual(["Alder Training", "Birch Centre"]);
    expect(new Set(r.achievement.map((a) => a.providerName))).toEqual(new Set(["Alder Training", "Birch Centre"]));
    expect(r.trainers.map((x) => x.providerName)).toEqual(["Alder Training", "Birch Centre"]);
    expect(coverageReport(emptyCommissioner, ALL)).toMatchObject({ providers: [], achievement: [], trainers: [] });
  });
});

// ---- coverage -------------------------------------------------------------------------------------------

describe("coverage figures", () => {
  it("counts, for all time and all programmes, every course's criteria once", () => {
    const r = coverageReport(commissioner, ALL);
    expect(r.sectionColumns.map((c) => c.key)).toEqual(["A", "B", "C", "D", "E", "F", "QA-P", "QA-K"]);
    expect(r.partColumns.map((c) => c.key)).toEqual(["A1(a)", "A1(b)", "A2(a)", "A2(b)", "A2(c)", "A3(a)", "A3(b)", "A3(c)", "A3(d)"]);
    const a = (col: string, m: "taught" | "assessed") => cell(r, "Alder Training", col, m);
    expect([a("A", "taught"), a("A", "assessed")]).toEqual(["8 of 113 (7%)", "3 of 113 (3%)"]);
    expect([a("B", "taught"), a("B", "assessed")]).toEqual(["1 of 13 (8%)", "0 of 13 (0%)"]);
    expect([a("C", "taught"), a("E", "taught"), a("F", "taught")]).toEqual(["0 of 7 (0%)", "0 of 7 (0%)", "0 of 6 (0%)"]);
    expect([a("D", "taught"), a("D", "assessed")]).toEqual(["1 of 14 (7%)", "1 of 14 (7%)"]);
    expect([a("QA-P", "taught"), a("QA-P", "assessed")]).toEqual(["1 of 11 (9%)", "1 of 11 (9%)"]);
    expect([a("QA-K", "taught"), a("QA-K", "assessed")]).toEqual(["1 of 15 (7%)", "0 of 15 (0%)"]);
    expect([a("A1(a)", "taught"), a("A1(a)", "assessed")]).toEqual(["7 of 7 (100%)", "3 of 7 (43%)"]);
    expect([a("A3(c)", "taught"), a("A3(c)", "assessed")]).toEqual(["1 of 7 (14%)", "0 of 7 (0%)"]);
    expect(a("A2(c)", "taught")).toBe("0 of 27 (0%)");
    const alderRow = r.providers[0];
    expect([alderRow.courses, alderRow.hours, alderRow.uncovered]).toEqual([3, 42, 174]);
    expect([share(r, "Alder Training", "A1(a)", "taught").step, share(r, "Alder Training", "A1(a)", "assessed").step, share(r, "Alder Training", "A2(c)", "taught").step]).toEqual([4, 1, 0]);
    const birchRow = r.providers[1];
    expect([birchRow.courses, birchRow.uncovered, cell(r, "Birch Centre", "A", "taught")]).toEqual([0, 186, "0 of 113 (0%)"]);
  });

  it("counts only courses whose dates overlap the period", () => {
    const r25 = coverageReport(commissioner, FY25); // X and Z (Z ends 2 April 2025)
    expect([cell(r25, "Alder Training", "A", "taught"), cell(r25, "Alder Training", "B", "taught"), cell(r25, "Alder Training", "D", "taught"), cell(r25, "Alder Training", "QA-P", "taught")]).toEqual([
      "8 of 113 (7%)",
      "1 of 13 (8%)",
      "0 of 14 (0%)",
      "0 of 11 (0%)",
    ]);
    expect([r25.providers[0].courses, r25.providers[0].uncovered]).toEqual([2, 177]);
    const r24 = coverageReport(commissioner, FY24); // Y and Z (Z starts 30 March 2025)
    expect([cell(r24, "Alder Training", "A", "taught"), cell(r24, "Alder Training", "A1(a)", "taught"), cell(r24, "Alder Training", "B", "taught"), cell(r24, "Alder Training", "D", "assessed")]).toEqual([
      "1 of 113 (1%)",
      "1 of 7 (14%)",
      "1 of 13 (8%)",
      "1 of 14 (7%)",
    ]);
    expect(coverageReport(commissioner, { programmeId: null, period: "2023-24" }).providers[0].courses).toBe(0);
  });

  it("counts only the programme's courses with a programme filter", () => {
    const r = coverageReport(commissioner, { programmeId: L4, period: "all" });
    expect(r.filters.programmeLabel).toBe(L4_TITLE);
    expect([r.providers[0].courses, cell(r, "Alder Training", "A", "taught"), cell(r, "Alder Training", "B", "taught"), cell(r, "Alder Training", "D", "taught")]).toEqual([1, "8 of 113 (7%)", "0 of 13 (0%)", "0 of 14 (0%)"]);
    const none = coverageReport(commissioner, { programmeId: L4, period: "2024-25" });
    expect([none.providers[0].courses, none.providers[0].uncovered, cell(none, "Alder Training", "A", "taught")]).toEqual([0, 186, "0 of 113 (0%)"]);
    expect(coverageReport(commissioner, { programmeId: randomUUID(), period: "all" }).filters).toMatchObject({ programmeId: null, programmeLabel: "All programmes" });
  });

  it("lists, in the drill-down, which course teaches and assesses each criterion, and the criteria no course covers", () => {
    const d = providerCoverage(commissioner, alder, ALL);
    expect(d.courses.map((c) => c.label)).toEqual(["Course Y (1 June 2024)", "Course Z (30 March to 2 April 2025)", "Course X (10 to 11 May 2025)"]);
    const line = (code: string) => d.groups.flatMap((g) => g.criteria).find((c) => c.code === code)!;
    expect(line("A1(a).1")).toMatchObject({ taughtBy: ["Course Y (1 June 2024)", "Course X (10 to 11 May 2025)"], assessedBy: ["Course X (10 to 11 May 2025)"], href: "/standards/guidance/2004-12/items/A1(a).1" });
    expect(line("P1")).toMatchObject({ taughtBy: ["Course Y (1 June 2024)"], assessedBy: ["Course Y (1 June 2024)"] });
    expect(line("A1(a).4")).toMatchObject({ assessedBy: [] });
    const uncovered = d.uncovered.flatMap((g) => g.criteria.map((c) => c.code));
    expect(uncovered).toHaveLength(174);
    expect(uncovered).toContain("A3(c).2");
    expect(uncovered).toContain("K2");
    expect(uncovered).not.toContain("A3(c).1");
    expect(uncovered).not.toContain("A1(a).4");
    expect(d.uncovered.map((g) => g.code)).not.toContain("A1(a)");
    // With the period, Course Y no longer counts.
    const d25 = providerCoverage(commissioner, alder, FY25);
    expect(d25.uncovered.flatMap((g) => g.criteria.map((c) => c.code))).toContain("P1");
    expect(d25.groups.flatMap((g) => g.criteria).find((c) => c.code === "A1(a).1")!.taughtBy).toEqual(["Course X (10 to 11 May 2025)"]);
  });
});

describe("coverage kept between requests", () => {
  it("follows a course's coverage as it changes, through the portal or from another connection", () => {
    const birchB = () => cell(coverageReport(commissioner, ALL), "Birch Centre", "B", "taught");
    expect(birchB()).toBe("0 of 13 (0%)");
    const birchAdmin = addActor(t.db, "provider_admin", { providerId: birch });
    const course = createCourse(birchAdmin, { title: "Cached course", startsOn: "2025-05-01", endsOn: "2025-05-01", hours: 7, programmeId: null, trainerIds: [] });
    const other = new Database(t.path); // as another process or a script would write
    try {
      expect(birchB()).toBe("0 of 13 (0%)"); // a course with nothing yet, now kept
      setCourseCoverage(birchAdmin, course, { teaches: [G("B.1")], assesses: [] });
      expect(birchB()).toBe("1 of 13 (8%)");
      other.prepare("INSERT INTO course_coverage (course_id, item_id, teaches, assesses) VALUES (?, ?, 1, 0)").run(course, G("B.2"));
      expect(birchB()).toBe("2 of 13 (15%)");
      other.prepare("UPDATE course_coverage SET teaches = 0, assesses = 1 WHERE course_id = ? AND item_id = ?").run(course, G("B.1"));
      expect(birchB()).toBe("1 of 13 (8%)");
      expect(cell(coverageReport(commissioner, ALL), "Birch Centre", "B", "assessed")).toBe("1 of 13 (8%)");
      other.prepare("DELETE FROM course_coverage WHERE course_id = ?").run(course);
      expect(birchB()).toBe("0 of 13 (0%)");
    } finally {
      other.prepare("DELETE FROM course_coverage WHERE course_id = ?").run(course);
      other.prepare("DELETE FROM course_trainers WHERE course_id = ?").run(course);
      other.prepare("DELETE FROM courses WHERE id = ?").run(course);
      other.close();
    }
    expect(coverageReport(commissioner, ALL).providers[1].courses).toBe(0);
  });
});

// ---- achievement -----------------------------------------------------------------------------------------

describe("achievement figures", () => {
  it("counts enrolled, in progress and achieved per provider and programme, suppressing small counts (all time)", () => {
    const r = coverageReport(commissioner, ALL);
    expect(r.achievement.map((a) => [a.providerName, a.programmeTitle])).toEqual([
      ["Alder Training", L4_TITLE],
      ["Alder Training", SUP_TITLE],
      ["Birch Centre", L4_TITLE],
      ["Birch Centre", SUP_TITLE],
    ]);
    // 12 enrolled, 6 active, 5 achieved and 1 withdrawn: 5 achieved would give away the 1 withdrawn.
    expect(figures(r.achievement, "Alder Training", L4_TITLE)).toEqual({ enrolled: "12", inProgress: "6", achieved: OR_MORE });
    // 4 candidates: every figure is "fewer than 5".
    expect(figures(r.achievement, "Alder Training", SUP_TITLE)).toEqual({ enrolled: FEWER_THAN, inProgress: FEWER_THAN, achieved: FEWER_THAN });
    // 5 candidates: the number.
    expect(figures(r.achievement, "Birch Centre", SUP_TITLE)).toEqual({ enrolled: "5", inProgress: "5", achieved: FEWER_THAN });
    // No candidates at all reads the same as a few: a missing row never says "none".
    expect(figures(r.achievement, "Birch Centre", L4_TITLE)).toEqual({ enrolled: FEWER_THAN, inProgress: FEWER_THAN, achieved: FEWER_THAN });
  });

  it("counts enrolments and achievements in the period by their own dates", () => {
    const r25 = coverageReport(commissioner, FY25);
    // Enrolled in 2025-26: 7 (5 active: 2 others would be disclosed); achieved in 2025-26: 4.
    expect(figures(r25.achievement, "Alder Training", L4_TITLE)).toEqual({ enrolled: "7", inProgress: OR_MORE, achieved: FEWER_THAN });
    expect(new Set(parseCsv(reportCsv(r25)).filter((row) => row[0] === TABLES.achievement).map((row) => row[3]))).toEqual(new Set(["Enrolled in the period", "In progress", "Achieved in the period"]));
    const r24 = coverageReport(commissioner, FY24);
    expect(figures(r24.achievement, "Alder Training", L4_TITLE)).toEqual({ enrolled: "5", inProgress: FEWER_THAN, achieved: FEWER_THAN });
    expect(figures(r24.achievement, "Birch Centre", SUP_TITLE)).toEqual({ enrolled: FEWER_THAN, inProgress: FEWER_THAN, achieved: FEWER_THAN });
    const l4 = coverageReport(commissioner, { programmeId: L4, period: "all" });
    expect(l4.achievement.map((a) => a.programmeTitle)).toEqual([L4_TITLE, L4_TITLE]);
  });

  it("gives the share of candidates meeting each criterion, suppressed", () => {
    const d = providerCoverage(commissioner, alder, ALL);
    const l4 = d.criteriaMet.find((p) => p.programmeId === L4)!;
    expect(l4.enrolled.text).toBe("12");
    expect(Object.fromEntries(l4.criteria.map((c) => [c.code, c.met.text]))).toEqual({
      LO1: "5 or more of 12",
      LO2: "6 of 12 (50%)",
      LO3: "fewer than 5 of 12",
      LO4: "12 of 12 (100%)",
      LO5: "fewer than 5 of 12",
      LO6: "7 of 12 (58%)",
    });
    const sup = d.criteriaMet.find((p) => p.programmeId === SUP)!;
    expect(sup.criteria).toHaveLength(33);
    expect(new Set(sup.criteria.map((c) => c.met.text))).toEqual(new Set([FEWER_THAN]));
    const d25 = providerCoverage(commissioner, alder, FY25);
    const l425 = Object.fromEntries(d25.criteriaMet.find((p) => p.programmeId === L4)!.criteria.map((c) => [c.code, c.met.text]));
    expect([l425.LO1, l425.LO2, l425.LO4, l425.LO6]).toEqual(["7 of 7 (100%)", "5 or more of 7", "7 of 7 (100%)", "fewer than 5 of 7"]);
  });

  it("never hands a suppressed number to the page or the CSV", () => {
    const d = providerCoverage(commissioner, alder, ALL);
    const all = [...d.achievement.flatMap((a) => a.figures), ...d.criteriaMet.flatMap((p) => [p.enrolled, ...p.criteria.flatMap((c) => [c.met.count, c.met.of])])];
    for (const f of all) if (f.text === FEWER_THAN || f.text === OR_MORE) expect(f.value).toBeNull();
    for (const c of d.criteriaMet.flatMap((p) => p.criteria)) if (c.met.count.value === null) expect(c.met.percent).toBeNull();
    const rows = parseCsv(providerCsv(d));
    const lo3 = rows.find((r) => r[0] === TABLES.met(L4_TITLE) && r[2].startsWith("LO3 "))!;
    expect(lo3.slice(4)).toEqual(["fewer than 5 of 12", FEWER_THAN, "12", ""]);
    const supRow = rows.find((r) => r[0] === TABLES.achievement && r[2] === SUP_TITLE && r[3] === "Enrolled")!;
    expect(supRow.slice(4)).toEqual([FEWER_THAN, FEWER_THAN, "", ""]);
  });
});

// ---- trainers -------------------------------------------------------------------------------------------

describe("trainer figures", () => {
  it("counts trainers, those with experience, and how much (the newest record of each)", () => {
    const r = coverageReport(commissioner, ALL);
    expect(figures(r.trainers, "Alder Training")).toEqual({ trainers: "4", onCourses: "3", withExperience: "3", medianYears: "5", totalYears: "14", cases: "142", accredited: "1" });
    expect(figures(r.trainers, "Birch Centre")).toEqual({ trainers: "2", onCourses: "0", withExperience: "2", medianYears: "5.5", totalYears: "11", cases: "50", accredited: "1" });
    expect(figures(coverageReport(commissioner, FY25).trainers, "Alder Training").onCourses).toBe("2");
  });
});

// ---- what the pages render, and the CSV ---------------------------------------------------------------

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lsquo;/g, "‘")
    .replace(/&rsquo;/g, "’")
    .replace(/&amp;/g, "&");
/** Text as a screen reader reads it (visually hidden text included); list items joined with "; ". */
const text = (html: string) => decode(html.replace(/<\/li>\s*<li[^>]*>/g, "; ").replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();

/** Every data cell of every table: caption, row headers and column header → the cell's text. */
function pageCells(html: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const [, table] of html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)) {
    let caption = text(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? "");
    // The drill-down's criteria tables are one per section or part, all one table in the CSV.
    if (/^(A\d\(\w\)|Section [B-F]|QA unit [PK]): /.test(caption)) caption = TABLES.criteria;
    const head = /<thead[^>]*>([\s\S]*?)<\/thead>/.exec(table)![1];
    const columns = [...head.matchAll(/<th[^>]*scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]));
    for (const [, row] of table.slice(table.indexOf("</thead>")).matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
      const parts = [...row.matchAll(/<(th|td)([^>]*)>([\s\S]*?)<\/\1>/g)];
      const headers = parts.filter((p) => p[1] === "th").map((p) => text(p[3]));
      parts.forEach((p, i) => {
        if (p[1] === "td") cells.set([caption, ...headers, columns[i]].join(" ¦ "), text(p[3]));
      });
    }
  }
  return cells;
}

const render = (el: ReactElement) => renderToStaticMarkup(createElement(MemoryRouter, null, el));

/** Each CSV row's figure must be the page's cell for the same table, row and column, and the reverse. */
function expectCsvMatchesPage(csv: string, html: string) {
  const rows = parseCsv(csv);
  expect(rows[0]).toEqual(["Table", "Provider", "Row", "Column", "Figure", "Count", "Out of", "Percent"]);
  const cells = pageCells(html);
  const seen = new Set<string>();
  const summary = Object.fromEntries([...html.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [text(m[1]), text(m[2])]));
  const uncovered = [...html.matchAll(/<ul class="govuk-list app-criteria-list">([\s\S]*?)<\/ul>/g)].flatMap((m) => [...m[1].matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((li) => text(li[1])));
  for (const [table, provider, row, column, figure] of rows.slice(1)) {
    if (table === TABLES.filters) {
      expect(summary[row], `filter ${row}`).toBe(figure);
      continue;
    }
    if (table === TABLES.uncovered) {
      expect(uncovered).toContain(`${row} ${figure}`.replace(/\s+/g, " ").trim());
      continue;
    }
    const keys = [[table, provider, row, column], [table, row, column], [table, provider, column]].map((k) => k.filter((x) => x !== "").join(" ¦ "));
    const key = keys.find((k) => cells.has(k));
    expect(key, `no cell on the page for ${keys[0]}`).toBeDefined();
    expect(cells.get(key!), key).toBe(figure.replace(/\s+/g, " ").trim());
    seen.add(key!);
  }
  expect([...cells.keys()].filter((k) => !seen.has(k)), "cells on the page that are not in the CSV").toEqual([]);
}

describe("the CSV holds exactly the figures on the page", () => {
  it.each([
    ["all programmes, all time", ALL],
    ["a programme and a period", { programmeId: L4, period: "2025-26" }],
  ])("the overview (%s)", (_name, filters) => {
    const report = coverageReport(commissioner, filters);
    const html = render(createElement(CoverageOverview, { report, query: "" }));
    expectCsvMatchesPage(reportCsv(report), html);
    expect(parseCsv(reportCsv(report)).length).toBe(1 + 3 + 2 * 2 * 8 + 2 * 2 * 9 + report.achievement.length * 3 + 2 * 7);
  });

  it.each([
    ["all time", ALL],
    ["a period", FY25],
  ])("the drill-down (%s)", (_name, filters) => {
    const detail = providerCoverage(commissioner, alder, filters);
    const html = render(createElement(ProviderCoverageView, { detail, query: "" }));
    expectCsvMatchesPage(providerCsv(detail), html);
  });

  it("renders the heatmap as a data table: caption, scoped headers, a figure AND a colour class in every cell", () => {
    const report = coverageReport(commissioner, ALL);
    const html = render(createElement(CoverageOverview, { report, query: "" }));
    const heatmap = /<table[^>]*id="sections"[^>]*>([\s\S]*?)<\/table>/.exec(html)![1];
    expect(heatmap).toMatch(/<caption[^>]*>Criteria taught and assessed, by section<\/caption>/);
    expect((heatmap.match(/<th scope="col"/g) ?? []).length).toBe(2 + 8);
    expect((heatmap.match(/<th scope="row"/g) ?? []).length).toBe(2 * 2 * 2);
    const tds = [...heatmap.matchAll(/<td class="([^"]*)">([\s\S]*?)<\/td>/g)];
    expect(tds).toHaveLength(2 * 2 * 8);
    for (const [, cls, content] of tds) {
      expect(cls).toMatch(/app-heatmap__cell--[0-4]/);
      expect(text(content)).toMatch(/^\d+ of \d+ \(\d+%\)$/);
    }
    expect(html).not.toMatch(/style=/);
    expect(html).toContain("Key to the colours");
  });
});

describe("no candidate is identifiable", () => {
  it("renders no candidate's name or email on any page or CSV, for any filter", () => {
    for (const filters of [ALL, FY25, FY24, { programmeId: SUP, period: "all" }]) {
      const report = coverageReport(commissioner, filters);
      const detail = providerCoverage(commissioner, alder, filters);
      const outputs = [
        render(createElement(CoverageOverview, { report, query: "" })),
        render(createElement(ProviderCoverageView, { detail, query: "" })),
        reportCsv(report),
        providerCsv(detail),
        JSON.stringify(report),
        JSON.stringify(detail),
      ];
      for (const out of outputs) {
        expect(out).not.toContain(SECRET);
        expect(out).not.toContain("candidates.example.org");
        expect(out).not.toMatch(/\bC\d+\b/); // candidate numbers
      }
    }
  });

  it("has no query that reads users, evidence, decisions or feedback", () => {
    const source = readFileSync(join(__dirname, "../../app/lib/coverage.server.ts"), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    for (const sql of [source, SCOPE_CTES]) expect(sql).not.toMatch(/\b(users|evidence\w*|decisions?|feedback|email|candidate_id|candidate_number)\b/i);
  });
});

// ---- demo data and the command line --------------------------------------------------------------------------

describe("demo coverage and the command line", () => {
  let north: string;
  let east: string;
  beforeAll(() => {
    north = addProvider(t.db, "Northvale Restorative Training (demo)");
    east = addProvider(t.db, "Eastmoor Mediation Centre (demo)");
    addCommissioner(t.db, [north, east], DEMO_COMMISSIONER);
    expect(seedDemoCoverage(t.db, { providerIds: [north, east], adminUserId: alderAdmin.userId })).toEqual({ courses: 4, trainers: 4 });
  });

  it("covers some criteria and leaves others uncovered", () => {
    const demo = addActor(t.db, "commissioner", { commissionerId: (t.db.$client.prepare("select id from commissioners where name = ?").get(DEMO_COMMISSIONER) as { id: string }).id });
    const r = coverageReport(demo, ALL);
    expect(r.providers.map((p) => p.providerName)).toEqual(["Eastmoor Mediation Centre (demo)", "Northvale Restorative Training (demo)"]);
    expect([cell(r, "Northvale Restorative Training (demo)", "A1(a)", "taught"), cell(r, "Northvale Restorative Training (demo)", "A3(c)", "taught"), cell(r, "Northvale Restorative Training (demo)", "A3(d)", "assessed")]).toEqual([
      "7 of 7 (100%)",
      "0 of 7 (0%)",
      "0 of 12 (0%)",
    ]);
    expect(cell(r, "Northvale Restorative Training (demo)", "E", "taught")).toBe("7 of 7 (100%)");
    expect([cell(r, "Eastmoor Mediation Centre (demo)", "A", "taught"), cell(r, "Eastmoor Mediation Centre (demo)", "D", "taught"), cell(r, "Eastmoor Mediation Centre (demo)", "B", "taught")]).toEqual([
      "15 of 113 (13%)",
      "14 of 14 (100%)",
      "0 of 13 (0%)",
    ]);
    expect(figures(r.trainers, "Northvale Restorative Training (demo)")).toMatchObject({ trainers: "3", withExperience: "2", totalYears: "18", accredited: "1" });
    expect(providerCoverage(demo, north, ALL).uncovered.map((g) => g.code)).toEqual(expect.arrayContaining(["A3(c)", "A3(d)", "Section B"]));
  });

  it("writes the same CSV as the page from the command line, for --demo and --commissioner", () => {
    const env = { DATABASE_PATH: t.path };
    const demoId = (t.db.$client.prepare("select id from commissioners where name = ?").get(DEMO_COMMISSIONER) as { id: string }).id;
    const byDemo = coverageCsvCommand(["--demo", "--out", "-"], env);
    const byId = coverageCsvCommand(["--commissioner", demoId, "--out", "-"], env);
    expect(byDemo.csv).toBe(byId.csv);
    const test = coverageCsvCommand(["--commissioner", commissioner.commissionerId!, "--out", "-", "--programme", "level4-award", "--period", "2025-26"], env);
    expect(test.csv).toBe(reportCsv(coverageReport(commissioner, { programmeId: L4, period: "2025-26" })));
    expect(() => coverageCsvCommand(["--demo"], env)).toThrow(/--out/);
    expect(() => coverageCsvCommand(["--commissioner", randomUUID(), "--out", "-"], env)).toThrow(/no commissioner/);
  });

  it("runs as npm run coverage:csv would", () => {
    const out = join(mkdtempSync(join(tmpdir(), "coverage-csv-")), "demo.csv");
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/coverage-csv.ts", "--demo", "--out", out], { cwd: join(__dirname, "../.."), env: { ...process.env, DATABASE_PATH: t.path }, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const rows = parseCsv(readFileSync(out, "utf8"));
    expect(rows[1]).toEqual([TABLES.filters, "", "Commissioner", "", DEMO_COMMISSIONER, "", "", ""]);
    const bad = spawnSync(process.execPath, ["--import", "tsx", "scripts/coverage-csv.ts", "--demo"], { cwd: join(__dirname, "../.."), env: { ...process.env, DATABASE_PATH: t.path }, encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
