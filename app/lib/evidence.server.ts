/**
 * Evidence: the pieces of a candidate's portfolio (uploaded files, reflective accounts,
 * observation records, professional discussions, question-and-answer records and witness
 * testimonies), their versions, and their mappings to criteria.
 *
 * Rules kept here:
 * - Only the candidate of an enrolment adds, edits, deletes or maps its evidence (other roles get
 *   403; another candidate's enrolment or evidence is 404). Anyone who may see the enrolment
 *   (its allocated assessor and IQA, its provider's admin) may read it.
 * - Each piece gets a reference E1, E2 … within the enrolment, never reused (deleted evidence keeps
 *   its row and its reference).
 * - Each version's content hash is SHA-256 of the canonical JSON of {kind, title, evidenceDate,
 *   body, fileSha256}: what an assessor's decision records and relies on.
 * - Text is checked for likely personal data; with findings and no reason to keep them, nothing is
 *   saved and the findings are returned so the candidate can anonymise or explain.
 * - A version an assessor's decision relies on (locked) is never edited or deleted: an edit makes
 *   a new version; deleting is refused. Unlocked versions are edited in place.
 *
 * The mapping rule: a piece of evidence may be mapped to an ASSESSABLE item of
 *   (a) a framework version the enrolment is pinned to (enrolment_frameworks), or
 *   (b) a framework version that the crosswalk links (in either direction) to an item of a pinned
 *       framework version — one step only, not links of links.
 * So a Level 4 candidate (pinned: the award) can also map to the December 2004 guidance the award's
 * learning outcomes draw on, and a supervisor (pinned: guidance + NOS unit) can map to anything the
 * crosswalk relates to those. A framework the crosswalk does not connect to the enrolment's
 * standards (for a Level 4 candidate: the NOS unit and the role profile) is refused. Structure
 * items (sections, parts, groups) are never mappable.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { immediate } from "../../db/connection";
import {
  criterionProgress,
  enrolments,
  evidence,
  evidenceMappings,
  evidenceVersions,
  programmes,
  providers,
  standardFrameworks,
  standardItems,
  users,
  witnessRequests,
} from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { enrolmentFor, type Enrolment } from "./enrolments.server";
import { LIMITS, type EvidenceKindName, type WrittenKind } from "./evidence-kinds";
import { forbidden, notFound } from "./http.server";
import { findPersonalData } from "./personal-data";
import { refreshProgress } from "./progress.server";
import type { StoredFile } from "./uploads.server";
import { londonToday } from "./london";

export type { StoredFile };
export type PersonalDataFinding = ReturnType<typeof findPersonalData>[number] & { field: string };

/** A refusal the candidate can act on (shown in the error summary, against `field` when given). */
export class EvidenceError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
  ) {
    super(message);
  }
}

// ---- input schemas (routes validate forms with these; the domain validates again) --------------

const requiredText = (missing: string, label: string, max: number) =>
  z.string({ message: missing }).trim().min(1, missing).max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));


const dateParts = z.object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() });

/**
 * A date as "YYYY-MM-DD", or as the day, month and year fields of a GOV.UK date input
 * (`evidenceDate.day` …). Output is "YYYY-MM-DD" (or undefined when optional and empty).
 */
