/**
 * `npm run seed:large`: a separate, large database made through the portal's tables and rules, for
 * the benchmark (scripts/bench.ts), described by DIR/bench.json. See scripts/seed-large.ts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../db/connection";
import { migrate } from "../../db/migrate";
import { hashPassword } from "../../app/lib/password.server";
import { importStandardsIfChanged } from "../import-standards";
import { AuditLog } from "./audit";
import { checkDatabase, type CheckResult } from "./checks";
import { seedCohort, type CohortResult } from "./cohort";
import { writeEvidenceFiles } from "./files";
import type { SeedOptions } from "./options";
import { Progress } from "./progress";
import { Random } from "../lib/random";
import { loadStandards } from "./standards";
import { checkTexts } from "./texts";
import { Writer } from "./writer";

export type BenchManifest = {
  databasePath: string;
  evidenceDir: string;
  providers: number;
  candidates: number;
  evidenceItems: number;
  mappings: number;
  decisions: number;
  auditEvents: number;
  password: string;
} & CohortResult;

export type SeedResult = { manifest: BenchManifest; manifestPath: string; seconds: number; checks: CheckResult | null; bytes: number; rows: Record<string, number> };

function prepareOut(o: SeedOptions) {
  const databasePath = join(o.out, "portal.db");
  const evidenceDir = join(o.out, "evidence");
  if (existsSync(databasePath) && statSync(databasePath).size > 0) {
    if (!o.force) throw new Error(`${databasePath} already exists. Use --force to delete it and seed again, or --out for another folder.`);
  }
  for (const f of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`, join(o.out, "bench.json")]) rmSync(f, { force: true });
  rmSync(evidenceDir, { recursive: true, force: true });
  mkdirSync(evidenceDir, { recursive: true });
  return { databasePath, evidenceDir };
}

export async function seedLarge(o: SeedOptions): Promise<SeedResult> {
  const progress = new Progress(o.quiet);
  checkTexts();
  const { databasePath, evidenceDir } = prepareOut(o);
  const password = randomBytes(18).toString("base64url");
  const hashing = hashPassword(password);

  progress.start("migrate and standards", 2);
  const db = openDatabase(databasePath);
  migrate(db);
  progress.tick(1);
  importStandardsIfChanged(db, { force: true });
  progress.end();
  const passwordHash = await hashing;

  const sqlite = db.$client;
  // Only while seeding: no fsync, no foreign key checks per row (checked whole afterwards), a big cache.
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("cache_size = -524288");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("threads = 2");
  const writer = new Writer(sqlite);
  writer.dropIndexes();
  const audit = new AuditLog();
  const std = loadStandards(db);
  const files = writeEvidenceFiles(evidenceDir);
  const now = Date.now();
  const cohort = seedCohort({ w: writer, audit, std }, new Random(o.seed), o, passwordHash, files, progress, now);
  audit.writeChain(writer, progress);

  progress.start("indexes", writer.deferredCount);
  writer.createIndexes(() => progress.tick(1));
  progress.end();
  progress.start("analyze", 1);
  sqlite.exec("ANALYZE");
  progress.end();
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");

  let checks: CheckResult | null = null;
  if (o.verify) {
    progress.start("checks", 1);
    checks = checkDatabase(db);
    progress.end();
  }

  const count = (table: string, where = "") => (sqlite.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
  const rows: Record<string, number> = {};
  for (const t of ["users", "enrolments", "evidence", "evidence_versions", "evidence_mappings", "criterion_progress", "submissions", "decisions", "decision_evidence", "iqa_samples", "notifications", "courses", "course_coverage", "trainers", "audit_events"]) rows[t] = count(t);
  const manifest: BenchManifest = {
    databasePath,
    evidenceDir,
    providers: count("providers"),
    candidates: count("memberships", "WHERE role = 'candidate'"),
    evidenceItems: rows.evidence,
    mappings: rows.evidence_mappings,
    decisions: rows.decisions,
    auditEvents: rows.audit_events,
    password,
    ...cohort,
  };
  sqlite.close();
  const manifestPath = join(o.out, "bench.json");
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n", { mode: 0o600 });
  return { manifest, manifestPath, seconds: (performance.now() - progress.started) / 1000, checks, bytes: statSync(databasePath).size, rows };
}
