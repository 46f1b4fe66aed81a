import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail, enrolmentTrail, recordAudit } from "../../app/lib/audit.server";
import type { Actor } from "../../app/lib/auth.server";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let own: string;
let other: string;
let admin: Actor;
let providerAdmin: Actor;
const day = (d: string, h = 12) => Date.parse(`${d}T${String(h).padStart(2, "0")}:00:00Z`);

beforeAll(() => {
  t = tempDb();
  own = addProvider(t.db, "Own");
  other = addProvider(t.db, "Other");
  admin = addActor(t.db, "admin");
  providerAdmin = addActor(t.db, "provider_admin", { providerId: own });
  const assessor = addActor(t.db, "assessor", { providerId: own });
  recordAudit(t.db, { actorId: assessor.userId, actorRole: "assessor", action: "decided", entity: "decision", entityId: "d1", providerId: own, details: { enrolmentId: "e1" } }, day("2026-06-01"));
  recordAudit(t.db, { actorId: assessor.userId, actorRole: "assessor", action: "withdrew-decision", entity: "decision", entityId: "d1", providerId: own, details: { enrolmentId: "e1" } }, day("2026-06-03"));
  recordAudit(t.db, { actorId: null, action: "decided", entity: "decision", entityId: "d9", providerId: other, details: { enrolmentId: "e9" } }, day("2026-06-02"));
  recordAudit(t.db, { actorId: null, action: "archived", entity: "decision", entityId: "d9", providerId: other }, day("2026-06-02"));
  // 23:30 on 4 June in London (BST) is 22:30 UTC: it belongs to 4 June, not 5 June.
  recordAudit(t.db, { actorId: providerAdmin.userId, actorRole: "provider_admin", action: "enrolled", entity: "enrolment", entityId: "e1", providerId: own }, Date.parse("2026-06-04T22:30:00Z"));
});
afterAll(() => t.close());

describe("audit trail", () => {
  it("shows a provider admin only their provider's events, newest first", () => {
    const r = auditTrail(providerAdmin, {});
    expect(r.rows.map((e) => e.entityId)).toEqual(["e1", "d1", "d1"]);
    expect(r.actions).toEqual(["decided", "enrolled", "withdrew-decision"]);
  });

  it("shows an admin every event", () => {
    expect(auditTrail(admin, {})).toMatchObject({ total: 5, actions: ["archived", "decided", "enrolled", "withdrew-decision"] });
  });

  it("filters by action, person and London dates", () => {
    expect(auditTrail(providerAdmin, { action: "decided" }).rows.map((e) => e.entityId)).toEqual(["d1"]);
    expect(auditTrail(providerAdmin, { actor: "assessor" }).total).toBe(2);
    expect(auditTrail(providerAdmin, { from: "2026-06-02", to: "2026-06-04" }).rows.map((e) => e.action)).toEqual(["enrolled", "withdrew-decision"]);
    expect(auditTrail(providerAdmin, { from: "2026-06-05" }).total).toBe(0);
  });

  it("refuses other roles", () => {
    for (const role of ["candidate", "assessor", "iqa"] as const) expect(() => auditTrail(addActor(t.db, role, { providerId: own }), {})).toThrow();
    const commissioner = addActor(t.db, "commissioner", { commissionerId: addCommissioner(t.db, [own]) });
    expect(() => auditTrail(commissioner, {})).toThrow();
  });

  it("gathers one enrolment's history", () => {
    expect(enrolmentTrail("e1").map((e) => e.action)).toEqual(["decided", "withdrew-decision", "enrolled"]);
  });
});
