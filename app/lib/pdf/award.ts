/**
 * The Level 4 award portfolio: cover, contents, the award summary (aim, objectives, learning
 * outcomes, the 30 hours, all from the standards data), each learning outcome with the guidance
 * criteria it draws on, the evidence mapped and the assessor's decisions, the mapping matrix, the
 * evidence index, and the declaration and sign-offs.
 */
import type { DocumentData } from "./data.server";
import { COLOURS, type ContentsEntry, type Writer } from "./layout";
import {
  assessorsOf,
  criterionState,
  decisionDetails,
  declarations,
  evidenceIndex,
  formatDate,
  formatIso,
  indexOf,
  mappedEvidence,
  matrix,
  plural,
  samplesTable,
  targetLabel,
  type Index,
} from "./parts";

export const AWARD_TITLE = "Portfolio of evidence";

const attribute = (d: DocumentData, key: string) => d.frameworks.find((f) => f.framework === "btec-l4-rja")?.attributes.find((a) => a.key === key);
const award = (d: DocumentData) => d.frameworks.find((f) => f.framework === "btec-l4-rja");

/** The accredited centre number, from the award's own data. */
export const centreOf = (d: DocumentData) => attribute(d, "centreNumber")?.text ?? d.enrolment.providerCentreNumber ?? "Not recorded";

/** The level, from the award's qualification type ("BTEC Level 4 Programme"). */
function levelOf(d: DocumentData) {
  const bullets = attribute(d, "qualificationType")?.bullets ?? [];
  const level = bullets.map((b) => (typeof b === "string" ? b : b.text)).map((b) => /Level\s+(\d+)/i.exec(b)?.[1]).find(Boolean);
  return level ? `Level ${level}` : "Not recorded";
}

/** When the portfolio was submitted: a date, or the first and last when they differ. */
export function submittedWhen(d: DocumentData) {
  const { first, last } = d.submissions;
  if (!first) return "Not yet";
  return last && formatDate(last) !== formatDate(first) ? `${formatDate(first)} (first) to ${formatDate(last)} (last)` : formatDate(first);
}

export function awardContents(d: DocumentData): ContentsEntry[] {
  const los = d.requirements;
  return [
    { anchor: "summary", title: "Award summary", level: 1 },
    { anchor: "outcomes", title: "Learning outcomes: criteria, evidence and decisions", level: 1 },
    ...los.map((lo) => ({ anchor: `lo-${lo.code}`, title: `${lo.code} ${lo.statement ?? lo.title ?? ""}`, level: 2 as const })),
    { anchor: "matrix", title: "Mapping matrix", level: 1 },
    { anchor: "index", title: "Evidence index", level: 1 },
    { anchor: "signoff", title: "Declaration and sign-off", level: 1 },
  ];
}

