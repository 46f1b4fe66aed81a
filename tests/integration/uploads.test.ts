/**
 * Evidence files against a real SQLite database and a real temporary EVIDENCE_DIR: each accepted
 * type stored once by its hash; each refusal leaving no file behind (the whole folder is walked);
 * the CSRF check; discarding unreferenced files; and who may fetch a stored file, with its headers.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

process.env.SESSION_SECRET = "an-integration-test-secret-that-is-long-enough";
const evidenceDir = mkdtempSync(join(tmpdir(), "portal-evidence-"));
process.env.EVIDENCE_DIR = evidenceDir;

import { allocations, enrolments, evidence, evidenceVersions, programmes, sessions } from "../../db/schema";
import { newToken, sessionCookie, sha256 as sha256Text, type Actor } from "../../app/lib/auth.server";
import { config } from "../../app/lib/config.server";
import {
  contentDisposition,
  discardIfUnreferenced,
  downloadName,
  fileNameProblem,
  fileResponse,
  messages,
  parseContentDisposition,
  receiveUpload,
  storedPath,
  sweepTemporaryFiles,
  type StoredFile,
  type UploadResult,
} from "../../app/lib/uploads.server";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";
import * as files from "../support/files";

let t: TestDb;
let candidate: Actor;
let cookie: string;
let csrf: string;

/** Every file under EVIDENCE_DIR (the empty tmp folder does not count). */
function storedFiles(dir = evidenceDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? storedFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** A signed-in session for the actor, as the browser would hold it. */
async function signedIn(actor: Actor): Promise<{ cookie: string; csrf: string }> {
  const token = newToken();
  const csrfToken = newToken();
  t.db.insert(sessions).values({ id: sha256Text(token), userId: actor.userId, membershipId: actor.membershipId, csrfToken, createdAt: Date.now(), lastSeenAt: Date.now() }).run();
  return { cookie: await sessionCookie().serialize(token), csrf: csrfToken };
}

type Part = { bytes: Buffer | Uint8Array; name: string; type?: string };
function uploadRequest(file: Part | Part[] | null, options: { csrf?: string | null; cookie?: string; fields?: Record<string, string>; headers?: Record<string, string> } = {}): Request {
  const form = new FormData();
  if (options.csrf !== null) form.set("csrf", options.csrf ?? csrf);
  form.set("title", "My evidence");
  for (const [k, v] of Object.entries(options.fields ?? {})) form.set(k, v);
  for (const f of file === null ? [] : Array.isArray(file) ? file : [file]) form.append("file", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return new Request("http://localhost/portfolio/e/evidence/new/file", { method: "POST", body: form, headers: { Cookie: options.cookie ?? cookie, Host: "localhost", ...options.headers } });
}

const hashOf = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");

function expectRefused(result: UploadResult, message: string) {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.field).toBe("file");
    expect(result.message).toBe(message);
  }
  expect(storedFiles()).toEqual([]);
  expect(t.db.select().from(evidenceVersions).all()).toEqual([]);
}

beforeAll(async () => {
  t = tempDb();
  expect(config().evidenceDir).toBe(evidenceDir);
  const provider = addProvider(t.db);
  candidate = addActor(t.db, "candidate", { providerId: provider });
  ({ cookie, csrf } = await signedIn(candidate));
});
afterAll(() => {
  t.close();
  rmSync(evidenceDir, { recursive: true, force: true });
});
beforeEach(() => {
  rmSync(evidenceDir, { recursive: true, force: true });
});

