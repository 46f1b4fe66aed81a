/**
 * Pieces both portfolio documents print: dates in Europe/London, an assessor's decision, the
 * evidence mapped to a criterion, the mapping matrix, the evidence index, the declarations, and the
 * cover's details.
 */
import { METHOD_LABELS, OUTCOME_LABELS, VARCS_LABELS, type Varcs } from "../assessment-labels";
import { KIND_LABELS, type EvidenceKindName } from "../evidence-kinds";
import { displayIsoDate } from "../london";
import type { DecisionEntry, DocumentData, EvidenceEntry, ItemText, Requirement } from "./data.server";
import { COLOURS, type Column, type Row, type Writer } from "./layout";

type Struct = PDFKit.PDFStructureElement;

const londonDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
const londonTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit", hourCycle: "h12" });
export const formatDate = (ms: number) => londonDate.format(new Date(ms));
export const formatDateTime = (ms: number) => `${formatDate(ms)} at ${londonTime.format(new Date(ms)).replace(/\s/g, "").toLowerCase()}`;
export const formatIso = (iso: string | null) => (iso ? displayIsoDate(iso) : "Not given");
export const londonIso = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));

export const kindLabel = (kind: string) => KIND_LABELS[kind as EvidenceKindName] ?? kind;
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Lookups built once per document (the data is read in a few queries; these index it). */
export type Index = {
  evidenceById: Map<string, EvidenceEntry>;
  /** Evidence mapped to each criterion, in reference order, with the candidate's note. */
  evidenceByItem: Map<string, { evidence: EvidenceEntry; note: string }[]>;
  /** Decisions on each criterion, the standing one first, then newest first. */
  decisionsByItem: Map<string, DecisionEntry[]>;
};

export function indexOf(d: DocumentData): Index {
  const evidenceById = new Map(d.evidence.map((e) => [e.id, e]));
  const order = new Map(d.evidence.map((e, i) => [e.id, i]));
  const evidenceByItem = new Map<string, { evidence: EvidenceEntry; note: string }[]>();
  for (const m of d.mappings) {
    const evidence = evidenceById.get(m.evidenceId);
    if (!evidence) continue;
    const list = evidenceByItem.get(m.itemId) ?? [];
    list.push({ evidence, note: m.note });
    evidenceByItem.set(m.itemId, list);
  }
  for (const list of evidenceByItem.values()) list.sort((a, b) => order.get(a.evidence.id)! - order.get(b.evidence.id)!);
  const decisionsByItem = new Map<string, DecisionEntry[]>();
  for (const dec of d.decisions) decisionsByItem.set(dec.itemId, [...(decisionsByItem.get(dec.itemId) ?? []), dec]);
  for (const list of decisionsByItem.values()) list.sort((a, b) => Number(b.status === "standing") - Number(a.status === "standing") || b.createdAt - a.createdAt);
  return { evidenceById, evidenceByItem, decisionsByItem };
}

export const standingOf = (ix: Index, itemId: string) => ix.decisionsByItem.get(itemId)?.find((d) => d.status === "standing") ?? null;

/** A criterion's state in words, for the line under its text. */
export function criterionState(ix: Index, itemId: string): { text: string; colour: string } {
  const d = standingOf(ix, itemId);
  if (!d) return { text: ix.evidenceByItem.get(itemId)?.length ? "Not yet assessed" : "No evidence yet", colour: COLOURS.muted };
  if (d.sample?.outcome === "disagree") return { text: "Under review: the internal quality assurer disagreed with the decision", colour: COLOURS.notMet };
  return d.outcome === "met" ? { text: `Met on ${formatIso(d.decidedOn)}`, colour: COLOURS.met } : { text: `Not yet met (assessed ${formatIso(d.decidedOn)})`, colour: COLOURS.notMet };
}

