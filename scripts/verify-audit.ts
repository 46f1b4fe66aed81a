/**
 * Checks the whole audit chain of a database: each event's hash covers the previous event's hash
 * and its own fields, so an edited, deleted or reordered event breaks it.
 *   npm run audit:verify -- --db PATH      (default: DATABASE_PATH)
 * Exits 0 when the chain verifies; otherwise 1, naming the first event that does not verify.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/connection";
import { verifyAuditChain } from "../app/lib/audit.server";
import { config } from "../app/lib/config.server";

const { values } = parseArgs({ options: { db: { type: "string" } } });
const path = values.db ?? config().databasePath;
if (!existsSync(path)) {
  console.error(`No database at ${path}`);
  process.exit(2);
}
const db = openDatabase(path, { readonly: true });
const result = verifyAuditChain(db);
if (result.ok) {
  console.log(`Audit chain verified: ${result.events} event(s) in ${path}`);
} else {
  const event = db.$client.prepare("SELECT seq, at, action, entity, entity_id AS entityId FROM audit_events WHERE seq = ?").get(result.brokenAt) as
    | { seq: number; at: number; action: string; entity: string; entityId: string | null }
    | undefined;
  console.error(`Audit chain BROKEN at event ${result.brokenAt}${event ? ` (${event.action} ${event.entity} ${event.entityId ?? ""} at ${new Date(event.at).toISOString()})` : ""}: ${result.reason}.`);
  console.error(`${result.events - 1} event(s) before it verified.`);
  process.exitCode = 1;
}
db.$client.close();
