/**
 * What a portal killed mid-upload leaves behind is removed when it next starts, before any request:
 * every unfinished temporary file, and every stored file no evidence version refers to. Files that
 * evidence refers to stay, byte for byte.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET = "an-integration-test-secret-that-is-long-enough";
const evidenceDir = mkdtempSync(join(tmpdir(), "portal-sweep-"));
process.env.EVIDENCE_DIR = evidenceDir;

import { storedPath, sweepAfterRestart } from "../../app/lib/uploads.server";
import { importStandards } from "../../scripts/import-standards";
import { tempDb, type TestDb } from "../support/db";
import { enrolled, fileEvidence, provider, storeBytes } from "../support/records";

let t: TestDb;

function allFiles(dir = evidenceDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

function orphan(text: string): string {
  const sha = createHash("sha256").update(text).digest("hex");
  const path = storedPath(sha);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
});
afterAll(() => t.close());

describe("the sweep when the portal starts", () => {
  it("removes unfinished uploads and files no evidence refers to, and keeps every referenced file", async () => {
    const staff = provider(t.db);
    const { candidate, enrolmentId } = enrolled(t.db, staff);
    const kept = storeBytes(Buffer.from("A reflective note kept as evidence."), "note.txt");
    fileEvidence(candidate, enrolmentId, kept, "Kept evidence");
    const keptPath = storedPath(kept.sha256);

    const lost = orphan("Moved into place, but the evidence row was never committed.");
    mkdirSync(join(evidenceDir, "tmp"), { recursive: true });
    const partial = join(evidenceDir, "tmp", "1234-abcd.part");
    writeFileSync(partial, "half an upload");
    const stranger = join(evidenceDir, "tmp", "notes.md");
    writeFileSync(stranger, "not an upload of the portal's");

    const swept = await sweepAfterRestart();

    expect(swept).toEqual({ temporary: 1, unreferenced: 1 });
    expect(existsSync(lost)).toBe(false);
    expect(existsSync(partial)).toBe(false);
    expect(allFiles().sort()).toEqual([keptPath, stranger].sort());
    expect(createHash("sha256").update(readFileSync(keptPath)).digest("hex")).toBe(kept.sha256);
  });

  it("finds nothing to do on a second start", async () => {
    expect(await sweepAfterRestart()).toEqual({ temporary: 0, unreferenced: 0 });
  });
});
