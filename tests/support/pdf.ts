/**
 * For the PDF tests: portfolios built through the portal's own domain functions (enrol, add and map
 * evidence, submit, decide, sample), and poppler's tools run on the PDFs that come out (pdftotext,
 * pdfinfo, pdftohtml for the outline).
 */
import { execFileSync } from "node:child_process";
import type { Actor } from "../../app/lib/auth.server";
import { decide, londonToday, type DecisionInput } from "../../app/lib/assessment.server";
import { enrol } from "../../app/lib/enrolments.server";
import { addEvidence, mapEvidence } from "../../app/lib/evidence.server";
import { submit } from "../../app/lib/progress.server";
import { sampleDecision } from "../../app/lib/quality.server";
import type { Db } from "../../db/connection";
import { itemId, programmeId } from "../../standards/ids";
import { addActor } from "./db";

export const L4 = programmeId("level4-award", "1");
export const SUP = programmeId("supervisor-check", "1");
export const G = (code: string) => itemId("guidance", "2004-12", code);
export const N = (code: string) => itemId("nos-qa", "1", code);
export const LO = (code: string) => itemId("btec-l4-rja", "1", code);

export const LO_CODES = ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"];
export const E_CODES = ["E.1", "E.2", "E.3", "E.4", "E.5", "E.6", "E.7"];
export const P_CODES = Array.from({ length: 11 }, (_, i) => `P${i + 1}`);
export const K_CODES = Array.from({ length: 15 }, (_, i) => `K${i + 1}`);

export type Staff = { admin: Actor; assessor: Actor; iqa: Actor };

const ALL_VARCS = ["valid", "authentic", "reliable", "current", "sufficient"];
let serial = 0;

const standingId = (db: Db, enrolmentId: string, item: string) =>
  (db.$client.prepare("select id from decisions where enrolment_id = ? and item_id = ? and status = 'standing'").get(enrolmentId, item) as { id: string } | undefined)?.id ?? "";

function decideOne(db: Db, staff: Staff, enrolmentId: string, item: string, over: Partial<DecisionInput> = {}) {
  const r = decide(staff.assessor, enrolmentId, item, {
    outcome: "met",
    methods: ["observation", "professional_discussion"],
    checks: ALL_VARCS,
    feedback: "",
    decidedOn: londonToday(),
    expectedDecisionId: standingId(db, enrolmentId, item),
    ...over,
  });
  if (!r.ok) throw new Error(`${item}: ${JSON.stringify(r)}`);
  return r.decisionId;
}

/** Adds `count` pieces of evidence (every fifth a file), each mapped to one or two of `items` in turn. */
export function addMappedEvidence(candidate: Actor, enrolmentId: string, items: string[], count: number, label: string) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const saved =
      i % 5 === 4
        ? addEvidence(candidate, enrolmentId, {
            kind: "file",
            title: `${label} supervision log ${i + 1}`,
            file: { sha256: (i.toString(16).padStart(2, "0") + "c0ffee").repeat(8).slice(0, 64), size: 2048 + i, mediaType: "application/pdf", fileName: `log-${i + 1}.pdf` },
          })
        : addEvidence(candidate, enrolmentId, {
            kind: "reflective_account",
            title: `${label} reflection ${i + 1} on a restorative meeting’s preparation — “what I learnt”`,
            evidenceDate: "2025-03-14",
            text: `I prepared both parties and facilitated meeting number ${i + 1}.`,
          });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    ids.push(saved.evidenceId);
    const first = items[i % items.length];
    mapEvidence(candidate, saved.evidenceId, first, `Shows ${label} practice for this criterion (${i + 1})`);
    const second = items[(i + 3) % items.length];
    if (count > items.length && second !== first && i % 3 === 0) mapEvidence(candidate, saved.evidenceId, second, "Also shows it");
  }
  return ids;
}

/**
 * A Level 4 award enrolment. With `achieve`, every learning outcome is met (LO2 first not yet met,
 * then met on new evidence) and the IQA agrees with a sampled decision, so the award is achieved.
 */
