/**
 * The audit trail: every state change writes an event in the same transaction.
 * Each event's hash is SHA-256 over the previous hash and the event's own fields, so removing,
 * reordering or editing an event breaks the chain; verifyAuditChain finds where.
 */
import { createHash } from "node:crypto";
import { desc } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents } from "../../db/schema";

export const GENESIS = "0".repeat(64);

export type AuditInput = {
  actorId: string | null;
  /** The role the actor acted in (see `auditActor`); null for the system or a witness. */
  actorRole?: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  providerId?: string | null;
  details?: Record<string, unknown>;
};

type Row = typeof auditEvents.$inferSelect;

function hashOf(prevHash: string, e: Omit<Row, "seq" | "hash" | "prevHash">): string {
  const body = JSON.stringify([prevHash, e.at, e.actorId, e.actorRole, e.action, e.entity, e.entityId, e.providerId, e.details]);
  return createHash("sha256").update(body).digest("hex");
}

/** Who did it, for an audit event: the acting user and the role they acted in. */
export const auditActor = (actor: { userId: string; role: string }) => ({ actorId: actor.userId, actorRole: actor.role });

/** Call inside the transaction that makes the change. */
export function recordAudit(db: Db, input: AuditInput, at = Date.now()): void {
  const last = db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  const prevHash = last?.hash ?? GENESIS;
  const event = {
    at,
    actorId: input.actorId,
    actorRole: input.actorRole ?? null,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId ?? null,
    providerId: input.providerId ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
  db.insert(auditEvents).values({ ...event, prevHash, hash: hashOf(prevHash, event) }).run();
}

export type ChainResult = { ok: true; events: number } | { ok: false; events: number; brokenAt: number; reason: string };

export function verifyAuditChain(db: Db): ChainResult {
  let prev = GENESIS;
  let count = 0;
  // Streamed row by row: the chain can be millions of events long.
  const rows = db.$client
    .prepare("SELECT seq, at, actor_id AS actorId, actor_role AS actorRole, action, entity, entity_id AS entityId, provider_id AS providerId, details, prev_hash AS prevHash, hash FROM audit_events ORDER BY seq")
    .iterate() as IterableIterator<Row>;
  for (const row of rows) {
    count++;
    if (row.prevHash !== prev) return { ok: false, events: count, brokenAt: row.seq, reason: "previous hash does not match (an event was removed or reordered)" };
    if (hashOf(row.prevHash, row) !== row.hash) return { ok: false, events: count, brokenAt: row.seq, reason: "hash does not match the event (it was edited)" };
    prev = row.hash;
  }
  return { ok: true, events: count };
}
