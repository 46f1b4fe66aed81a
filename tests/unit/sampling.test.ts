/** The sampling plan's pure rules: who is required and why, and the stable random percentage. */
import { describe, expect, it } from "vitest";
import { reasonText, sampleBucket, shouldSample, type SampleFacts } from "../../app/lib/quality.server";

const plan = { fullSampleUntilAgreed: 5, samplePercent: 20 };
/** A decision id whose bucket satisfies `ok`, found by counting (deterministic). */
const idWith = (ok: (b: number) => boolean) => {
  for (let i = 0; ; i++) if (ok(sampleBucket(`decision-${i}`))) return `decision-${i}`;
};
const experienced: SampleFacts = {
  decisionId: idWith((b) => b >= 20),
  assessorName: "Nia Newcombe",
  candidateName: "Pat Example",
  unitLabel: "NOS: Maintain quality assurance",
  assessorAgreedOnProgramme: 5,
  assessorSampledOnProgramme: true,
  unitSampledOnProgramme: true,
  isFinalDecision: false,
};
const texts = (facts: SampleFacts, p = plan) => shouldSample(p, facts).reasons.map(reasonText);

describe("sampleBucket", () => {
  it("is a stable number from 0 to 99", () => {
    const buckets = Array.from({ length: 2000 }, (_, i) => sampleBucket(`id-${i}`));
    expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < 100)).toBe(true);
    expect(Array.from({ length: 2000 }, (_, i) => sampleBucket(`id-${i}`))).toEqual(buckets);
    // Roughly uniform: a 20% plan picks about a fifth.
    const picked = buckets.filter((b) => b < 20).length / buckets.length;
    expect(picked).toBeGreaterThan(0.15);
    expect(picked).toBeLessThan(0.25);
  });
});

describe("shouldSample", () => {
  it("an experienced assessor's decision outside the percentage, with everything covered, is optional", () => {
    expect(shouldSample(plan, experienced)).toEqual({ required: false, reasons: [] });
  });

  it("samples a new assessor (or one new to the programme) fully until the plan's number are agreed", () => {
    for (const agreed of [0, 1, 4]) {
      expect(shouldSample(plan, { ...experienced, assessorAgreedOnProgramme: agreed })).toEqual({ required: true, reasons: [{ kind: "new_assessor", agreed, needed: 5 }] });
    }
    expect(texts({ ...experienced, assessorAgreedOnProgramme: 2 })).toEqual(["New assessor: 2 of 5 agreed"]);
    expect(shouldSample(plan, { ...experienced, assessorAgreedOnProgramme: 5 }).required).toBe(false);
    expect(shouldSample({ ...plan, fullSampleUntilAgreed: 6 }, { ...experienced, assessorAgreedOnProgramme: 5 }).required).toBe(true);
  });

  it("the percentage is decided by the decision id, the same every time", () => {
    const inside = { ...experienced, decisionId: idWith((b) => b < 20) };
    expect(texts(inside)).toEqual(["Random sample (20%)"]);
    expect(texts(inside)).toEqual(["Random sample (20%)"]);
    expect(shouldSample({ ...plan, samplePercent: sampleBucket(inside.decisionId) }, inside).required).toBe(false);
    expect(shouldSample({ ...plan, samplePercent: sampleBucket(inside.decisionId) + 1 }, inside).required).toBe(true);
    expect(shouldSample({ ...plan, samplePercent: 100 }, experienced).required).toBe(true);
  });

  it("coverage: an assessor, a unit or a candidate's final decision not yet reached", () => {
    expect(texts({ ...experienced, assessorSampledOnProgramme: false })).toEqual(["Coverage: no decision by Nia Newcombe sampled yet"]);
    expect(texts({ ...experienced, unitSampledOnProgramme: false })).toEqual(["Coverage: no decision in NOS: Maintain quality assurance sampled yet"]);
    expect(texts({ ...experienced, isFinalDecision: true })).toEqual(["Coverage: final decision for Pat Example"]);
  });

  it("gives every reason that applies", () => {
    const all = { ...experienced, decisionId: idWith((b) => b < 20), assessorAgreedOnProgramme: 0, assessorSampledOnProgramme: false, unitSampledOnProgramme: false, isFinalDecision: true };
    expect(texts(all)).toEqual([
      "New assessor: 0 of 5 agreed",
      "Random sample (20%)",
      "Coverage: no decision by Nia Newcombe sampled yet",
      "Coverage: no decision in NOS: Maintain quality assurance sampled yet",
      "Coverage: final decision for Pat Example",
    ]);
  });
});
