/**
 * Backup and restore of the whole portal: the SQLite database and the evidence files it refers to.
 *
 * A backup is taken ONLINE, while the portal serves:
 *  1. SQLite's backup API (better-sqlite3 `db.backup`) copies DATABASE_PATH page by page into
 *     <tmp>/portal.db. The copy is one consistent snapshot: a write by another connection during
 *     the copy makes SQLite restart it, and the last step copies every remaining page at once.
 *  2. The evidence files to copy are read FROM THE COPY (every file_sha256 of a version whose file
 *     has not been removed), so the files match the snapshot, not whatever the live database says a
 *     moment later. Each is copied to <tmp>/evidence/<aa>/<sha256> and its bytes are hashed on the
 *     way: a file whose content does not match its name is reported, not copied.
 *  3. <tmp>/manifest.json records when, the migrations the database has had, the database file's
 *     SHA-256, every file's hash and size, a row count and content checksum per table, and the head
 *     of the audit chain; the manifest carries a checksum of itself.
 *  4. <tmp> is renamed to the requested folder only at the end, so a half-made backup never looks
 *     like a backup.
 *
 * A restore checks everything BEFORE it changes anything (manifest readable and unaltered,
 * database hash, PRAGMA integrity_check, per-table checksums, every file present and hashing to its
 * name, the audit chain of the copy), then writes evidence files (each through a temporary file and
 * a rename) and the database (to a temporary file, then renamed over DATABASE_PATH), and finally
 * verifies the restored database gives the same per-table results and a verifying audit chain.
 * The portal must not be running against the target while it restores.
 */
import Database from "better-sqlite3";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { z } from "zod";
import type { Db } from "../../db/connection";
import { MIGRATIONS_DIR } from "../../db/migrate";
import * as schema from "../../db/schema";
import { verifyAuditChain } from "./audit.server";

export const MANIFEST = "manifest.json";
export const DATABASE_FILE = "portal.db";
export const EVIDENCE_FOLDER = "evidence";
const FORMAT = 1;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export class BackupError extends Error {
  name = "BackupError";
}
/** A backup that must not be restored; nothing was changed. */
export class RestoreRefused extends Error {
  name = "RestoreRefused";
}

// ---- per-table digests ---------------------------------------------------------------------------

export type TableDigest = { rows: number; sha256: string };

/**
 * A row count and a SHA-256 over every row of every table (in rowid order, or by every column for
 * WITHOUT ROWID tables), FTS shadow tables included. Equal digests mean equal query results.
 * Streamed row by row, so a large table is never held in memory.
 */
export function tableDigests(sqlite: Database.Database): Record<string, TableDigest> {
  const tables = (sqlite.pragma("table_list") as { schema: string; name: string; type: string; ncol: number; wr: number }[])
    .filter((t) => t.schema === "main" && (t.type === "table" || t.type === "shadow") && !/^sqlite_(schema|master|temp_schema|stat\d)$/.test(t.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Record<string, TableDigest> = {};
  for (const t of tables) {
    const quoted = `"${t.name.replace(/"/g, '""')}"`;
    const order = t.wr ? Array.from({ length: t.ncol }, (_, i) => i + 1).join(", ") : "rowid";
    const hash = createHash("sha256");
    let rows = 0;
    const statement = sqlite.prepare(`SELECT * FROM ${quoted} ORDER BY ${order}`).raw(true);
    for (const row of statement.iterate() as IterableIterator<unknown[]>) {
      rows++;
      hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? `x'${v.toString("hex")}'` : typeof v === "bigint" ? v.toString() : v))));
      hash.update("\n");
    }
    out[t.name] = { rows, sha256: hash.digest("hex") };
  }
  return out;
}

/** The hashes of the migrations the database has had, in order. */
function appliedMigrations(sqlite: Database.Database): string[] {
  try {
    return (sqlite.prepare("SELECT hash FROM __drizzle_migrations ORDER BY id").all() as { hash: string }[]).map((r) => r.hash);
  } catch {
    return [];
  }
}