describe("accepted files", () => {
  const accepted: [string, () => Buffer, string, string, string | undefined][] = [
    ["PDF", () => files.pdf(), "account.pdf", "application/pdf", undefined],
    ["PNG", () => files.png(), "diagram.png", "image/png", undefined],
    ["JPEG", () => files.jpeg(), "photo of flipchart.jpg", "image/jpeg", undefined],
    ["plain text", () => files.text("Notes from supervision.\r\n\tSecond line.\n"), "notes.txt", "text/plain", "Notes from supervision.\r\n\tSecond line.\n"],
    ["plain text with a byte-order mark", () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), files.text("Café notes — résumé")]), "notes.txt", "text/plain", "Café notes — résumé"],
    ["DOCX", () => files.docx(["First paragraph.", "Second & last."]), "account.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "First paragraph.\nSecond & last."],
    ["ODT", () => files.odt(["Observation record."]), "record.odt", "application/vnd.oasis.opendocument.text", "Observation record."],
    ["MP3", () => files.mp3(), "discussion.mp3", "audio/mpeg", undefined],
    ["M4A (iPhone)", () => files.m4a(), "discussion.m4a", "audio/mp4", undefined],
    ["M4A written as mp42 with only a sound track", () => files.mp4(["mp42", "isom"], ["soun"]), "recorder.m4a", "audio/mp4", undefined],
  ];
  it.each(accepted)("stores a %s by its hash, type decided from the bytes", async (_, make, name, mediaType, text) => {
    const bytes = make();
    // The browser's claimed type is ignored: always sent as octet-stream here.
    const result = await receiveUpload(uploadRequest({ bytes, name }));
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    if (!result.ok) return;
    const sha = hashOf(bytes);
    expect(result.file).toEqual({ sha256: sha, size: bytes.length, mediaType, fileName: name, ...(text !== undefined ? { text } : {}) });
    expect(result.form.get("title")).toBe("My evidence");
    expect(result.form.get("file")).toBeNull();
    expect(storedFiles()).toEqual([storedPath(sha)]);
    expect(storedPath(sha)).toBe(join(evidenceDir, sha.slice(0, 2), sha));
    expect(readFileSync(storedPath(sha)).equals(bytes)).toBe(true);
  });

  it("stores the same bytes once, whatever they are called", async () => {
    const bytes = files.pdf("Same");
    const a = await receiveUpload(uploadRequest({ bytes, name: "first.pdf" }));
    const b = await receiveUpload(uploadRequest({ bytes, name: "second name.pdf" }));
    expect(a.ok && b.ok).toBe(true);
    expect(storedFiles()).toEqual([storedPath(hashOf(bytes))]);
    if (b.ok) expect(b.file.fileName).toBe("second name.pdf");
  });

  it("accepts a file name with semicolons, equals signs, quotes and accents", async () => {
    const name = 'Réflexion; week=2 "final".pdf';
    const result = await receiveUpload(uploadRequest({ bytes: files.pdf(), name }));
    expect(result.ok && result.file.fileName).toBe(name);
  });

  it("keeps the other fields, with a file of exactly the limit", async () => {
    const bytes = files.text("x".repeat(2048));
    const result = await receiveUpload(uploadRequest({ bytes, name: "limit.txt" }, { fields: { description: "About it", "evidenceDate.day": "3" } }), 2048);
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.form.get("description"), result.form.get("evidenceDate.day")]).toEqual(["About it", "3"]);
  });

  it("gives the text of a Word document's body, headers, footers and notes for the personal-data check", async () => {
    const footer = `<w:ftr xmlns:w="w"><w:p><w:r><w:t>Ring 07700 900123</w:t></w:r></w:p></w:ftr>`;
    const bytes = files.docx(["Met at the office.", "Tab\tand <markup> & entities"], [{ name: "word/footer1.xml", data: footer }]);
    const result = await receiveUpload(uploadRequest({ bytes, name: "a.docx" }));
    expect(result.ok && result.file.text).toBe("Met at the office.\nTab\tand <markup> & entities\n\nRing 07700 900123");
  });
});

