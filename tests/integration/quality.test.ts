/**
 * IQA sampling: the provider's plan (defaults, validation, audit), the queue (only the IQA's own
 * allocated enrolments in their provider, with the reasons each decision is required), sampling
 * (agree; disagree reopens the criterion and notifies; once only), what is still to sample, and the
 * report's figures on a small known dataset. Decisions are inserted directly, as the assessment
 * module writes them.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/lib/auth.server";
import { enrol } from "../../app/lib/enrolments.server";
import { validate } from "../../app/lib/forms.server";
import { listNotifications } from "../../app/lib/notifications.server";
import {
  AlreadySampledError,
  DEFAULT_PLAN,
  getSamplingPlan,
  iqaQueue,
  iqaQueuePage,
  iqaReport,
  sampleBucket,
  sampleDecision,
  sampleInput,
  samplingCoverage,
  samplingPlanInput,
  SamplingError,
  SamplingPlanError,
  sampleView,
  setSamplingPlan,
} from "../../app/lib/quality.server";
import { allocations, decisions, memberships } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import { itemId, programmeId } from "../../standards/ids";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
const L4 = programmeId("level4-award", "1");
const SUP = programmeId("supervisor-check", "1");
const G = (code: string) => itemId("guidance", "2004-12", code);
const N = (code: string) => itemId("nos-qa", "1", code);
const LO = (code: string) => itemId("btec-l4-rja", "1", code);
const DAY = 24 * 60 * 60 * 1000;

const count = (table: string, where = "1") => (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get() as { n: number }).n;
const status = (e: unknown): number | undefined => (e instanceof Response ? e.status : undefined);
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};
const londonDay = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
const future = londonDay(Date.now() + 14 * DAY);

/** A decision id whose random-sample bucket satisfies `ok` (so tests know whether the percentage picks it). */
function idWithBucket(ok: (bucket: number) => boolean) {
  for (;;) {
    const id = randomUUID();
    if (ok(sampleBucket(id))) return id;
  }
}

let clock = Date.now() - DAY;
/** A standing decision, as the assessment module writes it: supersedes the previous one and sets the criterion's status. */
function decide(enrolmentId: string, item: string, assessorId: string, opts: { outcome?: "met" | "not_yet_met"; id?: string; decidedOn?: string; at?: number } = {}) {
  const id = opts.id ?? idWithBucket((b) => b >= 50);
  const at = opts.at ?? (clock += 1000);
  const outcome = opts.outcome ?? "met";
  t.db.$client.transaction(() => {
    t.db.$client.prepare("update decisions set status = 'superseded', superseded_at = ? where enrolment_id = ? and item_id = ? and status = 'standing'").run(at, enrolmentId, item);
    t.db.insert(decisions)
      .values({
        id,
        enrolmentId,
        itemId: item,
        assessorId,
        outcome,
        methods: JSON.stringify(["observation", "professional_discussion"]),
        checks: JSON.stringify(outcome === "met" ? ["valid", "authentic", "reliable", "current", "sufficient"] : []),
        feedback: outcome === "met" ? null : "Add an observation of a conference you facilitated.",
        decidedOn: opts.decidedOn ?? londonDay(at),
        createdAt: at,
        status: "standing",
      })
      .run();
    t.db.$client.prepare("update criterion_progress set status = ?, submitted_at = null, updated_at = ? where enrolment_id = ? and item_id = ?").run(outcome, at, enrolmentId, item);
  })();
  return id;
}
const progress = (enrolmentId: string, item: string) =>
  t.db.$client.prepare("select status, submitted_at submittedAt from criterion_progress where enrolment_id = ? and item_id = ?").get(enrolmentId, item) as { status: string; submittedAt: number | null };

type World = {
  providerId: string;
  admin: Actor;
  assessor: Actor;
  assessor2: Actor;
  iqa: Actor;
  iqa2: Actor;
};
let n = 0;
function world(name: string): World {
  const providerId = addProvider(t.db, name);
  return {
    providerId,
    admin: addActor(t.db, "provider_admin", { providerId }),
    assessor: addActor(t.db, "assessor", { providerId }),
    assessor2: addActor(t.db, "assessor", { providerId }),
    iqa: addActor(t.db, "iqa", { providerId }),
    iqa2: addActor(t.db, "iqa", { providerId }),
  };
}
function enrolment(w: World, opts: { programme?: string; assessor?: Actor; iqa?: Actor; candidateName?: string } = {}) {
  const candidate = addActor(t.db, "candidate", { providerId: w.providerId });
  if (opts.candidateName) t.db.$client.prepare("update users set name = ? where id = ?").run(opts.candidateName, candidate.userId);
  const id = enrol(w.admin, { candidateId: candidate.userId, programmeId: opts.programme ?? L4, candidateNumber: `Q-${++n}`, assessorId: (opts.assessor ?? w.assessor).userId, iqaId: (opts.iqa ?? w.iqa).userId });
  return { id, candidate };
}
const rename = (actor: Actor, name: string) => {
  t.db.$client.prepare("update users set name = ? where id = ?").run(name, actor.userId);
  actor.name = name;
};

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
});
afterAll(() => t.close());