const varcsLine = (checks: Varcs[]) =>
  (Object.keys(VARCS_LABELS) as Varcs[]).map((k) => `${checks.includes(k) ? "✓" : "✗"} ${VARCS_LABELS[k].label}${checks.includes(k) ? "" : " (not confirmed)"}`).join(" · ");

const statusWords = (d: DecisionEntry) =>
  d.status === "standing"
    ? "the decision standing now"
    : d.status === "withdrawn"
      ? `withdrawn on ${d.withdrawnAt ? formatDate(d.withdrawnAt) : "an unknown date"}${d.withdrawnReason ? `: ${d.withdrawnReason}` : ""}`
      : `superseded on ${d.supersededAt ? formatDate(d.supersededAt) : "an unknown date"}`;

/** One decision in full: outcome, date, assessor, methods, VARCS checks, feedback, the IQA's sample, and the exact evidence versions it relied on. */
export async function decisionDetails(w: Writer, parent: Struct, d: DecisionEntry) {
  const rows: Parameters<Writer["keyValues"]>[1] = [
    ["Outcome", { text: `${OUTCOME_LABELS[d.outcome]} (${statusWords(d)})`, font: "bold", colour: d.outcome === "met" ? COLOURS.met : COLOURS.notMet }],
    ["Date of assessment", formatIso(d.decidedOn)],
    ["Assessor", d.assessorName],
    ["Methods", d.methods.map((m) => METHOD_LABELS[m] ?? m).join("; ") || "None recorded"],
    ["VARCS checks", varcsLine(d.checks)],
    ["Feedback", d.feedback?.trim() || "No feedback given"],
  ];
  if (d.sample) {
    const s = d.sample;
    const parts = [`${s.outcome === "agree" ? "Agreed" : "Disagreed"} by ${s.iqaName || "the internal quality assurer"} on ${formatDate(s.sampledAt)}.`];
    if (s.comments) parts.push(`Comments: ${s.comments}`);
    if (s.outcome === "disagree") parts.push(`${s.actionRequired ? `Action required: ${s.actionRequired}. ` : "An action is required of the assessor. "}${s.actionDue ? `Due ${formatIso(s.actionDue)}.` : ""}`.trim());
    rows.push(["Internal quality assurance", parts.join(" ")]);
  } else if (d.status === "standing") rows.push(["Internal quality assurance", "Not sampled"]);
  w.keyValues(parent, rows, { labelWidth: 112, size: 8.5 });
  if (d.evidence.length) {
    // The caption stays with the table's header and first row.
    w.ensure(14 + 20 + 34);
    w.paragraph(parent, `Evidence this decision relied on (${plural(d.evidence.length, "version", "versions")}, locked when the decision was made):`, { size: 8, colour: COLOURS.muted, after: 2 });
    await w.table(
      parent,
      [{ header: "Ref", width: 40 }, { header: "Version", width: 44 }, { header: "Title" }],
      d.evidence.map((e) => ({
        cells: [{ text: e.reference, font: "narrowBold" }, String(e.version), e.title],
        details: [{ label: "SHA-256 (content)", text: e.contentHash }, ...(e.fileSha256 ? [{ label: "SHA-256 (file)", text: e.fileSha256 }] : [])],
      })),
      { size: 7.5 },
    );
  }
}

/** The evidence mapped to a criterion, as a table with the candidate's note on how it shows it. */
export async function mappedEvidence(w: Writer, parent: Struct, ix: Index, itemId: string) {
  const list = ix.evidenceByItem.get(itemId) ?? [];
  if (!list.length) {
    w.paragraph(parent, "No evidence is mapped to this criterion.", { colour: COLOURS.muted });
    return;
  }
  const columns: Column[] = [{ header: "Ref", width: 34 }, { header: "Title" }, { header: "Kind", width: 78 }, { header: "Date", width: 72 }, { header: "How it shows this criterion" }];
  await w.table(
    parent,
    columns,
    list.map(({ evidence: e, note }) => ({ cells: [{ text: e.reference, font: "narrowBold" }, e.title, kindLabel(e.kind), e.evidenceDate ? formatIso(e.evidenceDate) : "", note] })),
  );
}

