/**
 * Evidence files: receiving an upload, deciding its type from its bytes (file-types.server.ts),
 * storing it by content hash, and serving it only to the people who may see the portfolio it belongs to.
 *
 * An upload is streamed to a temporary file under EVIDENCE_DIR/tmp while its SHA-256 is computed
 * and its bytes counted (it is never held whole in memory), checked, and then moved to
 * EVIDENCE_DIR/<first two hex digits>/<sha256>. Whatever is refused – a type not allowed, a file
 * too large, empty or damaged, a bad file name, a failed CSRF check – leaves nothing on disk.
 */
import { createReadableStreamFromReadable, MaxPartSizeExceededError, unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { and, eq, isNull, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { dirname, join } from "node:path";
import { enrolments, evidence, evidenceVersions } from "../../db/schema";
import type { Actor } from "./auth.server";
import { config } from "./config.server";
import { requireCsrf } from "./csrf.server";
import { getDb } from "./db.server";
import { decideType, MAX_FILE_NAME, MEDIA_TYPES, messages, type ReceivedFile } from "./file-types.server";
import { enrolmentVisibleTo } from "./enrolments.server";
import { notFound } from "./http.server";

export { ACCEPTED_FILES, ACCEPT_ATTRIBUTE, MAX_FILE_NAME, MEDIA_TYPES, messages } from "./file-types.server";

/** A file received and stored; `text` is the text of plain-text, DOCX and ODT files, for the personal-data check. */
export type StoredFile = { sha256: string; size: number; mediaType: string; fileName: string; text?: string };

export type UploadRejection = { ok: false; field: "file"; message: string; form?: FormData };
export type UploadResult = { ok: true; form: FormData; file: StoredFile } | UploadRejection;

/** The form field that carries the file. */
export const FILE_FIELD = "file";

/** Room for the other fields of an upload form, on top of the file itself. */
const FORM_OVERHEAD_BYTES = 256 * 1024;
/** Largest single non-file field. */
const MAX_FIELD_BYTES = 64 * 1024;

class Rejected extends Error {
  constructor(message: string) {
    super(message);
  }
}
class Malformed extends Error {}

const badRequest = () => new Response("The form could not be read, so nothing was changed. Go back and try again.", { status: 400, statusText: "Bad Request" });
const formTooLarge = () => new Response("The form was too large to accept, so nothing was changed.", { status: 413, statusText: "Payload Too Large" });

// ---- where files live ------------------------------------------------------------------------

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The path of a stored file; the hash is checked so no caller can reach outside EVIDENCE_DIR. */
export function storedPath(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error("not a SHA-256 hex digest");
  return join(config().evidenceDir, sha256.slice(0, 2), sha256);
}

const tmpDir = () => join(config().evidenceDir, "tmp");

async function removeQuietly(path: string | undefined) {
  if (!path) return;
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
}

/**
 * Temporary files left by a process that stopped mid-upload: removed when over a day old, checked
 * at most once an hour as uploads arrive.
 */
let lastSweep = 0;
export async function sweepTemporaryFiles(now = Date.now(), force = false) {
  if (!force && now - lastSweep < 60 * 60 * 1000) return;
  lastSweep = now;
  const names = await readdir(tmpDir()).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith(".part")) continue;
    const path = join(tmpDir(), name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > 24 * 60 * 60 * 1000) await removeQuietly(path).catch(() => undefined);
  }
}

/**
 * At start-up, before any request is served, what a process stopped mid-upload (killed, a power
 * cut) left behind: every temporary upload file (none can be in flight yet), and every stored file
 * that no evidence version refers to (moved into place, but the evidence row was never committed).
 * One portal process serves an EVIDENCE_DIR, so nothing else can be mid-upload. Returns the counts.
 */
