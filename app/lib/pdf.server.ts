/**
 * Portfolio PDFs: the Level 4 award portfolio and the supervisor competency check, streamed as they
 * are made, each issued with a verification code and recorded with the SHA-256 of its exact bytes.
 *
 * How a document is issued:
 * 1. The data is read in a fixed number of queries (pdf/data.server.ts) and a code is drawn.
 * 2. A PDF worker process (pdf/worker.ts, ADR 0008) is given the data. It lays the document out once
 *    into a byte counter, to learn the number of pages and the page of each contents entry ("Page N
 *    of M" and the contents need them before the first byte is sent), and reports them. The layout
 *    is deterministic, so its second pass puts everything in the same place.
 * 3. A row in issued_documents is written with the code (sha256 still null) and the issue audited.
 * 4. Second pass: the worker writes the bytes as pdfkit makes them, and they stream to the caller,
 *    hashed as they go; when the worker has finished, the row gets the SHA-256 and size (audited
 *    too). An interrupted download stops the worker and leaves the row without a hash, and /verify
 *    says the document was not completed.
 * Pages are written out as they fill and the worker waits for the reader, so memory stays bounded
 * whatever the number of pages; the server only passes bytes on.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { issuedDocuments } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { deferred } from "./deferred";
import { enrolmentFor } from "./enrolments.server";
import { AWARD_TITLE } from "./pdf/award";
import { newVerificationCode } from "./pdf/codes";
import { gatherDocument, type DocumentData, type DocumentKind } from "./pdf/data.server";
import { CHECK_TITLE } from "./pdf/supervisor";
import type { PdfJob } from "./pdf/worker";
import { startLayout, type LayoutRun, type WorkerBuild } from "./pdf/worker-pool.server";

export { normaliseCode } from "./pdf/codes";
export { checkCode, checkCopy, lookupDocument, readVerifyUpload, MAX_COPY_BYTES, VERIFY_MESSAGES, type IssuedDocumentView } from "./pdf/verify.server";

export type IssueOptions = {
  /** The portal's address, printed as where to verify (e.g. "https://portal.example"). */
  baseUrl?: string | null;
  now?: number;
  /** The request's signal: a download abandoned before its last byte stops the worker. */
  signal?: AbortSignal;
  /** Which PDF worker to run; by default the one built with this code (see worker-pool.server.ts). */
  worker?: WorkerBuild;
};

type Prepared = {
  data: DocumentData;
  kind: DocumentKind;
  code: string;
  issuedAt: number;
  fileName: string;
  outcome: string;
  draft: boolean;
  /** The worker, paused after the first pass until its bytes are read (with the page count). */
  run: LayoutRun;
};

/** The file name a document downloads as. */
export function documentFileName(kind: DocumentKind, candidateNumber: string, code: string) {
  const safe = candidateNumber.replace(/[^A-Za-z0-9-]/g, "");
  return `${kind === "award_portfolio" ? "award-portfolio" : "supervisor-check"}-${safe}-${code}.pdf`;
}

/** Reads the data, draws a code, and lays the document out once to learn its pages. */
async function prepare(db: Db, enrolmentId: string, issuer: Actor | null, o: IssueOptions): Promise<Prepared> {
  const issuedAt = o.now ?? Date.now();
  const data = gatherDocument(db, enrolmentId, { showIqaComments: !issuer || issuer.userId !== (await candidateOf(db, enrolmentId)) });
  const code = newVerificationCode();
  const e = data.enrolment;
  const a = data.achievement;
  const title = data.kind === "award_portfolio" ? `${e.programmeTitle}: ${AWARD_TITLE.toLowerCase()}` : `${CHECK_TITLE}: ${e.programmeTitle === CHECK_TITLE ? "case supervisor" : e.programmeTitle}`;
  const options: PdfJob["options"] = {
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
  };
  const run = await startLayout({ data, issuedAt, options }, { build: o.worker });
  return {
    data,
    kind: data.kind,
    code,
    issuedAt,
    fileName: documentFileName(data.kind, e.candidateNumber, code),
    outcome: a.label,
    draft: !a.achieved,
    run,
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
        details: { enrolmentId: p.data.enrolment.id, kind: p.kind, code: p.code, outcome: p.outcome, draft: p.draft, pages: p.run.pages },
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

/**
 * The second pass as a web stream: the worker's bytes, hashed as they pass. The worker writes only
 * as fast as they are read; cancelling the stream (the download interrupted) stops it. When the
 * request was abandoned (`signal`), the stream just ends where the worker stopped: nobody is reading
 * it, and an abandoned download is not a fault to report.
 */
function streamDocument(p: Prepared, signal: AbortSignal | undefined, onComplete: (sha256: string, bytes: number, workerPeakRssMb: number) => void): ReadableStream<Uint8Array> {
  const hash = createHash("sha256");
  let bytes = 0;
  const chunks = p.run.output[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (!done) {
          hash.update(value);
          bytes += value.byteLength;
          controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
          return;
        }
        const { peakRssMb } = await p.run.written;
        onComplete(hash.digest("hex"), bytes, peakRssMb);
        controller.close();
      } catch (e) {
        if (!signal?.aborted) throw e;
        controller.close();
      }
    },
    async cancel() {
      p.run.stop();
      await chunks.return?.();
    },
  });
}

/** A finished document: its hash and size, and the peak resident set of the worker that made it. */
type Completed = { sha256: string; bytes: number; workerPeakRssMb: number };

export type IssuedStream = { stream: ReadableStream<Uint8Array>; fileName: string; code: string; pages: number; kind: DocumentKind; done: Promise<Completed> };

async function issue(db: Db, enrolmentId: string, issuer: Actor | null, o: IssueOptions): Promise<IssuedStream> {
  const p = await prepare(db, enrolmentId, issuer, o);
  let id: string;
  try {
    o.signal?.throwIfAborted();
    id = recordIssue(db, p, issuer);
  } catch (e) {
    p.run.stop();
    throw e;
  }
  o.signal?.addEventListener("abort", () => p.run.stop(), { once: true });
  const done = deferred<Completed>();
  const stream = streamDocument(p, o.signal, (sha256, bytes, workerPeakRssMb) => {
    recordHash(db, id, p, issuer, sha256, bytes);
    done.resolve({ sha256, bytes, workerPeakRssMb });
  });
  return { stream, fileName: p.fileName, code: p.code, pages: p.run.pages, kind: p.kind, done: done.promise };
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
  return { code: issued.code, pages: issued.pages, kind: issued.kind, fileName: issued.fileName, ...(await issued.done) };
}