/**
 * The mapping matrix: one grid per group of the programme's criteria (all of a group's codes fit
 * across the page), evidence down the side. Evidence mapped to none of a group's criteria is left
 * out of that group's grid; a last row counts the evidence for each criterion.
 */
export async function matrix(w: Writer, parent: Struct, d: DocumentData, ix: Index) {
  const groups = new Map<string, Requirement[]>();
  for (const r of d.requirements) groups.set(r.groupTitle, [...(groups.get(r.groupTitle) ?? []), r]);
  for (const [title, items] of groups) {
    const inGroup = new Set(items.map((i) => i.id));
    const mappedTo = new Map<string, Set<string>>();
    for (const m of d.mappings) if (inGroup.has(m.itemId)) mappedTo.set(m.evidenceId, (mappedTo.get(m.evidenceId) ?? new Set()).add(m.itemId));
    const rows = d.evidence.filter((e) => mappedTo.has(e.id));
    const sub = w.group(parent, "Sect");
    if (groups.size > 1) w.heading(sub, 2, title, { keep: 60, outline: false });
    if (!rows.length) {
      w.paragraph(sub, "No evidence is mapped to these criteria yet.", { colour: COLOURS.muted });
      sub.end();
      continue;
    }
    // Criteria columns share what is left after the reference and at least 110 points for the title.
    const each = Math.max(20, Math.min(36, (w.width - 32 - 110) / items.length));
    const columns: Column[] = [{ header: "Ref", width: 32 }, { header: "Evidence" }, ...items.map((i) => ({ header: i.code, width: each, align: "center" as const, size: 7, pad: 1.5 }))];
    const tableRows: Row[] = rows.map((e) => ({
      cells: [{ text: e.reference, font: "narrowBold" }, e.title, ...items.map((i) => (mappedTo.get(e.id)!.has(i.id) ? { text: "✓", font: "bold" as const, alt: `${e.reference} is mapped to ${i.code}` } : ""))],
    }));
    tableRows.push({
      cells: [{ text: "", font: "narrowBold" }, { text: "Pieces of evidence", font: "narrowBold" }, ...items.map((i) => ({ text: String(ix.evidenceByItem.get(i.id)?.length ?? 0), font: "narrowBold" as const }))],
    });
    await w.table(sub, columns, tableRows, { caption: `${title}: ${plural(rows.length, "piece", "pieces")} of evidence against ${plural(items.length, "criterion", "criteria")}. A tick means the evidence is mapped to the criterion.` });
    sub.end();
  }
}

/** Every piece of evidence: reference, title, kind, date, file name and SHA-256. */
export async function evidenceIndex(w: Writer, parent: Struct, d: DocumentData) {
  if (!d.evidence.length) {
    w.paragraph(parent, "There is no evidence in this portfolio yet.", { colour: COLOURS.muted });
    return;
  }
  w.paragraph(
    parent,
    "For an uploaded file the SHA-256 is of the file itself, so a copy can be checked against it. For evidence written in the portal it is of the evidence's content (its fields in a canonical form). Each entry is the current version; the versions an assessor relied on are listed with each decision.",
    { size: 8, colour: COLOURS.muted },
  );
  const columns: Column[] = [{ header: "Ref", width: 40 }, { header: "Title" }, { header: "Kind", width: 82 }, { header: "Date", width: 72 }, { header: "File name", width: 110 }];
  await w.table(
    parent,
    columns,
    d.evidence.map((e) => ({
      cells: [{ text: `${e.reference}${e.version > 1 ? ` v${e.version}` : ""}`, font: "narrowBold" }, e.title, kindLabel(e.kind), e.evidenceDate ? formatIso(e.evidenceDate) : formatDate(e.createdAt), e.fileName ?? "—"],
      details: [e.fileSha256 ? { label: "SHA-256 (file)", text: e.fileSha256 } : { label: "SHA-256 (content)", text: e.contentHash }],
    })),
  );
}