export async function sweepAfterRestart(): Promise<{ temporary: number; unreferenced: number }> {
  let temporary = 0;
  let unreferenced = 0;
  for (const name of await readdir(tmpDir()).catch(() => [] as string[])) {
    if (!name.endsWith(".part")) continue;
    await removeQuietly(join(tmpDir(), name));
    temporary++;
  }
  const root = config().evidenceDir;
  const referenced = new Set(
    (getDb().$client.prepare("select distinct file_sha256 from evidence_versions where file_sha256 is not null").pluck().all() as string[]),
  );
  for (const dir of await readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    let removed = false;
    for (const name of await readdir(join(root, dir)).catch(() => [] as string[])) {
      if (!SHA256_HEX.test(name) || !name.startsWith(dir) || referenced.has(name)) continue;
      await removeQuietly(join(root, dir, name));
      unreferenced++;
      removed = true;
    }
    if (removed) await syncDir(join(root, dir));
  }
  if (temporary) await syncDir(tmpDir());
  lastSweep = Date.now();
  return { temporary, unreferenced };
}

async function syncDir(path: string) {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

// ---- file names ------------------------------------------------------------------------------

/** Control characters, and the invisible characters that reverse or hide text ("gpj.exe"). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Why a file name is refused, or null. The stored name is only ever shown or sent in Content-Disposition. */
export function fileNameProblem(name: string): string | null {
  // Also after compatibility normalisation: a fullwidth solidus (U+FF0F) becomes "/" in a download's ASCII name.
  if (/[/\\]/.test(name) || /[/\\]/.test(name.normalize("NFKC"))) return messages.nameSeparators;
  if (CONTROL.test(name)) return messages.nameControl;
  if ([...name].length > MAX_FILE_NAME) return messages.nameLength;
  if (name.trim() === "" || name === "." || name === "..") return messages.nameEmpty;
  return null;
}

// ---- the multipart stream --------------------------------------------------------------------

type PartHeader = { name: string; fileName?: string };

/**
 * Reads a Content-Disposition header as browsers write it for multipart/form-data: quoted values
 * end at the next quote (browsers do not use backslash escapes; they percent-encode `"`, CR and LF,
 * which are decoded here so that the name is judged as the person's computer had it).
 */
export function parseContentDisposition(value: string): PartHeader {
  const params = new Map<string, string>();
  let rest = value.trim();
  const type = /^form-data\s*(?:;|$)/i.exec(rest);
  if (!type) throw new Malformed("not form-data");
  rest = rest.slice(type[0].length);
  while (rest.trim()) {
    const m = /^\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))\s*(?:;|$)/.exec(rest);
    if (!m) throw new Malformed("bad Content-Disposition parameter");
    params.set(m[1].toLowerCase(), m[2] ?? m[3]);
    rest = rest.slice(m[0].length);
  }
  const name = params.get("name");
  if (name === undefined) throw new Malformed("part without a name");
  const htmlDecode = (s: string) => s.replace(/%22/g, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n");
  let fileName = params.has("filename") ? htmlDecode(params.get("filename")!) : undefined;
  const extended = params.get("filename*");
  if (extended !== undefined) {
    const m = /^UTF-8'[^']*'(.*)$/i.exec(extended);
    if (!m) throw new Malformed("bad filename*");
    try {
      fileName = decodeURIComponent(m[1]);
    } catch {
      throw new Malformed("bad filename*");
    }
  }
  return { name: htmlDecode(name), fileName };
}

const CRLFCRLF = Buffer.from("\r\n\r\n");
const MAX_PART_HEADER_BYTES = 16 * 1024;

/**
 * Sits between the request body and Remix's multipart parser. It counts every byte (so a body
 * without Content-Length is bounded too), and rewrites each part's header block: it records the
 * field name and the file name exactly as sent, and passes on a plain `filename="upload"`. The
 * parser would otherwise cut the name down to its last path segment (hiding "../../etc/passwd")
 * and fail on names with ";" or "=" in them.
 */