export async function renderAward(w: Writer, d: DocumentData, issuedAt: number) {
  const ix = indexOf(d);
  const e = d.enrolment;
  const a = d.achievement;
  const root = w.root;

  // ---- cover ----
  const cover = w.group(root, "Sect");
  w.y = 120;
  w.paragraph(cover, AWARD_TITLE.toUpperCase(), { font: "bold", size: 10, colour: COLOURS.muted, after: 6 });
  w.tag(cover, "H1", () => w.use("bold", 22, COLOURS.accent).text(e.programmeTitle, w.left, w.y, { width: w.width, lineGap: 2 }));
  w.y += 8;
  w.paragraph(cover, `${levelOf(d)} · ${award(d)?.publisher ?? ""}`.trim(), { size: 11, colour: COLOURS.muted, after: 24 });
  w.keyValues(cover, [
    ["Candidate", { text: e.candidateName, font: "bold" }],
    ["Candidate number", e.candidateNumber],
    ["Award", e.programmeTitle],
    ["Level", levelOf(d)],
    ["Accredited centre", centreOf(d)],
    ["Provider", `${e.providerName}${e.providerCentreNumber ? ` (centre ${e.providerCentreNumber})` : ""}`],
    ["Enrolled", formatDate(e.enrolledAt)],
    ["Submitted for assessment", submittedWhen(d)],
    ["Achieved", e.achievedAt && a.achieved ? formatDate(e.achievedAt) : "Not yet"],
    ["Assessor", e.assessorName ?? "Not allocated"],
    ["Internal quality assurer", e.iqaName ?? "Not allocated"],
    ["Document issued", formatDate(issuedAt)],
  ], { labelWidth: 150, size: 10 });
  w.y += 14;
  w.statusBox(
    cover,
    `Status: ${a.label}`,
    a.achieved
      ? [`All ${plural(a.counts.total, "learning outcome", "learning outcomes")} met and the portfolio sampled by the internal quality assurer.`]
      : [`${a.counts.met} of ${plural(a.counts.total, "learning outcome", "learning outcomes")} met. Still needed: ${a.missing.map((m) => m.code).join(", ")}.`, "This document is a draft and is not a record of achievement."],
    a.achieved ? COLOURS.met : COLOURS.draft,
  );
  cover.end();

  // ---- contents ----
  w.newPage();
  const toc = w.group(root, "Sect");
  w.heading(toc, 1, "Contents", { outline: false });
  w.contents(toc, awardContents(d));
  toc.end();

  // ---- award summary ----
  await summary(w, d);
  // ---- learning outcomes ----
  await outcomes(w, d, ix);

  // ---- mapping matrix ----
  const m = w.group(root, "Sect");
  w.heading(m, 1, "Mapping matrix", { anchor: "matrix" });
  w.paragraph(m, "Which evidence is mapped to which learning outcome. Evidence references are listed in full in the evidence index.", { colour: COLOURS.muted });
  await matrix(w, m, d, ix);
  m.end();

  // ---- evidence index ----
  const idx = w.group(root, "Sect");
  w.heading(idx, 1, "Evidence index", { anchor: "index" });
  await evidenceIndex(w, idx, d);
  idx.end();

  // ---- declaration and sign-off ----
  const so = w.group(root, "Sect");
  const node = w.heading(so, 1, "Declaration and sign-off", { anchor: "signoff", fresh: false });
  w.heading(so, 2, "The candidate's declaration", { under: node });
  declarations(w, so, d);
  const assessors = assessorsOf(d);
  const statement = `The decisions on the learning outcomes were made and recorded in the portal by ${assessors.map((x) => `${x.name} (${plural(x.count, "decision", "decisions")}, the last on ${formatIso(x.last)})`).join("; ")}. Each decision records the exact versions of the evidence it relied on, which cannot be changed afterwards.`;
  // The heading, the statement and the first signature block stay on one page.
  w.heading(so, 2, "The assessor's sign-off", { under: node, keep: assessors.length ? w.heightOf(statement, "body", 9, w.width) + 100 : 40 });
  if (assessors.length) {
    w.paragraph(so, statement);
    w.signatures(so, assessors.map((x) => ({ role: "Assessor", name: x.name, date: formatIso(x.last) })));
  } else w.paragraph(so, "No learning outcome has been assessed yet.", { colour: COLOURS.notMet });
  w.heading(so, 2, "The internal quality assurer's sign-off", { under: node, keep: 80 });
  const samples = await samplesTable(w, so, d);
  if (samples.length) {
    const byIqa = new Map<string, number>();
    for (const s of samples) byIqa.set(s.sample.iqaName, Math.max(byIqa.get(s.sample.iqaName) ?? 0, s.sample.sampledAt));
    w.signatures(so, [...byIqa].map(([name, at]) => ({ role: "Internal quality assurer", name, date: formatDate(at) })));
  }
  w.heading(so, 2, "Outcome", { under: node, keep: 70 });
  w.statusBox(
    so,
    a.label,
    a.achieved
      ? [`Achieved on ${e.achievedAt ? formatDate(e.achievedAt) : "the date recorded"}: every learning outcome is met and the internal quality assurer has sampled the portfolio.`]
      : a.missing.map((x) => `${x.code}: ${x.reason}`),
    a.achieved ? COLOURS.met : COLOURS.draft,
  );
  so.end();
}

async function summary(w: Writer, d: DocumentData) {
  const s = w.group(w.root, "Sect");
  const node = w.heading(s, 1, "Award summary", { anchor: "summary" });
  const f = award(d);
  if (f) {
    w.keyValues(s, [
      ["Award", f.title],
      ["Level", levelOf(d)],
      ["Accredited centre", centreOf(d)],
      ["Published by", f.publisher],
      ["Version", f.version],
    ]);
    const structure = attribute(d, "qualificationStructure");
    if (structure?.text) w.paragraph(s, structure.text);
  }
  const aim = attribute(d, "aim");
  if (aim?.text) {
    w.heading(s, 2, aim.label, { under: node });
    w.paragraph(s, aim.text);
  }
  if (f?.hours) {
    w.heading(s, 2, "Hours of learning", { under: node, keep: 90 });
    w.paragraph(s, `The award is ${plural(f.hours.total, "hour", "hours")} of learning, made up as follows:`);
    await w.table(
      s,
      [{ header: "Part of the course" }, { header: "Hours", width: 70, align: "right" }],
      [...f.hours.components.map((c) => ({ cells: [c.title, String(c.hours)] })), { cells: [{ text: "Total", font: "narrowBold" as const }, { text: String(f.hours.total), font: "narrowBold" as const }] }],
      { size: 9 },
    );
  }
  if (d.objectives.length) {
    w.heading(s, 2, "Objectives", { under: node });
    for (const o of d.objectives) {
      w.criterion(s, o, { codeWidth: 40 });
      await w.checkpoint();
    }
  }
  w.heading(s, 2, "Learning outcomes", { under: node });
  for (const lo of d.requirements) w.criterion(s, lo, { codeWidth: 40 });
  s.end();
}

