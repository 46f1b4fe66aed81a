/**
 * Enrolments and allocations: enrolling pins the programme's framework versions and starts a
 * progress row for every required criterion; duplicates are refused; a provider admin works only
 * within their provider; reallocation keeps the history; enrolmentFor gives each role only what it
 * may see (404 otherwise).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/lib/auth.server";
import { dashboardFor } from "../../app/lib/dashboard.server";
import { allocate, allocationHistory, enrol, EnrolmentError, enrolmentCounts, enrolmentDetail, enrolmentFor, enrolmentOptions, listEnrolments } from "../../app/lib/enrolments.server";
import { memberships } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import { frameworkId, programmeId } from "../../standards/ids";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let own: string;
let other: string;
let a: Record<"admin" | "otherAdmin" | "candidate" | "candidate2" | "otherCandidate" | "assessor" | "assessor2" | "otherAssessor" | "iqa" | "iqa2" | "commissioner" | "portalAdmin", Actor>;
const L4 = programmeId("level4-award", "1");
const SUP = programmeId("supervisor-check", "1");

const count = (table: string, where = "1") => (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get() as { n: number }).n;
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
const status = (fn: () => unknown) => (thrown(fn) as Response | undefined)?.status;

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  own = addProvider(t.db, "Own provider");
  other = addProvider(t.db, "Other provider");
  const commissionerId = addCommissioner(t.db, [own]);
  a = {
    admin: addActor(t.db, "provider_admin", { providerId: own }),
    otherAdmin: addActor(t.db, "provider_admin", { providerId: other }),
    candidate: addActor(t.db, "candidate", { providerId: own }),
    candidate2: addActor(t.db, "candidate", { providerId: own }),
    otherCandidate: addActor(t.db, "candidate", { providerId: other }),
    assessor: addActor(t.db, "assessor", { providerId: own }),
    assessor2: addActor(t.db, "assessor", { providerId: own }),
    otherAssessor: addActor(t.db, "assessor", { providerId: other }),
    iqa: addActor(t.db, "iqa", { providerId: own }),
    iqa2: addActor(t.db, "iqa", { providerId: own }),
    commissioner: addActor(t.db, "commissioner", { commissionerId }),
    portalAdmin: addActor(t.db, "admin"),
  };
});
afterAll(() => t.close());

const input = (over: Partial<Parameters<typeof enrol>[1]> = {}) => ({
  candidateId: a.candidate.userId,
  programmeId: L4,
  candidateNumber: "C-001",
  assessorId: a.assessor.userId,
  iqaId: a.iqa.userId,
  ...over,
});

describe("enrolling", () => {
  let l4: string;
  let sup: string;

  it("enrols on the Level 4 award: pins its framework version, a progress row for each of the 6 learning outcomes, the allocation, an audit event", () => {
    l4 = enrol(a.admin, input());
    expect(t.db.$client.prepare("select framework_id f from enrolment_frameworks where enrolment_id = ?").all(l4)).toEqual([{ f: frameworkId("btec-l4-rja", "1") }]);
    const rows = t.db.$client.prepare("select i.code, p.status from criterion_progress p join standard_items i on i.id = p.item_id where p.enrolment_id = ? order by i.position").all(l4);
    expect(rows).toEqual(["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"].map((code) => ({ code, status: "no_evidence" })));
    expect(count("allocations", `enrolment_id = '${l4}' and to_at is null and assessor_id = '${a.assessor.userId}' and iqa_id = '${a.iqa.userId}'`)).toBe(1);
    expect(count("audit_events", `action = 'enrolled' and entity_id = '${l4}'`)).toBe(1);
  });

  it("enrols on the supervisor check: guidance and NOS versions pinned, 7 Section E + 11 P + 15 K = 33 criteria", () => {
    sup = enrol(a.admin, input({ programmeId: SUP, candidateNumber: "C-002" }));
    const pinned = (t.db.$client.prepare("select framework_id f from enrolment_frameworks where enrolment_id = ?").all(sup) as { f: string }[]).map((r) => r.f).sort();
    expect(pinned).toEqual([frameworkId("guidance", "2004-12"), frameworkId("nos-qa", "1")].sort());
    expect(count("criterion_progress", `enrolment_id = '${sup}' and status = 'no_evidence'`)).toBe(33);
    const codes = (t.db.$client.prepare("select i.code from criterion_progress p join standard_items i on i.id = p.item_id where p.enrolment_id = ?").all(sup) as { code: string }[]).map((r) => r.code);
    expect(codes.filter((c) => c.startsWith("E."))).toHaveLength(7);
    expect(codes.filter((c) => /^P\d+$/.test(c))).toHaveLength(11);
    expect(codes.filter((c) => /^K\d+$/.test(c))).toHaveLength(15);
  });

  it("refuses a second enrolment of the same candidate on the same programme, changing nothing", () => {
    const before = [count("enrolments"), count("criterion_progress"), count("allocations"), count("audit_events")];
    const e = thrown(() => enrol(a.admin, input({ candidateNumber: "C-003" })));
    expect(e).toBeInstanceOf(EnrolmentError);
    expect((e as EnrolmentError).field).toBe("programmeId");
    expect([count("enrolments"), count("criterion_progress"), count("allocations"), count("audit_events")]).toEqual(before);
  });

  it("refuses a candidate number another candidate of the provider already has", () => {
    const before = count("enrolments");
    const e = thrown(() => enrol(a.admin, input({ candidateId: a.candidate2.userId, candidateNumber: "C-001" })));
    expect(e).toBeInstanceOf(EnrolmentError);
    expect((e as EnrolmentError).field).toBe("candidateNumber");
    expect(count("enrolments")).toBe(before);
  });

  it("refuses staff from another provider, the same person as assessor and IQA, and an unknown programme", () => {
    const field = (over: Partial<Parameters<typeof enrol>[1]>) => (thrown(() => enrol(a.admin, input({ candidateId: a.candidate2.userId, candidateNumber: "C-009", ...over }))) as EnrolmentError).field;
    expect(field({ assessorId: a.otherAssessor.userId })).toBe("assessorId");
    expect(field({ iqaId: a.assessor.userId })).toBe("iqaId");
    expect(field({ programmeId: "no-such-programme" })).toBe("programmeId");
    // Someone who is both an assessor and an IQA cannot take both parts of one allocation.
    t.db.insert(memberships).values({ id: crypto.randomUUID(), userId: a.assessor2.userId, role: "iqa", providerId: own, createdAt: Date.now() }).run();
    expect(field({ assessorId: a.assessor2.userId, iqaId: a.assessor2.userId })).toBe("iqaId");
    expect(count("enrolments", `candidate_id = '${a.candidate2.userId}'`)).toBe(0);
  });

  it("a provider admin of another provider cannot enrol this provider's candidate, see or reallocate its enrolments", () => {
    const e = thrown(() => enrol(a.otherAdmin, input({ candidateNumber: "X-1" })));
    expect(e).toBeInstanceOf(EnrolmentError);
    expect((e as EnrolmentError).field).toBe("candidateId");
    expect(status(() => enrolmentFor(a.otherAdmin, l4))).toBe(404);
    expect(status(() => enrolmentDetail(a.otherAdmin, l4))).toBe(404);
    expect(status(() => allocationHistory(a.otherAdmin, l4))).toBe(404);
    expect(status(() => allocate(a.otherAdmin, l4, { assessorId: a.otherAssessor.userId, iqaId: a.iqa.userId, reason: "x" }))).toBe(404);
    expect(listEnrolments(a.otherAdmin)).toMatchObject({ rows: [], total: 0 });
    expect(listEnrolments(a.otherAdmin, { search: "C-001" }).rows).toEqual([]);
    expect(enrolmentCounts(a.otherAdmin).total).toBe(0);
  });

  it("only a provider admin may enrol or reallocate (403 for every other role)", () => {
    for (const role of ["candidate", "assessor", "iqa", "commissioner", "portalAdmin"] as const) {
      expect(status(() => enrol(a[role], input({ candidateNumber: "Z-1" })))).toBe(403);
      expect(status(() => allocate(a[role], l4, { assessorId: a.assessor2.userId, iqaId: a.iqa2.userId, reason: "x" }))).toBe(403);
      expect(status(() => enrolmentOptions(a[role]))).toBe(403);
    }
  });

  it("lists the provider's enrolments with candidate, programme, assessor and IQA", () => {
    const { rows, total, pages } = listEnrolments(a.admin);
    expect(rows).toHaveLength(2);
    expect({ total, pages }).toEqual({ total: 2, pages: 1 });
    expect(rows.find((r) => r.id === l4)).toMatchObject({ candidateNumber: "C-001", assessorName: "Test assessor", iqaName: "Test iqa", status: "active" });
    // Found by part of the candidate number, any case; "%" and "_" match only themselves.
    expect(listEnrolments(a.admin, { search: "c-00" }).total).toBe(2);
    expect(listEnrolments(a.admin, { search: "C-001" }).rows.map((r) => r.id)).toEqual([l4]);
    expect(listEnrolments(a.admin, { search: "C_001" }).total).toBe(0);
    expect(listEnrolments(a.admin, { page: 7 })).toMatchObject({ page: 1, pages: 1, first: 1, last: 2 });
  });

  describe("reallocation", () => {
    it("closes the current allocation, opens a new one with the reason, and records an audit event", () => {
      const audits = count("audit_events", `action = 'reallocated' and entity_id = '${sup}'`);
      allocate(a.admin, sup, { assessorId: a.assessor2.userId, iqaId: a.iqa2.userId, reason: "Assessor on leave" }, Date.now() + 1000);
      const history = allocationHistory(a.admin, sup);
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({ toAt: null, reason: "Assessor on leave" });
      expect(history[1].toAt).not.toBeNull();
      expect(count("allocations", `enrolment_id = '${sup}' and to_at is null`)).toBe(1);
      expect(count("audit_events", `action = 'reallocated' and entity_id = '${sup}'`)).toBe(audits + 1);
      const detail = enrolmentDetail(a.admin, sup);
      expect(detail.current).toMatchObject({ assessorId: a.assessor2.userId, iqaId: a.iqa2.userId });
      expect(detail.frameworks.map((f) => f.framework).sort()).toEqual(["guidance", "nos-qa"]);
    });

    it("moves access: the previous assessor and IQA no longer see the enrolment, the new ones do", () => {
      expect(status(() => enrolmentFor(a.assessor, sup))).toBe(404);
      expect(status(() => enrolmentFor(a.iqa, sup))).toBe(404);
      expect(enrolmentFor(a.assessor2, sup).id).toBe(sup);
      expect(enrolmentFor(a.iqa2, sup).id).toBe(sup);
    });

    it("refuses an allocation that changes nothing, writing nothing", () => {
      const before = [count("allocations"), count("audit_events")];
      const e = thrown(() => allocate(a.admin, sup, { assessorId: a.assessor2.userId, iqaId: a.iqa2.userId, reason: "again" }));
      expect(e).toBeInstanceOf(EnrolmentError);
      expect([count("allocations"), count("audit_events")]).toEqual(before);
    });
  });

  describe("enrolmentFor, per role", () => {
    type Case = { who: keyof typeof a; sees: boolean };
    const cases: Case[] = [
      { who: "candidate", sees: true },
      { who: "candidate2", sees: false },
      { who: "otherCandidate", sees: false },
      { who: "assessor", sees: true },
      { who: "assessor2", sees: false },
      { who: "otherAssessor", sees: false },
      { who: "iqa", sees: true },
      { who: "iqa2", sees: false },
      { who: "admin", sees: true },
      { who: "otherAdmin", sees: false },
      { who: "commissioner", sees: false },
      { who: "portalAdmin", sees: false },
    ];
    it.each(cases)("$who sees the Level 4 enrolment: $sees", ({ who, sees }) => {
      if (sees) expect(enrolmentFor(a[who], l4).id).toBe(l4);
      else expect(status(() => enrolmentFor(a[who], l4))).toBe(404);
    });
    it("an unknown id is 404 for everyone", () => {
      for (const who of Object.keys(a) as (keyof typeof a)[]) expect(status(() => enrolmentFor(a[who], "no-such-enrolment"))).toBe(404);
    });
  });

  describe("dashboards show the real enrolment state", () => {
    it("candidate: their enrolments with progress counts", () => {
      const d = dashboardFor(a.candidate);
      if (d.role !== "candidate") throw new Error("wrong dashboard");
      expect(d.enrolments.map((e) => [e.id, e.total, e.withEvidence]).sort()).toEqual([[l4, 6, 0], [sup, 33, 0]].sort());
      const d2 = dashboardFor(a.candidate2);
      if (d2.role !== "candidate") throw new Error("wrong dashboard");
      expect(d2.enrolments).toEqual([]);
    });
    it("provider admin: enrolment counts of their provider only", () => {
      const d = dashboardFor(a.admin);
      if (d.role !== "provider_admin") throw new Error("wrong dashboard");
      expect(d.enrolments).toMatchObject({ active: 2, total: 2 });
      const o = dashboardFor(a.otherAdmin);
      if (o.role !== "provider_admin") throw new Error("wrong dashboard");
      expect(o.enrolments.total).toBe(0);
    });
    it("assessor and IQA: how many candidates are allocated to them now", () => {
      const counts = (who: keyof typeof a) => {
        const d = dashboardFor(a[who]);
        if (d.role !== "assessor" && d.role !== "iqa") throw new Error("wrong dashboard");
        return d.allocated.active;
      };
      expect([counts("assessor"), counts("assessor2"), counts("iqa"), counts("iqa2"), counts("otherAssessor")]).toEqual([1, 1, 1, 1, 0]);
    });
  });
});