export function buildAward(db: Db, staff: Staff, o: { candidate?: Actor; evidence?: number; achieve?: boolean } = {}) {
  const candidate = o.candidate ?? addActor(db, "candidate", { providerId: staff.admin.providerId! });
  const enrolmentId = enrol(staff.admin, { candidateId: candidate.userId, programmeId: L4, candidateNumber: `PDF-${++serial}`, assessorId: staff.assessor.userId, iqaId: staff.iqa.userId });
  const items = LO_CODES.map(LO);
  const evidenceIds = addMappedEvidence(candidate, enrolmentId, items, Math.max(o.evidence ?? 8, items.length), "Award");
  submit(candidate, enrolmentId, { scope: "all", declaration: "yes" });
  if (o.achieve !== false) {
    decideOne(db, staff, enrolmentId, LO("LO2"), { outcome: "not_yet_met", checks: ["valid"], feedback: "LO2 needs an example of when restorative justice should not be used." });
    const extra = addMappedEvidence(candidate, enrolmentId, [LO("LO2")], 1, "Extra");
    evidenceIds.push(...extra);
    submit(candidate, enrolmentId, { scope: "all", declaration: "yes" });
    for (const code of LO_CODES) decideOne(db, staff, enrolmentId, LO(code), { feedback: `Clear evidence for ${code}.` });
    sampleDecision(staff.iqa, standingId(db, enrolmentId, LO("LO1")), { outcome: "agree", comments: "Sound judgement on LO1." });
  } else {
    decideOne(db, staff, enrolmentId, LO("LO1"), { feedback: "Clear evidence for LO1." });
    decideOne(db, staff, enrolmentId, LO("LO3"), { outcome: "not_yet_met", checks: [], feedback: "LO3 needs the legislation that applies." });
  }
  return { candidate, enrolmentId, evidenceIds };
}

/** A supervisor competency check for the candidate; with `competent`, every criterion is met. */
export function buildSupervisorCheck(db: Db, staff: Staff, candidate: Actor, o: { evidence?: number; competent?: boolean } = {}) {
  const enrolmentId = enrol(staff.admin, { candidateId: candidate.userId, programmeId: SUP, candidateNumber: `SUP-${++serial}`, assessorId: staff.assessor.userId, iqaId: staff.iqa.userId });
  const items = [...E_CODES.map(G), ...P_CODES.map(N), ...K_CODES.map(N)];
  const evidenceIds = addMappedEvidence(candidate, enrolmentId, items, Math.max(o.evidence ?? items.length, items.length), "Supervision");
  submit(candidate, enrolmentId, { scope: "all", declaration: "yes" });
  const decisions: string[] = [];
  for (const [i, item] of items.entries()) {
    if (o.competent === false && i % 4 === 1) decisions.push(decideOne(db, staff, enrolmentId, item, { outcome: "not_yet_met", checks: [], feedback: `Criterion ${i + 1}: show this in a second supervised case.` }));
    else decisions.push(decideOne(db, staff, enrolmentId, item, { methods: ["observation", "witness_testimony"], feedback: `Met in supervision (${i + 1}).` }));
  }
  sampleDecision(staff.iqa, decisions[0], { outcome: "agree", comments: "Agreed." });
  return { enrolmentId, evidenceIds };
}

// ---- reading PDFs back ------------------------------------------------------------------------

export const pdftotext = (path: string, page?: number) =>
  execFileSync("pdftotext", ["-layout", ...(page ? ["-f", String(page), "-l", String(page)] : []), path, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
/** The text with runs of white space made single spaces (layout columns and line breaks removed). */
export const flatText = (path: string, page?: number) =>
  execFileSync("pdftotext", [...(page ? ["-f", String(page), "-l", String(page)] : []), path, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }).replace(/\s+/g, " ");

export function pdfinfo(path: string): Record<string, string> {
  const out = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  return Object.fromEntries(out.split("\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]));
}

export type OutlineItem = { title: string; page: number; children: OutlineItem[] };

/** The PDF's outline (bookmarks), from poppler's pdftohtml -xml. */
export function pdfOutline(path: string): OutlineItem[] {
  const xml = execFileSync("pdftohtml", ["-xml", "-i", "-stdout", "-q", path], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const start = xml.indexOf("<outline>");
  if (start === -1) return [];
  const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const tokens = xml.slice(start).matchAll(/<outline>|<\/outline>|<item page="(\d+)">([^<]*)<\/item>/g);
  const root: OutlineItem[] = [];
  const stack: OutlineItem[][] = [root];
  let last: OutlineItem | null = null;
  let opened = false;
  for (const t of tokens) {
    if (t[0] === "<outline>") {
      if (!opened) opened = true;
      else if (last) stack.push(last.children);
    } else if (t[0] === "</outline>") {
      stack.pop();
      if (!stack.length) break;
    } else {
      last = { title: decode(t[2]), page: Number(t[1]), children: [] };
      stack[stack.length - 1].push(last);
    }
  }
  return root;
}