/** Evidence the candidate mapped to a guidance criterion itself (not required, but it shows what the evidence covers). */
function directEvidence(w: Writer, parent: PDFKit.PDFStructureElement, ix: Index, item: { id: string; code: string }, indent: number) {
  const list = ix.evidenceByItem.get(item.id);
  if (!list?.length) return;
  w.paragraph(parent, `Evidence also mapped to ${item.code} itself: ${list.map((x) => `${x.evidence.reference} (${x.evidence.title})`).join("; ")}.`, { size: 8, colour: COLOURS.muted, indent, after: 5 });
}

async function outcomes(w: Writer, d: DocumentData, ix: Index) {
  const s = w.group(w.root, "Sect");
  const node = w.heading(s, 1, "Learning outcomes: criteria, evidence and decisions", { anchor: "outcomes" });
  w.paragraph(s, "For each learning outcome: the criteria of the best practice guidance it draws on, the evidence mapped to it, and the assessor's decision. A learning outcome that draws on a whole part of the guidance lists every criterion of that part.", { colour: COLOURS.muted });
  let first = true;
  for (const lo of d.requirements) {
    const sect = w.group(s, "Sect");
    if (!first) w.newPage();
    first = false;
    const loNode = w.heading(sect, 2, `Learning outcome ${lo.code}`, { anchor: `lo-${lo.code}`, under: node, outlineTitle: `${lo.code} ${lo.statement ?? lo.title ?? ""}` });
    w.criterion(sect, lo, { codeWidth: 40 });
    const state = criterionState(ix, lo.id);
    w.paragraph(sect, state.text, { font: "bold", colour: state.colour, after: 6 });

    w.heading(sect, 3, "Guidance criteria it draws on", { under: loNode });
    const targets = d.drawsOn.get(lo.id) ?? [];
    if (!targets.length) w.paragraph(sect, "The standards data links no guidance criteria to this learning outcome.", { colour: COLOURS.muted });
    for (const t of targets) {
      if (t.item.type === "Criterion") {
        w.criterion(sect, t.item, { size: 8.5 });
        directEvidence(w, sect, ix, t.item, 62);
      }
      else {
        const next = t.children[0];
        w.ensure(14 + (next ? Math.min(w.criterionHeight(next, { indent: 12, size: 8.5 }), 60) : 0));
        w.paragraph(sect, `${targetLabel(t.item)}: all of its criteria`, { font: "bold", size: 8.5, after: 3 });
        for (const c of t.children) {
          if (c.type === "Criterion") {
            w.criterion(sect, c, { indent: 12, size: 8.5 });
            directEvidence(w, sect, ix, c, 74);
          }
          else {
            // A group's title stays with the criterion after it.
            const next = t.children[t.children.indexOf(c) + 1];
            w.ensure(w.heightOf(targetLabel(c), "italic", 8.5, w.width - 12) + (next ? Math.min(w.criterionHeight(next, { indent: 12, size: 8.5 }), 60) : 0));
            w.paragraph(sect, targetLabel(c), { font: "italic", size: 8.5, indent: 12, after: 2 });
          }
          await w.checkpoint();
        }
      }
      await w.checkpoint();
    }

    w.heading(sect, 3, "Evidence mapped", { under: loNode, keep: 64 });
    await mappedEvidence(w, sect, ix, lo.id);

    const decisions = ix.decisionsByItem.get(lo.id) ?? [];
    w.heading(sect, 3, decisions.length > 1 ? "The assessor's decisions" : "The assessor's decision", { under: loNode, keep: 90 });
    if (!decisions.length) w.paragraph(sect, "Not assessed yet.", { colour: COLOURS.muted });
    for (const [i, dec] of decisions.entries()) {
      if (i === 1) w.paragraph(sect, "Earlier decisions, kept for the record:", { font: "bold", size: 8.5, after: 3 });
      await decisionDetails(w, sect, dec);
    }
    sect.end();
    await w.checkpoint();
  }
  s.end();
}
