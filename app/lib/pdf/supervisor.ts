/**
 * The supervisor competency check: who was checked, by whom and when; Section A competence and how
 * it was shown; every Section E criterion and every performance criterion and knowledge item of the
 * QA unit with its decision, methods and evidence; the unit's evidence requirement and whether it is
 * met; the outcome, an action plan for anything not yet met, a review date; signatures.
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
  londonIso,
  mappedEvidence,
  matrix,
  plural,
  samplesOf,
  samplesTable,
  standingOf,
  type Index,
} from "./parts";

export const CHECK_TITLE = "Supervisor competency check";

/**
 * The review date, defined as: the earliest due date of an action the internal quality assurer has
 * set on a decision standing now; otherwise, when competent, 12 months after the outcome (the date
 * competence was confirmed), when competence is checked again; otherwise 3 months after this document
 * was issued, to review the action plan.
 */
export const REVIEW_MONTHS = { competent: 12, notYetCompetent: 3 } as const;

export function reviewDate(d: DocumentData, issuedAt: number): { iso: string; why: string } {
  const due = d.decisions
    .filter((x) => x.status === "standing" && x.sample?.outcome === "disagree" && x.sample.actionDue)
    .map((x) => x.sample!.actionDue!)
    .sort()[0];
  if (due) return { iso: due, why: "the earliest date an action set by the internal quality assurer is due" };
  const competent = d.achievement.achieved;
  const from = competent && d.enrolment.achievedAt ? d.enrolment.achievedAt : issuedAt;
  const months = competent ? REVIEW_MONTHS.competent : REVIEW_MONTHS.notYetCompetent;
  return {
    iso: addMonths(londonIso(from), months),
    why: competent ? `${months} months after competence was confirmed, when it is checked again` : `${months} months after this document was issued, to review the action plan`,
  };
}

function addMonths(iso: string, months: number) {
  const [y, m, day] = iso.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.toISOString().slice(0, 10);
}

const groupsOf = (d: DocumentData) => {
  const groups = new Map<string, DocumentData["requirements"]>();
  for (const r of d.requirements) groups.set(r.groupTitle, [...(groups.get(r.groupTitle) ?? []), r]);
  return [...groups];
};
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export function checkContents(d: DocumentData): ContentsEntry[] {
  return [
    { anchor: "about", title: "The check", level: 1 },
    { anchor: "section-a", title: "Section A competence", level: 1 },
    ...groupsOf(d).flatMap(([title, items]) => [
      { anchor: `group-${slug(title)}`, title, level: 1 as const },
      ...items.map((i) => ({ anchor: `c-${i.code}`, title: `${i.code} ${firstWords(i.statement ?? i.title ?? "")}`, level: 2 as const })),
    ]),
    { anchor: "requirement", title: "The unit's evidence requirement", level: 1 },
    { anchor: "matrix", title: "Mapping matrix", level: 1 },
    { anchor: "index", title: "Evidence index", level: 1 },
    { anchor: "outcome", title: "Outcome, action plan and review", level: 1 },
    { anchor: "signatures", title: "Declaration and signatures", level: 1 },
  ];
}

const TYPE_WORDS: Record<string, string> = { Criterion: "Criterion", "Performance Criterion": "Performance criterion", "Knowledge and Understanding": "Knowledge and understanding" };
const firstWords = (s: string, max = 80) => (s.length <= max ? s : `${s.slice(0, s.lastIndexOf(" ", max))} …`);