describe("the sampling plan", () => {
  let w: World;
  beforeAll(() => {
    w = world("Plan provider");
  });

  it("defaults to full sampling until 5 agreed, then 20%, while the provider has none", () => {
    expect(DEFAULT_PLAN).toEqual({ fullSampleUntilAgreed: 5, samplePercent: 20 });
    const view = getSamplingPlan(w.iqa);
    expect(view.plan).toEqual({ fullSampleUntilAgreed: 5, samplePercent: 20, isDefault: true });
    expect(view.canEdit).toBe(false);
    expect(getSamplingPlan(w.admin).canEdit).toBe(true);
  });

  it("the provider admin sets both numbers, with an audit event of the change", () => {
    const events = count("audit_events", "action = 'sampling-plan-set'");
    setSamplingPlan(w.admin, { fullSampleUntilAgreed: 8, samplePercent: 35 });
    expect(getSamplingPlan(w.iqa).plan).toEqual({ fullSampleUntilAgreed: 8, samplePercent: 35, isDefault: false });
    setSamplingPlan(w.admin, { fullSampleUntilAgreed: 3, samplePercent: 10 });
    expect(getSamplingPlan(w.admin)).toMatchObject({ plan: { fullSampleUntilAgreed: 3, samplePercent: 10 }, updatedByName: "Test provider_admin" });
    expect(count("audit_events", "action = 'sampling-plan-set'")).toBe(events + 2);
    const last = t.db.$client.prepare("select actor_id a, actor_role r, provider_id p, details from audit_events where action = 'sampling-plan-set' order by seq desc limit 1").get() as { a: string; r: string; p: string; details: string };
    expect(last).toMatchObject({ a: w.admin.userId, r: "provider_admin", p: w.providerId });
    expect(JSON.parse(last.details)).toEqual({ from: { fullSampleUntilAgreed: 8, samplePercent: 35 }, to: { fullSampleUntilAgreed: 3, samplePercent: 10 } });
  });

  it("another provider's plan is untouched, and only the provider admin may set one", () => {
    const other = world("Plan provider 2");
    expect(getSamplingPlan(other.iqa).plan.isDefault).toBe(true);
    for (const actor of [w.iqa, w.assessor]) expect(status(thrown(() => setSamplingPlan(actor, { fullSampleUntilAgreed: 2, samplePercent: 50 })))).toBe(403);
    const candidate = addActor(t.db, "candidate", { providerId: w.providerId });
    for (const actor of [candidate, w.assessor]) expect(status(thrown(() => getSamplingPlan(actor)))).toBe(403);
  });

  it.each([
    [{ fullSampleUntilAgreed: "", samplePercent: "20" }, "fullSampleUntilAgreed", "Enter how many agreed decisions end full sampling"],
    [{ fullSampleUntilAgreed: "0", samplePercent: "20" }, "fullSampleUntilAgreed", "The number of agreed decisions must be between 1 and 50"],
    [{ fullSampleUntilAgreed: "51", samplePercent: "20" }, "fullSampleUntilAgreed", "The number of agreed decisions must be between 1 and 50"],
    [{ fullSampleUntilAgreed: "2.5", samplePercent: "20" }, "fullSampleUntilAgreed", "The number of agreed decisions must be a whole number"],
    [{ fullSampleUntilAgreed: "five", samplePercent: "20" }, "fullSampleUntilAgreed", "The number of agreed decisions must be a whole number"],
    [{ fullSampleUntilAgreed: "5", samplePercent: "" }, "samplePercent", "Enter the percentage of decisions to sample"],
    [{ fullSampleUntilAgreed: "5", samplePercent: "0" }, "samplePercent", "The percentage must be between 1 and 100"],
    [{ fullSampleUntilAgreed: "5", samplePercent: "101" }, "samplePercent", "The percentage must be between 1 and 100"],
    [{ fullSampleUntilAgreed: "5", samplePercent: "-3" }, "samplePercent", "The percentage must be a whole number"],
  ])("refuses %j", (values, field, message) => {
    const parsed = validate(form(values), samplingPlanInput);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[field]).toEqual([message]);
  });

  it("accepts the limits, and the domain itself refuses numbers out of range, changing nothing", () => {
    const parsed = validate(form({ fullSampleUntilAgreed: " 50 ", samplePercent: "100" }), samplingPlanInput);
    expect(parsed).toEqual({ ok: true, value: { fullSampleUntilAgreed: 50, samplePercent: 100 } });
    const before = count("audit_events");
    expect(thrown(() => setSamplingPlan(w.admin, { fullSampleUntilAgreed: 0, samplePercent: 20 }))).toBeInstanceOf(SamplingPlanError);
    expect(thrown(() => setSamplingPlan(w.admin, { fullSampleUntilAgreed: 5, samplePercent: 20.5 }))).toBeInstanceOf(SamplingPlanError);
    expect(count("audit_events")).toBe(before);
    expect(getSamplingPlan(w.admin).plan).toMatchObject({ fullSampleUntilAgreed: 3, samplePercent: 10 });
  });
});

