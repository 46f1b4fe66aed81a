/**
 * The audit trail of the seeded history. Events are staged as they are made (in a separate
 * in-memory database), then written to audit_events in time order, each hash-chained to the one
 * before exactly as recordAudit (app/lib/audit.server.ts) does, with its own hash function.
 */
import Database from "better-sqlite3";
import { GENESIS, hashOf, type AuditInput } from "../../app/lib/audit.server";
import type { Progress } from "./progress";
import type { Writer } from "./writer";

export type Actor = { userId: string; role: string };
/** Who did it, as auditActor() gives it. */
export const by = (a: Actor) => ({ actorId: a.userId, actorRole: a.role });

export class AuditLog {
  private readonly stage = new Database(":memory:");
  private readonly insert;
  count = 0;

  constructor() {
    this.stage.pragma("journal_mode = OFF");
    this.stage.pragma("synchronous = OFF");
    this.stage.exec("CREATE TABLE e (at INTEGER NOT NULL, actor_id TEXT, actor_role TEXT, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, provider_id TEXT, details TEXT NOT NULL)");
    this.insert = this.stage.prepare("INSERT INTO e VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.stage.exec("BEGIN");
  }

  /** The same input recordAudit takes, with the time it happened. */
  record(input: AuditInput, at: number) {
    this.insert.run(at, input.actorId, input.actorRole ?? null, input.action, input.entity, input.entityId ?? null, input.providerId ?? null, JSON.stringify(input.details ?? {}));
    if (++this.count % 100_000 === 0) {
      this.stage.exec("COMMIT");
      this.stage.exec("BEGIN");
    }
  }

  /** Writes every staged event, oldest first (ties in the order they were made), on the chain. */
  writeChain(writer: Writer, progress: Progress): number {
    this.stage.exec("COMMIT");
    progress.start("audit trail", this.count);
    let prev = GENESIS;
    let n = 0;
    const rows = this.stage.prepare("SELECT at, actor_id AS actorId, actor_role AS actorRole, action, entity, entity_id AS entityId, provider_id AS providerId, details FROM e ORDER BY at, rowid").iterate() as IterableIterator<{
      at: number; actorId: string | null; actorRole: string | null; action: string; entity: string; entityId: string | null; providerId: string | null; details: string;
    }>;
    for (const e of rows) {
      const hash = hashOf(prev, e);
      writer.row("audit_events", e.at, e.actorId, e.actorRole, e.action, e.entity, e.entityId, e.providerId, e.details, prev, hash);
      prev = hash;
      if (++n % 20_000 === 0) progress.tick(20_000, 20_000);
    }
    writer.commit();
    progress.end();
    this.stage.close();
    return n;
  }
}