describe("refused files leave nothing behind", () => {
  const refused: [string, () => Part | null, string][] = [
    ["no file selected", () => null, messages.none],
    ["an empty file", () => ({ bytes: Buffer.alloc(0), name: "empty.pdf" }), messages.empty],
    ["a Linux executable named .pdf", () => ({ bytes: files.elf(), name: "account.pdf", type: "application/pdf" }), messages.notAllowed],
    ["a Windows executable named .pdf", () => ({ bytes: files.windowsExe(), name: "account.pdf", type: "application/pdf" }), messages.notAllowed],
    ["a Windows executable named .txt", () => ({ bytes: files.windowsExe(), name: "notes.txt" }), messages.notAllowed],
    ["a truncated PDF", () => ({ bytes: files.truncatedPdf(), name: "account.pdf" }), messages.pdfDamaged],
    ["a name with forward slashes", () => ({ bytes: files.pdf(), name: "../../etc/passwd.pdf" }), messages.nameSeparators],
    ["a name with a backslash", () => ({ bytes: files.pdf(), name: "a\\b.pdf" }), messages.nameSeparators],
    ["a name with a control character", () => ({ bytes: files.pdf(), name: "account\u0001.pdf" }), messages.nameControl],
    ["a name with a line break", () => ({ bytes: files.pdf(), name: "account\n.pdf" }), messages.nameControl],
    ["a name with a right-to-left override", () => ({ bytes: files.pdf(), name: "report\u202Efdp.exe" }), messages.nameControl],
    ["a name longer than 255 characters", () => ({ bytes: files.pdf(), name: `${"a".repeat(252)}.pdf` }), messages.nameLength],
    ["an SVG with a script named .txt", () => ({ bytes: files.svg(), name: "notes.txt", type: "text/plain" }), messages.markup],
    ["an HTML page named .txt", () => ({ bytes: files.html(), name: "notes.txt", type: "text/plain" }), messages.markup],
    ["an HTML page after blank lines", () => ({ bytes: files.text("\n\n  <html><script>alert(1)</script>"), name: "notes.txt" }), messages.markup],
    ["text with a NUL byte", () => ({ bytes: Buffer.from("text\0more"), name: "notes.txt" }), messages.notAllowed],
    ["text with an escape character", () => ({ bytes: Buffer.from("text\x1b[31mred"), name: "notes.txt" }), messages.notAllowed],
    ["Latin-1 text", () => ({ bytes: files.latin1Text(), name: "notes.txt" }), messages.textEncoding],
    ["a ZIP that is not a Word document", () => ({ bytes: files.plainZip(), name: "account.docx" }), messages.notAllowed],
    ["a DOCX zip bomb (honest sizes)", () => ({ bytes: files.docxBomb(40), name: "account.docx" }), messages.documentTooLarge],
    ["a DOCX zip bomb (declared size lies)", () => ({ bytes: files.docxLyingBomb(), name: "account.docx" }), messages.documentTooLarge],
    ["a password-protected DOCX", () => ({ bytes: files.encryptedDocx(), name: "account.docx" }), messages.documentEncrypted],
    ["a damaged DOCX (bad CRC)", () => ({ bytes: files.corruptDocx(), name: "account.docx" }), messages.documentDamaged],
    ["an overlapping-entries zip bomb named .docx", () => ({ bytes: files.overlappingZipBomb(), name: "account.docx" }), messages.documentTooLarge],
    ["a macro-enabled Word document named .docx", () => ({ bytes: files.docm(), name: "account.docx" }), messages.documentMacros],
    ["a video named .m4a", () => ({ bytes: files.mp4(["mp42", "isom"], ["vide", "soun"]), name: "discussion.m4a" }), messages.video],
    ["a GIF", () => ({ bytes: Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(32)]), name: "image.gif" }), messages.notAllowed],
    ["a shell script named .txt", () => ({ bytes: files.text("#!/bin/sh\nrm -rf ~\n"), name: "notes.txt" }), messages.notAllowed],
    ["a PNG cut short", () => ({ bytes: files.png().subarray(0, files.png().length - 12), name: "diagram.png" }), messages.imageDamaged],
    ["a JPEG cut short", () => ({ bytes: files.jpeg().subarray(0, files.jpeg().length - 2), name: "photo.jpg" }), messages.imageDamaged],
    ["a PDF with a ZIP appended (polyglot)", () => ({ bytes: Buffer.concat([files.pdf(), files.plainZip()]), name: "account.pdf" }), messages.pdfDamaged],
    ["a JPEG carrying an HTML page", () => ({ bytes: Buffer.concat([files.jpeg(), files.html()]), name: "photo.jpg" }), messages.markup],
    ["a name with a fullwidth slash", () => ({ bytes: files.pdf(), name: "..\uff0f..\uff0fpasswd.pdf" }), messages.nameSeparators],
  ];
  it.each(refused)("refuses %s", async (_, make, message) => {
    expectRefused(await receiveUpload(uploadRequest(make())), message);
  });

  it("refuses a file over the size limit while it streams", async () => {
    expectRefused(await receiveUpload(uploadRequest({ bytes: files.text("x".repeat(5000)), name: "big.txt" }), 4096), messages.tooLarge(4096));
    expect(messages.tooLarge(25 * 1024 * 1024)).toBe("The selected file must be smaller than 25 MB");
  });

  it("refuses a body whose Content-Length is over the limit before reading it", async () => {
    const request = uploadRequest({ bytes: files.pdf(), name: "a.pdf" }, { headers: { "Content-Length": String(30 * 1024 * 1024) } });
    expectRefused(await receiveUpload(request, 25 * 1024 * 1024), messages.tooLarge(25 * 1024 * 1024));
  });

  it("refuses a form whose other fields together push it over the limit, while it streams", async () => {
    const fields = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`field${i}`, "x".repeat(60 * 1024)]));
    expectRefused(await receiveUpload(uploadRequest({ bytes: files.pdf(), name: "a.pdf" }, { fields }), 1024), messages.tooLarge(1024));
  });

  it("throws 413 for one field too large for a form", async () => {
    const attempt = receiveUpload(uploadRequest({ bytes: files.pdf(), name: "a.pdf" }, { fields: { description: "x".repeat(100 * 1024) } }));
    await expect(attempt).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 413);
    expect(storedFiles()).toEqual([]);
  });

  it("refuses a second file in the same form", async () => {
    expectRefused(await receiveUpload(uploadRequest([{ bytes: files.pdf("one"), name: "one.pdf" }, { bytes: files.pdf("two"), name: "two.pdf" }])), messages.onlyOne);
  });

  it("returns the other fields with a refusal, so the form can show every error at once", async () => {
    const result = await receiveUpload(uploadRequest({ bytes: files.elf(), name: "a.pdf" }, { fields: { description: "Kept" } }));
    expect(!result.ok && result.form?.get("description")).toBe("Kept");
  });

  it("throws 403 without the session's CSRF token, and deletes the received file", async () => {
    for (const bad of [null, "wrong-token"]) {
      const attempt = receiveUpload(uploadRequest({ bytes: files.pdf(), name: "a.pdf" }, { csrf: bad }));
      await expect(attempt).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 403);
      expect(storedFiles()).toEqual([]);
    }
  });

  it("throws 403 for a form sent from another site", async () => {
    const attempt = receiveUpload(uploadRequest({ bytes: files.pdf(), name: "a.pdf" }, { headers: { "Sec-Fetch-Site": "cross-site" } }));
    await expect(attempt).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 403);
    expect(storedFiles()).toEqual([]);
  });

  it("clears temporary files over a day old left by a stopped process", async () => {
    const { mkdirSync, writeFileSync, utimesSync } = await import("node:fs");
    mkdirSync(join(evidenceDir, "tmp"), { recursive: true });
    const stale = join(evidenceDir, "tmp", "1-stale.part");
    writeFileSync(stale, "partial");
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(stale, old, old);
    const recent = join(evidenceDir, "tmp", "2-in-progress.part");
    writeFileSync(recent, "still arriving");
    await sweepTemporaryFiles(Date.now(), true);
    expect(storedFiles()).toEqual([recent]);
  });

  it("throws 400 for a body that is not multipart", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie } });
    await expect(receiveUpload(request)).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 400);
  });

  it("throws 400 for a multipart body cut short, and deletes the partial file", async () => {
    const boundary = "----cut";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 partial`;
    const request = new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie } });
    await expect(receiveUpload(request)).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 400);
    expect(storedFiles()).toEqual([]);
  });
});

describe("names", () => {
  it("reads Content-Disposition as browsers write it", () => {
    expect(parseContentDisposition(`form-data; name="file"; filename="a;b=c.pdf"`)).toEqual({ name: "file", fileName: "a;b=c.pdf" });
    expect(parseContentDisposition(`form-data; name="file"; filename="say %22hi%22.txt"`)).toEqual({ name: "file", fileName: 'say "hi".txt' });
    expect(parseContentDisposition(`form-data; name="file"; filename="C:\\fakepath\\a.pdf"`).fileName).toBe("C:\\fakepath\\a.pdf");
    expect(parseContentDisposition(`form-data; name="file"; filename*=UTF-8''r%C3%B4le.pdf`).fileName).toBe("rôle.pdf");
    expect(parseContentDisposition(`form-data; name=title`)).toEqual({ name: "title", fileName: undefined });
    expect(() => parseContentDisposition(`attachment; name="x"`)).toThrow();
  });

  it("judges file names", () => {
    expect(fileNameProblem("Reflection – week 2 (final).docx")).toBeNull();
    expect(fileNameProblem("../x.pdf")).toBe(messages.nameSeparators);
    expect(fileNameProblem("a\u0000.pdf")).toBe(messages.nameControl);
    expect(fileNameProblem("a\u200Fb.pdf")).toBe(messages.nameControl);
    expect(fileNameProblem("é".repeat(255))).toBeNull();
    expect(fileNameProblem("é".repeat(256))).toBe(messages.nameLength);
    expect(fileNameProblem(" ")).toBe(messages.nameEmpty);
  });

  it("names downloads safely", () => {
    expect(contentDisposition("attachment", `a "quoted" \\ name's (1).txt`)).toBe(`attachment; filename="a _quoted_ _ name's (1).txt"; filename*=UTF-8''a%20%22quoted%22%20%5C%20name%27s%20%281%29.txt`);
    expect(contentDisposition("inline", "日本.pdf")).toBe(`inline; filename="__.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf`);
    expect(downloadName("scan.JPEG", "image/jpeg")).toBe("scan.JPEG");
    expect(downloadName("scan.png", "image/jpeg")).toBe("scan.png.jpg");
    expect(downloadName("notes", "text/plain")).toBe("notes.txt");
  });
});