function partHeaderRewriter(boundary: string, maxBodyBytes: number, onTooLarge: () => Error, log: PartHeader[]) {
  const needle = Buffer.from(`--${boundary}`);
  let pending: Buffer = Buffer.alloc(0);
  let mode: "search" | "headers" | "done" = "search";
  let total = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > maxBodyBytes) throw onTooLarge();
      if (mode === "done") {
        controller.enqueue(chunk);
        return;
      }
      const buf = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let pos = 0;
      for (;;) {
        if (mode === "search") {
          const at = buf.indexOf(needle, pos);
          if (at === -1) {
            const keep = Math.max(pos, buf.length - (needle.length - 1));
            if (keep > pos) controller.enqueue(Uint8Array.prototype.slice.call(buf, pos, keep));
            pending = Buffer.from(buf.subarray(keep));
            return;
          }
          controller.enqueue(Uint8Array.prototype.slice.call(buf, pos, at + needle.length));
          pos = at + needle.length;
          mode = "headers";
        } else if (mode === "headers") {
          if (buf.length - pos < 2) {
            pending = Buffer.from(buf.subarray(pos));
            return;
          }
          if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) {
            // The closing delimiter: the rest is the epilogue.
            mode = "done";
            controller.enqueue(Uint8Array.prototype.slice.call(buf, pos));
            pending = Buffer.alloc(0);
            return;
          }
          const end = buf.indexOf(CRLFCRLF, pos);
          if (end === -1) {
            if (buf.length - pos > MAX_PART_HEADER_BYTES) throw new Malformed("part header too long");
            pending = Buffer.from(buf.subarray(pos));
            return;
          }
          const lines = buf.toString("utf8", pos, end).split("\r\n");
          if (lines[0].trim() !== "") throw new Malformed("no line break after the boundary");
          let header: PartHeader | undefined;
          const out = lines.slice(1).map((line) => {
            const colon = line.indexOf(":");
            if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === "content-disposition") {
              header = parseContentDisposition(line.slice(colon + 1));
              if (!/^[A-Za-z0-9_.-]+$/.test(header.name)) throw new Malformed("unexpected field name");
              return `Content-Disposition: form-data; name="${header.name}"${header.fileName !== undefined ? '; filename="upload"' : ""}`;
            }
            return line;
          });
          if (!header) throw new Malformed("part without Content-Disposition");
          log.push(header);
          controller.enqueue(new Uint8Array(Buffer.from(`\r\n${out.join("\r\n")}\r\n\r\n`)));
          pos = end + CRLFCRLF.length;
          mode = "search";
        } else {
          controller.enqueue(Uint8Array.prototype.slice.call(buf, pos));
          pending = Buffer.alloc(0);
          return;
        }
      }
    },
    flush(controller) {
      if (pending.length) controller.enqueue(new Uint8Array(pending));
    },
  });
}

type Received = ReceivedFile;

