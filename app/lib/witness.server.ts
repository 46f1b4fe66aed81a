/**
 * Witness testimony: the candidate gets a single-use link (valid for 14 days, only its SHA-256
 * stored) to pass on to the witness they named. The witness, with no account, reads what they are
 * asked to confirm, confirms or corrects it and gives their details; that makes a new version of
 * the evidence, and the link stops working.
 *
 * The witness sees the candidate only as "the candidate" and the provider's name, never the
 * candidate's name. Their confirmation is audited with no actor (they have no account) and with the
 * witness's name and role in the event's details.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { immediate } from "../../db/connection";
import { enrolments, evidence, evidenceVersions, providers, witnessRequests } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { newId, newToken, sha256, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { candidateEvidence, contentHash, EvidenceError, scanTexts, type PersonalDataFinding, type WitnessBody } from "./evidence.server";
import { LIMITS, WITNESS_LINK_DAYS } from "./evidence-kinds";

export { WITNESS_LINK_DAYS };
const WITNESS_LINK_MS = WITNESS_LINK_DAYS * 24 * 60 * 60 * 1000;

/**
 * Makes a new link for the witness named in a witness testimony, returning the token once.
 * Any earlier link for this evidence that is still out stops working.
 */
export function requestWitness(actor: Actor, evidenceId: string, now = Date.now()): { token: string; expiresAt: number; witnessName: string } {
  const { row, enrolment } = candidateEvidence(actor, evidenceId);
  if (row.kind !== "witness_testimony") throw new EvidenceError("Only a witness testimony can be confirmed by a witness.");
  if (enrolment.status !== "active") throw new EvidenceError("This enrolment is no longer active, so no witness can be asked to confirm evidence.");
  const db = getDb();
  const token = newToken();
  const expiresAt = now + WITNESS_LINK_MS;
  return immediate(db, () => {
    const current = db.select().from(evidenceVersions).where(eq(evidenceVersions.id, db.select({ id: evidence.currentVersionId }).from(evidence).where(eq(evidence.id, evidenceId)).get()!.id!)).get()!;
    const body = JSON.parse(current.body) as WitnessBody;
    db.update(witnessRequests)
      .set({ expiresAt: now })
      .where(and(eq(witnessRequests.evidenceId, evidenceId), isNull(witnessRequests.usedAt), gt(witnessRequests.expiresAt, now)))
      .run();
    const id = newId();
    db.insert(witnessRequests)
      .values({ id, evidenceId, tokenHash: sha256(token), witnessName: body.witnessName, witnessRole: body.witnessRole, relationship: body.relationship, createdAt: now, expiresAt, usedAt: null })
      .run();
    recordAudit(db, { ...auditActor(actor), action: "requested-witness-testimony", entity: "evidence", entityId: evidenceId, providerId: enrolment.providerId, details: { requestId: id, reference: row.reference, version: current.version, expiresAt } }, now);
    return { token, expiresAt, witnessName: body.witnessName };
  });
}

type RequestState =
  | { status: "unknown" }
  | { status: "used" }
  | { status: "expired" }
  | { status: "open"; request: typeof witnessRequests.$inferSelect; evidenceRow: typeof evidence.$inferSelect; version: typeof evidenceVersions.$inferSelect; providerId: string; providerName: string };

function lookUp(token: string, now: number): RequestState {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) return { status: "unknown" };
  const db = getDb();
  const row = db
    .select({ request: witnessRequests, evidenceRow: evidence, version: evidenceVersions, providerId: providers.id, providerName: providers.name })
    .from(witnessRequests)
    .innerJoin(evidence, eq(evidence.id, witnessRequests.evidenceId))
    .innerJoin(evidenceVersions, eq(evidenceVersions.id, evidence.currentVersionId))
    .innerJoin(enrolments, eq(enrolments.id, evidence.enrolmentId))
    .innerJoin(providers, eq(providers.id, enrolments.providerId))
    .where(eq(witnessRequests.tokenHash, sha256(token)))
    .get();
  if (!row) return { status: "unknown" };
  if (row.request.usedAt !== null) return { status: "used" };
  if (row.request.expiresAt <= now || row.evidenceRow.deletedAt !== null) return { status: "expired" };
  return { status: "open", ...row };
}

export type WitnessView =
  | { status: "unknown" | "used" | "expired" }
  | {
      status: "open";
      providerName: string;
      title: string;
      evidenceDate: string | null;
      whatWitnessed: string;
      /** What the testimony box starts with: an earlier confirmed testimony, or the candidate's description. */
      testimony: string;
      witnessName: string;
      witnessRole: string;
      relationship: string;
      expiresAt: number;
    };

