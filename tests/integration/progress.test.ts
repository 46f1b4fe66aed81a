/**
 * Criterion progress kept in step with evidence (refreshProgress), the portfolio task list, and the
 * declaration + submission: what moves, what stays, and that a refused submission changes nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../app/lib/auth.server";
import { enrol } from "../../app/lib/enrolments.server";
import { DECLARATION_TEXT, missingCriteria, portfolio, refreshProgress, submissionFor, submissionOptions, submit, SubmissionError } from "../../app/lib/progress.server";
import { evidence, evidenceMappings } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import { itemId, programmeId } from "../../standards/ids";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let a: Record<"admin" | "candidate" | "candidate2" | "assessor" | "iqa" | "otherAdmin", Actor>;
const L4 = programmeId("level4-award", "1");
const SUP = programmeId("supervisor-check", "1");
const G = (code: string) => itemId("guidance", "2004-12", code);
const N = (code: string) => itemId("nos-qa", "1", code);
const LO = (code: string) => itemId("btec-l4-rja", "1", code);

let refs = 0;
/** Evidence mapped to items, as the evidence module does it: rows plus refreshProgress in one transaction. */
function addEvidence(enrolmentId: string, itemIds: string[], at = Date.now()) {
  const id = randomUUID();
  t.db.$client.transaction(() => {
    t.db.insert(evidence).values({ id, enrolmentId, reference: `E${++refs}`, kind: "reflective_account", currentVersionId: null, createdAt: at, deletedAt: null }).run();
    for (const item of itemIds) t.db.insert(evidenceMappings).values({ evidenceId: id, itemId: item, enrolmentId, note: "Shows it", createdAt: at }).run();
    refreshProgress(t.db, enrolmentId, itemIds, at);
  })();
  return id;
}
function mapMore(enrolmentId: string, evidenceId: string, itemIds: string[], at = Date.now()) {
  t.db.$client.transaction(() => {
    for (const item of itemIds) t.db.insert(evidenceMappings).values({ evidenceId, itemId: item, enrolmentId, note: "Shows it too", createdAt: at }).run();
    refreshProgress(t.db, enrolmentId, itemIds, at);
  })();
}
function unmap(enrolmentId: string, evidenceId: string, itemIds: string[], at = Date.now()) {
  t.db.$client.transaction(() => {
    for (const item of itemIds) t.db.$client.prepare("delete from evidence_mappings where evidence_id = ? and item_id = ?").run(evidenceId, item);
    refreshProgress(t.db, enrolmentId, itemIds, at);
  })();
}
function deleteEvidence(enrolmentId: string, evidenceId: string, at = Date.now()) {
  t.db.$client.transaction(() => {
    const items = (t.db.$client.prepare("select item_id i from evidence_mappings where evidence_id = ?").all(evidenceId) as { i: string }[]).map((r) => r.i);
    t.db.$client.prepare("update evidence set deleted_at = ? where id = ?").run(at, evidenceId);
    refreshProgress(t.db, enrolmentId, items, at);
  })();
}
const progress = (enrolmentId: string, item: string) =>
  t.db.$client.prepare("select status, submitted_at submittedAt, updated_at updatedAt from criterion_progress where enrolment_id = ? and item_id = ?").get(enrolmentId, item) as
    | { status: string; submittedAt: number | null; updatedAt: number }
    | undefined;
const setStatus = (enrolmentId: string, item: string, status: string, at: number) =>
  t.db.$client.prepare("update criterion_progress set status = ?, updated_at = ? where enrolment_id = ? and item_id = ?").run(status, at, enrolmentId, item);
const count = (table: string, where = "1") => (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get() as { n: number }).n;
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};

