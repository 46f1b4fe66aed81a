/** After the seed: the portal's own audit chain check, foreign keys and SQLite's integrity check. */
import type { Db } from "../../db/connection";
import { verifyAuditChain } from "../../app/lib/audit.server";

export type CheckResult = { auditEvents: number; foreignKeyViolations: number; integrity: string };

export function checkDatabase(db: Db): CheckResult {
  const chain = verifyAuditChain(db);
  if (!chain.ok) throw new Error(`Audit chain broken at event ${chain.brokenAt}: ${chain.reason}`);
  const fk = db.$client.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
  if (fk.length) throw new Error(`${fk.length} foreign key violation(s), e.g. ${fk.slice(0, 3).map((v) => `${v.table} row ${v.rowid} → ${v.parent}`).join(", ")}`);
  const integrity = db.$client.pragma("integrity_check", { simple: true }) as string;
  if (integrity !== "ok") throw new Error(`integrity_check: ${integrity}`);
  return { auditEvents: chain.events, foreignKeyViolations: 0, integrity };
}
