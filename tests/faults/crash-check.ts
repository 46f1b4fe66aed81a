/**
 * The checks after each crash, on a read-only connection (the portal stopped, or idle after its
 * restart): SQLite integrity and foreign keys, every acknowledged sign-off and upload still there,
 * no orphan file or row, and the audit chain.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import type { Db } from "../../db/connection";
import { verifyAuditChain } from "../../app/lib/audit.server";

export type AckedSignOff = { enrolmentId: string; itemId: string; decisionId: string; cycle: number };
export type AckedUpload = { enrolmentId: string; evidenceId: string; sha256: string; size: number; cycle: number };
export type CheckResult = { lost: number; failures: number; details: string[] };

const sha256Of = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Orphan and dangling-row queries: each row returned is one problem. */
const ROW_CHECKS: [string, string][] = [
  ["evidence with no version", "select e.id from evidence e where not exists (select 1 from evidence_versions v where v.evidence_id = e.id)"],
  ["evidence whose current version is missing or another's", "select e.id from evidence e where e.current_version_id is null or not exists (select 1 from evidence_versions v where v.id = e.current_version_id and v.evidence_id = e.id)"],
  ["version of missing evidence", "select v.id from evidence_versions v where not exists (select 1 from evidence e where e.id = v.evidence_id)"],
  ["decision_evidence pointing nowhere", "select de.decision_id || ' -> ' || de.evidence_version_id from decision_evidence de where not exists (select 1 from decisions d where d.id = de.decision_id) or not exists (select 1 from evidence_versions v where v.id = de.evidence_version_id)"],
  ["decision relying on no evidence", "select d.id from decisions d where not exists (select 1 from decision_evidence de where de.decision_id = d.id)"],
  ["decision_evidence whose hash differs from the version", "select de.decision_id from decision_evidence de join evidence_versions v on v.id = de.evidence_version_id where de.content_hash <> v.content_hash or coalesce(de.file_sha256, '') <> coalesce(v.file_sha256, '')"],
  ["evidence relied on but not locked", "select v.id from decision_evidence de join evidence_versions v on v.id = de.evidence_version_id where v.locked_at is null"],
  ["criterion decided with no standing decision", "select cp.enrolment_id || '/' || cp.item_id from criterion_progress cp where cp.status in ('met', 'not_yet_met') and not exists (select 1 from decisions d where d.enrolment_id = cp.enrolment_id and d.item_id = cp.item_id and d.status = 'standing')"],
  ["standing decision whose criterion is not decided", "select d.id from decisions d left join criterion_progress cp on cp.enrolment_id = d.enrolment_id and cp.item_id = d.item_id where d.status = 'standing' and (cp.status is null or cp.status <> d.outcome) and not exists (select 1 from iqa_samples s where s.decision_id = d.id and s.outcome = 'disagree')"],
  ["more than one standing decision", "select enrolment_id || '/' || item_id from decisions where status = 'standing' group by enrolment_id, item_id having count(*) > 1"],
  ["decision with no audit event", "select d.id from decisions d where not exists (select 1 from audit_events a where a.entity = 'decision' and a.entity_id = d.id and a.action = 'decided')"],
  ["evidence with no audit event", "select e.id from evidence e where not exists (select 1 from audit_events a where a.entity = 'evidence' and a.entity_id = e.id and a.action = 'added-evidence')"],
];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]));
}

