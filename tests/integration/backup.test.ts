/**
 * Backup and restore against real SQLite files and real evidence folders: a backup taken while a
 * second connection keeps writing is one consistent snapshot that restores to identical per-table
 * results and a verifying audit chain; a damaged backup (a flipped byte in the database, an
 * evidence file deleted or altered, the manifest edited, missing or unreadable, an audit event
 * edited and every hash recomputed to match) is refused with a clear message and changes nothing.
 */
import Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET = "an-integration-test-secret-that-is-long-enough";
const root = mkdtempSync(join(tmpdir(), "portal-backup-"));
const evidenceDir = join(root, "evidence");
process.env.EVIDENCE_DIR = evidenceDir;

import { recordAudit, verifyAuditChain } from "../../app/lib/audit.server";
import { backup, BackupError, checkBackup, DATABASE_FILE, MANIFEST, restore, RestoreRefused, tableDigests, type Manifest } from "../../app/lib/backup.server";
import { openDatabase } from "../../db/connection";
import { importStandards } from "../../scripts/import-standards";
import { tempDb, type TestDb } from "../support/db";
import { decision, enrolled, fileEvidence, provider, storeBytes, writtenEvidence } from "../support/records";

let t: TestDb;
let good: string;
let snapshot: { audit: number; digests: ReturnType<typeof tableDigests> };
let during = { before: 0, after: 0, writes: 0 };