/** Evidence files a database still needs: those of versions whose file has not been removed. */
export function referencedFiles(sqlite: Database.Database): string[] {
  return (sqlite.prepare("SELECT DISTINCT file_sha256 AS sha FROM evidence_versions WHERE file_sha256 IS NOT NULL AND file_removed_at IS NULL ORDER BY 1").all() as { sha: string }[]).map((r) => r.sha);
}

const asDb = (sqlite: Database.Database) => drizzle(sqlite, { schema }) as unknown as Db;

function auditHead(sqlite: Database.Database) {
  const last = sqlite.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
  return { headSeq: last?.seq ?? 0, headHash: last?.hash ?? null };
}

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size };
}

async function fsyncPath(path: string) {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies a file while hashing it, through a temporary name, then renames it into place. */
async function copyHashed(from: string, to: string): Promise<{ sha256: string; size: number }> {
  await mkdir(dirname(to), { recursive: true });
  const temp = `${to}.part-${randomBytes(6).toString("hex")}`;
  const hash = createHash("sha256");
  let size = 0;
  try {
    await pipeline(
      createReadStream(from, { highWaterMark: 1024 * 1024 }),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(temp, { flags: "wx" }),
    );
    await fsyncPath(temp);
    await rename(temp, to);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  return { sha256: hash.digest("hex"), size };
}

// ---- the manifest --------------------------------------------------------------------------------

const digestSchema = z.object({ rows: z.number().int().nonnegative(), sha256: z.string().regex(SHA256_HEX) });
export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  createdAt: z.string(),
  migrations: z.array(z.string()),
  database: z.object({ file: z.literal(DATABASE_FILE), sha256: z.string().regex(SHA256_HEX), size: z.number().int().positive() }),
  files: z.array(z.object({ sha256: z.string().regex(SHA256_HEX), size: z.number().int().nonnegative() })),
  missingFiles: z.array(z.string()),
  tables: z.record(z.string(), digestSchema),
  auditChain: z.object({ events: z.number().int().nonnegative(), headSeq: z.number().int().nonnegative(), headHash: z.string().nullable(), verified: z.boolean() }),
  /** SHA-256 of the canonical JSON of everything above: an edited manifest is refused. */
  checksum: z.string().regex(SHA256_HEX),
});
export type Manifest = z.infer<typeof manifestSchema>;

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(",")}}`;
}
const manifestChecksum = (m: Omit<Manifest, "checksum">) => createHash("sha256").update(canonical(m)).digest("hex");

// ---- backup ----------------------------------------------------------------------------------------

export type BackupOptions = { databasePath: string; evidenceDir: string; outDir: string; now?: Date; log?: (line: string) => void };
export type BackupResult = { outDir: string; manifest: Manifest };

/**
 * Takes a backup of a live portal into `outDir` (which must not exist yet). Throws BackupError when
 * it cannot; a file the database refers to but that is missing (or damaged) in EVIDENCE_DIR is
 * listed in `manifest.missingFiles` (and such a backup will be refused by restore).
 */
export async function backup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => {});
  const databasePath = resolve(options.databasePath);
  const evidenceDir = resolve(options.evidenceDir);
  const outDir = resolve(options.outDir);
  if (!existsSync(databasePath)) throw new BackupError(`There is no database at ${databasePath}`);
  if (existsSync(outDir)) throw new BackupError(`${outDir} already exists. Choose a new folder for the backup (a backup never overwrites another).`);
  await mkdir(dirname(outDir), { recursive: true });
  const temp = join(dirname(outDir), `.${basename(outDir)}.partial-${randomBytes(6).toString("hex")}`);
  await mkdir(temp);
  try {
    // 1. The database, through SQLite's online backup API.
    const copyPath = join(temp, DATABASE_FILE);
    const source = new Database(databasePath, { fileMustExist: true });
    try {
      source.pragma("busy_timeout = 5000");
      await source.backup(copyPath, {
        // After the first step, copy everything that remains in one step: with writes arriving all
        // the time, small steps could be restarted again and again.
        progress: ({ remainingPages }) => Math.max(remainingPages, 100),
      });
    } finally {
      source.close();
    }

    // 2. Check the copy and read what it refers to (the copy, not the live database).
    const copy = new Database(copyPath);
    let files: string[];
    let tables: Record<string, TableDigest>;
    let migrations: string[];
    let chain: ReturnType<typeof verifyAuditChain>;
    let head: ReturnType<typeof auditHead>;
    try {
      copy.pragma("journal_mode = DELETE");
      const integrity = copy.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") throw new BackupError(`The copy of the database failed its integrity check (${String(integrity)}); the live database may be damaged.`);
      files = referencedFiles(copy);
      tables = tableDigests(copy);
      migrations = appliedMigrations(copy);
      chain = verifyAuditChain(asDb(copy));
      head = auditHead(copy);
    } finally {
      copy.close();
    }
    if (!chain.ok) log(`WARNING: the audit chain does not verify at event ${chain.brokenAt} (${chain.reason}). The backup is kept, but restore will refuse it.`);
    const database = await hashFile(copyPath);
    await fsyncPath(copyPath);
    log(`Database copied: ${(database.size / 1024).toFixed(0)} KB, ${Object.values(tables).reduce((a, t) => a + t.rows, 0)} rows in ${Object.keys(tables).length} tables`);

    // 3. The evidence files of that snapshot.
    const copied: { sha256: string; size: number }[] = [];
    const missing: string[] = [];
    for (const sha of files) {
      if (!SHA256_HEX.test(sha)) {
        missing.push(sha);
        continue;
      }
      const from = join(evidenceDir, sha.slice(0, 2), sha);
      const to = join(temp, EVIDENCE_FOLDER, sha.slice(0, 2), sha);
      try {
        const got = await copyHashed(from, to);
        if (got.sha256 !== sha) {
          await unlink(to);
          log(`WARNING: evidence file ${sha} in ${evidenceDir} is damaged (its content hashes to ${got.sha256}); not copied.`);
          missing.push(sha);
        } else copied.push(got);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        log(`WARNING: evidence file ${sha} is referenced by the database but missing from ${evidenceDir}.`);
        missing.push(sha);
      }
    }
    log(`Evidence files copied: ${copied.length}${missing.length ? ` (${missing.length} missing or damaged)` : ""}`);

    // 4. The manifest, then the rename that makes it a backup.
    const body: Omit<Manifest, "checksum"> = {
      format: FORMAT,
      createdAt: (options.now ?? new Date()).toISOString(),
      migrations,
      database: { file: DATABASE_FILE, sha256: database.sha256, size: database.size },
      files: copied,
      missingFiles: missing,
      tables,
      auditChain: { events: chain.events, headSeq: head.headSeq, headHash: head.headHash, verified: chain.ok },
    };
    const manifest: Manifest = { ...body, checksum: manifestChecksum(body) };
    const manifestPath = join(temp, MANIFEST);
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n", { flag: "wx" });
    await fsyncPath(manifestPath);
    await fsyncPath(temp);
    await rename(temp, outDir);
    await fsyncPath(dirname(outDir));
    return { outDir, manifest };
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
}

// ---- checking a backup -------------------------------------------------------------------------------

export type CheckedBackup = { dir: string; manifest: Manifest };

/**
 * Everything a restore relies on, checked without changing anything: throws RestoreRefused with a
 * message saying what is wrong.
 */
export async function checkBackup(from: string): Promise<CheckedBackup> {
  const dir = resolve(from);
  const refuse = (why: string): never => {
    throw new RestoreRefused(`${why} Nothing was changed.`);
  };
  if (!existsSync(dir)) refuse(`There is no backup at ${dir}.`);

  // The manifest: present, readable, of the right shape, unaltered.
  let raw: string;
  try {
    raw = await readFile(join(dir, MANIFEST), "utf8");
  } catch {
    return refuse(`The backup at ${dir} has no readable ${MANIFEST}, so it is incomplete or damaged.`);
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(raw);
  } catch {
    return refuse(`${MANIFEST} is not valid JSON: the backup is damaged.`);
  }
  const parsed = manifestSchema.safeParse(parsedJson);
  if (!parsed.success) return refuse(`${MANIFEST} is not a portal backup manifest (${parsed.error.issues[0]?.path.join(".") || "format"}: ${parsed.error.issues[0]?.message}).`);
  const manifest = parsed.data;
  const { checksum, ...body } = manifest;
  if (manifestChecksum(body) !== checksum) refuse(`${MANIFEST} has been altered since the backup was made (its checksum does not match).`);
  if (manifest.missingFiles.length) refuse(`The backup is incomplete: ${manifest.missingFiles.length} evidence file(s) were missing from the portal when it was made (first: ${manifest.missingFiles[0]}).`);

  // Migrations: the portal's code must know every one the backup has had.
  const known = new Set(readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => m.hash));
  const unknown = manifest.migrations.filter((h) => !known.has(h));
  if (unknown.length) refuse(`The backup was made by a newer version of the portal (${unknown.length} migration(s) this version does not have). Restore it with that version.`);

  // The database file.
  const databasePath = join(dir, DATABASE_FILE);
  if (!existsSync(databasePath)) refuse(`The backup has no ${DATABASE_FILE}.`);
  const database = await hashFile(databasePath);
  if (database.sha256 !== manifest.database.sha256 || database.size !== manifest.database.size)
    refuse(`${DATABASE_FILE} does not match the manifest (SHA-256 ${database.sha256}, expected ${manifest.database.sha256}): the database copy is damaged.`);
  if (existsSync(`${databasePath}-wal`)) refuse(`The backup has a ${DATABASE_FILE}-wal file: it was changed after it was made.`);

  let copy: Database.Database;
  try {
    copy = new Database(databasePath, { readonly: true, fileMustExist: true });
  } catch (e) {
    return refuse(`${DATABASE_FILE} cannot be opened as a SQLite database (${(e as Error).message}).`);
  }
  try {
    checkCopy(copy, manifest, refuse);
  } catch (e) {
    if (e instanceof RestoreRefused) throw e;
    refuse(`${DATABASE_FILE} could not be read (${(e as Error).message}).`);
  } finally {
    copy.close();
  }

  // Every evidence file: present, the right size, and its content hashing to its name.
  for (const f of manifest.files) {
    const path = join(dir, EVIDENCE_FOLDER, f.sha256.slice(0, 2), f.sha256);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) refuse(`Evidence file ${f.sha256} is missing from the backup.`);
    const got = await hashFile(path);
    if (got.sha256 !== f.sha256 || got.size !== f.size) refuse(`Evidence file ${f.sha256} in the backup is damaged: its content hashes to ${got.sha256} (${got.size} bytes).`);
  }
  return { dir, manifest };
}

function checkCopy(copy: Database.Database, manifest: Manifest, refuse: (why: string) => never) {
  let integrity: unknown;
  try {
    integrity = copy.pragma("integrity_check", { simple: true });
  } catch (e) {
    integrity = (e as Error).message;
  }
  if (integrity !== "ok") refuse(`${DATABASE_FILE} fails SQLite's integrity check (${String(integrity)}).`);
  const tables = tableDigests(copy);
  const mismatch = compareDigests(manifest.tables, tables);
  if (mismatch) refuse(`${DATABASE_FILE} does not give the results the manifest records: ${mismatch}.`);
  const chain = verifyAuditChain(asDb(copy));
  if (!chain.ok) refuse(`The audit chain in the backup does not verify: event ${chain.brokenAt} ${chain.reason}.`);
  const head = auditHead(copy);
  if (chain.events !== manifest.auditChain.events || head.headHash !== manifest.auditChain.headHash) refuse("The audit chain in the backup does not end where the manifest says.");
  // Every file the database still needs must be in the backup.
  const listed = new Set(manifest.files.map((f) => f.sha256));
  const needed = referencedFiles(copy).filter((sha) => !listed.has(sha));
  if (needed.length) refuse(`The database refers to ${needed.length} evidence file(s) the manifest does not list (first: ${needed[0]}).`);
}