export async function renderSupervisorCheck(w: Writer, d: DocumentData, issuedAt: number) {
  const ix = indexOf(d);
  const e = d.enrolment;
  const a = d.achievement;
  const root = w.root;
  const assessors = assessorsOf(d);
  const checkers = assessors.length ? assessors.map((x) => x.name).join(", ") : (e.assessorName ?? "Not allocated");
  const decided = d.decisions.filter((x) => x.status === "standing").map((x) => x.decidedOn).sort();

  // ---- cover ----
  const cover = w.group(root, "Sect");
  w.y = 120;
  w.paragraph(cover, "COMPETENCY CHECK RECORD", { font: "bold", size: 10, colour: COLOURS.muted, after: 6 });
  w.tag(cover, "H1", () => w.use("bold", 22, COLOURS.accent).text(e.programmeTitle, w.left, w.y, { width: w.width, lineGap: 2 }));
  w.y += 8;
  w.paragraph(cover, "Case supervisors: Section E of the best practice guidance and the National Occupational Standard unit “Maintain quality assurance of restorative processes”", { size: 10.5, colour: COLOURS.muted, after: 22 });
  w.keyValues(cover, [
    ["Supervisor checked", { text: e.candidateName, font: "bold" }],
    ["Candidate number", e.candidateNumber],
    ["Checked by", `${checkers} (assessor)`],
    ["When", decided.length ? (decided[0] === decided.at(-1) ? formatIso(decided[0]) : `${formatIso(decided[0])} to ${formatIso(decided.at(-1)!)}`) : "Not yet assessed"],
    ["Outcome confirmed", a.achieved && e.achievedAt ? formatDate(e.achievedAt) : "Not yet"],
    ["Provider", `${e.providerName}${e.providerCentreNumber ? ` (centre ${e.providerCentreNumber})` : ""}`],
    ["Internal quality assurer", e.iqaName ?? "Not allocated"],
    ["Enrolled", formatDate(e.enrolledAt)],
    ["Document issued", formatDate(issuedAt)],
  ], { labelWidth: 150, size: 10 });
  w.y += 14;
  w.statusBox(
    cover,
    `Outcome: ${a.label}`,
    a.achieved
      ? [`Competent in all ${plural(a.counts.total, "criterion", "criteria")}, with Section A competence shown.`]
      : [`${a.counts.met} of ${plural(a.counts.total, "criterion", "criteria")} met. See the action plan for what is still needed.`, "This document is a draft and is not a record of competence."],
    a.achieved ? COLOURS.met : COLOURS.draft,
  );
  cover.end();

  // ---- contents ----
  w.newPage();
  const toc = w.group(root, "Sect");
  w.heading(toc, 1, "Contents", { outline: false });
  w.contents(toc, checkContents(d));
  toc.end();

  // ---- the check ----
  const about = w.group(root, "Sect");
  w.heading(about, 1, "The check", { anchor: "about" });
  const nos = d.frameworks.find((f) => f.framework === "nos-qa");
  const guidance = d.frameworks.find((f) => f.framework === "guidance");
  w.paragraph(about, `A case supervisor is checked against every criterion below. Each was assessed by the assessor from the evidence listed with it; the internal quality assurer samples the assessor's decisions.`);
  await w.table(
    about,
    [{ header: "What is checked" }, { header: "Standard", width: 190 }, { header: "Criteria", width: 60, align: "right" }],
    groupsOf(d).map(([title, items]) => ({ cells: [title, `${items[0]?.frameworkShortTitle ?? ""}`, String(items.length)] })),
    { size: 8.5 },
  );
  w.keyValues(about, [
    ...(guidance ? [["Guidance", `${guidance.title} (${guidance.publisher}, version ${guidance.version})`] as [string, string]] : []),
    ...(nos ? [["Occupational standard", `${nos.title} (${nos.publisher}, version ${nos.version})`] as [string, string]] : []),
  ]);
  about.end();

  // ---- Section A ----
  const sa = w.group(root, "Sect");
  w.heading(sa, 1, "Section A competence", { anchor: "section-a", fresh: false });
  const pre = a.prerequisite;
  if (pre) w.paragraph(sa, pre.description.trim());
  const shown = d.prerequisite;
  w.keyValues(sa, [
    ["Shown", { text: pre?.met ? "Yes" : "Not yet", font: "bold", colour: pre?.met ? COLOURS.met : COLOURS.notMet }],
    [
      "How it was shown",
      shown
        ? `${shown.title}, achieved${shown.achievedAt ? ` on ${formatDate(shown.achievedAt)}` : ""}.`
        : pre
          ? "No achieved Level 4 award or earlier supervisor competency check is recorded for this candidate."
          : "The programme sets no prerequisite.",
    ],
    ...(shown ? [["Verification code", shown.document ? { text: `${shown.document.code} (document issued ${formatDate(shown.document.issuedAt)})`, font: "mono" as const } : "No document has been issued for it yet."] as [string, string | { text: string; font: "mono" }]] : []),
  ]);
  sa.end();

  // ---- the criteria ----
  for (const [title, items] of groupsOf(d)) {
    const g = w.group(root, "Sect");
    const node = w.heading(g, 1, title, { anchor: `group-${slug(title)}` });
    for (const item of items) {
      await criterionSection(w, g, d, ix, item, node);
      await w.checkpoint();
    }
    g.end();
  }

  // ---- the unit's evidence requirement ----
  const rq = w.group(root, "Sect");
  w.heading(rq, 1, "The unit's evidence requirement", { anchor: "requirement", fresh: false });
  const requirement = nos?.attributes.find((x) => x.key === "evidenceRequirements");
  if (requirement?.text) w.paragraph(rq, `“${requirement.text}”`, { font: "italic", indent: 10 });
  const qa = a.qaUnit;
  w.keyValues(rq, [
    ["Met", { text: qa?.achieved ? "Yes" : "Not yet", font: "bold", colour: qa?.achieved ? COLOURS.met : COLOURS.notMet }],
    ["Performance criteria and knowledge", qa ? `${qa.met} of ${qa.total} met${qa.missing.length ? `; not yet: ${qa.missing.map((m) => m.code).join(", ")}` : ""}` : "The enrolment is not pinned to the unit"],
  ]);
  rq.end();

  // ---- matrix and index ----
  const m = w.group(root, "Sect");
  w.heading(m, 1, "Mapping matrix", { anchor: "matrix" });
  w.paragraph(m, "Which evidence is mapped to which criterion, one grid for each group of criteria. Evidence references are listed in full in the evidence index.", { colour: COLOURS.muted });
  await matrix(w, m, d, ix);
  m.end();
  const idx = w.group(root, "Sect");
  w.heading(idx, 1, "Evidence index", { anchor: "index" });
  await evidenceIndex(w, idx, d);
  idx.end();

  // ---- outcome, action plan, review ----
  const out = w.group(root, "Sect");
  const outNode = w.heading(out, 1, "Outcome, action plan and review", { anchor: "outcome", fresh: false });
  w.statusBox(
    out,
    a.label,
    a.achieved ? [`Competent: Section A competence shown and all ${plural(a.counts.total, "criterion", "criteria")} met${e.achievedAt ? `, confirmed on ${formatDate(e.achievedAt)}` : ""}.`] : [`${a.counts.met} of ${plural(a.counts.total, "criterion", "criteria")} met.`],
    a.achieved ? COLOURS.met : COLOURS.draft,
  );
  w.heading(out, 2, "Action plan", { under: outNode, keep: 60 });
  const review = reviewDate(d, issuedAt);
  if (!a.missing.length) w.paragraph(out, "Nothing is outstanding: no action plan is needed.");
  else {
    w.paragraph(out, "What the supervisor still needs to show, from what is missing and the assessor's feedback on criteria not yet met:");
    await w.table(
      out,
      [{ header: "Criterion", width: 62 }, { header: "What is needed" }, { header: "By", width: 84 }],
      a.missing.map((m) => {
        const item = d.requirements.find((r) => r.code === m.code);
        const standing = item ? standingOf(ix, item.id) : null;
        const feedback = standing?.outcome === "not_yet_met" && standing.feedback ? ` Assessor's feedback (${formatIso(standing.decidedOn)}): ${standing.feedback.trim()}` : "";
        const due = standing?.sample?.outcome === "disagree" && standing.sample.actionDue ? standing.sample.actionDue : review.iso;
        return { cells: [{ text: m.code, font: "narrowBold" as const }, `${m.reason}.${feedback}`.replace(/\.\./g, "."), formatIso(due)] };
      }),
    );
  }
  w.heading(out, 2, "Review", { under: outNode, keep: 40 });
  w.keyValues(out, [
    ["Review date", { text: formatIso(review.iso), font: "bold" }],
    ["Why this date", `${review.why[0].toUpperCase()}${review.why.slice(1)}.`],
  ]);
  out.end();

  // ---- declaration and signatures ----
  const sg = w.group(root, "Sect");
  const sgNode = w.heading(sg, 1, "Declaration and signatures", { anchor: "signatures", fresh: false });
  w.heading(sg, 2, "The supervisor's declaration", { under: sgNode });
  declarations(w, sg, d);
  w.heading(sg, 2, "Internal quality assurance", { under: sgNode, keep: 60 });
  const samples = await samplesTable(w, sg, d);
  w.heading(sg, 2, "Signatures", { under: sgNode, keep: 110 });
  const lastSample = samplesOf(d).reduce<{ name: string; at: number } | null>((acc, s) => (!acc || s.sample.sampledAt > acc.at ? { name: s.sample.iqaName, at: s.sample.sampledAt } : acc), null);
  w.signatures(sg, [
    ...(assessors.length ? assessors.map((x) => ({ role: "Checker (assessor)", name: x.name, date: formatIso(x.last) })) : [{ role: "Checker (assessor)", name: e.assessorName ?? "Not allocated", date: "Not yet assessed" }]),
    { role: "Internal quality assurer", name: lastSample?.name ?? e.iqaName ?? "Not allocated", date: lastSample ? formatDate(lastSample.at) : samples.length ? "" : "Not yet sampled" },
  ]);
  sg.end();
}