function dateField(what: string, required: boolean) {
  return z
    .union([z.string(), dateParts])
    .optional()
    .transform((value, ctx): string | undefined => {
      const fail = (message: string) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      let day: string, month: string, year: string;
      if (value === undefined || value === "") {
        return required ? fail(`Enter ${what}`) : undefined;
      } else if (typeof value === "string") {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
        if (!m) return fail(`${capitalise(what)} must be a real date`);
        [, year, month, day] = m;
      } else {
        day = value.day?.trim() ?? "";
        month = value.month?.trim() ?? "";
        year = value.year?.trim() ?? "";
        if (!day && !month && !year) return required ? fail(`Enter ${what}`) : undefined;
        const missing = [!day && "a day", !month && "a month", !year && "a year"].filter(Boolean) as string[];
        if (missing.length) return fail(`${capitalise(what)} must include ${missing.join(" and ")}`);
        if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d+$/.test(year)) return fail(`${capitalise(what)} must be a real date`);
        if (year.length !== 4) return fail("Year must include 4 numbers");
      }
      const d = Number(day), mo = Number(month), y = Number(year);
      const probe = new Date(Date.UTC(y, mo - 1, d));
      if (mo < 1 || mo > 12 || d < 1 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return fail(`${capitalise(what)} must be a real date`);
      const iso = `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      if (y < 1990) return fail(`${capitalise(what)} must be after 1 January 1990`);
      if (iso > londonToday()) return fail(`${capitalise(what)} must be today or in the past`);
      return iso;
    });
}
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const title = requiredText("Enter a title", "Title", LIMITS.title);
const personalDataReason = optionalText("Reason", LIMITS.reason);

export const storedFileSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1),
  fileName: z.string().min(1).max(255),
  text: z.string().optional(),
});

export const fileEvidenceInput = z.object({
  kind: z.literal("file"),
  title,
  description: optionalText("Description", LIMITS.shortText),
  evidenceDate: dateField("the date of the evidence", false),
  file: storedFileSchema,
  personalDataReason,
});

export const reflectiveAccountInput = z.object({
  kind: z.literal("reflective_account"),
  title,
  evidenceDate: dateField("the date you wrote it", true),
  text: requiredText("Enter your reflective account", "Your reflective account", LIMITS.longText),
  personalDataReason,
});

export const observationInput = z.object({
  kind: z.literal("observation"),
  title,
  observerName: requiredText("Enter the observer's name", "Observer's name", LIMITS.name),
  observerRole: requiredText("Enter the observer's role", "Observer's role", LIMITS.role),
  evidenceDate: dateField("the date of the observation", true),
  setting: requiredText("Describe the setting", "Setting", LIMITS.shortText),
  observed: requiredText("Enter what was observed", "What was observed", LIMITS.longText),
  personalDataReason,
});

export const professionalDiscussionInput = z.object({
  kind: z.literal("professional_discussion"),
  title,
  evidenceDate: dateField("the date of the discussion", true),
  participants: requiredText("Enter who took part", "Who took part", LIMITS.shortText),
  summary: requiredText("Enter a summary of the discussion", "Summary", LIMITS.longText),
  personalDataReason,
});

const qaPair = z.object({ question: z.string().optional(), answer: z.string().optional() }).optional();
/** Pairs with neither a question nor an answer are ignored (the form offers blank ones). */
const qaItems = z
  .array(qaPair)
  .optional()
  .superRefine((items, ctx) => {
    (items ?? []).forEach((p, i) => {
      const q = p?.question?.trim() ?? "";
      const a = p?.answer?.trim() ?? "";
      if (!q && !a) return;
      if (!q) ctx.addIssue({ code: "custom", message: `Enter question ${i + 1}, or clear its answer`, path: [i, "question"] });
      if (!a) ctx.addIssue({ code: "custom", message: `Enter the answer to question ${i + 1}`, path: [i, "answer"] });
      if (q.length > LIMITS.shortText) ctx.addIssue({ code: "custom", message: `Question ${i + 1} must be ${LIMITS.shortText.toLocaleString("en-GB")} characters or fewer`, path: [i, "question"] });
      if (a.length > LIMITS.longText) ctx.addIssue({ code: "custom", message: `Answer ${i + 1} must be ${LIMITS.longText.toLocaleString("en-GB")} characters or fewer`, path: [i, "answer"] });
    });
  })
  .transform((items) => (items ?? []).map((p) => ({ question: p?.question?.trim() ?? "", answer: p?.answer?.trim() ?? "" })).filter((p) => p.question || p.answer))
  .pipe(
    z
      .array(z.object({ question: z.string(), answer: z.string() }))
      .min(1, "Enter at least one question and its answer")
      .max(LIMITS.qaPairs, `Enter ${LIMITS.qaPairs} questions or fewer`),
  );

export const questionAnswerInput = z.object({
  kind: z.literal("question_answer"),
  title,
  evidenceDate: dateField("the date of the questions", true),
  items: qaItems,
  personalDataReason,
});

export const witnessTestimonyInput = z.object({
  kind: z.literal("witness_testimony"),
  title,
  evidenceDate: dateField("the date the witness saw your practice", true),
  whatWitnessed: requiredText("Describe what the witness saw", "What the witness saw", LIMITS.longText),
  witnessName: requiredText("Enter the witness's name", "Witness's name", LIMITS.name),
  witnessRole: requiredText("Enter the witness's role", "Witness's role", LIMITS.role),
  relationship: requiredText("Enter how the witness knows your work", "How the witness knows your work", LIMITS.shortText),
  personalDataReason,
});

/** What `addEvidence` takes: one of the kinds, told apart by `kind`. */
export const evidenceInput = z.discriminatedUnion("kind", [
  fileEvidenceInput,
  reflectiveAccountInput,
  observationInput,
  professionalDiscussionInput,
  questionAnswerInput,
  witnessTestimonyInput,
]);
export type EvidenceInput = z.input<typeof evidenceInput>;
type ParsedInput = z.output<typeof evidenceInput>;

/** Editing a file's details keeps the stored file unless a new one is given. */
export const fileDetailsInput = fileEvidenceInput.extend({ file: storedFileSchema.optional() });
/** What `updateEvidence` takes. */
export const evidenceEditInput = z.discriminatedUnion("kind", [
  fileDetailsInput,
  reflectiveAccountInput,
  observationInput,
  professionalDiscussionInput,
  questionAnswerInput,
  witnessTestimonyInput,
]);
export type EvidenceEditInput = z.input<typeof evidenceEditInput>;
type ParsedEdit = z.output<typeof evidenceEditInput>;

/**
 * A file's details as a form posts them. The file itself only ever comes from the upload handler,
 * never from form fields (or a candidate could point their evidence at someone else's stored file).
 */
export const fileDetailsForm = fileEvidenceInput.omit({ file: true });

type WrittenSchema = typeof reflectiveAccountInput | typeof observationInput | typeof professionalDiscussionInput | typeof questionAnswerInput | typeof witnessTestimonyInput;

/** The schema a form of this kind validates with (for a file: its details only, adding or editing alike). */
export function formSchemaFor(kind: "file", editing?: boolean): typeof fileDetailsForm;
export function formSchemaFor(kind: WrittenKind, editing?: boolean): WrittenSchema;
export function formSchemaFor(kind: EvidenceKindName, editing?: boolean): WrittenSchema | typeof fileDetailsForm;
export function formSchemaFor(kind: EvidenceKindName): WrittenSchema | typeof fileDetailsForm {
  switch (kind) {
    case "file":
      return fileDetailsForm;
    case "reflective_account":
      return reflectiveAccountInput;
    case "observation":
      return observationInput;
    case "professional_discussion":
      return professionalDiscussionInput;
    case "question_answer":
      return questionAnswerInput;
    case "witness_testimony":
      return witnessTestimonyInput;
  }
}

/** The first step of adding evidence: which kind. */
export const chooseKindInput = z.object({
  kind: z.enum(["file", "reflective_account", "observation", "professional_discussion", "question_answer", "witness_testimony"], { message: "Select the kind of evidence you are adding" }),
  criterion: z.string().optional(),
});

export const mappingNote = z
  .string({ message: "Enter a note saying how this evidence shows the criterion" })
  .trim()
  .min(1, "Enter a note saying how this evidence shows the criterion")
  .max(LIMITS.note, `Note must be ${LIMITS.note} characters or fewer`);
export const mapInput = z.object({
  itemId: z.string({ message: "Select a criterion" }).min(1, "Select a criterion"),
  note: mappingNote,
});

// ---- content: body, hash, personal data -------------------------------------------------------

/** The kind's own fields, as stored in `evidence_versions.body`. */
export type EvidenceBody =
  | { description?: string }
  | { text: string }
  | { observerName: string; observerRole: string; setting: string; observed: string }
  | { participants: string; summary: string }
  | { items: { question: string; answer: string }[] }
  | WitnessBody;

export type WitnessBody = {
  whatWitnessed: string;
  witnessName: string;
  witnessRole: string;
  relationship: string;
  /** Set when a witness confirmed it through their link: their own words and when. */
  testimony?: string;
  witnessConfirmedAt?: number;
  witnessRequestId?: string;
};

type Content = {
  kind: EvidenceKindName;
  title: string;
  evidenceDate: string | null;
  body: Record<string, unknown>;
  file: { sha256: string; fileName: string; size: number; mediaType: string } | null;
  /** Text to check for personal data: [field, text]. */
  texts: [string, string][];
};

function contentOf(input: ParsedInput | ParsedEdit, keepFile?: Content["file"]): Content {
  const base = { kind: input.kind, title: input.title, evidenceDate: input.evidenceDate ?? null, file: null as Content["file"] };
  switch (input.kind) {
    case "file": {
      const f = input.file ?? null;
      const file = f ? { sha256: f.sha256, fileName: f.fileName, size: f.size, mediaType: f.mediaType } : (keepFile ?? null);
      const texts: [string, string][] = [["title", input.title]];
      if (input.description) texts.push(["description", input.description]);
      if (f?.text) texts.push(["file", f.text]);
      return { ...base, file, body: input.description ? { description: input.description } : {}, texts };
    }
    case "reflective_account":
      return { ...base, body: { text: input.text }, texts: [["title", input.title], ["text", input.text]] };
    case "observation": {
      const body = { observerName: input.observerName, observerRole: input.observerRole, setting: input.setting, observed: input.observed };
      return { ...base, body, texts: [["title", input.title], ...(Object.entries(body) as [string, string][])] };
    }
    case "professional_discussion": {
      const body = { participants: input.participants, summary: input.summary };
      return { ...base, body, texts: [["title", input.title], ...(Object.entries(body) as [string, string][])] };
    }
    case "question_answer":
      return {
        ...base,
        body: { items: input.items },
        texts: [["title", input.title], ...input.items.flatMap((p, i): [string, string][] => [[`items.${i}.question`, p.question], [`items.${i}.answer`, p.answer]])],
      };
    case "witness_testimony": {
      const body = { whatWitnessed: input.whatWitnessed, witnessName: input.witnessName, witnessRole: input.witnessRole, relationship: input.relationship };
      return { ...base, body, texts: [["title", input.title], ...(Object.entries(body) as [string, string][])] };
    }
  }
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** SHA-256 of the canonical JSON of {kind, title, evidenceDate, body, fileSha256}. */
export function contentHash(c: { kind: string; title: string; evidenceDate: string | null; body: unknown; fileSha256: string | null }): string {
  return createHash("sha256").update(canonicalJson({ kind: c.kind, title: c.title, evidenceDate: c.evidenceDate, body: c.body, fileSha256: c.fileSha256 })).digest("hex");
}

/** Likely personal data in any of the texts, each finding saying which field it is in. */
export function scanTexts(texts: [string, string][]): PersonalDataFinding[] {
  return texts.flatMap(([field, text]) => findPersonalData(text).map((f) => ({ ...f, field })));
}

export type SaveResult =
  | { ok: true; evidenceId: string; versionId: string; reference: string; version: number; newVersion: boolean }
  | { ok: false; personalData: PersonalDataFinding[]; errors?: undefined }
  | { ok: false; errors: Record<string, string[]>; personalData?: undefined };

/** zod issues as conform-style field errors: { "items[1].answer": ["…"] }. */
export function issuesToErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "") || "form";
    (out[name] ??= []).push(issue.message);
  }
  return out;
}

// ---- access ----------------------------------------------------------------------------------

/** The enrolment, if the actor is its candidate (other roles: 403; anyone else's: 404). */
export function candidateEnrolment(actor: Actor, enrolmentId: string): Enrolment {
  if (actor.role !== "candidate") throw forbidden("Only the candidate can change the evidence in their portfolio.");
  const enrolment = enrolmentFor(actor, enrolmentId);
  if (enrolment.candidateId !== actor.userId) throw notFound();
  return enrolment;
}

function requireActive(enrolment: Enrolment) {
  if (enrolment.status !== "active")
    throw new EvidenceError(enrolment.status === "achieved" ? "This portfolio has been completed, so its evidence can no longer be changed." : "This enrolment has been withdrawn, so its evidence can no longer be changed.");
}

type EvidenceRow = typeof evidence.$inferSelect;

/** Live evidence the actor may read (404 otherwise), with its enrolment. */
export function readableEvidence(actor: Actor, evidenceId: string): { row: EvidenceRow; enrolment: Enrolment } {
  const row = getDb().select().from(evidence).where(and(eq(evidence.id, evidenceId), isNull(evidence.deletedAt))).get();
  if (!row) throw notFound();
  return { row, enrolment: enrolmentFor(actor, row.enrolmentId) };
}

/** Live evidence of the actor's own enrolment, for changing it (other roles 403, others' 404). */
export function candidateEvidence(actor: Actor, evidenceId: string): { row: EvidenceRow; enrolment: Enrolment } {
  if (actor.role !== "candidate") throw forbidden("Only the candidate can change the evidence in their portfolio.");
  const { row, enrolment } = readableEvidence(actor, evidenceId);
  if (enrolment.candidateId !== actor.userId) throw notFound();
  return { row, enrolment };
}

const bumpRevision = (enrolmentId: string) =>
  getDb()
    .update(enrolments)
    .set({ revision: sql`${enrolments.revision} + 1` })
    .where(eq(enrolments.id, enrolmentId))
    .run();

// ---- adding, editing, deleting ----------------------------------------------------------------

/**
 * Adds a piece of evidence to the candidate's own enrolment. With likely personal data in any text
 * and no reason to keep it, saves nothing and returns the findings.
 */
export function addEvidence(actor: Actor, enrolmentId: string, raw: EvidenceInput, now = Date.now()): SaveResult {
  const enrolment = candidateEnrolment(actor, enrolmentId);
  requireActive(enrolment);
  const parsed = evidenceInput.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error) };
  const input = parsed.data;
  const content = contentOf(input);
  const findings = scanTexts(content.texts);
  if (findings.length && !input.personalDataReason) return { ok: false, personalData: findings };

  const db = getDb();
  const evidenceId = newId();
  const versionId = newId();
  const hash = contentHash({ ...content, fileSha256: content.file?.sha256 ?? null });
  return immediate(db, () => {
    const next = db.$client.prepare("select coalesce(max(cast(substr(reference, 2) as integer)), 0) + 1 as n from evidence where enrolment_id = ?").get(enrolmentId) as { n: number };
    const reference = `E${next.n}`;
    db.insert(evidence).values({ id: evidenceId, enrolmentId, reference, kind: input.kind, currentVersionId: versionId, createdAt: now, deletedAt: null }).run();
    db.insert(evidenceVersions)
      .values({
        id: versionId,
        evidenceId,
        version: 1,
        title: content.title,
        body: JSON.stringify(content.body),
        evidenceDate: content.evidenceDate,
        fileSha256: content.file?.sha256 ?? null,
        fileName: content.file?.fileName ?? null,
        fileSize: content.file?.size ?? null,
        mediaType: content.file?.mediaType ?? null,
        contentHash: hash,
        personalData: findings.length ? JSON.stringify(findings) : null,
        personalDataReason: findings.length ? input.personalDataReason! : null,
        createdAt: now,
        createdBy: actor.userId,
        lockedAt: null,
      })
      .run();
    bumpRevision(enrolmentId);
    recordAudit(
      db,
      {
        ...auditActor(actor),
        action: "added-evidence",
        entity: "evidence",
        entityId: evidenceId,
        providerId: enrolment.providerId,
        details: { enrolmentId, reference, kind: input.kind, version: 1, contentHash: hash, personalDataKept: findings.map((f) => f.kind) },
      },
      now,
    );
    return { ok: true as const, evidenceId, versionId, reference, version: 1, newVersion: true };
  });
}

const isConfirmedTestimony = (kind: string, body: string) => kind === "witness_testimony" && !!(JSON.parse(body) as WitnessBody).witnessConfirmedAt;

/**
 * Changes a piece of evidence. A version no decision relies on is edited in place (its hash
 * recomputed); a locked version is kept and a new version made. A witness-confirmed testimony is
 * not the candidate's to change: they can ask for a new confirmation instead.
 */
export function updateEvidence(actor: Actor, evidenceId: string, raw: EvidenceEditInput, now = Date.now()): SaveResult {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  requireActive(enrolment);
  const parsed = evidenceEditInput.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error) };
  const input = parsed.data;
  if (input.kind !== row.kind) return { ok: false, errors: { form: ["This form is for a different kind of evidence."] } };
  const db = getDb();
  const current = db.select().from(evidenceVersions).where(eq(evidenceVersions.id, row.currentVersionId!)).get()!;
  if (isConfirmedTestimony(row.kind, current.body))
    throw new EvidenceError("A witness has confirmed this testimony, so it cannot be changed. To change it, get a new link and ask the witness to confirm it again.");
  const keepFile = current.fileSha256 ? { sha256: current.fileSha256, fileName: current.fileName!, size: current.fileSize!, mediaType: current.mediaType! } : null;
  const content = contentOf(input, keepFile);
  const findings = scanTexts(content.texts);
  if (findings.length && !input.personalDataReason) return { ok: false, personalData: findings };
  const hash = contentHash({ ...content, fileSha256: content.file?.sha256 ?? null });
  const fields = {
    title: content.title,
    body: JSON.stringify(content.body),
    evidenceDate: content.evidenceDate,
    fileSha256: content.file?.sha256 ?? null,
    fileName: content.file?.fileName ?? null,
    fileSize: content.file?.size ?? null,
    mediaType: content.file?.mediaType ?? null,
    contentHash: hash,
    personalData: findings.length ? JSON.stringify(findings) : null,
    personalDataReason: findings.length ? input.personalDataReason! : null,
  };

  return immediate(db, () => {
    // Read again inside the transaction: a decision may have locked it since.
    const latest = db.select().from(evidenceVersions).where(eq(evidenceVersions.id, db.select({ id: evidence.currentVersionId }).from(evidence).where(eq(evidence.id, evidenceId)).get()!.id!)).get()!;
    if (isConfirmedTestimony(row.kind, latest.body)) throw new EvidenceError("A witness has confirmed this testimony, so it cannot be changed.");
    let versionId = latest.id;
    let version = latest.version;
    const newVersion = latest.lockedAt !== null;
    if (newVersion) {
      versionId = newId();
      version = (db.$client.prepare("select max(version) as v from evidence_versions where evidence_id = ?").get(evidenceId) as { v: number }).v + 1;
      db.insert(evidenceVersions).values({ id: versionId, evidenceId, version, ...fields, createdAt: now, createdBy: actor.userId, lockedAt: null }).run();
      db.update(evidence).set({ currentVersionId: versionId }).where(eq(evidence.id, evidenceId)).run();
    } else {
      db.update(evidenceVersions).set(fields).where(eq(evidenceVersions.id, latest.id)).run();
    }
    bumpRevision(row.enrolmentId);
    recordAudit(
      db,
      {
        ...auditActor(actor),
        action: newVersion ? "superseded-evidence" : "edited-evidence",
        entity: "evidence",
        entityId: evidenceId,
        providerId: enrolment.providerId,
        details: { enrolmentId: row.enrolmentId, reference: row.reference, version, contentHash: hash, previousContentHash: latest.contentHash, personalDataKept: findings.map((f) => f.kind) },
      },
      now,
    );
    return { ok: true as const, evidenceId, versionId, reference: row.reference, version, newVersion };
  });
}

export const LOCKED_DELETE_MESSAGE = "An assessor's decision relies on this evidence. You can add a new version instead.";

/** Soft-deletes evidence no decision relies on; its mappings stop counting towards progress. */
export function deleteEvidence(actor: Actor, evidenceId: string, now = Date.now()): { reference: string; enrolmentId: string } {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  requireActive(enrolment);
  const db = getDb();
  return immediate(db, () => {
    const locked = db.select({ id: evidenceVersions.id }).from(evidenceVersions).where(and(eq(evidenceVersions.evidenceId, evidenceId), sql`${evidenceVersions.lockedAt} is not null`)).get();
    if (locked) throw new EvidenceError(LOCKED_DELETE_MESSAGE);
    db.update(evidence).set({ deletedAt: now }).where(eq(evidence.id, evidenceId)).run();
    const items = db.select({ itemId: evidenceMappings.itemId }).from(evidenceMappings).where(eq(evidenceMappings.evidenceId, evidenceId)).all().map((m) => m.itemId);
    refreshProgress(db, row.enrolmentId, items, now);
    // Any witness link still out stops working.
    db.update(witnessRequests).set({ expiresAt: now }).where(and(eq(witnessRequests.evidenceId, evidenceId), isNull(witnessRequests.usedAt), sql`${witnessRequests.expiresAt} > ${now}`)).run();
    bumpRevision(row.enrolmentId);
    recordAudit(db, { ...auditActor(actor), action: "deleted-evidence", entity: "evidence", entityId: evidenceId, providerId: enrolment.providerId, details: { enrolmentId: row.enrolmentId, reference: row.reference, mappedItems: items } }, now);
    return { reference: row.reference, enrolmentId: row.enrolmentId };
  });
}

/** Whether any version is locked (an assessor's decision relies on it). */
function isLocked(evidenceId: string): boolean {
  return !!getDb().select({ id: evidenceVersions.id }).from(evidenceVersions).where(and(eq(evidenceVersions.evidenceId, evidenceId), sql`${evidenceVersions.lockedAt} is not null`)).get();
}

// ---- mapping ----------------------------------------------------------------------------------

/** Framework versions the enrolment's evidence may be mapped to: pinned ones, and those the crosswalk links to them. */
export function mappableFrameworks(enrolmentId: string): { frameworkId: string; pinned: boolean }[] {
  const rows = getDb()
    .$client.prepare(
      `with pinned as (select framework_id from enrolment_frameworks where enrolment_id = @e)
       select framework_id as frameworkId, 1 as pinned from pinned
       union
       select t.framework_id, 0 from crosswalk_links c join standard_items s on s.id = c.from_item_id join standard_items t on t.id = c.to_item_id
        where s.framework_id in (select framework_id from pinned) and t.framework_id not in (select framework_id from pinned)
       union
       select s.framework_id, 0 from crosswalk_links c join standard_items s on s.id = c.from_item_id join standard_items t on t.id = c.to_item_id
        where t.framework_id in (select framework_id from pinned) and s.framework_id not in (select framework_id from pinned)`,
    )
    .all({ e: enrolmentId }) as { frameworkId: string; pinned: number }[];
  return rows.map((r) => ({ frameworkId: r.frameworkId, pinned: r.pinned === 1 }));
}

type ItemRow = { id: string; code: string; frameworkId: string; assessable: boolean; statement: string | null; title: string | null; shortTitle: string };

function itemById(itemId: string): ItemRow | undefined {
  return getDb()
    .select({ id: standardItems.id, code: standardItems.code, frameworkId: standardItems.frameworkId, assessable: standardItems.assessable, statement: standardItems.statement, title: standardItems.title, shortTitle: standardFrameworks.shortTitle })
    .from(standardItems)
    .innerJoin(standardFrameworks, eq(standardFrameworks.id, standardItems.frameworkId))
    .where(eq(standardItems.id, itemId))
    .get();
}

/** The item if evidence of this enrolment may be mapped to it, or an EvidenceError saying why not. */
function mappableItem(enrolmentId: string, itemId: string): ItemRow {
  const item = itemById(itemId);
  if (!item) throw new EvidenceError("Select a criterion from the list", "itemId");
  if (!item.assessable) throw new EvidenceError(`${item.code} is a heading, not a criterion. Choose one of the criteria under it.`, "itemId");
  if (!mappableFrameworks(enrolmentId).some((f) => f.frameworkId === item.frameworkId))
    throw new EvidenceError(`${item.code} of ${item.shortTitle} is not part of the standards your programme uses, and the crosswalk does not link it to them, so evidence cannot be mapped to it.`, "itemId");
  return item;
}

/** Maps evidence to a criterion with a note of how it shows it; the criterion's progress moves. */
export function mapEvidence(actor: Actor, evidenceId: string, itemId: string, note: string, now = Date.now()): { code: string; shortTitle: string } {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  requireActive(enrolment);
  const checked = mappingNote.safeParse(note);
  if (!checked.success) throw new EvidenceError(checked.error.issues[0].message, "note");
  const item = mappableItem(row.enrolmentId, itemId);
  const db = getDb();
  immediate(db, () => {
    const existing = db.select({ itemId: evidenceMappings.itemId }).from(evidenceMappings).where(and(eq(evidenceMappings.evidenceId, evidenceId), eq(evidenceMappings.itemId, itemId))).get();
    if (existing) throw new EvidenceError(`${row.reference} is already mapped to ${item.code} of ${item.shortTitle}.`, "itemId");
    db.insert(evidenceMappings).values({ evidenceId, itemId, enrolmentId: row.enrolmentId, note: checked.data, createdAt: now }).run();
    refreshProgress(db, row.enrolmentId, [itemId], now);
    bumpRevision(row.enrolmentId);
    recordAudit(db, { ...auditActor(actor), action: "mapped-evidence", entity: "evidence", entityId: evidenceId, providerId: enrolment.providerId, details: { enrolmentId: row.enrolmentId, reference: row.reference, itemId, code: item.code } }, now);
  });
  return { code: item.code, shortTitle: item.shortTitle };
}

/**
 * Removes a mapping. Refused while an assessor's decision relies on the evidence (the decision
 * was made on what it was mapped to).
 */
export function unmapEvidence(actor: Actor, evidenceId: string, itemId: string, now = Date.now()): { code: string; shortTitle: string } {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  requireActive(enrolment);
  const item = itemById(itemId);
  const db = getDb();
  immediate(db, () => {
    const existing = db.select({ itemId: evidenceMappings.itemId }).from(evidenceMappings).where(and(eq(evidenceMappings.evidenceId, evidenceId), eq(evidenceMappings.itemId, itemId))).get();
    if (!existing || !item) throw new EvidenceError(`${row.reference} is not mapped to that criterion.`);
    if (isLocked(evidenceId)) throw new EvidenceError("An assessor's decision relies on this evidence, so its mappings cannot be removed. You can map it to more criteria.");
    db.delete(evidenceMappings).where(and(eq(evidenceMappings.evidenceId, evidenceId), eq(evidenceMappings.itemId, itemId))).run();
    refreshProgress(db, row.enrolmentId, [itemId], now);
    bumpRevision(row.enrolmentId);
    recordAudit(db, { ...auditActor(actor), action: "unmapped-evidence", entity: "evidence", entityId: evidenceId, providerId: enrolment.providerId, details: { enrolmentId: row.enrolmentId, reference: row.reference, itemId, code: item.code } }, now);
  });
  return { code: item!.code, shortTitle: item!.shortTitle };
}

export type Mapping = { itemId: string; code: string; frameworkShortTitle: string; statement: string; note: string; createdAt: number };

function mappingsOf(evidenceId: string): Mapping[] {
  return getDb()
    .select({
      itemId: evidenceMappings.itemId,
      code: standardItems.code,
      frameworkShortTitle: standardFrameworks.shortTitle,
      statement: sql<string>`coalesce(${standardItems.statement}, ${standardItems.title}, '')`,
      note: evidenceMappings.note,
      createdAt: evidenceMappings.createdAt,
    })
    .from(evidenceMappings)
    .innerJoin(standardItems, eq(standardItems.id, evidenceMappings.itemId))
    .innerJoin(standardFrameworks, eq(standardFrameworks.id, standardItems.frameworkId))
    .where(eq(evidenceMappings.evidenceId, evidenceId))
    .orderBy(asc(standardFrameworks.shortTitle), asc(standardItems.position))
    .all();
}

export type Suggestion = {
  itemId: string;
  code: string;
  frameworkShortTitle: string;
  statement: string;
  /** "This also counts towards P4 of NOS: …: <rationale>" — one per crosswalk link that suggests it. */
  reasons: { viaCode: string; relation: string; rationale: string; text: string }[];
  /** A note to start from: the note of the mapping that suggested it. */
  suggestedNote: string;
};

/**
 * For each criterion the evidence is mapped to, the crosswalk links in both directions to criteria
 * it is not yet mapped to (and may be mapped to), phrased for the candidate.
 */
export function crosswalkSuggestions(actor: Actor, evidenceId: string): Suggestion[] {
  const { row } = readableEvidence(actor, evidenceId);
  const allowed = mappableFrameworks(row.enrolmentId).map((f) => f.frameworkId);
  if (!allowed.length) return [];
  const rows = getDb()
    .$client.prepare(
      `select t.id as itemId, t.code, f.short_title as frameworkShortTitle, coalesce(t.statement, t.title, '') as statement,
              v.code as viaCode, c.relation, c.rationale, m.note, f.id as frameworkId, t.position
         from evidence_mappings m
         join crosswalk_links c on c.from_item_id = m.item_id or c.to_item_id = m.item_id
         join standard_items t on t.id = case when c.from_item_id = m.item_id then c.to_item_id else c.from_item_id end
         join standard_items v on v.id = m.item_id
         join standard_frameworks f on f.id = t.framework_id
        where m.evidence_id = @evidenceId and t.assessable = 1
          and t.framework_id in (select value from json_each(@allowed))
          and not exists (select 1 from evidence_mappings m2 where m2.evidence_id = m.evidence_id and m2.item_id = t.id)
        order by f.short_title, t.position, v.code`,
    )
    .all({ evidenceId, allowed: JSON.stringify(allowed) }) as { itemId: string; code: string; frameworkShortTitle: string; statement: string; viaCode: string; relation: string; rationale: string; note: string }[];
  const byItem = new Map<string, Suggestion>();
  for (const r of rows) {
    let s = byItem.get(r.itemId);
    if (!s) {
      s = { itemId: r.itemId, code: r.code, frameworkShortTitle: r.frameworkShortTitle, statement: r.statement, reasons: [], suggestedNote: r.note };
      byItem.set(r.itemId, s);
    }
    s.reasons.push({ viaCode: r.viaCode, relation: r.relation, rationale: r.rationale, text: `This also counts towards ${r.code} of ${r.frameworkShortTitle}: ${r.rationale}` });
  }
  return [...byItem.values()];
}

export type CriterionOption = { value: string; label: string };
export type CriterionGroup = { label: string; pinned: boolean; options: CriterionOption[] };

/** The criteria evidence of this enrolment may be mapped to, grouped by framework and the heading they sit under. */
function criterionGroups(enrolmentId: string, exclude: Set<string>): CriterionGroup[] {
  const frameworks = mappableFrameworks(enrolmentId);
  if (!frameworks.length) return [];
  const pinned = new Set(frameworks.filter((f) => f.pinned).map((f) => f.frameworkId));
  const rows = getDb()
    .$client.prepare(
      `select i.id, i.code, coalesce(i.statement, i.title, '') as statement, i.framework_id as frameworkId, f.short_title as shortTitle,
              p.code as parentCode, p.title as parentTitle
         from standard_items i
         join standard_frameworks f on f.id = i.framework_id
         left join standard_items p on p.id = i.parent_id
        where i.assessable = 1 and i.framework_id in (select value from json_each(?))
        order by f.short_title, i.position`,
    )
    .all(JSON.stringify(frameworks.map((f) => f.frameworkId))) as {
    id: string;
    code: string;
    statement: string;
    frameworkId: string;
    shortTitle: string;
    parentCode: string | null;
    parentTitle: string | null;
  }[];
  const groups = new Map<string, CriterionGroup>();
  for (const r of rows) {
    if (exclude.has(r.id)) continue;
    // Headings without a code of their own ("B:g1") are shown by their title alone.
    const heading = r.parentCode ? (r.parentCode.includes(":g") ? r.parentTitle ?? "" : `${r.parentCode} ${r.parentTitle ?? ""}`.trim()) : "";
    const key = `${r.frameworkId}|${r.parentCode ?? ""}`;
    let g = groups.get(key);
    if (!g) {
      g = { label: heading ? `${r.shortTitle}: ${heading}` : r.shortTitle, pinned: pinned.has(r.frameworkId), options: [] };
      groups.set(key, g);
    }
    g.options.push({ value: r.id, label: `${r.code} ${truncate(r.statement, 110)}` });
  }
  return [...groups.values()].sort((a, b) => Number(b.pinned) - Number(a.pinned));
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/** Everything the mapping page shows: the evidence, its mappings, what it can be mapped to, and suggestions. */
export function mappingView(actor: Actor, evidenceId: string) {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  const version = getDb().select({ title: evidenceVersions.title }).from(evidenceVersions).where(eq(evidenceVersions.id, row.currentVersionId!)).get()!;
  const mappings = mappingsOf(evidenceId);
  return {
    evidence: { id: row.id, reference: row.reference, kind: row.kind, title: version.title, enrolmentId: row.enrolmentId },
    active: enrolment.status === "active",
    locked: isLocked(evidenceId),
    mappings,
    groups: criterionGroups(row.enrolmentId, new Set(mappings.map((m) => m.itemId))),
    suggestions: crosswalkSuggestions(actor, evidenceId),
  };
}

// ---- reading ----------------------------------------------------------------------------------

function enrolmentSummary(enrolment: Enrolment) {
  const row = getDb()
    .select({ programmeTitle: programmes.title, candidateName: users.name, providerName: providers.name })
    .from(enrolments)
    .innerJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .innerJoin(users, eq(users.id, enrolments.candidateId))
    .innerJoin(providers, eq(providers.id, enrolments.providerId))
    .where(eq(enrolments.id, enrolment.id))
    .get()!;
  return { id: enrolment.id, candidateNumber: enrolment.candidateNumber, status: enrolment.status, ...row };
}

const canChange = (actor: Actor, enrolment: Enrolment) => actor.role === "candidate" && enrolment.candidateId === actor.userId && enrolment.status === "active";

export type EvidenceListRow = {
  id: string;
  reference: string;
  kind: EvidenceKindName;
  title: string;
  evidenceDate: string | null;
  createdAt: number;
  versions: number;
  locked: boolean;
  codes: string[];
  witnessConfirmed: boolean;
  /** When listing for one criterion: the note saying how this evidence shows it. */
  note: string | null;
};

/**
 * The evidence of an enrolment (everyone who may see the enrolment), optionally only that mapped to
 * one criterion, with that criterion's full text.
 */
export function listEvidence(actor: Actor, enrolmentId: string, criterionId?: string | null) {
  const enrolment = enrolmentFor(actor, enrolmentId);
  const db = getDb();
  let criterion: {
    id: string;
    code: string;
    frameworkShortTitle: string;
    statement: string;
    bullets: unknown[] | null;
    status: string | null;
  } | null = null;
  if (criterionId) {
    const item = itemById(criterionId);
    if (!item || !item.assessable || !mappableFrameworks(enrolmentId).some((f) => f.frameworkId === item.frameworkId)) throw notFound();
    const full = db.select({ bullets: standardItems.bullets }).from(standardItems).where(eq(standardItems.id, criterionId)).get()!;
    const progress = db.select({ status: criterionProgress.status }).from(criterionProgress).where(and(eq(criterionProgress.enrolmentId, enrolmentId), eq(criterionProgress.itemId, criterionId))).get();
    criterion = {
      id: item.id,
      code: item.code,
      frameworkShortTitle: item.shortTitle,
      statement: item.statement ?? item.title ?? "",
      bullets: full.bullets ? (JSON.parse(full.bullets) as unknown[]) : null,
      status: progress?.status ?? null,
    };
  }
  const rows = db.$client
    .prepare(
      `select e.id, e.reference, e.kind, v.title, v.evidence_date as evidenceDate, e.created_at as createdAt, v.body,
              (select count(*) from evidence_versions x where x.evidence_id = e.id) as versions,
              exists (select 1 from evidence_versions x where x.evidence_id = e.id and x.locked_at is not null) as locked,
              (select json_group_array(code) from (select i.code from evidence_mappings m join standard_items i on i.id = m.item_id
                  join standard_frameworks f on f.id = i.framework_id where m.evidence_id = e.id order by f.short_title, i.position)) as codes,
              ${criterionId ? "(select note from evidence_mappings m where m.evidence_id = e.id and m.item_id = @criterionId)" : "null"} as note
         from evidence e join evidence_versions v on v.id = e.current_version_id
        where e.enrolment_id = @enrolmentId and e.deleted_at is null
          ${criterionId ? "and exists (select 1 from evidence_mappings m where m.evidence_id = e.id and m.item_id = @criterionId)" : ""}
        order by cast(substr(e.reference, 2) as integer)`,
    )
    .all({ enrolmentId, criterionId: criterionId ?? null }) as (Omit<EvidenceListRow, "codes" | "locked" | "witnessConfirmed"> & { codes: string; locked: number; body: string })[];
  return {
    enrolment: enrolmentSummary(enrolment),
    canChange: canChange(actor, enrolment),
    criterion,
    evidence: rows.map(({ body, ...r }): EvidenceListRow => ({
      ...r,
      codes: JSON.parse(r.codes) as string[],
      locked: r.locked === 1,
      witnessConfirmed: isConfirmedTestimony(r.kind, body),
    })),
  };
}

export type VersionView = {
  id: string;
  version: number;
  title: string;
  evidenceDate: string | null;
  body: Record<string, unknown>;
  file: { sha256: string; fileName: string; size: number; mediaType: string } | null;
  contentHash: string;
  personalData: PersonalDataFinding[];
  personalDataReason: string | null;
  createdAt: number;
  createdByName: string | null;
  lockedAt: number | null;
  current: boolean;
};

/** One piece of evidence with every version, its mappings and witness requests (for everyone who may see it). */
export function getEvidence(actor: Actor, evidenceId: string) {
  const { row, enrolment } = readableEvidence(actor, evidenceId);
  const db = getDb();
  const versions = db
    .select({ v: evidenceVersions, createdByName: users.name })
    .from(evidenceVersions)
    .leftJoin(users, eq(users.id, evidenceVersions.createdBy))
    .where(eq(evidenceVersions.evidenceId, evidenceId))
    .orderBy(sql`${evidenceVersions.version} desc`)
    .all()
    .map(({ v, createdByName }): VersionView => ({
      id: v.id,
      version: v.version,
      title: v.title,
      evidenceDate: v.evidenceDate,
      body: JSON.parse(v.body) as Record<string, unknown>,
      file: v.fileSha256 ? { sha256: v.fileSha256, fileName: v.fileName!, size: v.fileSize!, mediaType: v.mediaType! } : null,
      contentHash: v.contentHash,
      personalData: v.personalData ? (JSON.parse(v.personalData) as PersonalDataFinding[]) : [],
      personalDataReason: v.personalDataReason,
      createdAt: v.createdAt,
      createdByName,
      lockedAt: v.lockedAt,
      current: v.id === row.currentVersionId,
    }));
  const current = versions.find((v) => v.current)!;
  const witness =
    row.kind === "witness_testimony"
      ? db
          .select({ id: witnessRequests.id, witnessName: witnessRequests.witnessName, createdAt: witnessRequests.createdAt, expiresAt: witnessRequests.expiresAt, usedAt: witnessRequests.usedAt })
          .from(witnessRequests)
          .where(eq(witnessRequests.evidenceId, evidenceId))
          .orderBy(sql`${witnessRequests.createdAt} desc`)
          .all()
      : [];
  const mine = canChange(actor, enrolment);
  const locked = versions.some((v) => v.lockedAt !== null);
  const confirmed = isConfirmedTestimony(row.kind, JSON.stringify(current.body));
  return {
    enrolment: enrolmentSummary(enrolment),
    evidence: { id: row.id, reference: row.reference, kind: row.kind as EvidenceKindName, createdAt: row.createdAt },
    current,
    versions,
    mappings: mappingsOf(evidenceId),
    witnessRequests: witness,
    locked,
    witnessConfirmed: confirmed,
    can: { edit: mine && !confirmed, delete: mine && !locked, map: mine, requestWitness: mine && row.kind === "witness_testimony" },
  };
}

/** The current content of evidence, for the candidate's edit form. */
export function evidenceForEdit(actor: Actor, evidenceId: string) {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  const v = getDb().select().from(evidenceVersions).where(eq(evidenceVersions.id, row.currentVersionId!)).get()!;
  return {
    evidence: { id: row.id, reference: row.reference, kind: row.kind as EvidenceKindName, enrolmentId: row.enrolmentId },
    active: enrolment.status === "active",
    title: v.title,
    evidenceDate: v.evidenceDate,
    body: JSON.parse(v.body) as Record<string, unknown>,
    fileName: v.fileName,
    locked: v.lockedAt !== null,
    version: v.version,
    witnessConfirmed: isConfirmedTestimony(row.kind, v.body),
  };
}

/** What the delete confirmation page shows (and whether deleting is possible). */
export function evidenceForDelete(actor: Actor, evidenceId: string) {
  const { row } = candidateEvidence(actor, evidenceId);
  const v = getDb().select({ title: evidenceVersions.title }).from(evidenceVersions).where(eq(evidenceVersions.id, row.currentVersionId!)).get()!;
  return { id: row.id, reference: row.reference, kind: row.kind as EvidenceKindName, title: v.title, enrolmentId: row.enrolmentId, locked: isLocked(evidenceId), mappings: mappingsOf(evidenceId).map((m) => m.code) };
}

/** For the "add evidence" pages: the candidate's own active enrolment, and the criterion it is for (if any). */
export function newEvidenceContext(actor: Actor, enrolmentId: string, criterionId?: string | null) {
  const enrolment = candidateEnrolment(actor, enrolmentId);
  let criterion: { id: string; code: string; frameworkShortTitle: string } | null = null;
  if (criterionId) {
    const item = itemById(criterionId);
    if (item && item.assessable && mappableFrameworks(enrolmentId).some((f) => f.frameworkId === item.frameworkId)) criterion = { id: item.id, code: item.code, frameworkShortTitle: item.shortTitle };
  }
  return { enrolment: enrolmentSummary(enrolment), active: enrolment.status === "active", criterion };
}


/**
 * A candidate's own evidence mapped to one criterion, across all their enrolments (for the
 * criterion's page in the standards). Anyone who is not a candidate gets nothing.
 */
export function myEvidenceForItem(actor: Actor | null, itemId: string) {
  if (!actor || actor.role !== "candidate") return [];
  return getDb()
    .$client.prepare(
      `select e.id, e.reference, e.kind, v.title, m.note, p.title as programmeTitle, e.enrolment_id as enrolmentId
         from evidence_mappings m
         join evidence e on e.id = m.evidence_id and e.deleted_at is null
         join evidence_versions v on v.id = e.current_version_id
         join enrolments en on en.id = e.enrolment_id
         join programmes p on p.id = en.programme_id
        where m.item_id = ? and en.candidate_id = ?
        order by p.title, e.created_at`,
    )
    .all(itemId, actor.userId) as { id: string; reference: string; kind: string; title: string; note: string; programmeTitle: string; enrolmentId: string }[];
}