describe("the IQA's queue and who may sample", () => {
  let w: World;
  let other: World;
  let mine: { id: string };
  let theirs: { id: string };
  let elsewhere: { id: string };
  let dMine: string, dTheirs: string, dElsewhere: string;

  beforeAll(() => {
    w = world("Queue provider");
    other = world("Queue provider elsewhere");
    mine = enrolment(w);
    theirs = enrolment(w, { iqa: w.iqa2 });
    elsewhere = enrolment(other);
    dMine = decide(mine.id, LO("LO1"), w.assessor.userId);
    dTheirs = decide(theirs.id, LO("LO1"), w.assessor.userId);
    dElsewhere = decide(elsewhere.id, LO("LO1"), other.assessor.userId);
  });

  it("shows only decisions on enrolments the IQA is currently allocated to, in their provider", () => {
    const q = iqaQueue(w.iqa);
    const ids = [...q.required, ...q.optional].map((e) => e.decisionId);
    expect(ids).toEqual([dMine]);
    expect([...iqaQueue(w.iqa2).required, ...iqaQueue(w.iqa2).optional].map((e) => e.decisionId)).toEqual([dTheirs]);
    expect([...iqaQueue(other.iqa).required, ...iqaQueue(other.iqa).optional].map((e) => e.decisionId)).toEqual([dElsewhere]);
  });

  it("reads each list a page at a time: the pages together are the whole list, in order, and a page past the last shows the last", () => {
    const e = enrolment(w);
    for (const code of ["LO2", "LO3", "LO4"]) decide(e.id, LO(code), w.assessor.userId);
    const whole = iqaQueue(w.iqa);
    expect(whole.required.length).toBeGreaterThan(2); // a new assessor: every decision is required, so the required list spans pages
    for (const list of ["required", "optional"] as const) {
      const key = list === "required" ? "requiredPage" : "optionalPage";
      const at = (n: number) => iqaQueuePage(w.iqa, { [key]: n, pageSize: 2 });
      const pages = at(1)[key].pages;
      expect(pages).toBe(Math.max(1, Math.ceil(whole[list].length / 2)));
      const read = Array.from({ length: pages }, (_, i) => at(i + 1)[list]).flat();
      expect(read.map((r) => r.decisionId)).toEqual(whole[list].map((r) => r.decisionId));
      expect(at(pages + 5)[key].page).toBe(pages);
      expect(at(pages + 5)[list]).toEqual(at(pages)[list]);
    }
    // Moving through one list leaves the other where it was.
    const both = iqaQueuePage(w.iqa, { requiredPage: 2, optionalPage: 1, pageSize: 2 });
    expect(both.optional).toEqual(iqaQueuePage(w.iqa, { pageSize: 2 }).optional);
  });

  it("another IQA's or another provider's decision is not found, to view or to sample, and nothing is written", () => {
    const before = count("iqa_samples");
    for (const id of [dTheirs, dElsewhere, randomUUID()]) {
      expect(status(thrown(() => sampleView(w.iqa, id)))).toBe(404);
      expect(status(thrown(() => sampleDecision(w.iqa, id, { outcome: "agree", comments: "" })))).toBe(404);
    }
    expect(count("iqa_samples")).toBe(before);
  });

  it("other roles may not sample at all", () => {
    for (const actor of [w.assessor, w.admin]) {
      expect(status(thrown(() => iqaQueue(actor)))).toBe(403);
      expect(status(thrown(() => sampleDecision(actor, dMine, { outcome: "agree", comments: "" })))).toBe(403);
    }
  });

  it("follows reallocation: the new IQA sees the decision, the old one no longer does", () => {
    const e = enrolment(w);
    const d = decide(e.id, LO("LO2"), w.assessor.userId);
    expect(iqaQueue(w.iqa).required.map((r) => r.decisionId)).toContain(d);
    t.db.$client.prepare("update allocations set to_at = ? where enrolment_id = ? and to_at is null").run(Date.now(), e.id);
    t.db.insert(allocations).values({ id: randomUUID(), enrolmentId: e.id, assessorId: w.assessor.userId, iqaId: w.iqa2.userId, fromAt: Date.now(), toAt: null, changedBy: w.admin.userId, reason: "Workload" }).run();
    expect(iqaQueue(w.iqa).required.map((r) => r.decisionId)).not.toContain(d);
    expect(iqaQueue(w.iqa2).required.map((r) => r.decisionId)).toContain(d);
    expect(status(thrown(() => sampleView(w.iqa, d)))).toBe(404);
  });

  it("an IQA may not sample a decision they made themselves as an assessor (403), and it stays out of their queue", () => {
    // The IQA also holds the assessor role, and decided on this enrolment before it was reallocated to them as IQA.
    t.db.insert(memberships).values({ id: randomUUID(), userId: w.iqa.userId, role: "assessor", providerId: w.providerId, createdAt: Date.now() }).run();
    const e = enrolment(w, { iqa: w.iqa2 });
    const own = decide(e.id, LO("LO3"), w.iqa.userId);
    t.db.$client.prepare("update allocations set to_at = ? where enrolment_id = ? and to_at is null").run(Date.now(), e.id);
    t.db.insert(allocations).values({ id: randomUUID(), enrolmentId: e.id, assessorId: w.assessor.userId, iqaId: w.iqa.userId, fromAt: Date.now(), toAt: null, changedBy: w.admin.userId, reason: "Cover" }).run();
    expect(status(thrown(() => sampleView(w.iqa, own)))).toBe(403);
    expect(status(thrown(() => sampleDecision(w.iqa, own, { outcome: "agree", comments: "" })))).toBe(403);
    const q = iqaQueue(w.iqa);
    expect([...q.required, ...q.optional].map((r) => r.decisionId)).not.toContain(own);
    expect(q.ownDecisions).toBe(1);
  });
});