/** The candidate's declarations, in order. */
export function declarations(w: Writer, parent: Struct, d: DocumentData) {
  if (!d.declarations.length) {
    w.paragraph(parent, "The candidate has not yet declared that this evidence is their own work.", { colour: COLOURS.notMet });
    return;
  }
  for (const dec of d.declarations) {
    w.paragraph(parent, `“${dec.statement.trim()}”`, { font: "italic", indent: 10 });
    w.paragraph(parent, `Declared by ${dec.name} on ${formatDateTime(dec.declaredAt)}.`, { size: 8, colour: COLOURS.muted, indent: 10, after: 8 });
  }
}

/** Assessors who made the decisions standing now, with how many and the last date. */
export function assessorsOf(d: DocumentData) {
  const by = new Map<string, { name: string; count: number; last: string }>();
  for (const dec of d.decisions.filter((x) => x.status === "standing")) {
    const a = by.get(dec.assessorName) ?? { name: dec.assessorName, count: 0, last: dec.decidedOn };
    a.count++;
    if (dec.decidedOn > a.last) a.last = dec.decidedOn;
    by.set(dec.assessorName, a);
  }
  return [...by.values()];
}

/** IQA samples of the decisions standing now, in the programme's order. */
export function samplesOf(d: DocumentData) {
  const order = new Map(d.requirements.map((r, i) => [r.id, i]));
  const codeOf = new Map(d.requirements.map((r) => [r.id, r.code]));
  return d.decisions
    .filter((x) => x.status === "standing" && x.sample)
    .sort((a, b) => (order.get(a.itemId) ?? 1e9) - (order.get(b.itemId) ?? 1e9))
    .map((x) => ({ code: codeOf.get(x.itemId) ?? "", decision: x, sample: x.sample! }));
}

/** The IQA's samples as a table. */
export async function samplesTable(w: Writer, parent: Struct, d: DocumentData) {
  const samples = samplesOf(d);
  const standing = d.decisions.filter((x) => x.status === "standing").length;
  if (!samples.length) {
    w.paragraph(parent, "The internal quality assurer has not sampled any of the decisions standing in this portfolio.", { colour: COLOURS.notMet });
    return samples;
  }
  w.paragraph(parent, `The internal quality assurer sampled ${plural(samples.length, "decision", "decisions")} of the ${plural(standing, "decision", "decisions")} standing in this portfolio:`);
  await w.table(
    parent,
    [{ header: "Criterion", width: 58 }, { header: "Assessor's decision" }, { header: "Sampled by", width: 100 }, { header: "Date", width: 70 }, { header: "Result", width: 110 }],
    samples.map((s) => ({
      cells: [
        { text: s.code, font: "narrowBold" },
        `${OUTCOME_LABELS[s.decision.outcome]}, ${formatIso(s.decision.decidedOn)}, ${s.decision.assessorName}`,
        s.sample.iqaName,
        formatDate(s.sample.sampledAt),
        { text: s.sample.outcome === "agree" ? "Agreed" : `Disagreed${s.sample.actionDue ? `; action due ${formatIso(s.sample.actionDue)}` : ""}`, colour: s.sample.outcome === "agree" ? COLOURS.met : COLOURS.notMet },
      ],
    })),
  );
  return samples;
}

/** "Section E: Case supervisors" style label for a part or group a learning outcome draws on. */
export function targetLabel(item: ItemText) {
  if (item.type === "Section") return `Section ${item.code}: ${item.title ?? ""}`;
  if (item.type === "Part") return `Part ${item.code}: ${item.title ?? ""}`;
  return item.title ?? item.code;
}