// ---- stored files in portfolios ------------------------------------------------------------

describe("discarding a file no evidence refers to", () => {
  it("deletes an unreferenced file and keeps a referenced one", async () => {
    const a = await receiveUpload(uploadRequest({ bytes: files.pdf("a"), name: "a.pdf" }));
    const b = await receiveUpload(uploadRequest({ bytes: files.pdf("b"), name: "b.pdf" }));
    if (!a.ok || !b.ok) throw new Error("upload failed");
    const { versionId } = addFileEvidence(ownEnrolment(), b.file);
    expect(versionId).toBeTruthy();
    expect(await discardIfUnreferenced(a.file.sha256)).toBe(true);
    expect(await discardIfUnreferenced(b.file.sha256)).toBe(false);
    expect(storedFiles()).toEqual([storedPath(b.file.sha256)]);
    expect(await discardIfUnreferenced(a.file.sha256)).toBe(false); // already gone
  });

  it("keeps a file another upload of the same bytes is still using", async () => {
    const bytes = files.pdf("twice");
    const first = await receiveUpload(uploadRequest({ bytes, name: "a.pdf" }));
    const second = await receiveUpload(uploadRequest({ bytes, name: "a.pdf" }));
    if (!first.ok || !second.ok) throw new Error("upload failed");
    expect(await discardIfUnreferenced(first.file.sha256)).toBe(false);
    expect(await discardIfUnreferenced(second.file.sha256)).toBe(true);
    expect(storedFiles()).toEqual([]);
  });

  it("refuses anything that is not a SHA-256", async () => {
    await expect(discardIfUnreferenced("../../etc/passwd")).rejects.toThrow();
  });
});

