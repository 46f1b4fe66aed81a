/**
 * Witness testimony links: only for the candidate's own witness testimony; the token is returned
 * once and stored only as its SHA-256; the witness sees the provider and "the candidate", never the
 * candidate's name; confirming makes a new version and uses the link up; used, expired, replaced
 * and unknown links say so; a confirmed testimony cannot be edited by the candidate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256, type Actor } from "../../app/lib/auth.server";
import { enrol } from "../../app/lib/enrolments.server";
import { addEvidence, deleteEvidence, EvidenceError, getEvidence, updateEvidence, type EvidenceInput } from "../../app/lib/evidence.server";
import { confirmTestimony, requestWitness, witnessView, type WitnessInput } from "../../app/lib/witness.server";
import { users } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import { programmeId } from "../../standards/ids";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";
import { eq } from "drizzle-orm";

let t: TestDb;
let a: Record<"admin" | "candidate" | "candidate2" | "assessor" | "iqa", Actor>;
let enrolmentId: string;

const DAY = 24 * 60 * 60 * 1000;
const testimony: EvidenceInput = {
  kind: "witness_testimony",
  title: "Co-facilitated conference",
  evidenceDate: "2025-03-14",
  whatWitnessed: "I prepared both parties and facilitated the meeting.",
  witnessName: "Sam Example",
  witnessRole: "Youth justice officer",
  relationship: "Co-facilitated the meeting with me",
};
const confirmation: WitnessInput = {
  testimony: "The candidate prepared both parties carefully and facilitated the meeting calmly.",
  witnessName: "Samantha Example",
  witnessRole: "Senior youth justice officer",
  relationship: "Co-facilitator",
  declaration: "confirmed",
};

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
function addTestimony() {
  const r = addEvidence(a.candidate, enrolmentId, testimony);
  if (!r.ok) throw new Error("not saved");
  return r.evidenceId;
}

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  const provider = addProvider(t.db, "Northvale Example Training");
  a = {
    admin: addActor(t.db, "provider_admin", { providerId: provider }),
    candidate: addActor(t.db, "candidate", { providerId: provider }),
    candidate2: addActor(t.db, "candidate", { providerId: provider }),
    assessor: addActor(t.db, "assessor", { providerId: provider }),
    iqa: addActor(t.db, "iqa", { providerId: provider }),
  };
  t.db.update(users).set({ name: "Robin Distinctive-Candidate" }).where(eq(users.id, a.candidate.userId)).run();
  enrolmentId = enrol(a.admin, { candidateId: a.candidate.userId, programmeId: programmeId("level4-award", "1"), candidateNumber: "W-1", assessorId: a.assessor.userId, iqaId: a.iqa.userId });
});
afterAll(() => t.close());

describe("asking a witness", () => {
  it("is only for the candidate's own witness testimony", () => {
    const id = addTestimony();
    expect((thrown(() => requestWitness(a.candidate2, id)) as Response).status).toBe(404);
    expect((thrown(() => requestWitness(a.assessor, id)) as Response).status).toBe(403);
    const account = addEvidence(a.candidate, enrolmentId, { kind: "reflective_account", title: "R", evidenceDate: "2025-03-14", text: "Text" });
    if (!account.ok) throw new Error("not saved");
    expect(thrown(() => requestWitness(a.candidate, account.evidenceId))).toBeInstanceOf(EvidenceError);
  });

  it("stores only the token's hash, with the witness named in the testimony, and audits it", () => {
    const id = addTestimony();
    const { token, expiresAt } = requestWitness(a.candidate, id, 1_000);
    expect(expiresAt).toBe(1_000 + 14 * DAY);
    const row = t.db.$client.prepare("select * from witness_requests where evidence_id = ?").get(id) as Record<string, unknown>;
    expect(row.token_hash).toBe(sha256(token));
    expect(row).toMatchObject({ witness_name: "Sam Example", witness_role: "Youth justice officer", relationship: "Co-facilitated the meeting with me", used_at: null });
    // The token itself is nowhere in the database.
    const dump = JSON.stringify(t.db.$client.prepare("select * from witness_requests").all()) + JSON.stringify(t.db.$client.prepare("select * from audit_events").all());
    expect(dump).not.toContain(token);
    expect((t.db.$client.prepare("select count(*) n from audit_events where action = 'requested-witness-testimony' and entity_id = ?").get(id) as { n: number }).n).toBe(1);
  });
});

describe("the witness's link", () => {
  it("shows what they are confirming, naming the provider but not the candidate", () => {
    const id = addTestimony();
    const { token } = requestWitness(a.candidate, id);
    const view = witnessView(token);
    expect(view).toMatchObject({
      status: "open",
      providerName: "Northvale Example Training",
      title: "Co-facilitated conference",
      whatWitnessed: testimony.kind === "witness_testimony" ? testimony.whatWitnessed : "",
      testimony: "I prepared both parties and facilitated the meeting.",
      witnessName: "Sam Example",
    });
    expect(JSON.stringify(view)).not.toContain("Robin");
  });

  it("works once: confirming makes a new version with the witness's words, then the link says it was used", () => {
    const id = addTestimony();
    const { token } = requestWitness(a.candidate, id);
    expect(confirmTestimony(token, confirmation, 5_000)).toEqual({ ok: true });

    const ev = getEvidence(a.candidate, id);
    expect(ev.current.version).toBe(2);
    expect(ev.current.createdByName).toBeNull();
    expect(ev.current.body).toMatchObject({
      whatWitnessed: "I prepared both parties and facilitated the meeting.",
      testimony: confirmation.testimony,
      witnessName: "Samantha Example",
      witnessRole: "Senior youth justice officer",
      relationship: "Co-facilitator",
      witnessConfirmedAt: 5_000,
    });
    expect(ev.versions.find((v) => v.version === 1)!.body).not.toHaveProperty("testimony");
    expect(ev.witnessConfirmed).toBe(true);
    expect(ev.witnessRequests[0].usedAt).toBe(5_000);

    const audit = t.db.$client.prepare("select actor_id, details from audit_events where action = 'confirmed-witness-testimony' and entity_id = ?").get(id) as { actor_id: string | null; details: string };
    expect(audit.actor_id).toBeNull();
    expect(JSON.parse(audit.details)).toMatchObject({ by: "witness", witness: { name: "Samantha Example", role: "Senior youth justice officer" }, version: 2 });

    expect(witnessView(token)).toEqual({ status: "used" });
    expect(confirmTestimony(token, confirmation)).toEqual({ ok: false, status: "used" });
    expect(getEvidence(a.candidate, id).versions).toHaveLength(2);
  });

  it("refuses an expired link, a replaced link, a link for deleted evidence and an unknown one", () => {
    const id = addTestimony();
    const old = requestWitness(a.candidate, id, Date.now() - 15 * DAY);
    expect(witnessView(old.token)).toEqual({ status: "expired" });
    expect(confirmTestimony(old.token, confirmation)).toEqual({ ok: false, status: "expired" });

    const first = requestWitness(a.candidate, id);
    const second = requestWitness(a.candidate, id);
    expect(witnessView(first.token).status).toBe("expired");
    expect(witnessView(second.token).status).toBe("open");

    deleteEvidence(a.candidate, id);
    expect(witnessView(second.token).status).toBe("expired");

    expect(witnessView("not-a-real-token-but-long-enough-to-look-up")).toEqual({ status: "unknown" });
    expect(witnessView("")).toEqual({ status: "unknown" });
    expect(confirmTestimony("not-a-real-token-but-long-enough-to-look-up", confirmation)).toEqual({ ok: false, status: "unknown" });
  });

  it("needs the declaration and every detail, and changes nothing without them", () => {
    const id = addTestimony();
    const { token } = requestWitness(a.candidate, id);
    const r = confirmTestimony(token, { ...confirmation, declaration: "" as "confirmed", witnessName: "" });
    expect(r.ok === false && "errors" in r ? Object.keys(r.errors).sort() : []).toEqual(["declaration", "witnessName"]);
    expect(witnessView(token).status).toBe("open");
    expect(getEvidence(a.candidate, id).versions).toHaveLength(1);
  });

  it("asks the witness about likely personal data too, and accepts it with a reason", () => {
    const id = addTestimony();
    const { token } = requestWitness(a.candidate, id);
    const withPhone = { ...confirmation, testimony: "Ring me on 07700 900123 if you need more." };
    const r = confirmTestimony(token, withPhone);
    expect(r.ok === false && "personalData" in r ? r.personalData.map((f) => f.kind) : []).toEqual(["phone"]);
    expect(witnessView(token).status).toBe("open");
    expect(confirmTestimony(token, { ...withPhone, personalDataReason: "My work phone, for the assessor to check with me." })).toEqual({ ok: true });
    expect(getEvidence(a.assessor, id).current.personalDataReason).toBe("My work phone, for the assessor to check with me.");
  });
});

describe("after confirmation", () => {
  it("the candidate cannot edit the testimony, but can ask for a new confirmation", () => {
    const id = addTestimony();
    confirmTestimony(requestWitness(a.candidate, id).token, confirmation);
    const e = thrown(() => updateEvidence(a.candidate, id, { ...testimony, whatWitnessed: "Something else" }));
    expect(e).toBeInstanceOf(EvidenceError);
    expect(getEvidence(a.candidate, id).can.edit).toBe(false);

    const again = requestWitness(a.candidate, id);
    expect(witnessView(again.token)).toMatchObject({ status: "open", testimony: confirmation.testimony, witnessName: "Samantha Example" });
    expect(confirmTestimony(again.token, { ...confirmation, testimony: "Corrected testimony." })).toEqual({ ok: true });
    expect(getEvidence(a.candidate, id).current).toMatchObject({ version: 3, body: expect.objectContaining({ testimony: "Corrected testimony." }) });
  });
});