let n = 0;
/** A fresh enrolment of a fresh candidate, so each test starts from no evidence. */
function freshEnrolment(programme = SUP) {
  const candidate = addActor(t.db, "candidate", { providerId: a.admin.providerId! });
  const id = enrol(a.admin, { candidateId: candidate.userId, programmeId: programme, candidateNumber: `N-${++n}`, assessorId: a.assessor.userId, iqaId: a.iqa.userId });
  return { id, candidate };
}

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  const own = addProvider(t.db, "Own provider");
  const other = addProvider(t.db, "Other provider");
  a = {
    admin: addActor(t.db, "provider_admin", { providerId: own }),
    otherAdmin: addActor(t.db, "provider_admin", { providerId: other }),
    candidate: addActor(t.db, "candidate", { providerId: own }),
    candidate2: addActor(t.db, "candidate", { providerId: own }),
    assessor: addActor(t.db, "assessor", { providerId: own }),
    iqa: addActor(t.db, "iqa", { providerId: own }),
  };
});
afterAll(() => t.close());

describe("refreshProgress", () => {
  let e: string;
  beforeEach(() => {
    e = freshEnrolment().id;
  });

  it("no evidence → evidence added when evidence is mapped, and back when it is unmapped", () => {
    const ev = addEvidence(e, [G("E.1"), N("P1")]);
    expect(progress(e, G("E.1"))?.status).toBe("evidence_added");
    expect(progress(e, N("P1"))?.status).toBe("evidence_added");
    expect(progress(e, G("E.2"))?.status).toBe("no_evidence");
    unmap(e, ev, [N("P1")]);
    expect(progress(e, N("P1"))?.status).toBe("no_evidence");
    expect(progress(e, G("E.1"))?.status).toBe("evidence_added");
  });

  it("deleting evidence counts only what is left", () => {
    const first = addEvidence(e, [G("E.1")]);
    const second = addEvidence(e, [G("E.1"), G("E.2")]);
    deleteEvidence(e, second);
    expect(progress(e, G("E.1"))?.status).toBe("evidence_added");
    expect(progress(e, G("E.2"))?.status).toBe("no_evidence");
    deleteEvidence(e, first);
    expect(progress(e, G("E.1"))?.status).toBe("no_evidence");
  });

  it("a criterion the programme does not require gets a row while it has evidence, and loses it after", () => {
    const ev = addEvidence(e, [G("A1(a).1")]);
    expect(progress(e, G("A1(a).1"))?.status).toBe("evidence_added");
    unmap(e, ev, [G("A1(a).1")]);
    expect(progress(e, G("A1(a).1"))).toBeUndefined();
    expect(count("criterion_progress", `enrolment_id = '${e}'`)).toBe(33);
  });

  it("a submitted criterion keeps its status while it has evidence and goes back to no evidence when it loses all of it", () => {
    const ev = addEvidence(e, [G("E.1")], 1000);
    setStatus(e, G("E.1"), "submitted", 2000);
    t.db.$client.prepare("update criterion_progress set submitted_at = 2000 where enrolment_id = ? and item_id = ?").run(e, G("E.1"));
    addEvidence(e, [G("E.1")], 3000);
    expect(progress(e, G("E.1"))).toMatchObject({ status: "submitted", submittedAt: 2000 });
    deleteEvidence(e, ev, 4000);
    expect(progress(e, G("E.1"))?.status).toBe("submitted");
    const rest = (t.db.$client.prepare("select evidence_id i from evidence_mappings where enrolment_id = ? and item_id = ?").all(e, G("E.1")) as { i: string }[]).map((r) => r.i);
    for (const id of rest) deleteEvidence(e, id, 5000);
    expect(progress(e, G("E.1"))).toMatchObject({ status: "no_evidence", submittedAt: null, updatedAt: 5000 });
  });

  it("met stays met whatever happens to the evidence", () => {
    const ev = addEvidence(e, [G("E.3")], 1000);
    setStatus(e, G("E.3"), "met", 2000);
    addEvidence(e, [G("E.3")], 3000);
    unmap(e, ev, [G("E.3")], 4000);
    expect(progress(e, G("E.3"))).toMatchObject({ status: "met", updatedAt: 2000 });
  });

  it("not yet met stays until new evidence is mapped after the decision, then becomes evidence added", () => {
    const ev = addEvidence(e, [G("E.4")], 1000);
    setStatus(e, G("E.4"), "not_yet_met", 2000);
    refreshProgress(t.db, e, [G("E.4")], 2500);
    expect(progress(e, G("E.4"))?.status).toBe("not_yet_met");
    unmap(e, ev, [G("E.4")], 2600);
    expect(progress(e, G("E.4"))?.status).toBe("not_yet_met");
    addEvidence(e, [G("E.4")], 3000);
    expect(progress(e, G("E.4"))).toMatchObject({ status: "evidence_added", updatedAt: 3000 });
  });

  it("evidence of another enrolment mapped to the same criterion does not count", () => {
    const otherEnrolment = freshEnrolment().id;
    addEvidence(otherEnrolment, [G("E.5")]);
    refreshProgress(t.db, e, [G("E.5")], Date.now());
    expect(progress(e, G("E.5"))?.status).toBe("no_evidence");
    expect(progress(otherEnrolment, G("E.5"))?.status).toBe("evidence_added");
  });

  it("takes many items at once and ignores an empty list", () => {
    const ev = randomUUID();
    t.db.insert(evidence).values({ id: ev, enrolmentId: e, reference: `E${++refs}`, kind: "file", currentVersionId: null, createdAt: 1, deletedAt: null }).run();
    const items = ["P1", "P2", "P3", "K1", "K2"].map(N);
    for (const item of items) t.db.insert(evidenceMappings).values({ evidenceId: ev, itemId: item, enrolmentId: e, note: "n", createdAt: 1 }).run();
    refreshProgress(t.db, e, [], 2);
    expect(count("criterion_progress", `enrolment_id = '${e}' and status = 'evidence_added'`)).toBe(0);
    refreshProgress(t.db, e, [...items, items[0]], 2);
    expect(count("criterion_progress", `enrolment_id = '${e}' and status = 'evidence_added'`)).toBe(5);
  });
});

