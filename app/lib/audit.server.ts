/**
 * The audit trail: every state change writes an event in the same transaction.
 * Each event's hash is SHA-256 over the previous hash and the event's own fields, so removing,
 * reordering or editing an event breaks the chain; verifyAuditChain finds where.
 */
import { createHash } from "node:crypto";
import { desc } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents } from "../../db/schema";
import { getDb } from "./db.server";
import { forbidden } from "./http.server";

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

// ---- reading the trail ------------------------------------------------------------------------

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = { action?: string; actor?: string; from?: string; to?: string; page?: number };

/** London midnight of a YYYY-MM-DD date, as epoch milliseconds. */
function londonMidnight(date: string): number {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", timeZoneName: "shortOffset" }).formatToParts(new Date(utc)).find((p) => p.type === "timeZoneName")?.value;
  const hours = offset && offset !== "GMT" ? Number(offset.replace("GMT", "")) : 0;
  return utc - hours * 3600_000;
}

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
    args.push(`%${filters.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
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
  const page = Math.max(1, filters.page ?? 1);
  const sqlite = db.$client;
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id ${clause}`).get(...args) as { n: number }).n;
  const rows = sqlite
    .prepare(
      `SELECT e.seq, e.at, u.name AS actorName, e.actor_role AS actorRole, e.action, e.entity, e.entity_id AS entityId, e.details
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id ${clause}
        ORDER BY e.seq DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE) as AuditRow[];
  const actions = (sqlite.prepare(`SELECT DISTINCT action FROM audit_events e ${actor.role === "provider_admin" ? "WHERE e.provider_id = ?" : ""} ORDER BY action`).all(...(actor.role === "provider_admin" ? [actor.providerId!] : [])) as { action: string }[]).map((r) => r.action);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), actions };
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