export function checkState(databasePath: string, evidenceDir: string, signOffs: AckedSignOff[], uploads: AckedUpload[], o: { evidencePerItem?: number } = {}): CheckResult {
  const details: string[] = [];
  let lost = 0;
  let failures = 0;
  const fail = (s: string) => (failures++, details.push(s));
  const loss = (s: string) => (lost++, details.push(s));
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.join() !== "ok") fail(`integrity_check: ${integrity.slice(0, 5).join("; ")}`);
    const fk = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    if (fk.length) fail(`foreign_key_check: ${fk.length} row(s), first ${fk[0].table} rowid ${fk[0].rowid} -> ${fk[0].parent}`);

    const decision = sqlite.prepare("select d.enrolment_id as e, d.item_id as i, d.status, d.outcome, (select count(*) from decision_evidence de where de.decision_id = d.id) as n from decisions d where d.id = ?");
    for (const a of signOffs) {
      const d = decision.get(a.decisionId) as { e: string; i: string; status: string; outcome: string; n: number } | undefined;
      if (!d) loss(`sign-off lost: decision ${a.decisionId} (cycle ${a.cycle}) is not in the database`);
      else if (d.e !== a.enrolmentId || d.i !== a.itemId || d.status !== "standing" || d.outcome !== "met") loss(`sign-off ${a.decisionId} (cycle ${a.cycle}) is not the standing "met" decision on ${a.itemId}: ${JSON.stringify(d)}`);
      else if (d.n === 0 || (o.evidencePerItem !== undefined && d.n !== o.evidencePerItem)) loss(`sign-off ${a.decisionId} (cycle ${a.cycle}) has ${d.n} decision_evidence row(s), expected ${o.evidencePerItem ?? "some"}`);
    }

    const upload = sqlite.prepare("select e.enrolment_id as e, e.deleted_at as deletedAt, v.file_sha256 as sha, v.file_size as size from evidence e left join evidence_versions v on v.id = e.current_version_id where e.id = ?");
    for (const a of uploads) {
      const u = upload.get(a.evidenceId) as { e: string; deletedAt: number | null; sha: string | null; size: number | null } | undefined;
      const path = join(evidenceDir, a.sha256.slice(0, 2), a.sha256);
      if (!u) loss(`upload lost: evidence ${a.evidenceId} (cycle ${a.cycle}) is not in the database`);
      else if (u.sha === null) loss(`upload ${a.evidenceId} (cycle ${a.cycle}) has no version row`);
      else if (u.e !== a.enrolmentId || u.deletedAt !== null || u.sha !== a.sha256 || u.size !== a.size) loss(`upload ${a.evidenceId} (cycle ${a.cycle}) differs: ${JSON.stringify(u)}`);
      else if (!existsSync(path)) loss(`upload ${a.evidenceId} (cycle ${a.cycle}): file ${a.sha256} is missing from disk`);
      else if (sha256Of(path) !== a.sha256) loss(`upload ${a.evidenceId} (cycle ${a.cycle}): file ${a.sha256} on disk has other bytes`);
    }

    for (const [what, query] of ROW_CHECKS) {
      const rows = sqlite.prepare(query).pluck().all() as string[];
      if (rows.length) fail(`orphan/dangling row: ${what}: ${rows.length} (${rows.slice(0, 3).join(", ")})`);
    }

    // Files: every referenced file present with its bytes; every file on disk referenced.
    const referenced = new Set(sqlite.prepare("select distinct file_sha256 from evidence_versions where file_sha256 is not null").pluck().all() as string[]);
    const live = sqlite.prepare("select distinct file_sha256 from evidence_versions where file_sha256 is not null and file_removed_at is null").pluck().all() as string[];
    for (const sha of live) {
      const path = join(evidenceDir, sha.slice(0, 2), sha);
      if (!existsSync(path)) fail(`orphan row: evidence version refers to file ${sha}, which is not on disk`);
      else if (sha256Of(path) !== sha) fail(`file ${sha} on disk does not match its name`);
    }
    for (const path of listFiles(evidenceDir)) {
      const rel = path.slice(evidenceDir.length + 1);
      const m = /^([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(rel);
      if (rel.startsWith("tmp/")) fail(`orphan file: temporary upload ${rel} (${statSync(path).size} bytes) left after restart`);
      else if (!m || m[1] !== m[2].slice(0, 2)) fail(`orphan file: unexpected ${rel}`);
      else if (!referenced.has(m[2])) fail(`orphan file: ${rel} is referenced by no evidence version`);
    }

    const chain = verifyAuditChain(drizzle(sqlite, { schema }) as unknown as Db);
    if (!chain.ok) fail(`audit chain broken at event ${chain.brokenAt}: ${chain.reason}`);
  } finally {
    sqlite.close();
  }
  return { lost, failures, details };
}