describe("the portfolio task list", () => {
  it("groups the supervisor check by framework and section, with counts and an 'also evidenced' group", () => {
    const { id: e, candidate } = freshEnrolment();
    addEvidence(e, [G("E.1"), G("E.2"), N("P4"), N("K3"), G("F.6")]);
    const p = portfolio(candidate, e);
    expect(p.canEdit).toBe(true);
    expect(p.counts).toMatchObject({ total: 33, withEvidence: 4, ready: 4, submitted: 0, met: 0 });
    expect(p.frameworks.map((f) => f.framework)).toEqual(["guidance", "nos-qa"]);
    const [guidance, nos] = p.frameworks;
    expect(guidance.sections.map((s) => s.label)).toEqual(["Section E: Case supervisors"]);
    expect(guidance.sections[0].counts).toMatchObject({ total: 7, withEvidence: 2 });
    expect(guidance.sections[0].groups[0].tasks.map((t) => t.code)).toEqual(["E.1", "E.2", "E.3", "E.4", "E.5", "E.6", "E.7"]);
    expect(guidance.sections[0].groups[0].tasks[0]).toMatchObject({ status: "evidence_added", evidenceCount: 1 });
    expect(nos.sections).toHaveLength(1);
    expect(nos.sections[0].counts).toMatchObject({ total: 26, withEvidence: 2 });
    const groups = nos.sections[0].groups;
    expect(groups.map((g) => g.tasks.length)).toEqual([11, 8, 7]);
    expect(groups[0].title).toBeNull();
    expect(groups[1].title).toMatch(/General\/key knowledge/);
    expect(p.alsoEvidenced.map((f) => f.framework)).toEqual(["guidance"]);
    expect(p.alsoEvidenced[0].sections[0].groups.flatMap((g) => g.tasks.map((t) => t.code))).toEqual(["F.6"]);
    expect(p.submissions).toEqual([]);
  });

  it("shows under each Level 4 learning outcome the guidance criteria it draws on", () => {
    const { id: e, candidate } = freshEnrolment(L4);
    const p = portfolio(candidate, e);
    const tasks = p.frameworks[0].sections[0].groups.flatMap((g) => g.tasks);
    expect(tasks.map((t) => t.code)).toEqual(["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"]);
    expect(tasks[0].drawsOn.map((d) => d.code)).toEqual(["A1(a).1", "A1(a).6"]);
    expect(tasks[0].drawsOn[0].framework).toBe("guidance");
    expect(p.alsoEvidenced).toEqual([]);
  });

  it("lists the criteria still without evidence", () => {
    const { id: e, candidate } = freshEnrolment(L4);
    addEvidence(e, [LO("LO1"), LO("LO3")]);
    const m = missingCriteria(candidate, e);
    expect(m.missing).toBe(4);
    expect(m.frameworks.flatMap((f) => f.sections.flatMap((s) => s.groups.flatMap((g) => g.tasks.map((t) => t.code))))).toEqual(["LO2", "LO4", "LO5", "LO6"]);
  });

  it("is readable by the allocated assessor, IQA and provider admin but not editable; 404 for anyone else", () => {
    const { id: e } = freshEnrolment(L4);
    for (const who of [a.assessor, a.iqa, a.admin]) expect(portfolio(who, e).canEdit).toBe(false);
    for (const who of [a.candidate2, a.otherAdmin]) expect((thrown(() => portfolio(who, e)) as Response).status).toBe(404);
  });

  // How fast this is belongs to the benchmarks (npm run bench), not to a test; here, that a large portfolio reads correctly.
  it("reads a 500-evidence portfolio", () => {
    const { id: e, candidate } = freshEnrolment();
    const items = [...["E.1", "E.2", "E.3", "E.4", "E.5", "E.6", "E.7", "A1(a).1", "F.6"].map(G), ...Array.from({ length: 11 }, (_, i) => N(`P${i + 1}`)), ...Array.from({ length: 15 }, (_, i) => N(`K${i + 1}`))];
    t.db.$client.transaction(() => {
      for (let i = 0; i < 500; i++) addEvidence(e, [items[i % items.length], items[(i * 7 + 3) % items.length], items[(i * 11 + 5) % items.length]].filter((v, j, all) => all.indexOf(v) === j));
    })();
    expect(portfolio(candidate, e).counts.withEvidence).toBe(33);
  });
});