/** What a witness sees through their link (no account; nothing about the candidate but "the candidate"). */
export function witnessView(token: string, now = Date.now()): WitnessView {
  const state = lookUp(token, now);
  if (state.status !== "open") return { status: state.status };
  const body = JSON.parse(state.version.body) as WitnessBody;
  return {
    status: "open",
    providerName: state.providerName,
    title: state.version.title,
    evidenceDate: state.version.evidenceDate,
    whatWitnessed: body.whatWitnessed,
    testimony: body.testimony ?? body.whatWitnessed,
    witnessName: body.witnessName,
    witnessRole: body.witnessRole,
    relationship: body.relationship,
    expiresAt: state.request.expiresAt,
  };
}

const required = (missing: string, label: string, max: number) =>
  z.string({ message: missing }).trim().min(1, missing).max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`);

export const witnessInput = z.object({
  testimony: required("Enter your testimony: what you saw the candidate do", "Your testimony", LIMITS.longText),
  witnessName: required("Enter your full name", "Your name", LIMITS.name),
  witnessRole: required("Enter your role", "Your role", LIMITS.role),
  relationship: required("Enter how you know the candidate's work", "How you know the candidate's work", LIMITS.shortText),
  declaration: z.literal("confirmed", { message: "Confirm that this testimony is true and that you saw the practice yourself" }),
  personalDataReason: z
    .string()
    .trim()
    .max(LIMITS.reason, `Reason must be ${LIMITS.reason} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type WitnessInput = z.input<typeof witnessInput>;

export type ConfirmResult =
  | { ok: true }
  | { ok: false; status: "unknown" | "used" | "expired" }
  | { ok: false; status: "open"; personalData: PersonalDataFinding[] }
  | { ok: false; status: "open"; errors: Record<string, string[]> };

/**
 * The witness confirms (or corrects) the testimony: a new version of the evidence with their words
 * and details and when they confirmed; the link is then used up.
 */
export function confirmTestimony(token: string, raw: WitnessInput, now = Date.now()): ConfirmResult {
  const parsed = witnessInput.safeParse(raw);
  const first = lookUp(token, now);
  if (first.status !== "open") return { ok: false, status: first.status };
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (errors[String(i.path[0] ?? "form")] ??= []).push(i.message);
    return { ok: false, status: "open", errors };
  }
  const input = parsed.data;
  const findings = scanTexts([
    ["testimony", input.testimony],
    ["witnessName", input.witnessName],
    ["witnessRole", input.witnessRole],
    ["relationship", input.relationship],
  ]);
  if (findings.length && !input.personalDataReason) return { ok: false, status: "open", personalData: findings };

  const db = getDb();
  return immediate(db, (): ConfirmResult => {
    const state = lookUp(token, now); // again, inside the transaction: the link works once
    if (state.status !== "open") return { ok: false, status: state.status };
    const { request, evidenceRow, version: current } = state;
    const previous = JSON.parse(current.body) as WitnessBody;
    const body: WitnessBody = {
      whatWitnessed: previous.whatWitnessed,
      witnessName: input.witnessName,
      witnessRole: input.witnessRole,
      relationship: input.relationship,
      testimony: input.testimony,
      witnessConfirmedAt: now,
      witnessRequestId: request.id,
    };
    const versionId = newId();
    const version = (db.$client.prepare("select max(version) as v from evidence_versions where evidence_id = ?").get(evidenceRow.id) as { v: number }).v + 1;
    const hash = contentHash({ kind: evidenceRow.kind, title: current.title, evidenceDate: current.evidenceDate, body, fileSha256: null });
    db.insert(evidenceVersions)
      .values({
        id: versionId,
        evidenceId: evidenceRow.id,
        version,
        title: current.title,
        body: JSON.stringify(body),
        evidenceDate: current.evidenceDate,
        fileSha256: null,
        fileName: null,
        fileSize: null,
        mediaType: null,
        contentHash: hash,
        personalData: findings.length ? JSON.stringify(findings) : null,
        personalDataReason: findings.length ? input.personalDataReason! : null,
        createdAt: now,
        createdBy: null,
        lockedAt: null,
      })
      .run();
    db.update(evidence).set({ currentVersionId: versionId }).where(eq(evidence.id, evidenceRow.id)).run();
    db.update(witnessRequests).set({ usedAt: now }).where(eq(witnessRequests.id, request.id)).run();
    db.update(enrolments).set({ revision: sql`${enrolments.revision} + 1` }).where(eq(enrolments.id, evidenceRow.enrolmentId)).run();
    recordAudit(
      db,
      {
        actorId: null,
        action: "confirmed-witness-testimony",
        entity: "evidence",
        entityId: evidenceRow.id,
        providerId: state.providerId,
        details: { by: "witness", requestId: request.id, witness: { name: input.witnessName, role: input.witnessRole }, reference: evidenceRow.reference, version, contentHash: hash, personalDataKept: findings.map((f) => f.kind) },
      },
      now,
    );
    return { ok: true };
  });
}
