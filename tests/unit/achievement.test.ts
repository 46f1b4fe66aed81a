/**
 * The achievement rules as pure functions over facts: what "met" means, the QA unit, the Level 4
 * award's sampling condition, the supervisor check's prerequisite and labels, and what is missing.
 */
import { describe, expect, it } from "vitest";
import {
  evaluateAchievement,
  isMet,
  prerequisiteResult,
  qaUnitResult,
  reasonNotMet,
  samplingResult,
  type AchievementFacts,
  type CriterionFact,
} from "../../app/lib/achievement.server";

const crit = (code: string, over: Partial<CriterionFact> = {}): CriterionFact => ({
  itemId: `id-${code}`,
  code,
  type: code.startsWith("P") ? "Performance Criterion" : code.startsWith("K") ? "Knowledge and Understanding" : code.startsWith("LO") ? "Learning Outcome" : "Criterion",
  framework: /^[PK]\d/.test(code) ? "nos-qa" : code.startsWith("LO") ? "btec-l4-rja" : "guidance",
  required: true,
  inQaUnit: /^[PK]\d/.test(code),
  progress: "met",
  standing: { decisionId: `d-${code}`, outcome: "met", sample: null },
  ...over,
});
const notMet = (code: string, over: Partial<CriterionFact> = {}) => crit(code, { progress: "not_yet_met", standing: { decisionId: `d-${code}`, outcome: "not_yet_met", sample: null }, ...over });
const undecided = (code: string, progress: CriterionFact["progress"]) => crit(code, { progress, standing: null });

const LOS = ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"];
const PS = Array.from({ length: 11 }, (_, i) => `P${i + 1}`);
const KS = Array.from({ length: 15 }, (_, i) => `K${i + 1}`);
const ES = Array.from({ length: 7 }, (_, i) => `E.${i + 1}`);

const level4 = (criteria: CriterionFact[], samples: AchievementFacts["standingSamples"] = [{ decisionId: "d-LO1", code: "LO1", outcome: "agree", actionDue: null }]): AchievementFacts => ({
  programme: { slug: "level4-award", title: "BTEC Level 4 Professional Award", prerequisite: null },
  qaUnitPinned: false,
  criteria,
  standingSamples: samples,
  priorAchievements: [],
});
const PREREQ = { description: "Case supervisors must be fully competent restorative practitioners (Section A).", satisfiedBy: ["level4-award", "supervisor-check"] };
const supervisor = (criteria: CriterionFact[], prior: AchievementFacts["priorAchievements"] = [{ enrolmentId: "e0", slug: "level4-award", title: "Level 4", achievedAt: 1 }]): AchievementFacts => ({
  programme: { slug: "supervisor-check", title: "Supervisor competency check", prerequisite: PREREQ },
  qaUnitPinned: true,
  criteria,
  standingSamples: [],
  priorAchievements: prior,
});

describe("what counts as met", () => {
  it("a standing met decision no IQA disagreed with", () => {
    expect(isMet(crit("E.1"))).toBe(true);
    expect(isMet(crit("E.1", { standing: { decisionId: "d", outcome: "met", sample: { outcome: "agree", actionDue: null } } }))).toBe(true);
    expect(isMet(crit("E.1", { standing: { decisionId: "d", outcome: "met", sample: { outcome: "disagree", actionDue: "2026-05-12" } } }))).toBe(false);
    expect(isMet(notMet("E.1"))).toBe(false);
    expect(isMet(undecided("E.1", "submitted"))).toBe(false);
    // progress alone does not make a criterion met: only a decision does
    expect(isMet(undecided("E.1", "met"))).toBe(false);
  });

  it("says why not, in words", () => {
    expect(reasonNotMet(undecided("E.1", null))).toBe("No evidence yet");
    expect(reasonNotMet(undecided("E.1", "no_evidence"))).toBe("No evidence yet");
    expect(reasonNotMet(undecided("E.1", "evidence_added"))).toBe("Evidence added, not yet submitted");
    expect(reasonNotMet(undecided("E.1", "submitted"))).toBe("Submitted, waiting for the assessor's decision");
    expect(reasonNotMet(notMet("E.1"))).toBe("Not yet met");
    expect(reasonNotMet(notMet("E.1", { progress: "evidence_added" }))).toMatch(/new evidence added/);
    expect(reasonNotMet(notMet("E.1", { progress: "submitted" }))).toMatch(/Submitted/);
    expect(reasonNotMet(crit("E.1", { standing: { decisionId: "d", outcome: "met", sample: { outcome: "disagree", actionDue: "2026-05-12" } } }))).toMatch(/disagreed.*12 May 2026/);
  });
});