function compareDigests(expected: Record<string, TableDigest>, actual: Record<string, TableDigest>): string | null {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const name of [...names].sort()) {
    const e = expected[name];
    const a = actual[name];
    if (!e) return `table ${name} is not in the manifest`;
    if (!a) return `table ${name} is missing`;
    if (e.rows !== a.rows) return `table ${name} has ${a.rows} rows, expected ${e.rows}`;
    if (e.sha256 !== a.sha256) return `the content of table ${name} differs`;
  }
  return null;
}

// ---- restore -----------------------------------------------------------------------------------------

export type RestoreOptions = { from: string; databasePath: string; evidenceDir: string; force?: boolean; log?: (line: string) => void };
export type RestoreResult = { databasePath: string; filesWritten: number; filesAlreadyPresent: number; tables: number; rows: number; auditEvents: number };

/**
 * Restores a backup to `databasePath` and `evidenceDir`. Refuses (RestoreRefused, nothing changed)
 * a damaged backup, or an existing target database unless `force`. Throws BackupError when the
 * restored copy does not verify afterwards.
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const databasePath = resolve(options.databasePath);
  const evidenceDir = resolve(options.evidenceDir);
  const { dir, manifest } = await checkBackup(options.from);
  log(`Backup of ${manifest.createdAt} checked: database, ${manifest.files.length} evidence file(s), ${manifest.auditChain.events} audit event(s).`);

  if (!options.force && (existsSync(databasePath) || existsSync(`${databasePath}-wal`)))
    throw new RestoreRefused(`There is already a database at ${databasePath}. Stop the portal and run again with --force to replace it. Nothing was changed.`);

  // Evidence files first: content-addressed, so extra files are harmless if the rest fails.
  let written = 0;
  let present = 0;
  for (const f of manifest.files) {
    const target = join(evidenceDir, f.sha256.slice(0, 2), f.sha256);
    if (existsSync(target)) {
      const got = await hashFile(target);
      if (got.sha256 === f.sha256) {
        present++;
        continue;
      }
    }
    const got = await copyHashed(join(dir, EVIDENCE_FOLDER, f.sha256.slice(0, 2), f.sha256), target);
    if (got.sha256 !== f.sha256) throw new BackupError(`Evidence file ${f.sha256} changed while it was being restored.`);
    written++;
  }
  await mkdir(join(evidenceDir, "tmp"), { recursive: true });

  // The database: a temporary copy beside the target, checked, then renamed over it.
  await mkdir(dirname(databasePath), { recursive: true });
  const temp = `${databasePath}.restore-${randomBytes(6).toString("hex")}`;
  try {
    await copyFile(join(dir, DATABASE_FILE), temp);
    await fsyncPath(temp);
    const got = await hashFile(temp);
    if (got.sha256 !== manifest.database.sha256) throw new BackupError("The database changed while it was being copied; nothing was replaced.");
    // A write-ahead log left by the database being replaced would be applied to the restored one.
    for (const suffix of ["-wal", "-shm", "-journal"]) await rm(`${databasePath}${suffix}`, { force: true });
    await rename(temp, databasePath);
    await fsyncPath(dirname(databasePath));
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }

  // Verify what is now in place.
  const restored = new Database(databasePath, { fileMustExist: true });
  try {
    restored.pragma("journal_mode = WAL");
    const tables = tableDigests(restored);
    const mismatch = compareDigests(manifest.tables, tables);
    if (mismatch) throw new BackupError(`The restored database does not match the backup: ${mismatch}.`);
    const chain = verifyAuditChain(asDb(restored));
    if (!chain.ok) throw new BackupError(`The restored audit chain does not verify at event ${chain.brokenAt}: ${chain.reason}.`);
    for (const sha of referencedFiles(restored)) {
      const path = join(evidenceDir, sha.slice(0, 2), sha);
      if (!existsSync(path)) throw new BackupError(`Evidence file ${sha} is missing from ${evidenceDir} after the restore.`);
    }
    const rows = Object.values(tables).reduce((a, t) => a + t.rows, 0);
    log(`Restored to ${databasePath}: ${Object.keys(tables).length} tables and ${rows} rows match the backup; the audit chain verifies (${chain.events} events).`);
    return { databasePath, filesWritten: written, filesAlreadyPresent: present, tables: Object.keys(tables).length, rows, auditEvents: chain.events };
  } finally {
    restored.close();
  }
}

/** The files under a folder (for tests and reports). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/** Reads a manifest without checking it (for reports). */
export function readManifest(dir: string): Manifest | null {
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")));
  } catch {
    return null;
  }
}
