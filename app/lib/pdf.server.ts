/**
 * Portfolio PDFs: the Level 4 award portfolio and the supervisor competency check, streamed as they
 * are made, each issued with a verification code and recorded with the SHA-256 of its exact bytes.
 *
 * How a document is issued:
 * 1. The data is read in a fixed number of queries (pdf/data.server.ts) and a code is drawn.
 * 2. First pass: the document is laid out into a byte counter, to learn the number of pages and the
 *    page of each contents entry ("Page N of M" and the contents need them before the first byte is
 *    sent). The layout is deterministic, so the second pass puts everything in the same place.
 * 3. A row in issued_documents is written with the code (sha256 still null) and the issue audited.
 * 4. Second pass: the bytes stream to the caller as pdfkit makes them, hashed as they go; when the
 *    stream ends, the row gets the SHA-256 and size (audited too). An interrupted download leaves the
 *    row without a hash, and /verify says the document was not completed.
 * Pages are written out as they fill (no page buffering) and the writer waits for the reader, so
 * memory stays bounded whatever the number of pages.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { setImmediate as nextTurn } from "node:timers/promises";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { issuedDocuments } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { enrolmentFor } from "./enrolments.server";
import { AWARD_TITLE, renderAward } from "./pdf/award";
import { newVerificationCode } from "./pdf/codes";
import { gatherDocument, type DocumentData, type DocumentKind } from "./pdf/data.server";
import { Writer, type Sink, type WriterOptions } from "./pdf/layout";
import { CHECK_TITLE, renderSupervisorCheck } from "./pdf/supervisor";

export { normaliseCode } from "./pdf/codes";
export { checkCode, checkCopy, lookupDocument, readVerifyUpload, MAX_COPY_BYTES, VERIFY_MESSAGES, type IssuedDocumentView } from "./pdf/verify.server";

const CHUNK_BYTES = 64 * 1024;
const QUEUE_BYTES = 256 * 1024;

export type IssueOptions = {
  /** The portal's address, printed as where to verify (e.g. "https://portal.example"). */
  baseUrl?: string | null;
  now?: number;
};

type Prepared = {
  data: DocumentData;
  kind: DocumentKind;
  code: string;
  issuedAt: number;
  fileName: string;
  outcome: string;
  draft: boolean;
  pages: number;
  options: Omit<WriterOptions, "sink">;
};

/** The file name a document downloads as. */
export function documentFileName(kind: DocumentKind, candidateNumber: string, code: string) {
  const safe = candidateNumber.replace(/[^A-Za-z0-9-]/g, "");
  return `${kind === "award_portfolio" ? "award-portfolio" : "supervisor-check"}-${safe}-${code}.pdf`;
}

const render = (w: Writer, p: Pick<Prepared, "data" | "issuedAt">) => (p.data.kind === "award_portfolio" ? renderAward(w, p.data, p.issuedAt) : renderSupervisorCheck(w, p.data, p.issuedAt));

/** A sink that only counts (the first pass), letting other work run now and then. */
function countingSink(): Sink & { bytes: number } {
  const sink = {
    bytes: 0,
    write(chunk: Uint8Array) {
      sink.bytes += chunk.byteLength;
    },
    async ready() {
      await nextTurn();
    },
  };
  return sink;
}

/** Reads the data, draws a code, and lays the document out once to learn its pages. */
async function prepare(db: Db, enrolmentId: string, issuer: Actor | null, o: IssueOptions): Promise<Prepared> {
  const issuedAt = o.now ?? Date.now();
  const data = gatherDocument(db, enrolmentId, { showIqaComments: !issuer || issuer.userId !== (await candidateOf(db, enrolmentId)) });
  const code = newVerificationCode();
  const e = data.enrolment;
  const a = data.achievement;
  const title = data.kind === "award_portfolio" ? `${e.programmeTitle}: ${AWARD_TITLE.toLowerCase()}` : `${CHECK_TITLE}: ${e.programmeTitle === CHECK_TITLE ? "case supervisor" : e.programmeTitle}`;
  const options: Omit<WriterOptions, "sink"> = {
    info: {
      title: `${title} – ${e.candidateName} (${e.candidateNumber})`,
      author: e.providerName,
      subject: `${data.kind === "award_portfolio" ? "Level 4 award portfolio" : "Supervisor competency check"}; outcome: ${a.label}; verification code ${code}`,
      keywords: `restorative justice, ${data.kind === "award_portfolio" ? "BTEC Level 4, portfolio" : "case supervision, competency check"}, ${code}`,
      creationDate: new Date(issuedAt),
    },
    runningHead: { left: `${e.candidateName} (${e.candidateNumber}) · ${data.kind === "award_portfolio" ? "Level 4 award portfolio" : CHECK_TITLE}`, right: e.providerName },
    code,
    verifyAt: o.baseUrl ? `${o.baseUrl.replace(/\/$/, "")}/verify` : "the portal's Verify a document page (/verify)",
    draftMark: a.achieved ? null : `Draft: ${a.label.toLowerCase()}`,
    totalPages: null,
    anchorPages: null,
  };
  const counter = countingSink();
  // Compression changes no position, only the bytes, which this pass throws away.
  const first = new Writer({ ...options, sink: counter, compress: false });
  await render(first, { data, issuedAt });
  await first.end();
  return {
    data,
    kind: data.kind,
    code,
    issuedAt,
    fileName: documentFileName(data.kind, e.candidateNumber, code),
    outcome: a.label,
    draft: !a.achieved,
    pages: first.page,
    options: { ...options, totalPages: first.page, anchorPages: first.anchors },
  };
}