describe("risk-based selection in the queue", () => {
  let w: World;
  beforeAll(() => {
    w = world("Risk provider");
    rename(w.assessor, "Nia Newcombe");
    rename(w.assessor2, "Oren Oldhand");
    setSamplingPlan(w.admin, { fullSampleUntilAgreed: 2, samplePercent: 10 });
  });

  it("samples a new assessor fully until the plan's number are agreed, then only by percentage and coverage", () => {
    const e = enrolment(w, { candidateName: "Pat Example" });
    const low = () => idWithBucket((b) => b < 10);
    const high = () => idWithBucket((b) => b >= 10);
    const d1 = decide(e.id, LO("LO1"), w.assessor.userId, { id: high() });
    const d2 = decide(e.id, LO("LO2"), w.assessor.userId, { id: high() });
    const d3 = decide(e.id, LO("LO3"), w.assessor.userId, { id: high() });
    const d4 = decide(e.id, LO("LO4"), w.assessor.userId, { id: high() });
    const d5 = decide(e.id, LO("LO5"), w.assessor.userId, { id: low() });

    let q = iqaQueue(w.iqa);
    expect(q.required.map((r) => r.decisionId)).toEqual([d1, d2, d3, d4, d5]);
    expect(q.optional).toEqual([]);
    expect(q.required[0].reasons).toEqual([
      "New assessor: 0 of 2 agreed",
      "Coverage: no decision by Nia Newcombe sampled yet",
      "Coverage: no decision in BTEC Level 4 Award in RJ Approaches sampled yet",
    ]);
    expect(q.required[4].reasons).toContain("Random sample (10%)");

    sampleDecision(w.iqa, d1, { outcome: "agree", comments: "Clear" });
    sampleDecision(w.iqa, d2, { outcome: "disagree", comments: "", actionRequired: "Recheck", actionDue: future });
    q = iqaQueue(w.iqa);
    // Only agreed samples count towards the threshold.
    expect(q.required.find((r) => r.decisionId === d3)?.reasons).toEqual(["New assessor: 1 of 2 agreed"]);

    sampleDecision(w.iqa, d3, { outcome: "agree", comments: "" });
    q = iqaQueue(w.iqa);
    // Two agreed: d4 is no longer required; d5 still is, by the percentage.
    expect(q.optional.map((r) => r.decisionId)).toEqual([d4]);
    expect(q.optional[0].reasons).toEqual([]);
    expect(q.required.map((r) => r.decisionId)).toEqual([d5]);
    expect(q.required[0].reasons).toEqual(["Random sample (10%)"]);
  });

  it("an experienced assessor is new again on another programme", () => {
    const e = enrolment(w, { programme: SUP });
    const d = decide(e.id, G("E.1"), w.assessor.userId, { id: idWithBucket((b) => b >= 10) });
    const entry = iqaQueue(w.iqa).required.find((r) => r.decisionId === d);
    expect(entry?.reasons).toEqual([
      "New assessor: 0 of 2 agreed",
      "Coverage: no decision by Nia Newcombe sampled yet",
      "Coverage: no decision in Best practice guidance (December 2004), Section E: Case supervisors sampled yet",
    ]);
  });

  it("needs every unit of a programme: the guidance by section, the NOS unit as one", () => {
    const e = enrolment(w, { programme: SUP });
    const dE = decide(e.id, G("E.2"), w.assessor.userId, { id: idWithBucket((b) => b >= 10) });
    const dP = decide(e.id, N("P1"), w.assessor.userId, { id: idWithBucket((b) => b >= 10) });
    const dK = decide(e.id, N("K1"), w.assessor.userId, { id: idWithBucket((b) => b >= 10) });
    const reasons = (id: string) => iqaQueue(w.iqa).required.find((r) => r.decisionId === id)?.reasons ?? [];
    expect(reasons(dP)).toContain("Coverage: no decision in NOS: Maintain quality assurance sampled yet");
    sampleDecision(w.iqa, dP, { outcome: "agree", comments: "" });
    // P1 sampled covers the whole NOS unit, K items included; Section E is still to reach.
    expect(reasons(dK)).not.toContain("Coverage: no decision in NOS: Maintain quality assurance sampled yet");
    expect(reasons(dE)).toContain("Coverage: no decision in Best practice guidance (December 2004), Section E: Case supervisors sampled yet");
  });

  it("needs every candidate's final decision: the last one once every required criterion is decided", () => {
    const e = enrolment(w, { assessor: w.assessor2, candidateName: "Robin Finalist" });
    const ids = ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"].map((code) => decide(e.id, LO(code), w.assessor2.userId, { id: idWithBucket((b) => b >= 10) }));
    const finalReason = "Coverage: final decision for Robin Finalist";
    const reasonsOf = (id: string) => [...iqaQueue(w.iqa).required, ...iqaQueue(w.iqa).optional].find((r) => r.decisionId === id)?.reasons ?? [];
    expect(reasonsOf(ids[5])).toContain(finalReason);
    expect(ids.slice(0, 5).some((id) => reasonsOf(id).includes(finalReason))).toBe(false);
    // A criterion goes back to not yet met and is re-decided: the new decision is the final one.
    const again = decide(e.id, LO("LO2"), w.assessor2.userId, { id: idWithBucket((b) => b >= 10) });
    expect(reasonsOf(again)).toContain(finalReason);
    expect(reasonsOf(ids[5])).not.toContain(finalReason);
    // Not all decided (a criterion reopened for resubmission): no final decision yet.
    t.db.$client.prepare("update criterion_progress set status = 'evidence_added' where enrolment_id = ? and item_id = ?").run(e.id, LO("LO4"));
    expect(reasonsOf(again)).not.toContain(finalReason);
  });

  it("on an achieved enrolment, the final decision is the one that achieved it", () => {
    const e = enrolment(w, { assessor: w.assessor2, candidateName: "Sam Achiever" });
    const first = decide(e.id, LO("LO1"), w.assessor2.userId);
    const last = decide(e.id, LO("LO2"), w.assessor2.userId);
    t.db.$client.prepare("update enrolments set status = 'achieved', achieved_at = ? where id = ?").run(clock, e.id);
    const all = [...iqaQueue(w.iqa).required, ...iqaQueue(w.iqa).optional];
    expect(all.find((r) => r.decisionId === last)?.reasons).toContain("Coverage: final decision for Sam Achiever");
    expect(all.find((r) => r.decisionId === first)?.reasons).not.toContain("Coverage: final decision for Sam Achiever");
  });

  it("shows what is still to sample per programme: assessors, units, candidates' final decisions", () => {
    const l4 = samplingCoverage(w.iqa).find((p) => p.programmeId === L4)!;
    expect(l4.assessors.map((a) => [a.name, a.sampled > 0])).toEqual([
      ["Nia Newcombe", true],
      ["Oren Oldhand", false],
    ]);
    expect(l4.units).toEqual([{ key: expect.any(String), label: "BTEC Level 4 Award in RJ Approaches", decisions: expect.any(Number), sampled: 3 }]);
    const finals = Object.fromEntries(l4.finals.map((f) => [f.candidateName, f]));
    expect(finals["Robin Finalist"]).toMatchObject({ decisionId: null, sampled: false });
    expect(finals["Sam Achiever"]).toMatchObject({ itemCode: "LO2", sampled: false });
    const sup = samplingCoverage(w.admin).find((p) => p.programmeId === SUP)!;
    expect(sup.units.map((u) => [u.label, u.sampled > 0])).toEqual([
      ["Best practice guidance (December 2004), Section E: Case supervisors", false],
      ["NOS: Maintain quality assurance", true],
    ]);
    // Another provider's IQA sees none of it.
    expect(samplingCoverage(world("Risk elsewhere").iqa)).toEqual([]);
    expect(status(thrown(() => samplingCoverage(w.assessor)))).toBe(403);
  });
});