describe("the QA unit", () => {
  it("is achieved only when every performance criterion and every knowledge item is met", () => {
    const all = [...PS, ...KS].map((c) => crit(c));
    expect(qaUnitResult(all)).toEqual({ achieved: true, total: 26, met: 26, missing: [] });
    const oneP = [...PS.slice(1), ...KS].map((c) => crit(c)).concat(notMet("P1"));
    expect(qaUnitResult(oneP)).toMatchObject({ achieved: false, met: 25, missing: [{ code: "P1", reason: "Not yet met" }] });
    const oneK = [...PS, ...KS.slice(0, 14)].map((c) => crit(c)).concat(undecided("K15", "submitted"));
    expect(qaUnitResult(oneK)).toMatchObject({ achieved: false, missing: [{ code: "K15" }] });
  });

  it("only counts the unit's own items, and is never achieved with none", () => {
    expect(qaUnitResult([crit("E.1"), notMet("E.2", { inQaUnit: false })])).toMatchObject({ achieved: false, total: 0 });
    expect(qaUnitResult([crit("P1"), notMet("E.2")])).toMatchObject({ achieved: true, total: 1 });
  });
});

describe("the IQA has sampled the portfolio", () => {
  it("at least one standing decision agreed, and no standing decision disagreed with", () => {
    expect(samplingResult([])).toEqual({ sampled: false, agreed: 0, unresolvedDisagreements: [] });
    expect(samplingResult([{ decisionId: "a", code: "LO1", outcome: "agree", actionDue: null }])).toEqual({ sampled: true, agreed: 1, unresolvedDisagreements: [] });
    expect(
      samplingResult([
        { decisionId: "a", code: "LO1", outcome: "agree", actionDue: null },
        { decisionId: "b", code: "LO2", outcome: "disagree", actionDue: "2026-01-01" },
      ]),
    ).toEqual({ sampled: false, agreed: 1, unresolvedDisagreements: ["LO2"] });
    expect(samplingResult([{ decisionId: "b", code: "LO2", outcome: "disagree", actionDue: null }]).sampled).toBe(false);
  });
});

describe("the Level 4 award", () => {
  it("is achieved when every learning outcome is met and the IQA has sampled the portfolio", () => {
    const r = evaluateAchievement(level4(LOS.map((c) => crit(c))));
    expect(r).toMatchObject({ achieved: true, label: "Achieved", missing: [], counts: { total: 6, met: 6 }, qaUnit: null, prerequisite: null, sampling: { sampled: true } });
  });

  it("is not achieved while a learning outcome is not met", () => {
    const r = evaluateAchievement(level4([...LOS.slice(0, 5).map((c) => crit(c)), undecided("LO6", "evidence_added")]));
    expect(r).toMatchObject({ achieved: false, label: "Not yet achieved", counts: { total: 6, met: 5 } });
    expect(r.missing).toEqual([{ code: "LO6", reason: "Evidence added, not yet submitted" }]);
  });

  it("is not achieved until the IQA has sampled it, even with every outcome met", () => {
    const r = evaluateAchievement(level4(LOS.map((c) => crit(c)), []));
    expect(r.achieved).toBe(false);
    expect(r.missing).toEqual([{ code: "IQA sample", reason: expect.stringMatching(/not yet sampled/) }]);
  });

  it("is not achieved while a disagreement stands, and says where", () => {
    const criteria = LOS.map((c) => (c === "LO3" ? crit(c, { standing: { decisionId: "d3", outcome: "met", sample: { outcome: "disagree", actionDue: "2026-02-01" } } }) : crit(c)));
    const r = evaluateAchievement(
      level4(criteria, [
        { decisionId: "d-LO1", code: "LO1", outcome: "agree", actionDue: null },
        { decisionId: "d3", code: "LO3", outcome: "disagree", actionDue: "2026-02-01" },
      ]),
    );
    expect(r.achieved).toBe(false);
    expect(r.missing.map((m) => m.code)).toEqual(["LO3", "IQA sample"]);
    expect(r.missing[1].reason).toMatch(/disagreed with the decision on LO3/);
  });

  it("an agreed sample of a decision outside the learning outcomes still counts as sampling the portfolio", () => {
    const r = evaluateAchievement(level4(LOS.map((c) => crit(c)), [{ decisionId: "x", code: "A1(a).1", outcome: "agree", actionDue: null }]));
    expect(r.achieved).toBe(true);
  });
});