async function writeAll(fh: FileHandle, data: Uint8Array) {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await fh.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

// ---- receiving -------------------------------------------------------------------------------

/**
 * Receives a multipart form with one file in the "file" field: streams it to a temporary file,
 * checks the CSRF token, the file name, the size and the type (from the bytes), and stores it by
 * content hash. Returns the other fields and the stored file, or why the file was refused (with
 * the other fields when they could be read). Throws the 403 of a failed CSRF check, and 400/413
 * for a request no browser would send.
 */
export async function receiveUpload(request: Request, maxBytes: number = config().maxUploadBytes): Promise<UploadResult> {
  const maxBody = maxBytes + FORM_OVERHEAD_BYTES;
  const length = Number(request.headers.get("Content-Length") ?? NaN);
  if (Number.isFinite(length) && length > maxBody) return { ok: false, field: "file", message: messages.tooLarge(maxBytes) };

  const contentType = request.headers.get("Content-Type") ?? "";
  const boundary = /^multipart\/form-data\s*;\s*boundary=("?)([^";]{1,70})\1\s*$/i.exec(contentType)?.[2];
  if (!boundary || !request.body) throw badRequest();

  const log: PartHeader[] = [];
  const body = request.body.pipeThrough(partHeaderRewriter(boundary, maxBody, () => new Rejected(messages.tooLarge(maxBytes)), log));
  const rewritten = new Request(request.url, { method: "POST", headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` }, body, duplex: "half" } as RequestInit);

  await mkdir(tmpDir(), { recursive: true });
  await sweepTemporaryFiles();
  let received: Received | undefined;
  let tempPath: string | undefined;
  let partIndex = 0;

  const fileHandler: UploadHandler = async (part) => {
    const header = log[partIndex++];
    if (!header || header.name !== part.name) throw new Malformed("parts out of step");
    if (header.fileName === undefined) return undefined; // an ordinary field: the memory handler takes it
    if (part.name !== FILE_FIELD) throw new Malformed("a file in an unexpected field");
    if (received || tempPath) throw new Rejected(messages.onlyOne);

    tempPath = join(tmpDir(), `${Date.now()}-${randomBytes(12).toString("hex")}.part`);
    const fh = await open(tempPath, "wx", 0o600);
    const hash = createHash("sha256");
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    try {
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new Rejected(messages.tooLarge(maxBytes));
        hash.update(chunk);
        if (headBytes < 4100) {
          head.push(Buffer.from(chunk.subarray(0, 4100 - headBytes)));
          headBytes += Math.min(chunk.byteLength, 4100 - headBytes);
        }
        await writeAll(fh, chunk);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    received = { tempPath, size, sha256: hash.digest("hex"), fileName: header.fileName, head: Buffer.concat(head) };
    return "received";
  };

  let done = false;
  try {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(rewritten, unstable_composeUploadHandlers(fileHandler, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FIELD_BYTES })));
    } catch (e) {
      if (e instanceof Rejected) return { ok: false, field: "file", message: e.message };
      if (e instanceof MaxPartSizeExceededError) throw formTooLarge();
      if (e instanceof Malformed || (e instanceof Error && /malformed|unexpected end|Could not parse content as FormData/i.test(e.message))) throw badRequest();
      throw e;
    }
    form.delete(FILE_FIELD);

    // The token arrives as a field, so it can only be checked now; a failure throws its 403 after the cleanup below.
    await requireCsrf(request, form);

    if (!received || (received.fileName === "" && received.size === 0)) return { ok: false, field: "file", message: messages.none, form };
    const nameProblem = fileNameProblem(received.fileName);
    if (nameProblem) return { ok: false, field: "file", message: nameProblem, form };
    if (received.size === 0) return { ok: false, field: "file", message: messages.empty, form };

    const type = await decideType(received);
    if (!type.ok) return { ok: false, field: "file", message: type.message, form };

    await store(received);
    done = true;
    return { ok: true, form, file: { sha256: received.sha256, size: received.size, mediaType: type.mediaType, fileName: received.fileName.normalize("NFC"), ...(type.text !== undefined ? { text: type.text } : {}) } };
  } finally {
    if (!done) await removeQuietly(tempPath);
  }
}

/**
 * Stored files that requests in this process have just received and may still save or discard,
 * with when each hold lapses: a file is not discarded while another request holds it.
 */
const holds = new Map<string, number[]>();
const HOLD_MS = 10 * 60 * 1000;

function hold(sha256: string, now = Date.now()) {
  for (const [key, until] of holds) {
    const live = until.filter((t) => t > now);
    if (live.length) holds.set(key, live);
    else holds.delete(key);
  }
  holds.set(sha256, [...(holds.get(sha256) ?? []), now + HOLD_MS]);
}

/** Gives up one hold on a file; returns how many other live holds remain. */
function release(sha256: string, now = Date.now()): number {
  const live = (holds.get(sha256) ?? []).filter((t) => t > now).slice(1);
  if (live.length) holds.set(sha256, live);
  else holds.delete(sha256);
  return live.length;
}

/** Moves the temporary file to its content-addressed place (or drops it when that file is already stored). */
async function store(received: Received) {
  const target = storedPath(received.sha256);
  await mkdir(dirname(target), { recursive: true });
  const existing = await stat(target).catch(() => null);
  hold(received.sha256);
  if (existing && existing.size === received.size) {
    await removeQuietly(received.tempPath);
    return;
  }
  await rename(received.tempPath, target);
  await syncDir(dirname(target));
}

// ---- discarding ------------------------------------------------------------------------------

/**
 * Deletes a stored file that no evidence version refers to, after the evidence it was uploaded
 * for was refused. Returns whether it was deleted. A file that another request in this process has
 * just received too (the same bytes, uploaded twice at once) is left for that request to use.
 */
export async function discardIfUnreferenced(sha256: string): Promise<boolean> {
  const path = storedPath(sha256);
  if (release(sha256) > 0) return false;
  const referenced = getDb().select({ id: evidenceVersions.id }).from(evidenceVersions).where(eq(evidenceVersions.fileSha256, sha256)).limit(1).get();
  if (referenced) return false;
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

// ---- serving ---------------------------------------------------------------------------------

const INLINE_TYPES = new Set<string>([MEDIA_TYPES.pdf, MEDIA_TYPES.png, MEDIA_TYPES.jpeg]);
const EXTENSIONS: Record<string, string[]> = {
  [MEDIA_TYPES.pdf]: ["pdf"],
  [MEDIA_TYPES.docx]: ["docx"],
  [MEDIA_TYPES.odt]: ["odt"],
  [MEDIA_TYPES.png]: ["png"],
  [MEDIA_TYPES.jpeg]: ["jpg", "jpeg"],
  [MEDIA_TYPES.text]: ["txt"],
  [MEDIA_TYPES.mp3]: ["mp3"],
  [MEDIA_TYPES.m4a]: ["m4a"],
};

/** The name to download as: the uploaded name, with the extension of its real type if it lacks it. */
export function downloadName(fileName: string, mediaType: string): string {
  const extensions = EXTENSIONS[mediaType];
  if (!extensions) return fileName;
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext && extensions.includes(ext) ? fileName : `${fileName}.${extensions[0]}`;
}

/** `inline` or `attachment`, with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(disposition: "inline" | "attachment", fileName: string): string {
  const fallback = fileName.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The response for one version's file, if the actor may see the portfolio it belongs to (the
 * candidate, their currently allocated assessor and IQA, their provider's admin); 404 otherwise,
 * including for deleted evidence. The file is streamed from disk.
 */
export async function fileResponse(actor: Actor, evidenceVersionId: string, evidenceId?: string): Promise<Response> {
  const row = getDb()
    .select({ sha256: evidenceVersions.fileSha256, fileName: evidenceVersions.fileName, mediaType: evidenceVersions.mediaType, size: evidenceVersions.fileSize })
    .from(evidenceVersions)
    .innerJoin(evidence, eq(evidence.id, evidenceVersions.evidenceId))
    .innerJoin(enrolments, eq(enrolments.id, evidence.enrolmentId))
    .where(and(eq(evidenceVersions.id, evidenceVersionId), evidenceId ? eq(evidence.id, evidenceId) : sql`1`, isNull(evidence.deletedAt), enrolmentVisibleTo(actor)))
    .get();
  if (!row?.sha256 || !row.mediaType || !SHA256_HEX.test(row.sha256)) throw notFound();
  // Opened here, not lazily by the stream, so a missing file is a 404 rather than a stream error.
  const path = storedPath(row.sha256);
  const handle = await open(path, "r").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (!handle) {
    console.error(`Evidence file ${row.sha256} of version ${evidenceVersionId} is missing from ${config().evidenceDir}`);
    throw notFound();
  }
  const info = await handle.stat();
  const inline = INLINE_TYPES.has(row.mediaType);
  const headers = new Headers({
    "Content-Type": row.mediaType === MEDIA_TYPES.text ? "text/plain; charset=utf-8" : row.mediaType,
    "Content-Length": String(info.size),
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", downloadName(row.fileName ?? "evidence", row.mediaType)),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
  });
  // A sandbox with nothing allowed, so nothing in a file can run as this site. Not for PDFs:
  // Safari shows a blank page for a PDF in a sandboxed document (Chrome ignores the header for
  // PDFs), and browsers' PDF viewers run a PDF in their own isolated viewer anyway.
  if (row.mediaType !== MEDIA_TYPES.pdf) headers.set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'");
  return new Response(createReadableStreamFromReadable(handle.createReadStream()), { status: 200, headers });
}