describe("sampling a decision", () => {
  let w: World;
  let e: { id: string; candidate: Actor };
  beforeAll(() => {
    w = world("Sampling provider");
    e = enrolment(w);
  });

  it("agree: one sample row, the assessor is told, an audit event, the criterion stays met", () => {
    const d = decide(e.id, LO("LO1"), w.assessor.userId);
    const view = sampleView(w.iqa, d);
    expect(view).toMatchObject({ itemCode: "LO1", canSample: true, sample: null, decision: { outcome: "met", methods: ["observation", "professional_discussion"] } });
    expect(view.reasons).toContain("New assessor: 0 of 5 agreed");
    const now = Date.now();
    const { sampleId, itemCode } = sampleDecision(w.iqa, d, { outcome: "agree", comments: "Sound judgement" }, now);
    expect(itemCode).toBe("LO1");
    expect(t.db.$client.prepare("select decision_id d, iqa_id i, outcome, comments, action_required a, action_due due from iqa_samples where id = ?").get(sampleId)).toEqual({
      d,
      i: w.iqa.userId,
      outcome: "agree",
      comments: "Sound judgement",
      a: null,
      due: null,
    });
    expect(progress(e.id, LO("LO1")).status).toBe("met");
    expect(listNotifications(w.assessor)[0]).toMatchObject({ message: "The IQA agreed with your decision on LO1.", link: `/assess/${e.id}/${LO("LO1")}` });
    const event = t.db.$client.prepare("select actor_id a, actor_role r, entity_id id, provider_id p, details from audit_events where action = 'iqa-agreed' order by seq desc limit 1").get() as Record<string, string>;
    expect(event).toMatchObject({ a: w.iqa.userId, r: "iqa", id: d, p: w.providerId });
    expect(JSON.parse(event.details)).toMatchObject({ outcome: "agree", item: "LO1", enrolmentId: e.id });
    expect(sampleView(w.iqa, d)).toMatchObject({ canSample: false, sample: { iqaName: "Test iqa", outcome: "agree" } });
  });

  it("disagree: reopens the criterion for the assessor, tells the assessor what to do by when, and tells the candidate", () => {
    const d = decide(e.id, LO("LO2"), w.assessor.userId);
    const revision = (t.db.$client.prepare("select revision from enrolments where id = ?").get(e.id) as { revision: number }).revision;
    const now = Date.now();
    sampleDecision(w.iqa, d, { outcome: "disagree", comments: "Evidence is thin", actionRequired: "Check the observation covers the whole conference", actionDue: future }, now);
    expect(t.db.$client.prepare("select outcome, action_required a, action_due due from iqa_samples where decision_id = ?").get(d)).toEqual({
      outcome: "disagree",
      a: "Check the observation covers the whole conference",
      due: future,
    });
    expect(progress(e.id, LO("LO2"))).toEqual({ status: "submitted", submittedAt: now });
    expect((t.db.$client.prepare("select revision from enrolments where id = ?").get(e.id) as { revision: number }).revision).toBe(revision + 1);
    const [y, m, day] = future.split("-").map(Number);
    const dueText = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(new Date(Date.UTC(y, m - 1, day)));
    expect(listNotifications(w.assessor)[0]).toMatchObject({
      message: `The IQA disagreed with your decision on LO2: Check the observation covers the whole conference by ${dueText}`,
      link: `/assess/${e.id}/${LO("LO2")}`,
      readAt: null,
    });
    expect(listNotifications(e.candidate)[0].message).toMatch(/^Your criterion LO2 is being reviewed again/);
    expect(listNotifications(e.candidate)[0].link).toBe(`/portfolio/${e.id}/decisions`);
    const event = t.db.$client.prepare("select details from audit_events where action = 'iqa-disagreed' and entity_id = ?").get(d) as { details: string };
    expect(JSON.parse(event.details)).toMatchObject({ actionRequired: "Check the observation covers the whole conference", actionDue: future, criterionReopened: true });
  });

  it("agreeing completes a Level 4 award whose criteria are all met; disagreeing later makes it active again", () => {
    const e2 = enrolment(w);
    const ids = ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"].map((code) => decide(e2.id, LO(code), w.assessor.userId));
    const state = () => t.db.$client.prepare("select status, achieved_at is not null achieved from enrolments where id = ?").get(e2.id);
    expect(state()).toEqual({ status: "active", achieved: 0 });
    sampleDecision(w.iqa, ids[5], { outcome: "agree", comments: "" });
    expect(state()).toEqual({ status: "achieved", achieved: 1 });
    expect(count("audit_events", `action = 'achieved' and entity_id = '${e2.id}'`)).toBe(1);
    sampleDecision(w.iqa, ids[0], { outcome: "disagree", comments: "", actionRequired: "Review the evidence", actionDue: future });
    expect(state()).toEqual({ status: "active", achieved: 0 });
    expect(count("audit_events", `action = 'achievement-reopened' and entity_id = '${e2.id}'`)).toBe(1);
  });

  it("a decision is sampled once: the second attempt is told who sampled it and when, and nothing changes", () => {
    const d = decide(e.id, LO("LO3"), w.assessor.userId);
    const at = Date.now() - 5000;
    sampleDecision(w.iqa, d, { outcome: "agree", comments: "" }, at);
    const before = { samples: count("iqa_samples"), events: count("audit_events"), notes: count("notifications") };
    const err = thrown(() => sampleDecision(w.iqa, d, { outcome: "disagree", comments: "", actionRequired: "Redo", actionDue: future }));
    expect(err).toBeInstanceOf(AlreadySampledError);
    expect((err as AlreadySampledError).sample).toMatchObject({ iqaName: "Test iqa", outcome: "agree", createdAt: at });
    expect({ samples: count("iqa_samples"), events: count("audit_events"), notes: count("notifications") }).toEqual(before);
    expect(progress(e.id, LO("LO3")).status).toBe("met");
  });

  it("a disagreement needs an action and a due date in the future; nothing is written otherwise", () => {
    const d = decide(e.id, LO("LO4"), w.assessor.userId);
    const before = count("iqa_samples");
    const today = londonDay(Date.now());
    for (const [input, field] of [
      [{ outcome: "disagree", comments: "", actionRequired: " ", actionDue: future }, "actionRequired"],
      [{ outcome: "disagree", comments: "", actionRequired: "Redo", actionDue: today }, "actionDue"],
      [{ outcome: "disagree", comments: "", actionRequired: "Redo", actionDue: "2020-01-01" }, "actionDue"],
      [{ outcome: "disagree", comments: "", actionRequired: "Redo", actionDue: "2031-02-30" }, "actionDue"],
    ] as const) {
      const err = thrown(() => sampleDecision(w.iqa, d, input));
      expect(err).toBeInstanceOf(SamplingError);
      expect((err as SamplingError).field).toBe(field);
    }
    expect(count("iqa_samples")).toBe(before);
    expect(progress(e.id, LO("LO4")).status).toBe("met");
  });

  it("the form: choose an outcome; a disagreement's action and due date (a real date, in the future)", () => {
    const errors = (values: Record<string, string>) => {
      const parsed = validate(form(values), sampleInput);
      return parsed.ok ? {} : parsed.errors;
    };
    expect(errors({})).toEqual({ outcome: ["Select whether you agree with the assessor's decision"] });
    expect(errors({ outcome: "disagree" })).toEqual({ actionRequired: ["Enter the action the assessor must take"], actionDue: ["Enter the date the action is due"] });
    expect(errors({ outcome: "disagree", actionRequired: "Redo", "actionDue.day": "12", "actionDue.year": "2030" })).toEqual({ actionDue: ["The date the action is due must include a month"] });
    expect(errors({ outcome: "disagree", actionRequired: "Redo", "actionDue.day": "31", "actionDue.month": "2", "actionDue.year": "2030" })).toEqual({ actionDue: ["The date the action is due must be a real date"] });
    expect(errors({ outcome: "disagree", actionRequired: "Redo", "actionDue.day": "1", "actionDue.month": "1", "actionDue.year": "2020" })).toEqual({ actionDue: ["The date the action is due must be in the future"] });
    const [y, m, d] = future.split("-");
    expect(validate(form({ outcome: "disagree", actionRequired: " Redo ", "actionDue.day": String(Number(d)), "actionDue.month": String(Number(m)), "actionDue.year": y }), sampleInput)).toEqual({
      ok: true,
      value: { outcome: "disagree", comments: "", actionRequired: "Redo", actionDue: future },
    });
    expect(validate(form({ outcome: "agree", comments: " Fine " }), sampleInput)).toEqual({ ok: true, value: { outcome: "agree", comments: "Fine" } });
  });

  it("a withdrawn decision cannot be sampled", () => {
    const d = decide(e.id, LO("LO5"), w.assessor.userId);
    t.db.$client.prepare("update decisions set status = 'withdrawn', withdrawn_at = ?, withdrawn_reason = 'Wrong candidate' where id = ?").run(Date.now(), d);
    expect(sampleView(w.iqa, d).canSample).toBe(false);
    expect(thrown(() => sampleDecision(w.iqa, d, { outcome: "agree", comments: "" }))).toBeInstanceOf(SamplingError);
  });
});