describe("the supervisor competency check", () => {
  const everything = () => [...ES, ...PS, ...KS].map((c) => crit(c, { inQaUnit: /^[PK]\d/.test(c) }));

  it("is competent with Section A competence recorded and every Section E and QA unit item met", () => {
    const r = evaluateAchievement(supervisor(everything()));
    expect(r).toMatchObject({ achieved: true, label: "Competent", missing: [], counts: { total: 33, met: 33 }, qaUnit: { achieved: true, total: 26 }, prerequisite: { met: true, by: { slug: "level4-award" } }, sampling: null });
  });

  it("an earlier achieved supervisor check also records Section A competence", () => {
    const r = evaluateAchievement(supervisor(everything(), [{ enrolmentId: "e0", slug: "supervisor-check", title: "Supervisor competency check", achievedAt: 1 }]));
    expect(r.achieved).toBe(true);
  });

  it("is not yet competent without Section A competence, whatever else is met", () => {
    const r = evaluateAchievement(supervisor(everything(), []));
    expect(r).toMatchObject({ achieved: false, label: "Not yet competent", prerequisite: { met: false, by: null } });
    expect(r.missing).toEqual([{ code: "Section A", reason: expect.stringMatching(/Level 4 award or supervisor competency check/) }]);
    // An achievement on a programme the prerequisite does not name does not count.
    expect(evaluateAchievement(supervisor(everything(), [{ enrolmentId: "e0", slug: "some-other-course", title: "Other", achievedAt: 1 }])).achieved).toBe(false);
  });

  it("is not yet competent while a Section E criterion or a QA unit item is not met", () => {
    const e = evaluateAchievement(supervisor(everything().map((c) => (c.code === "E.4" ? notMet("E.4") : c))));
    expect(e).toMatchObject({ achieved: false, qaUnit: { achieved: true } });
    expect(e.missing).toEqual([{ code: "E.4", reason: "Not yet met" }]);
    const k = evaluateAchievement(supervisor(everything().map((c) => (c.code === "K7" ? undecided("K7", "submitted") : c))));
    expect(k).toMatchObject({ achieved: false, qaUnit: { achieved: false, missing: [{ code: "K7" }] } });
    expect(k.missing.map((m) => m.code)).toEqual(["K7"]);
  });

  it("counts a QA unit item the programme does not name (pinned version's own P/K items)", () => {
    const criteria = [...everything(), undecided("K16", null)].map((c) => (c.code === "K16" ? { ...c, required: false, inQaUnit: true } : c));
    const r = evaluateAchievement(supervisor(criteria));
    expect(r.achieved).toBe(false);
    expect(r.missing).toEqual([{ code: "K16", reason: "No evidence yet" }]);
  });
});

describe("other programmes", () => {
  it("are achieved when every required criterion is met, and never with nothing to meet", () => {
    const facts = (criteria: CriterionFact[]): AchievementFacts => ({ programme: { slug: "x", title: "X", prerequisite: null }, qaUnitPinned: false, criteria, standingSamples: [], priorAchievements: [] });
    expect(evaluateAchievement(facts([crit("A1"), crit("A2")]))).toMatchObject({ achieved: true, label: "Achieved" });
    expect(evaluateAchievement(facts([crit("A1"), notMet("A2")]))).toMatchObject({ achieved: false, missing: [{ code: "A2" }] });
    expect(evaluateAchievement(facts([]))).toMatchObject({ achieved: false, missing: [{ code: "Programme" }] });
    // Criteria that are neither required nor in a pinned QA unit do not count.
    expect(evaluateAchievement(facts([crit("A1"), notMet("Z9", { required: false, inQaUnit: false })])).achieved).toBe(true);
  });

  it("a prerequisite names its programmes", () => {
    const f: AchievementFacts = { programme: { slug: "x", title: "X", prerequisite: { description: "D", satisfiedBy: ["a"] } }, qaUnitPinned: false, criteria: [], standingSamples: [], priorAchievements: [{ enrolmentId: "1", slug: "a", title: "A", achievedAt: 5 }] };
    expect(prerequisiteResult(f)).toMatchObject({ met: true, by: { slug: "a" } });
    expect(prerequisiteResult({ ...f, priorAchievements: [] })).toMatchObject({ met: false });
    expect(prerequisiteResult({ ...f, programme: { ...f.programme, prerequisite: null } })).toBeNull();
  });
});
