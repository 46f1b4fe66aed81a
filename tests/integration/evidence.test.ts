/**
 * Evidence against a real SQLite database: every kind validates and saves; references E1, E2 …
 * never reused; the content hash follows the content; likely personal data is refused until a
 * reason is given; only the candidate changes their evidence (others 403/404) while the allocated
 * staff can read it; mapping moves progress, obeys the mapping rule and suggests crosswalk links;
 * locked evidence is superseded, never edited or deleted; every change is audited.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/lib/auth.server";
import { enrol } from "../../app/lib/enrolments.server";
import {
  addEvidence,
  canonicalJson,
  contentHash,
  crosswalkSuggestions,
  deleteEvidence,
  EvidenceError,
  evidenceInput,
  getEvidence,
  listEvidence,
  LOCKED_DELETE_MESSAGE,
  mapEvidence,
  mappingView,
  myEvidenceForItem,
  unmapEvidence,
  updateEvidence,
  type EvidenceInput,
} from "../../app/lib/evidence.server";
import { importStandards } from "../../scripts/import-standards";
import { itemId, programmeId } from "../../standards/ids";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let a: Record<"admin" | "otherAdmin" | "candidate" | "candidate2" | "otherCandidate" | "assessor" | "otherAssessor" | "iqa", Actor>;
let supervisor: string; // the candidate's supervisor competency check (guidance + NOS unit pinned)
let level4: string; // the candidate's Level 4 award (award pinned; guidance linked by the crosswalk)
let other: string; // candidate2's enrolment

const G = (code: string) => itemId("guidance", "2004-12", code);
const N = (code: string) => itemId("nos-qa", "1", code);
const LO = (code: string) => itemId("btec-l4-rja", "1", code);
const R = (code: string) => itemId("rj-officer", "1", code);

const count = (table: string, where = "1", ...args: unknown[]) => (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get(...args) as { n: number }).n;
const progress = (enrolmentId: string, item: string) =>
  (t.db.$client.prepare("select status from criterion_progress where enrolment_id = ? and item_id = ?").get(enrolmentId, item) as { status: string } | undefined)?.status;
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
const status = (fn: () => unknown) => (thrown(fn) as Response | undefined)?.status;
const audits = (action: string, entityId?: string) => count("audit_events", entityId ? "action = ? and entity_id = ?" : "action = ?", ...(entityId ? [action, entityId] : [action]));

const DATE = "2025-03-14";
const samples = {
  reflective_account: { kind: "reflective_account", title: "Reflection on a pre-meeting visit", evidenceDate: DATE, text: "# What happened\n\nI visited the person harmed.\n\n- listened\n- explained options" },
  observation: {
    kind: "observation",
    title: "Observed conference",
    observerName: "Priya Example",
    observerRole: "Assessor",
    evidenceDate: DATE,
    setting: "A face-to-face meeting in a community centre",
    observed: "The candidate opened the meeting and kept to the script.",
  },
  professional_discussion: { kind: "professional_discussion", title: "Discussion on risk", evidenceDate: DATE, participants: "Candidate and assessor", summary: "We discussed risk assessment." },
  question_answer: { kind: "question_answer", title: "Knowledge questions", evidenceDate: DATE, items: [{ question: "What is K2?", answer: "The principles." }] },
  witness_testimony: {
    kind: "witness_testimony",
    title: "Co-facilitated conference",
    evidenceDate: DATE,
    whatWitnessed: "I prepared both parties and facilitated the meeting.",
    witnessName: "Sam Example",
    witnessRole: "Youth justice officer",
    relationship: "Co-facilitated the meeting with me",
  },
} satisfies Record<Exclude<EvidenceInput["kind"], "file">, EvidenceInput>;
const file = (content: string) => ({ sha256: createHash("sha256").update(content).digest("hex"), size: content.length, mediaType: "application/pdf", fileName: "notes.pdf" });

function add(input: EvidenceInput, enrolmentId = supervisor, actor = a.candidate) {
  const r = addEvidence(actor, enrolmentId, input);
  if (!r.ok) throw new Error(`not saved: ${JSON.stringify(r)}`);
  return r;
}

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  const own = addProvider(t.db, "Own provider");
  const elsewhere = addProvider(t.db, "Other provider");
  a = {
    admin: addActor(t.db, "provider_admin", { providerId: own }),
    otherAdmin: addActor(t.db, "provider_admin", { providerId: elsewhere }),
    candidate: addActor(t.db, "candidate", { providerId: own }),
    candidate2: addActor(t.db, "candidate", { providerId: own }),
    otherCandidate: addActor(t.db, "candidate", { providerId: elsewhere }),
    assessor: addActor(t.db, "assessor", { providerId: own }),
    otherAssessor: addActor(t.db, "assessor", { providerId: own }),
    iqa: addActor(t.db, "iqa", { providerId: own }),
  };
  const staff = { assessorId: a.assessor.userId, iqaId: a.iqa.userId };
  supervisor = enrol(a.admin, { candidateId: a.candidate.userId, programmeId: programmeId("supervisor-check", "1"), candidateNumber: "C-1", ...staff });
  level4 = enrol(a.admin, { candidateId: a.candidate.userId, programmeId: programmeId("level4-award", "1"), candidateNumber: "C-1L4", ...staff });
  other = enrol(a.admin, { candidateId: a.candidate2.userId, programmeId: programmeId("supervisor-check", "1"), candidateNumber: "C-2", ...staff });
});
afterAll(() => t.close());

describe("adding evidence", () => {
  it.each(Object.keys(samples))("saves a valid %s as version 1 with its fields", (kind) => {
    const input: EvidenceInput = samples[kind as keyof typeof samples];
    const r = add(input);
    const ev = getEvidence(a.candidate, r.evidenceId);
    expect(ev.evidence.kind).toBe(kind);
    expect(ev.current.version).toBe(1);
    expect(ev.current.title).toBe(input.title);
    expect(ev.current.evidenceDate).toBe(DATE);
    const { kind: _k, title: _t, evidenceDate: _d, ...body } = input as Record<string, unknown>;
    expect(ev.current.body).toEqual(body);
    expect(audits("added-evidence", r.evidenceId)).toBe(1);
  });

  it("saves an uploaded file with its stored file's details", () => {
    const r = add({ kind: "file", title: "Session plan", description: "My plan", file: file("pdf bytes") });
    const v = getEvidence(a.candidate, r.evidenceId).current;
    expect(v.file).toEqual({ sha256: file("pdf bytes").sha256, fileName: "notes.pdf", size: 9, mediaType: "application/pdf" });
    expect(v.evidenceDate).toBeNull();
    expect(v.body).toEqual({ description: "My plan" });
  });

  it.each([
    ["reflective_account", { ...samples.reflective_account, text: "  " }, "text"],
    ["reflective_account", { ...samples.reflective_account, evidenceDate: undefined }, "evidenceDate"],
    ["reflective_account", { ...samples.reflective_account, evidenceDate: "2025-02-30" }, "evidenceDate"],
    ["reflective_account", { ...samples.reflective_account, evidenceDate: "2999-01-01" }, "evidenceDate"],
    ["observation", { ...samples.observation, observerName: "" }, "observerName"],
    ["observation", { ...samples.observation, setting: undefined }, "setting"],
    ["professional_discussion", { ...samples.professional_discussion, participants: "" }, "participants"],
    ["question_answer", { ...samples.question_answer, items: [] }, "items"],
    ["question_answer", { ...samples.question_answer, items: [{ question: "", answer: "" }, { question: "Only a question", answer: "" }] }, "items[1].answer"],
    ["witness_testimony", { ...samples.witness_testimony, witnessRole: "" }, "witnessRole"],
    ["title", { ...samples.observation, title: "x".repeat(201) }, "title"],
  ])("refuses %s with a bad field (%#) and saves nothing", (_name, input, field) => {
    const before = count("evidence");
    const r = addEvidence(a.candidate, supervisor, input as EvidenceInput);
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.errors ? Object.keys(r.errors) : []).toContain(field);
    expect(count("evidence")).toBe(before);
  });

  it("ignores blank question-and-answer pairs and accepts the date as day, month and year", () => {
    const parsed = evidenceInput.parse({
      kind: "question_answer",
      title: "Q",
      evidenceDate: { day: "3", month: "2", year: "2025" },
      items: [undefined, { question: "", answer: "" }, { question: " Why? ", answer: "Because." }],
    });
    expect(parsed).toMatchObject({ evidenceDate: "2025-02-03", items: [{ question: "Why?", answer: "Because." }] });
  });

  it("gives references E1, E2 … per enrolment and never reuses one", () => {
    const first = add(samples.observation, other, a.candidate2);
    const second = add(samples.observation, other, a.candidate2);
    expect([first.reference, second.reference]).toEqual(["E1", "E2"]);
    deleteEvidence(a.candidate2, second.evidenceId);
    expect(add(samples.observation, other, a.candidate2).reference).toBe("E3");
    // Another enrolment counts on its own.
    expect(add(samples.observation, level4).reference).toBe("E1");
  });

  it("hashes the canonical content: the same content gives the same hash, any change a different one", () => {
    const h = (over: Partial<{ title: string; evidenceDate: string | null; body: unknown; fileSha256: string | null }>) =>
      contentHash({ kind: "observation", title: "T", evidenceDate: DATE, body: { a: 1, b: "x" }, fileSha256: null, ...over });
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
    expect(h({ body: { b: "x", a: 1 } })).toBe(h({}));
    expect(new Set([h({}), h({ title: "U" }), h({ evidenceDate: "2025-03-15" }), h({ body: { a: 2, b: "x" } }), h({ fileSha256: "f".repeat(64) })]).size).toBe(5);

    const one = add(samples.reflective_account);
    const two = add({ ...samples.reflective_account, text: "Different." });
    const hashOf = (id: string) => getEvidence(a.candidate, id).current.contentHash;
    expect(hashOf(one.evidenceId)).not.toBe(hashOf(two.evidenceId));
    const before = hashOf(one.evidenceId);
    updateEvidence(a.candidate, one.evidenceId, { ...samples.reflective_account, text: "Edited." });
    expect(hashOf(one.evidenceId)).not.toBe(before);
    updateEvidence(a.candidate, one.evidenceId, samples.reflective_account);
    expect(hashOf(one.evidenceId)).toBe(before);
  });
});

describe("personal data", () => {
  const withEmail = { ...samples.observation, observed: "I rang the victim and emailed jo.bloggs@example.org afterwards." };

  it("saves nothing and lists each finding when no reason is given", () => {
    const before = count("evidence");
    const r = addEvidence(a.candidate, supervisor, { ...withEmail, setting: "A home visit to SW1A 1AA" });
    expect(r.ok).toBe(false);
    if (r.ok || !r.personalData) throw new Error("expected findings");
    expect(r.personalData.map((f) => [f.kind, f.match, f.field])).toEqual([
      ["postcode", "SW1A 1AA", "setting"],
      ["email", "jo.bloggs@example.org", "observed"],
    ]);
    expect(count("evidence")).toBe(before);
  });

  it("saves with a reason, keeping the findings and the reason on the version", () => {
    const r = add({ ...withEmail, personalDataReason: "This is the service's shared inbox, which is public." });
    const v = getEvidence(a.candidate, r.evidenceId).current;
    expect(v.personalData).toEqual([expect.objectContaining({ kind: "email", match: "jo.bloggs@example.org", field: "observed" })]);
    expect(v.personalDataReason).toBe("This is the service's shared inbox, which is public.");
  });

  it("checks the text of an uploaded file too", () => {
    const r = addEvidence(a.candidate, supervisor, { kind: "file", title: "Notes", file: { ...file("doc"), text: "Call 07700 900123 before the meeting" } });
    expect(r.ok === false && r.personalData?.[0]).toMatchObject({ kind: "phone", field: "file" });
  });

  it("checks edits as well", () => {
    const r = add(samples.professional_discussion);
    const u = updateEvidence(a.candidate, r.evidenceId, { ...samples.professional_discussion, summary: "Born 3 March 1990 (DOB)" });
    expect(u.ok === false && u.personalData?.[0].kind).toBe("date_of_birth");
    expect(getEvidence(a.candidate, r.evidenceId).current.body.summary).toBe("We discussed risk assessment.");
  });
});

describe("who may do what", () => {
  let mine: string;
  beforeAll(() => {
    mine = add(samples.reflective_account).evidenceId;
  });

  it("another candidate gets 404 for the enrolment and the evidence", () => {
    for (const actor of [a.candidate2, a.otherCandidate]) {
      expect(status(() => addEvidence(actor, supervisor, samples.reflective_account))).toBe(404);
      expect(status(() => getEvidence(actor, mine))).toBe(404);
      expect(status(() => listEvidence(actor, supervisor))).toBe(404);
      expect(status(() => updateEvidence(actor, mine, samples.reflective_account))).toBe(404);
      expect(status(() => deleteEvidence(actor, mine))).toBe(404);
      expect(status(() => mapEvidence(actor, mine, G("E.1"), "Shows it"))).toBe(404);
      expect(status(() => crosswalkSuggestions(actor, mine))).toBe(404);
    }
  });

  it("staff cannot add, change or map evidence (403), whether or not they can see it", () => {
    for (const actor of [a.assessor, a.iqa, a.admin, a.otherAdmin, a.otherAssessor]) {
      expect(status(() => addEvidence(actor, supervisor, samples.reflective_account))).toBe(403);
      expect(status(() => updateEvidence(actor, mine, samples.reflective_account))).toBe(403);
      expect(status(() => deleteEvidence(actor, mine))).toBe(403);
      expect(status(() => mapEvidence(actor, mine, G("E.1"), "Shows it"))).toBe(403);
      expect(status(() => mappingView(actor, mine))).toBe(403);
    }
  });

  it("the allocated assessor and IQA and the provider's admin can read it; other staff get 404", () => {
    for (const actor of [a.assessor, a.iqa, a.admin]) {
      expect(getEvidence(actor, mine).evidence.id).toBe(mine);
      expect(getEvidence(actor, mine).can).toEqual({ edit: false, delete: false, map: false, requestWitness: false });
      expect(listEvidence(actor, supervisor).evidence.map((e) => e.id)).toContain(mine);
    }
    for (const actor of [a.otherAssessor, a.otherAdmin]) expect(status(() => getEvidence(actor, mine))).toBe(404);
  });

  it("deleted evidence is not found by anyone", () => {
    const gone = add(samples.reflective_account).evidenceId;
    deleteEvidence(a.candidate, gone);
    expect(status(() => getEvidence(a.candidate, gone))).toBe(404);
    expect(status(() => getEvidence(a.assessor, gone))).toBe(404);
    expect(listEvidence(a.candidate, supervisor).evidence.map((e) => e.id)).not.toContain(gone);
  });
});

describe("mapping to criteria", () => {
  it("moves the criterion's progress on map and back on unmap, with audit events", () => {
    const id = add(samples.observation).evidenceId;
    expect(progress(supervisor, G("E.1"))).toBe("no_evidence");
    expect(mapEvidence(a.candidate, id, G("E.1"), "Paragraph 2 shows me assessing the practitioner's work.")).toMatchObject({ code: "E.1" });
    expect(progress(supervisor, G("E.1"))).toBe("evidence_added");
    expect(getEvidence(a.candidate, id).mappings).toEqual([expect.objectContaining({ code: "E.1", note: "Paragraph 2 shows me assessing the practitioner's work." })]);
    expect(listEvidence(a.candidate, supervisor, G("E.1")).evidence.map((e) => e.id)).toEqual([id]);
    unmapEvidence(a.candidate, id, G("E.1"));
    expect(progress(supervisor, G("E.1"))).toBe("no_evidence");
    expect(audits("mapped-evidence", id)).toBe(1);
    expect(audits("unmapped-evidence", id)).toBe(1);
  });

  it("needs a note of at most 500 characters, and refuses the same criterion twice", () => {
    const id = add(samples.observation).evidenceId;
    expect((thrown(() => mapEvidence(a.candidate, id, G("E.2"), "  ")) as EvidenceError).field).toBe("note");
    expect((thrown(() => mapEvidence(a.candidate, id, G("E.2"), "x".repeat(501))) as EvidenceError).field).toBe("note");
    mapEvidence(a.candidate, id, G("E.2"), "Shows it");
    expect((thrown(() => mapEvidence(a.candidate, id, G("E.2"), "Again")) as EvidenceError).message).toMatch(/already mapped to E.2/);
    expect(count("evidence_mappings", "evidence_id = ?", id)).toBe(1);
  });

  it("maps to pinned frameworks and to frameworks the crosswalk links to them; refuses others and headings", () => {
    const l4 = add(samples.reflective_account, level4).evidenceId;
    // Level 4: the award is pinned; the guidance is linked through the award's crosswalk links.
    mapEvidence(a.candidate, l4, LO("LO1"), "Shows the principles");
    mapEvidence(a.candidate, l4, G("A1(a).1"), "Shows the principles in practice");
    // A guidance criterion with no crosswalk link of its own is allowed too: the rule is per framework version.
    mapEvidence(a.candidate, l4, G("B.1"), "Shows harm");
    expect(progress(level4, G("A1(a).1"))).toBe("evidence_added");
    // The NOS unit and the role profile link only to the guidance, not to the award: refused.
    for (const item of [N("P1"), R("AC1")]) {
      const e = thrown(() => mapEvidence(a.candidate, l4, item, "Shows it")) as EvidenceError;
      expect(e).toBeInstanceOf(EvidenceError);
      expect(e.message).toMatch(/not part of the standards your programme uses/);
    }
    expect((thrown(() => mapEvidence(a.candidate, l4, G("A1(a)"), "A part")) as EvidenceError).message).toMatch(/heading, not a criterion/);
    expect((thrown(() => mapEvidence(a.candidate, l4, "no-such-item", "x")) as EvidenceError).field).toBe("itemId");
    expect(count("evidence_mappings", "evidence_id = ?", l4)).toBe(3);

    // The supervisor check pins the guidance and the NOS unit; the award and the role profile link to the guidance.
    const sup = add(samples.reflective_account).evidenceId;
    for (const item of [G("E.3"), N("K2"), LO("LO2"), R("AC4")]) mapEvidence(a.candidate, sup, item, "Shows it");
  });

  it("suggests the criteria the crosswalk links to, in both directions, until they are mapped", () => {
    const id = add(samples.professional_discussion).evidenceId;
    expect(crosswalkSuggestions(a.candidate, id)).toEqual([]);
    mapEvidence(a.candidate, id, G("E.2"), "I identified a case beyond the practitioner's skills");
    const fromGuidance = crosswalkSuggestions(a.candidate, id);
    const p4 = fromGuidance.find((s) => s.code === "P4");
    expect(p4).toBeDefined();
    expect(p4!.reasons[0].text).toMatch(/^This also counts towards P4 of .+: Close to E\.2's second bullet/);
    expect(p4!.suggestedNote).toBe("I identified a case beyond the practitioner's skills");
    expect(fromGuidance.map((s) => s.code)).toContain("P3");

    mapEvidence(a.candidate, id, N("P4"), p4!.suggestedNote);
    expect(crosswalkSuggestions(a.candidate, id).map((s) => s.code)).not.toContain("P4");

    // The other direction: from the NOS item to the guidance criterion it depends on.
    const other = add(samples.professional_discussion).evidenceId;
    mapEvidence(a.candidate, other, N("P1"), "Shows it");
    const fromNos = crosswalkSuggestions(a.candidate, other).map((s) => `${s.code}`);
    expect(fromNos).toEqual(expect.arrayContaining(["E.1", "F.6", "A1(a).6"]));
    // The mapping page carries the suggestions and leaves mapped criteria out of the list.
    const view = mappingView(a.candidate, other);
    expect(view.suggestions.map((s) => s.code)).toEqual(expect.arrayContaining(["E.1"]));
    expect(view.groups.flatMap((g) => g.options.map((o) => o.value))).not.toContain(N("P1"));
    expect(view.groups[0].pinned).toBe(true);
  });
});

describe("changing and deleting", () => {
  it("edits an unlocked version in place", () => {
    const id = add(samples.observation).evidenceId;
    const r = updateEvidence(a.candidate, id, { ...samples.observation, title: "Renamed" });
    expect(r).toMatchObject({ ok: true, version: 1, newVersion: false });
    expect(count("evidence_versions", "evidence_id = ?", id)).toBe(1);
    expect(getEvidence(a.candidate, id).current.title).toBe("Renamed");
    expect(audits("edited-evidence", id)).toBe(1);
  });

  it("refuses to delete evidence a decision relies on, and an edit then makes version 2 keeping version 1", () => {
    const id = add(samples.observation).evidenceId;
    mapEvidence(a.candidate, id, G("E.4"), "Shows support");
    const v1 = getEvidence(a.candidate, id).current;
    t.db.$client.prepare("update evidence_versions set locked_at = ? where id = ?").run(Date.now(), v1.id);

    const e = thrown(() => deleteEvidence(a.candidate, id)) as EvidenceError;
    expect(e).toBeInstanceOf(EvidenceError);
    expect(e.message).toBe(LOCKED_DELETE_MESSAGE);
    expect(count("evidence", "id = ? and deleted_at is null", id)).toBe(1);
    expect((thrown(() => unmapEvidence(a.candidate, id, G("E.4"))) as EvidenceError).message).toMatch(/cannot be removed/);
    expect(progress(supervisor, G("E.4"))).toBe("evidence_added");

    const r = updateEvidence(a.candidate, id, { ...samples.observation, observed: "A fuller account of what was seen." });
    expect(r).toMatchObject({ ok: true, version: 2, newVersion: true });
    const after = getEvidence(a.candidate, id);
    expect(after.current.version).toBe(2);
    expect(after.current.lockedAt).toBeNull();
    expect(after.versions.map((v) => v.version)).toEqual([2, 1]);
    const kept = after.versions.find((v) => v.version === 1)!;
    expect(kept).toMatchObject({ id: v1.id, contentHash: v1.contentHash, body: v1.body });
    expect(kept.lockedAt).not.toBeNull();
    expect(after.can.delete).toBe(false);
    expect(audits("superseded-evidence", id)).toBe(1);
  });

  it("deletes with its mappings no longer counting towards progress", () => {
    const id = add(samples.observation).evidenceId;
    mapEvidence(a.candidate, id, G("E.5"), "Shows it");
    expect(progress(supervisor, G("E.5"))).toBe("evidence_added");
    expect(deleteEvidence(a.candidate, id)).toEqual({ reference: expect.stringMatching(/^E\d+$/), enrolmentId: supervisor });
    expect(progress(supervisor, G("E.5"))).toBe("no_evidence");
    expect(audits("deleted-evidence", id)).toBe(1);
  });

  it("bumps the enrolment's revision with every change", () => {
    const rev = () => (t.db.$client.prepare("select revision from enrolments where id = ?").get(level4) as { revision: number }).revision;
    const before = rev();
    const id = add(samples.reflective_account, level4).evidenceId;
    mapEvidence(a.candidate, id, LO("LO3"), "Shows it");
    expect(rev()).toBe(before + 2);
  });
});

describe("a candidate's evidence on a criterion's page", () => {
  it("lists only their own mapped, undeleted evidence for that criterion", () => {
    const mine = add(samples.observation);
    mapEvidence(a.candidate, mine.evidenceId, G("E.6"), "Seen raising a concern about safety");
    const theirs = add(samples.observation, other, a.candidate2);
    mapEvidence(a.candidate2, theirs.evidenceId, G("E.6"), "Someone else's");
    const listed = myEvidenceForItem(a.candidate, G("E.6"));
    expect(listed.map((e) => e.id)).toEqual([mine.evidenceId]);
    expect(listed[0]).toMatchObject({ note: "Seen raising a concern about safety", programmeTitle: expect.stringMatching(/supervisor/i) });
    for (const who of [a.assessor, a.iqa, a.admin]) expect(myEvidenceForItem(who, G("E.6"))).toEqual([]);
    expect(myEvidenceForItem(null, G("E.6"))).toEqual([]);
    deleteEvidence(a.candidate, mine.evidenceId);
    expect(myEvidenceForItem(a.candidate, G("E.6"))).toEqual([]);
  });
});