describe("the IQA report", () => {
  let w: World;
  let l4: { id: string };
  let sup: { id: string };
  beforeAll(() => {
    w = world("Report provider");
    rename(w.assessor, "Ada Assessor");
    rename(w.assessor2, "Ben Assessor");
    l4 = enrolment(w);
    sup = enrolment(w, { programme: SUP, assessor: w.assessor2 });
    const old = londonDay(Date.now() - 60 * DAY);
    // Ada on the Level 4 award: 4 decisions (3 met, 1 not yet met), one more withdrawn (not counted).
    const a1 = decide(l4.id, LO("LO1"), w.assessor.userId, { decidedOn: old });
    const a2 = decide(l4.id, LO("LO2"), w.assessor.userId);
    const a3 = decide(l4.id, LO("LO3"), w.assessor.userId, { outcome: "not_yet_met" });
    const a4 = decide(l4.id, LO("LO4"), w.assessor.userId);
    const withdrawn = decide(l4.id, LO("LO5"), w.assessor.userId);
    t.db.$client.prepare("update decisions set status = 'withdrawn' where id = ?").run(withdrawn);
    sampleDecision(w.iqa, a1, { outcome: "agree", comments: "" });
    sampleDecision(w.iqa, a2, { outcome: "agree", comments: "" });
    sampleDecision(w.iqa, a3, { outcome: "disagree", comments: "", actionRequired: "Give clearer feedback", actionDue: future });
    void a4;
    // Ben on the supervisor check: 2 decisions (1 met, 1 not yet met), 1 sampled and agreed; and one
    // superseded decision of Ada's on it (counted: it was made).
    const b1 = decide(sup.id, N("P1"), w.assessor2.userId);
    decide(sup.id, N("P2"), w.assessor2.userId, { outcome: "not_yet_met" });
    sampleDecision(w.iqa, b1, { outcome: "agree", comments: "" });
    t.db.$client.prepare("update allocations set assessor_id = ? where enrolment_id = ? and to_at is null").run(w.assessor.userId, sup.id);
    decide(sup.id, N("P3"), w.assessor.userId, { outcome: "not_yet_met" });
    decide(sup.id, N("P3"), w.assessor.userId);
  });

  it("per assessor and per programme, exactly", () => {
    const r = iqaReport(w.iqa);
    expect(r.byAssessor).toEqual([
      { assessorId: w.assessor.userId, assessorName: "Ada Assessor", decisions: 6, met: 4, notYetMet: 2, sampled: 3, agreed: 2, disagreed: 1, sampleRate: 50, agreementRate: 67 },
      { assessorId: w.assessor2.userId, assessorName: "Ben Assessor", decisions: 2, met: 1, notYetMet: 1, sampled: 1, agreed: 1, disagreed: 0, sampleRate: 50, agreementRate: 100 },
    ]);
    expect(r.byProgramme.map(({ programmeTitle, decisions, met, notYetMet, sampled, agreed, disagreed, agreementRate }) => ({ programmeTitle, decisions, met, notYetMet, sampled, agreed, disagreed, agreementRate }))).toEqual([
      { programmeTitle: "BTEC Level 4 Professional Award in Restorative Justice Approaches", decisions: 4, met: 3, notYetMet: 1, sampled: 3, agreed: 2, disagreed: 1, agreementRate: 67 },
      { programmeTitle: "Supervisor competency check", decisions: 4, met: 2, notYetMet: 2, sampled: 1, agreed: 1, disagreed: 0, agreementRate: 100 },
    ]);
    expect(r.total).toEqual({ decisions: 8, met: 5, notYetMet: 3, sampled: 4, agreed: 3, disagreed: 1, sampleRate: 50, agreementRate: 75 });
    expect(iqaReport(w.admin).total).toEqual(r.total);
  });

  it("filters by programme, assessor and period", () => {
    expect(iqaReport(w.iqa, { programmeId: SUP }).byAssessor.map((a) => [a.assessorName, a.decisions, a.sampled])).toEqual([
      ["Ada Assessor", 2, 0],
      ["Ben Assessor", 2, 1],
    ]);
    expect(iqaReport(w.iqa, { assessorId: w.assessor2.userId }).byProgramme.map((p) => [p.programmeTitle, p.decisions])).toEqual([["Supervisor competency check", 2]]);
    const recent = iqaReport(w.iqa, { period: "30" });
    expect(recent.total).toMatchObject({ decisions: 7, sampled: 3, agreed: 2, disagreed: 1 });
    expect(recent.byAssessor.find((a) => a.assessorName === "Ada Assessor")).toMatchObject({ decisions: 5, agreementRate: 50 });
    expect(iqaReport(w.iqa, { assessorId: randomUUID() }).total).toEqual({ decisions: 0, met: 0, notYetMet: 0, sampled: 0, agreed: 0, disagreed: 0, sampleRate: null, agreementRate: null });
  });

  it("counts only the actor's provider, and only IQAs and provider admins may see it", () => {
    const other = world("Report elsewhere");
    expect(iqaReport(other.iqa).byAssessor).toEqual([]);
    expect(iqaReport(other.admin).total.decisions).toBe(0);
    const candidate = addActor(t.db, "candidate", { providerId: w.providerId });
    const admin = addActor(t.db, "admin");
    for (const actor of [w.assessor, candidate, admin]) expect(status(thrown(() => iqaReport(actor)))).toBe(403);
  });
});