async function criterionSection(w: Writer, parent: PDFKit.PDFStructureElement, d: DocumentData, ix: Index, item: DocumentData["requirements"][number], under: ReturnType<Writer["heading"]>) {
  const s = w.group(parent, "Sect");
  w.heading(s, 2, `${TYPE_WORDS[item.type] ?? "Criterion"} ${item.code}`, { anchor: `c-${item.code}`, under, keep: Math.min(w.criterionHeight(item, { codeWidth: 44 }) + 20 + 64, 400), outlineTitle: `${item.code} ${firstWords(item.statement ?? item.title ?? "", 70)}` });
  w.criterion(s, item, { codeWidth: 44 });
  const state = criterionState(ix, item.id);
  w.paragraph(s, state.text, { font: "bold", colour: state.colour, after: 5 });
  w.heading(s, 3, "Evidence", { outline: false, keep: 64 });
  await mappedEvidence(w, s, ix, item.id);
  const decisions = ix.decisionsByItem.get(item.id) ?? [];
  w.heading(s, 3, decisions.length > 1 ? "Decisions" : "Decision", { outline: false, keep: 90 });
  if (!decisions.length) w.paragraph(s, "Not assessed yet.", { colour: COLOURS.muted });
  for (const [i, dec] of decisions.entries()) {
    if (i === 1) w.paragraph(s, "Earlier decisions, kept for the record:", { font: "bold", size: 8.5, after: 3 });
    await decisionDetails(w, s, dec);
  }
  w.gap(6);
  s.end();
}
