/**
 * Public verification of an issued portfolio PDF: what a code stands for (only the award or check,
 * the outcome, the issuing provider and the date: no names), and whether an uploaded copy is the
 * document issued. The copy is hashed as it streams in and never stored.
 */
import { MaxPartSizeExceededError, unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { createHash } from "node:crypto";
import { requireCsrf } from "../csrf.server";
import { getDb } from "../db.server";
import { normaliseCode } from "./codes";
import type { DocumentKind } from "./data.server";

/** Largest copy accepted for checking. */
export const MAX_COPY_BYTES = 20 * 1024 * 1024;
/** Room for the form's other fields (the code and the CSRF token). */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const MAX_FIELD_BYTES = 4 * 1024;

export const VERIFY_MESSAGES = {
  codeMissing: "Enter the verification code",
  codeFormat: "Enter the verification code as it is printed at the foot of each page, like RJP-7KQD-M2XW-HB9F",
  fileMissing: "Select the copy of the document to check",
  fileEmpty: "The selected file is empty",
  fileTooLarge: `The selected file must be smaller than ${MAX_COPY_BYTES / (1024 * 1024)} MB`,
} as const;

export type IssuedDocumentView = {
  code: string;
  kind: DocumentKind;
  /** The award or the check the document records. */
  title: string;
  outcome: string;
  draft: boolean;
  providerName: string;
  issuedAt: number;
  /** False when generation did not finish (an interrupted download): nothing to compare with. */
  complete: boolean;
};

type Row = { code: string; kind: DocumentKind; programmeTitle: string; outcome: string; draft: number; providerName: string; issuedAt: number; sha256: string | null; byteSize: number | null };

function find(code: string): Row | undefined {
  return getDb()
    .$client.prepare(
      `select d.code, d.kind, p.title as programmeTitle, d.outcome, d.draft, pr.name as providerName, d.issued_at as issuedAt, d.sha256, d.byte_size as byteSize
         from issued_documents d join enrolments e on e.id = d.enrolment_id join programmes p on p.id = e.programme_id join providers pr on pr.id = d.provider_id
        where d.code = ?`,
    )
    .get(code) as Row | undefined;
}

const view = (r: Row): IssuedDocumentView => ({
  code: r.code,
  kind: r.kind,
  title: r.kind === "award_portfolio" ? `${r.programmeTitle}: portfolio of evidence` : r.programmeTitle,
  outcome: r.outcome,
  draft: r.draft === 1,
  providerName: r.providerName,
  issuedAt: r.issuedAt,
  complete: r.sha256 !== null,
});

export type CodeCheck = { ok: true; code: string } | { ok: false; message: string };

/** The code as typed, checked and put in its canonical form. */
export function checkCode(input: unknown): CodeCheck {
  const raw = typeof input === "string" ? input.trim() : "";
  if (!raw) return { ok: false, message: VERIFY_MESSAGES.codeMissing };
  const code = raw.length <= 40 ? normaliseCode(raw) : null;
  return code ? { ok: true, code } : { ok: false, message: VERIFY_MESSAGES.codeFormat };
}

/** What a code stands for, or null when no document was issued with it. Anyone may ask. */
export function lookupDocument(code: string): IssuedDocumentView | null {
  const normal = normaliseCode(code);
  const row = normal ? find(normal) : undefined;
  return row ? view(row) : null;
}

export type CopyCheck = { document: IssuedDocumentView | null; matches: boolean };

/** Whether a copy with this SHA-256 (and size) is exactly the document issued with the code. */
export function checkCopy(code: string, copy: { sha256: string; size: number }): CopyCheck {
  const normal = normaliseCode(code);
  const row = normal ? find(normal) : undefined;
  if (!row) return { document: null, matches: false };
  return { document: view(row), matches: row.sha256 !== null && row.sha256 === copy.sha256 && row.byteSize === copy.size };
}

export type VerifyUpload =
  | { ok: true; form: FormData; copy: { sha256: string; size: number } | null }
  | { ok: false; form: FormData | null; field: "file"; message: string };

class TooLarge extends Error {}
class Malformed extends Error {}

const badRequest = () => new Response("The form could not be read. Go back and try again.", { status: 400, statusText: "Bad Request" });

/**
 * Reads the verify form (multipart: the code, the CSRF token and the copy). The copy is hashed as it
 * arrives and its bytes dropped; the whole body is bounded. Throws the CSRF check's 403, or 400 for
 * a body no browser would send.
 */
export async function readVerifyUpload(request: Request, maxBytes = MAX_COPY_BYTES): Promise<VerifyUpload> {
  const maxBody = maxBytes + FORM_OVERHEAD_BYTES;
  const length = Number(request.headers.get("Content-Length") ?? NaN);
  if (Number.isFinite(length) && length > maxBody) return { ok: false, form: null, field: "file", message: VERIFY_MESSAGES.fileTooLarge };
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(contentType) || !request.body) throw badRequest();

  let total = 0;
  const bounded = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > maxBody) throw new TooLarge();
        controller.enqueue(chunk);
      },
    }),
  );
  const body = new Request(request.url, { method: "POST", headers: { "Content-Type": contentType }, body: bounded, duplex: "half" } as RequestInit);

  let copy: { sha256: string; size: number; named: boolean } | null = null;
  const hashCopy: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) return undefined;
    if (name !== "file" || copy) throw new Malformed();
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new TooLarge();
      hash.update(chunk);
    }
    copy = { sha256: hash.digest("hex"), size, named: filename !== "" };
    return "received";
  };

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(body, unstable_composeUploadHandlers(hashCopy, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FIELD_BYTES })));
  } catch (e) {
    if (e instanceof TooLarge || (e instanceof Error && e.cause instanceof TooLarge)) return { ok: false, form: null, field: "file", message: VERIFY_MESSAGES.fileTooLarge };
    if (e instanceof MaxPartSizeExceededError || e instanceof Malformed || (e instanceof Error && /malformed|unexpected end|Could not parse content as FormData/i.test(e.message))) throw badRequest();
    throw e;
  }
  form.delete("file");
  await requireCsrf(request, form);
  const received = copy as { sha256: string; size: number; named: boolean } | null;
  if (!received || (!received.named && received.size === 0)) return { ok: true, form, copy: null };
  if (received.size === 0) return { ok: false, form, field: "file", message: VERIFY_MESSAGES.fileEmpty };
  return { ok: true, form, copy: { sha256: received.sha256, size: received.size } };
}