let programmeId: string | undefined;
let fixtures:
  | {
      enrolmentId: string;
      provider: string;
      otherProvider: string;
      people: Record<string, Actor>;
    }
  | undefined;

/** An enrolment of `candidate`, allocated to an assessor and an IQA, with people around it. */
function ownEnrolment() {
  if (fixtures) return fixtures;
  const provider = candidate.providerId!;
  const otherProvider = addProvider(t.db);
  programmeId = randomUUID();
  t.db.insert(programmes).values({ id: programmeId, slug: "test", version: "1", title: "Test programme", description: "", prerequisite: null, importedAt: Date.now() }).run();
  const people = {
    assessor: addActor(t.db, "assessor", { providerId: provider }),
    iqa: addActor(t.db, "iqa", { providerId: provider }),
    otherAssessor: addActor(t.db, "assessor", { providerId: provider }),
    otherIqa: addActor(t.db, "iqa", { providerId: provider }),
    providerAdmin: addActor(t.db, "provider_admin", { providerId: provider }),
    otherProviderAdmin: addActor(t.db, "provider_admin", { providerId: otherProvider }),
    otherCandidate: addActor(t.db, "candidate", { providerId: provider }),
    commissioner: addActor(t.db, "commissioner", { commissionerId: addCommissioner(t.db, [provider]) }),
    admin: addActor(t.db, "admin"),
    previousAssessor: addActor(t.db, "assessor", { providerId: provider }),
  };
  const enrolmentId = randomUUID();
  const now = Date.now();
  t.db.insert(enrolments).values({ id: enrolmentId, candidateId: candidate.userId, providerId: provider, programmeId, candidateNumber: "C1", status: "active", enrolledAt: now, enrolledBy: people.providerAdmin.userId }).run();
  t.db.insert(allocations).values({ id: randomUUID(), enrolmentId, assessorId: people.previousAssessor.userId, iqaId: people.iqa.userId, fromAt: now - 1000, toAt: now - 1, changedBy: null, reason: null }).run();
  t.db.insert(allocations).values({ id: randomUUID(), enrolmentId, assessorId: people.assessor.userId, iqaId: people.iqa.userId, fromAt: now, toAt: null, changedBy: null, reason: "changed" }).run();
  fixtures = { enrolmentId, provider, otherProvider, people };
  return fixtures;
}