async function candidateOf(db: Db, enrolmentId: string) {
  return (db.$client.prepare("select candidate_id as id from enrolments where id = ?").get(enrolmentId) as { id: string } | undefined)?.id;
}

/** Writes the issued_documents row (no hash yet) and audits the issue. */
function recordIssue(db: Db, p: Prepared, issuer: Actor | null): string {
  const id = newId();
  db.$client.transaction(() => {
    db.insert(issuedDocuments)
      .values({ id, enrolmentId: p.data.enrolment.id, providerId: p.data.enrolment.providerId, kind: p.kind, code: p.code, sha256: null, byteSize: null, outcome: p.outcome, draft: p.draft, issuedAt: p.issuedAt, issuedBy: issuer?.userId ?? null })
      .run();
    recordAudit(
      db,
      {
        ...(issuer ? auditActor(issuer) : { actorId: null, actorRole: null }),
        action: "document-issued",
        entity: "issued_document",
        entityId: id,
        providerId: p.data.enrolment.providerId,
        details: { enrolmentId: p.data.enrolment.id, kind: p.kind, code: p.code, outcome: p.outcome, draft: p.draft, pages: p.pages },
      },
      p.issuedAt,
    );
  })();
  return id;
}

/** Records the finished document's hash and size. */
function recordHash(db: Db, id: string, p: Prepared, issuer: Actor | null, sha256: string, bytes: number) {
  db.$client.transaction(() => {
    db.update(issuedDocuments).set({ sha256, byteSize: bytes }).where(eq(issuedDocuments.id, id)).run();
    recordAudit(db, {
      ...(issuer ? auditActor(issuer) : { actorId: null, actorRole: null }),
      action: "document-completed",
      entity: "issued_document",
      entityId: id,
      providerId: p.data.enrolment.providerId,
      details: { code: p.code, sha256, bytes },
    });
  })();
}

class Cancelled extends Error {}

/**
 * The second pass as a web stream: bytes are hashed and queued as pdfkit produces them (in chunks of
 * about 64 KB), and the writer pauses while the queue holds more than 256 KB the reader has not taken.
 */
function streamDocument(p: Prepared, onComplete: (sha256: string, bytes: number) => void): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | null = null;
  let cancelled = false;
  const hash = createHash("sha256");
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (!pendingBytes || cancelled) return;
    controller.enqueue(new Uint8Array(pending.length === 1 ? pending[0] : Buffer.concat(pending)));
    pending = [];
    pendingBytes = 0;
  };
  const sink: Sink = {
    write(chunk) {
      if (cancelled) return;
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      hash.update(b);
      bytes += b.length;
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= CHUNK_BYTES) flush();
    },
    async ready() {
      flush();
      while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
      if (cancelled) throw new Cancelled();
      await nextTurn();
    },
  };
  const run = async () => {
    try {
      const w = new Writer({ ...p.options, sink });
      await render(w, p);
      await w.end();
      if (cancelled) return;
      flush();
      if (w.page !== p.pages) throw new Error(`The document's layout changed between passes (${p.pages} pages, then ${w.page})`);
      onComplete(hash.digest("hex"), bytes);
      controller.close();
    } catch (e) {
      if (e instanceof Cancelled || cancelled) return;
      controller.error(e);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        void run();
      },
      pull() {
        wake?.();
        wake = null;
      },
      cancel() {
        cancelled = true;
        wake?.();
        wake = null;
      },
    },
    { highWaterMark: QUEUE_BYTES, size: (chunk) => chunk.byteLength },
  );
}

export type IssuedStream = { stream: ReadableStream<Uint8Array>; fileName: string; code: string; pages: number; kind: DocumentKind; done: Promise<{ sha256: string; bytes: number }> };

async function issue(db: Db, enrolmentId: string, issuer: Actor | null, o: IssueOptions): Promise<IssuedStream> {
  const p = await prepare(db, enrolmentId, issuer, o);
  const id = recordIssue(db, p, issuer);
  let resolveDone!: (v: { sha256: string; bytes: number }) => void;
  const done = new Promise<{ sha256: string; bytes: number }>((resolve) => (resolveDone = resolve));
  const stream = streamDocument(p, (sha256, bytes) => {
    recordHash(db, id, p, issuer, sha256, bytes);
    resolveDone({ sha256, bytes });
  });
  return { stream, fileName: p.fileName, code: p.code, pages: p.pages, kind: p.kind, done };
}

/**
 * Issues the PDF of an enrolment for anyone who may see it (the candidate, their allocated
 * assessor and IQA, the provider's admin; 404 for anyone else) and returns it as a stream.
 */
export async function portfolioPdf(actor: Actor, enrolmentId: string, o: IssueOptions = {}): Promise<IssuedStream> {
  const enrolment = enrolmentFor(actor, enrolmentId);
  return issue(getDb(), enrolment.id, actor, o);
}

/** The download response for an issued stream. */
export function pdfResponse(issued: IssuedStream): Response {
  return new Response(issued.stream, {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${issued.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Referrer-Policy": "no-referrer",
    },
  });
}

/**
 * For the command line (run by whoever runs the portal, so no access check): issues the document of
 * an enrolment and writes it to a file. The issue is recorded like any other (issued by no user).
 */
export async function writePortfolioPdf(db: Db, enrolmentId: string, outPath: string, o: IssueOptions = {}) {
  const issued = await issue(db, enrolmentId, null, o);
  const out = createWriteStream(outPath);
  const reader = issued.stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!out.write(value)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  const { sha256, bytes } = await issued.done;
  return { code: issued.code, pages: issued.pages, kind: issued.kind, sha256, bytes, fileName: issued.fileName };
}