/** Every file under a folder with its SHA-256: to show that a refused restore changed nothing. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else out[path.slice(dir.length)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest;
const copyOf = (dir: string) => {
  const to = join(root, `copy-${randomUUID().slice(0, 8)}`);
  cpSync(dir, to, { recursive: true });
  return to;
};
const firstEvidenceFile = (dir: string) => {
  const sha = readManifest(dir).files[0].sha256;
  return join(dir, "evidence", sha.slice(0, 2), sha);
};

beforeAll(async () => {
  t = tempDb();
  importStandards(t.db);
  const staff = provider(t.db, "Backup provider");
  for (let i = 0; i < 3; i++) {
    const e = enrolled(t.db, staff);
    const file = storeBytes(Buffer.from(`Case notes ${i} `.repeat(2000)), `notes-${i}.txt`);
    const saved = fileEvidence(e.candidate, e.enrolmentId, file, `Case notes ${i}`);
    writtenEvidence(e.candidate, e.enrolmentId, `Reflection ${i}`, "I prepared both parties for the meeting.");
    decision(t.db, staff, e.enrolmentId, saved.versionId, "Clear and sufficient.", Date.now(), "Agreed after review.");
  }
  // A second connection, as the running portal would be, writes throughout the backup.
  const writer = openDatabase(t.path);
  during.before = (t.db.$client.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
  let stop = false;
  const writing = (async () => {
    while (!stop) {
      writer.$client.transaction(() => {
        writer.$client.prepare("insert into sign_in_failures (key, at) values (?, ?)").run(`ip:test-${during.writes}`, Date.now());
        recordAudit(writer, { actorId: null, actorRole: "system", action: "test-write-during-backup", entity: "system", details: { n: during.writes } });
      })();
      during.writes++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const out = join(root, "good");
  try {
    await backup({ databasePath: t.path, evidenceDir, outDir: out });
  } finally {
    stop = true;
    await writing;
    writer.$client.close();
  }
  during.after = (t.db.$client.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
  good = out;
  const copy = new Database(join(good, DATABASE_FILE), { readonly: true });
  snapshot = { audit: (copy.prepare("select count(*) as n from audit_events").get() as { n: number }).n, digests: tableDigests(copy) };
  copy.close();
}, 60_000);

afterAll(() => {
  t.close();
  rmSync(root, { recursive: true, force: true });
});

describe("backup", () => {
  it("takes a consistent copy while another connection writes", () => {
    expect(during.writes).toBeGreaterThan(0);
    // The copy holds a prefix of the writes: a whole number of transactions, its chain verifying.
    expect(snapshot.audit).toBeGreaterThanOrEqual(during.before);
    // Writes went on after the snapshot was taken (while the evidence files were being copied).
    expect(snapshot.audit).toBeLessThan(during.after);
    const copy = new Database(join(good, DATABASE_FILE), { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const writes = (copy.prepare("select count(*) as n from audit_events where action = 'test-write-during-backup'").get() as { n: number }).n;
      const failures = (copy.prepare("select count(*) as n from sign_in_failures where key like 'ip:test-%'").get() as { n: number }).n;
      expect(failures).toBe(writes);
    } finally {
      copy.close();
    }
  });

  it("writes a manifest of the database, every referenced file, per-table results and the chain head", () => {
    const m = readManifest(good);
    expect(m.files).toHaveLength(3);
    for (const f of m.files) {
      const path = join(good, "evidence", f.sha256.slice(0, 2), f.sha256);
      expect(createHash("sha256").update(readFileSync(path)).digest("hex")).toBe(f.sha256);
      expect(statSync(path).size).toBe(f.size);
    }
    expect(m.database.sha256).toBe(createHash("sha256").update(readFileSync(join(good, DATABASE_FILE))).digest("hex"));
    expect(m.tables).toEqual(snapshot.digests);
    expect(m.auditChain).toMatchObject({ verified: true, events: snapshot.audit });
    expect(m.migrations.length).toBeGreaterThan(0);
    expect(m.missingFiles).toEqual([]);
    // Nothing half-made is left beside it.
    expect(readdirSync(root).filter((n) => n.includes(".partial-"))).toEqual([]);
  });

  it("never overwrites an existing folder", async () => {
    await expect(backup({ databasePath: t.path, evidenceDir, outDir: good })).rejects.toThrow(BackupError);
  });

  it("copies only the files the snapshot refers to", async () => {
    storeBytes(Buffer.from("an upload that no evidence refers to"), "stray.txt");
    const out = join(root, "second");
    const { manifest } = await backup({ databasePath: t.path, evidenceDir, outDir: out });
    expect(manifest.files.map((f) => f.sha256).sort()).toEqual(readManifest(good).files.map((f) => f.sha256).sort());
  });
});

describe("restore", () => {
  it("restores a good backup to identical per-table results and a verifying chain", async () => {
    const target = join(root, "restored");
    const result = await restore({ from: good, databasePath: join(target, "portal.db"), evidenceDir: join(target, "evidence") });
    expect(result.filesWritten).toBe(3);
    const db = openDatabase(join(target, "portal.db"));
    try {
      expect(tableDigests(db.$client)).toEqual(snapshot.digests);
      expect(verifyAuditChain(db)).toEqual({ ok: true, events: snapshot.audit });
      expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const f of readManifest(good).files) expect(existsSync(join(target, "evidence", f.sha256.slice(0, 2), f.sha256))).toBe(true);
    } finally {
      db.$client.close();
    }
    // The backup itself is untouched by restoring from it.
    await expect(checkBackup(good)).resolves.toBeTruthy();
  });

  it("refuses to replace an existing database without --force, and replaces it with it", async () => {
    const target = join(root, "existing");
    await restore({ from: good, databasePath: join(target, "portal.db"), evidenceDir: join(target, "evidence") });
    const before = fingerprint(target);
    await expect(restore({ from: good, databasePath: join(target, "portal.db"), evidenceDir: join(target, "evidence") })).rejects.toThrow(/already a database.*--force.*Nothing was changed/);
    expect(fingerprint(target)).toEqual(before);
    const forced = await restore({ from: good, databasePath: join(target, "portal.db"), evidenceDir: join(target, "evidence"), force: true });
    expect(forced.filesAlreadyPresent).toBe(3);
  });

  const damages: [string, (dir: string) => void, RegExp][] = [
    [
      "a flipped byte in portal.db",
      (dir) => {
        const path = join(dir, DATABASE_FILE);
        const bytes = readFileSync(path);
        bytes[Math.floor(bytes.length / 2)] ^= 0xff;
        writeFileSync(path, bytes);
      },
      /portal\.db does not match the manifest/,
    ],
    ["a deleted evidence file", (dir) => unlinkSync(firstEvidenceFile(dir)), /Evidence file [0-9a-f]{64} is missing from the backup/],
    [
      "an altered evidence file",
      (dir) => {
        const path = firstEvidenceFile(dir);
        writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from("x")]));
      },
      /Evidence file [0-9a-f]{64} in the backup is damaged/,
    ],
    [
      "an edited manifest",
      (dir) => {
        const m = readManifest(dir);
        m.createdAt = "2020-01-01T00:00:00.000Z";
        writeFileSync(join(dir, MANIFEST), JSON.stringify(m, null, 2));
      },
      /manifest\.json has been altered/,
    ],
    [
      "a manifest that no longer lists a file",
      (dir) => {
        const m = readManifest(dir);
        m.files.pop();
        writeFileSync(join(dir, MANIFEST), JSON.stringify(m, null, 2));
      },
      /manifest\.json has been altered/,
    ],
    ["a missing manifest", (dir) => unlinkSync(join(dir, MANIFEST)), /has no readable manifest\.json/],
    ["an unreadable manifest", (dir) => writeFileSync(join(dir, MANIFEST), "{ not json"), /manifest\.json is not valid JSON/],
    [
      "an audit event edited, with every hash in the manifest recomputed to match",
      (dir) => {
        const path = join(dir, DATABASE_FILE);
        const db = new Database(path);
        db.prepare("update audit_events set details = '{\"edited\":true}' where seq = (select min(seq) from audit_events)").run();
        db.pragma("journal_mode = DELETE");
        const tables = tableDigests(db);
        db.close();
        const m = readManifest(dir);
        const { checksum: _old, ...body } = { ...m, tables, database: { ...m.database, sha256: createHash("sha256").update(readFileSync(path)).digest("hex"), size: statSync(path).size } };
        const canonical = (v: unknown): string =>
          v === null || typeof v !== "object"
            ? JSON.stringify(v)
            : Array.isArray(v)
              ? `[${v.map(canonical).join(",")}]`
              : `{${Object.entries(v as Record<string, unknown>)
                  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                  .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
                  .join(",")}}`;
        writeFileSync(join(dir, MANIFEST), JSON.stringify({ ...body, checksum: createHash("sha256").update(canonical(body)).digest("hex") }));
      },
      /The audit chain in the backup does not verify/,
    ],
  ];

  for (const [what, damage, message] of damages) {
    it(`refuses a backup with ${what}, and changes nothing`, async () => {
      const dir = copyOf(good);
      damage(dir);
      // A target with a portal already in it: --force, so only the damage can stop it.
      const target = join(root, `target-${randomUUID().slice(0, 8)}`);
      await restore({ from: good, databasePath: join(target, "portal.db"), evidenceDir: join(target, "evidence") });
      const extra = join(target, "evidence", "ab", "ab".repeat(32));
      mkdirSync(join(target, "evidence", "ab"), { recursive: true });
      writeFileSync(extra, "a file the portal had before");
      const before = fingerprint(target);
      const error = await restore({ from: dir, databasePath: join(target, "portal.db"), evidenceDir: join(target, "evidence"), force: true }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RestoreRefused);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/Nothing was changed\.$/);
      expect(fingerprint(target)).toEqual(before);
    });
  }
});
