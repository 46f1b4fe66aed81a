/**
 * The audit trail: every state change writes an event in the same transaction.
 * Each event's hash is SHA-256 over the previous hash and the event's own fields, so removing,
 * reordering or editing an event breaks the chain; verifyAuditChain finds where.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../db/connection";
import type { auditEvents } from "../../db/schema";
import { getDb } from "./db.server";
import { forbidden } from "./http.server";
import { londonMidnight } from "./london";
import { containsPattern, pageWindow } from "./paging";
import { preparedStatements } from "./statements.server";

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

/** The hash of an event on the chain (exported for batch writers such as scripts/seed-large, which must chain exactly as recordAudit does). */
export function hashOf(prevHash: string, e: Omit<Row, "seq" | "hash" | "prevHash">): string {
  const body = JSON.stringify([prevHash, e.at, e.actorId, e.actorRole, e.action, e.entity, e.entityId, e.providerId, e.details]);
  return createHash("sha256").update(body).digest("hex");
}

/** Who did it, for an audit event: the acting user and the role they acted in. */
export const auditActor = (actor: { userId: string; role: string }) => ({ actorId: actor.userId, actorRole: actor.role });

const q = preparedStatements({
  last: "SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1",
  insert: `INSERT INTO audit_events (at, actor_id, actor_role, action, entity, entity_id, provider_id, details, prev_hash, hash)
           VALUES (@at, @actorId, @actorRole, @action, @entity, @entityId, @providerId, @details, @prevHash, @hash)`,
});

/**
 * Call inside the transaction that makes the change. The previous hash is read in that transaction
 * (under its write lock), never remembered between calls: other processes append to the chain too.
 */
export function recordAudit(db: Db, input: AuditInput, at = Date.now()): void {
  const last = q(db, "last").get() as { hash: string } | undefined;
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
  q(db, "insert").run({ ...event, prevHash, hash: hashOf(prevHash, event) });
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

// ---- reading the trail ------------------------------------------------------------------------

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = { action?: string; actor?: string; from?: string; to?: string; page?: number };

export type AuditRow = { seq: number; at: number; actorName: string | null; actorRole: string | null; action: string; entity: string; entityId: string | null; details: string };

/**
 * The audit trail a provider admin may read: events of their own provider, newest first, filtered.
 * An admin reads the whole trail.
 */
export function auditTrail(actor: { role: string; providerId: string | null }, filters: AuditFilters) {
  if (actor.role !== "provider_admin" && actor.role !== "admin") throw forbidden();
  const db = getDb();
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (actor.role === "provider_admin") {
    where.push("e.provider_id = ?");
    args.push(actor.providerId!);
  }
  if (filters.action) {
    where.push("e.action = ?");
    args.push(filters.action);
  }
  if (filters.actor) {
    where.push("u.name LIKE ? ESCAPE '\\'");
    args.push(containsPattern(filters.actor));
  }
  if (filters.from) {
    where.push("e.at >= ?");
    args.push(londonMidnight(filters.from));
  }
  if (filters.to) {
    where.push("e.at < ?");
    args.push(londonMidnight(filters.to) + 86_400_000);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const sqlite = db.$client;
  // Counting joins the people only when filtering by one: a join over 1.5 million events costs seconds.
  const people = filters.actor ? "LEFT JOIN users u ON u.id = e.actor_id" : "";
  const total = sqlite.prepare(`SELECT count(*) FROM audit_events e ${people} ${clause}`).pluck().get(...args) as number;
  const { page, pages, offset } = pageWindow(total, AUDIT_PAGE_SIZE, filters.page);
  const rows = sqlite
    .prepare(
      `SELECT e.seq, e.at, u.name AS actorName, e.actor_role AS actorRole, e.action, e.entity, e.entity_id AS entityId, e.details
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id ${clause}
        ORDER BY e.seq DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, AUDIT_PAGE_SIZE, offset) as AuditRow[];
  return { rows, total, page, pages, actions: auditActions(db, actor.role === "provider_admin" ? actor.providerId! : null) };
}

/**
 * The actions recorded (of one provider, or all), in order: skips through the audit_events_action
 * index from one action to the next, a few dozen lookups instead of reading every event.
 */
function auditActions(db: Db, providerId: string | null): string[] {
  return db.$client
    .prepare(
      `WITH RECURSIVE a(action) AS (
         SELECT min(action) FROM audit_events
         UNION ALL
         SELECT (SELECT min(x.action) FROM audit_events x WHERE x.action > a.action) FROM a WHERE a.action IS NOT NULL)
       SELECT action FROM a
        WHERE action IS NOT NULL AND (@providerId IS NULL OR EXISTS (SELECT 1 FROM audit_events e WHERE e.action = a.action AND e.provider_id = @providerId))`,
    )
    .pluck()
    .all({ providerId }) as string[];
}

/** Everything recorded about one enrolment (its record's history), oldest first. Caller checks access. */
export function enrolmentTrail(enrolmentId: string): AuditRow[] {
  return getDb().$client
    .prepare(
      `SELECT e.seq, e.at, u.name AS actorName, e.actor_role AS actorRole, e.action, e.entity, e.entity_id AS entityId, e.details
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE (e.entity = 'enrolment' AND e.entity_id = ?) OR json_extract(e.details, '$.enrolmentId') = ?
        ORDER BY e.seq`,
    )
    .all(enrolmentId, enrolmentId) as AuditRow[];
}