describe("declaration and submission", () => {
  it("refuses when nothing is ready to submit, changing nothing", () => {
    const { id: e, candidate } = freshEnrolment();
    const before = [count("declarations"), count("submissions"), count("audit_events")];
    const err = thrown(() => submit(candidate, e, { scope: "all", declaration: "yes" }));
    expect(err).toBeInstanceOf(SubmissionError);
    expect((err as SubmissionError).message).toMatch(/no new evidence to submit/);
    expect([count("declarations"), count("submissions"), count("audit_events")]).toEqual(before);
  });

  it("submits one section: its ready criteria become submitted, the rest stay; declaration, submission and audit are recorded", () => {
    const { id: e, candidate } = freshEnrolment();
    addEvidence(e, [G("E.1"), G("E.2"), N("P1"), G("A1(a).1")]);
    const sectionE = G("E");
    const options = submissionOptions(candidate, e);
    expect(options.ready).toBe(3);
    expect(options.scopes.map((s) => s.value)).toContain(sectionE);
    const id = submit(candidate, e, { scope: sectionE, declaration: "yes" }, 5000);
    expect(progress(e, G("E.1"))).toMatchObject({ status: "submitted", submittedAt: 5000 });
    expect(progress(e, G("E.2"))).toMatchObject({ status: "submitted", submittedAt: 5000 });
    expect(progress(e, G("E.3"))?.status).toBe("no_evidence");
    expect(progress(e, N("P1"))?.status).toBe("evidence_added");
    expect(progress(e, G("A1(a).1"))?.status).toBe("evidence_added");
    const sub = t.db.$client.prepare("select * from submissions where id = ?").get(id) as { scope_item_id: string; declaration_id: string; submitted_by: string; submitted_at: number };
    expect(sub).toMatchObject({ scope_item_id: sectionE, submitted_by: candidate.userId, submitted_at: 5000 });
    expect(t.db.$client.prepare("select statement, declared_at d, user_id u from declarations where id = ?").get(sub.declaration_id)).toEqual({ statement: DECLARATION_TEXT, d: 5000, u: candidate.userId });
    expect(DECLARATION_TEXT).toMatch(/own work/);
    expect(DECLARATION_TEXT).toMatch(/victim, offender or other participant/);
    expect(count("audit_events", `action = 'submitted' and entity_id = '${id}'`)).toBe(1);
    expect(count("audit_events", `action = 'declared' and entity_id = '${sub.declaration_id}'`)).toBe(1);
    expect(submissionFor(candidate, e, id)).toMatchObject({ scopeLabel: "Section E: Case supervisors", submittedAt: 5000, criteria: ["E.1", "E.2"] });

    // The same section again: nothing new in it.
    const again = thrown(() => submit(candidate, e, { scope: sectionE, declaration: "yes" }, 6000));
    expect(again).toBeInstanceOf(SubmissionError);

    // The whole portfolio: the rest of what is ready (required criteria only).
    const all = submit(candidate, e, { scope: "all", declaration: "yes" }, 7000);
    expect(progress(e, N("P1"))).toMatchObject({ status: "submitted", submittedAt: 7000 });
    expect(progress(e, G("A1(a).1"))?.status).toBe("evidence_added");
    const history = portfolio(candidate, e).submissions;
    expect(history.map((s) => [s.id, s.scopeLabel, s.criteria])).toEqual([
      [all, "Whole portfolio", ["P1"]],
      [id, "Section E: Case supervisors", ["E.1", "E.2"]],
    ]);
    expect(portfolio(candidate, e).counts).toMatchObject({ submitted: 3, ready: 0 });
  });

  it("submits a group within a section", () => {
    const { id: e, candidate } = freshEnrolment();
    addEvidence(e, [N("K1"), N("K10"), N("P2")]);
    const k1Group = (t.db.$client.prepare("select parent_id p from standard_items where id = ?").get(N("K1")) as { p: string }).p;
    submit(candidate, e, { scope: k1Group, declaration: "yes" });
    expect(progress(e, N("K1"))?.status).toBe("submitted");
    expect(progress(e, N("K10"))?.status).toBe("evidence_added");
    expect(progress(e, N("P2"))?.status).toBe("evidence_added");
  });

  it("refuses a scope that is not a section of the programme", () => {
    const { id: e, candidate } = freshEnrolment();
    addEvidence(e, [G("E.1")]);
    for (const scope of ["nonsense", G("A"), G("E.1"), LO("LO1")]) {
      const err = thrown(() => submit(candidate, e, { scope, declaration: "yes" }));
      expect(err, scope).toBeInstanceOf(SubmissionError);
    }
    expect(progress(e, G("E.1"))?.status).toBe("evidence_added");
  });

  it("only the candidate themselves can submit: 403 for staff who can see the enrolment, 404 for another candidate", () => {
    const { id: e } = freshEnrolment();
    addEvidence(e, [G("E.1")]);
    const before = [count("declarations"), count("submissions")];
    for (const who of [a.assessor, a.iqa, a.admin]) {
      expect((thrown(() => submit(who, e, { scope: "all", declaration: "yes" })) as Response).status).toBe(403);
      expect((thrown(() => submissionOptions(who, e)) as Response).status).toBe(403);
    }
    expect((thrown(() => submit(a.candidate2, e, { scope: "all", declaration: "yes" })) as Response).status).toBe(404);
    expect([count("declarations"), count("submissions")]).toEqual(before);
    expect(progress(e, G("E.1"))?.status).toBe("evidence_added");
  });

  it("a not-yet-met criterion with new evidence can be resubmitted", () => {
    const { id: e, candidate } = freshEnrolment(L4);
    addEvidence(e, [LO("LO2")], 1000);
    submit(candidate, e, { scope: "all", declaration: "yes" }, 2000);
    setStatus(e, LO("LO2"), "not_yet_met", 3000);
    expect(thrown(() => submit(candidate, e, { scope: "all", declaration: "yes" }, 3500))).toBeInstanceOf(SubmissionError);
    addEvidence(e, [LO("LO2")], 4000);
    submit(candidate, e, { scope: "all", declaration: "yes" }, 5000);
    expect(progress(e, LO("LO2"))).toMatchObject({ status: "submitted", submittedAt: 5000 });
  });
});
