/**
 * After the seed: the portal's own audit chain check, foreign keys, and SQLite's quick_check (every
 * page and record well formed). Not the full integrity_check: its extra work, matching every index
 * entry to its row, took 20–50 s of a 160 s seed on 2.2 GB whose indexes SQLite has just built from
 * those rows; tests/integration/seed-large.test.ts runs the full check on a small seed.
 */
import type { Db } from "../../db/connection";
import { verifyAuditChain } from "../../app/lib/audit.server";

export type CheckResult = { auditEvents: number; foreignKeyViolations: number; integrity: string };

export function checkDatabase(db: Db): CheckResult {
  const chain = verifyAuditChain(db);
  if (!chain.ok) throw new Error(`Audit chain broken at event ${chain.brokenAt}: ${chain.reason}`);
  const fk = db.$client.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
  if (fk.length) throw new Error(`${fk.length} foreign key violation(s), e.g. ${fk.slice(0, 3).map((v) => `${v.table} row ${v.rowid} → ${v.parent}`).join(", ")}`);
  const integrity = db.$client.pragma("quick_check", { simple: true }) as string;
  if (integrity !== "ok") throw new Error(`quick_check: ${integrity}`);
  return { auditEvents: chain.events, foreignKeyViolations: 0, integrity };
}