let n = 0;
/** A piece of file evidence with one version, written straight to the tables. */
function addFileEvidence(f: { enrolmentId: string }, file: StoredFile, options: { deleted?: boolean } = {}) {
  const evidenceId = randomUUID();
  const versionId = randomUUID();
  const now = Date.now();
  t.db.insert(evidence).values({ id: evidenceId, enrolmentId: f.enrolmentId, reference: `E${++n}`, kind: "file", currentVersionId: versionId, createdAt: now, deletedAt: options.deleted ? now : null }).run();
  t.db.insert(evidenceVersions)
    .values({ id: versionId, evidenceId, version: 1, title: "File", body: "{}", evidenceDate: null, fileSha256: file.sha256, fileName: file.fileName, fileSize: file.size, mediaType: file.mediaType, contentHash: "x".repeat(64), personalData: null, personalDataReason: null, createdAt: now, createdBy: candidate.userId, lockedAt: null })
    .run();
  return { evidenceId, versionId };
}

describe("serving a stored file", () => {
  let pdf: { evidenceId: string; versionId: string };
  let pdfBytes: Buffer;
  let docx: { evidenceId: string; versionId: string };
  let txt: { evidenceId: string; versionId: string };
  let png: { evidenceId: string; versionId: string };
  let deleted: { evidenceId: string; versionId: string };

  beforeEach(async () => {
    const f = ownEnrolment();
    t.db.delete(evidenceVersions).run();
    t.db.delete(evidence).run();
    const store = async (bytes: Buffer, name: string) => {
      const r = await receiveUpload(uploadRequest({ bytes, name }));
      if (!r.ok) throw new Error(r.message);
      return r.file;
    };
    pdfBytes = files.pdf("Served");
    pdf = addFileEvidence(f, await store(pdfBytes, "Rôle play; notes.pdf"));
    docx = addFileEvidence(f, await store(files.docx(), "account.docx"));
    txt = addFileEvidence(f, await store(files.text("plain"), "notes"));
    png = addFileEvidence(f, await store(files.png(), "diagram.png"));
    deleted = addFileEvidence(f, await store(files.pdf("deleted"), "gone.pdf"), { deleted: true });
  });

  const who: [string, (p: Record<string, Actor>) => Actor, boolean][] = [
    ["the candidate", () => candidate, true],
    ["their allocated assessor", (p) => p.assessor, true],
    ["their allocated IQA", (p) => p.iqa, true],
    ["their provider's admin", (p) => p.providerAdmin, true],
    ["another candidate", (p) => p.otherCandidate, false],
    ["an assessor not allocated", (p) => p.otherAssessor, false],
    ["an assessor allocated before", (p) => p.previousAssessor, false],
    ["an IQA not allocated", (p) => p.otherIqa, false],
    ["another provider's admin", (p) => p.otherProviderAdmin, false],
    ["a commissioner", (p) => p.commissioner, false],
    ["an admin", (p) => p.admin, false],
  ];
  it.each(who)("%s: allowed = %s", async (_, pick, allowed) => {
    const actor = pick(ownEnrolment().people);
    const attempt = fileResponse(actor, pdf.versionId, pdf.evidenceId);
    if (!allowed) {
      await expect(attempt).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 404);
      return;
    }
    const response = await attempt;
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(pdfBytes)).toBe(true);
  });

  it("sends a PDF inline, with its real type, the name encoded, and no caching or sniffing", async () => {
    const response = await fileResponse(candidate, pdf.versionId, pdf.evidenceId);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/pdf",
      "content-length": String(pdfBytes.length),
      "content-disposition": `inline; filename="Role play; notes.pdf"; filename*=UTF-8''R%C3%B4le%20play%3B%20notes.pdf`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    });
    await response.body?.cancel();
  });

  it("sends an image inline in a sandbox", async () => {
    const response = await fileResponse(candidate, png.versionId);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toMatch(/^inline; filename="diagram\.png"/);
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    await response.body?.cancel();
  });

  it("sends Word documents and text as attachments, text as UTF-8, with the right extension added", async () => {
    const word = await fileResponse(candidate, docx.versionId, docx.evidenceId);
    expect(word.headers.get("content-disposition")).toMatch(/^attachment; filename="account\.docx"/);
    expect(word.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(word.headers.get("content-security-policy")).toMatch(/^sandbox/);
    const text = await fileResponse(candidate, txt.versionId, txt.evidenceId);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(text.headers.get("content-disposition")).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(await text.text()).toBe("plain");
    await word.body?.cancel();
  });

  it("404s for a version of other evidence, deleted evidence, and unknown ids", async () => {
    for (const [versionId, evidenceId] of [
      [pdf.versionId, docx.evidenceId],
      [deleted.versionId, deleted.evidenceId],
      [randomUUID(), undefined],
    ] as const)
      await expect(fileResponse(candidate, versionId, evidenceId)).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 404);
  });

  it("404s when the stored file has gone missing", async () => {
    const sha = t.db.select().from(evidenceVersions).all().find((v) => v.id === txt.versionId)!.fileSha256!;
    rmSync(storedPath(sha));
    const quiet = console.error;
    console.error = () => {};
    try {
      await expect(fileResponse(candidate, txt.versionId)).rejects.toSatisfy((e: unknown) => e instanceof Response && e.status === 404);
    } finally {
      console.error = quiet;
    }
  });

  it("stores files readable only by the portal", () => {
    const sha = t.db.select().from(evidenceVersions).all()[0].fileSha256!;
    expect(statSync(storedPath(sha)).mode & 0o077).toBe(0);
  });
});
