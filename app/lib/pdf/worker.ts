/**
 * The PDF worker: a process of its own that lays documents out, one at a time (ADR 0008). It is
 * given a document's data over the IPC channel, lays it out once into a byte counter to learn the
 * pages and the page of each contents entry, reports them, then lays it out again with "Page N of
 * M" and the contents filled in, writing the bytes to stdout, and reports how many it wrote. It
 * reads no database and no file but the fonts.
 *
 * It is started by worker-pool.server.ts with a small heap (most of a layout's memory is garbage
 * that V8 would otherwise let pile up), is given the next document when it has finished one, and
 * exits when its parent lets it go (or goes).
 *
 * This module is also the bundle's entry point (`build/pdf-worker.js`), so it must not import any
 * `.server` module: everything it needs is in the layout modules.
 */
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { renderAward } from "./award";
import type { DocumentData } from "./data.server";
import { Writer, type Sink, type WriterOptions } from "./layout";
import { renderSupervisorCheck } from "./supervisor";

export type PdfJob = { data: DocumentData; issuedAt: number; options: Omit<WriterOptions, "sink" | "totalPages" | "anchorPages" | "compress"> };

/**
 * What the worker tells its parent of each document: the layout (before the first byte), then how
 * many bytes it wrote (the document ends there on stdout; the next one starts only when asked for).
 */
export type WorkerMessage = { type: "laid-out"; pages: number; anchors: Map<string, number> } | { type: "written"; pages: number; bytes: number; peakRssMb: number };

const render = (w: Writer, job: PdfJob) => (job.data.kind === "award_portfolio" ? renderAward(w, job.data, job.issuedAt) : renderSupervisorCheck(w, job.data, job.issuedAt));

const CHUNK_BYTES = 64 * 1024;

/**
 * Pass one: nothing is kept but the count (compression changes no position, only the bytes). Both
 * passes let the event loop turn now and then (`ready`): pdfkit hands its output on from the loop,
 * and until it turns every piece of the document so far waits in pdfkit's buffer.
 */
async function layOut(job: PdfJob) {
  const counter: Sink = { write() {}, ready: () => nextTurn() };
  const w = new Writer({ ...job.options, totalPages: null, anchorPages: null, sink: counter, compress: false });
  await render(w, job);
  await w.end();
  return { pages: w.page, anchors: w.anchors };
}

/**
 * Pass two: the real bytes, to stdout in chunks of about 64 KB (pdfkit's pieces are a few bytes
 * each), pausing whenever the parent has not read what came before.
 */
async function write(job: PdfJob, pages: number, anchors: ReadonlyMap<string, number>) {
  const out = process.stdout;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  const flush = () => {
    if (!pendingBytes) return;
    written += pendingBytes;
    out.write(pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  const sink: Sink = {
    write(chunk) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= CHUNK_BYTES) flush();
    },
    async ready() {
      if (out.writableNeedDrain) await once(out, "drain");
      await nextTurn();
    },
  };
  const w = new Writer({ ...job.options, totalPages: pages, anchorPages: anchors, sink });
  await render(w, job);
  await w.end();
  flush();
  if (w.page !== pages) throw new Error(`The document's layout changed between passes (${pages} pages, then ${w.page})`);
  return { pages: w.page, bytes: written };
}

async function run(job: PdfJob) {
  const { pages, anchors } = await layOut(job);
  await tell({ type: "laid-out", pages, anchors });
  const written = await write(job, pages, anchors);
  await tell({ type: "written", ...written, peakRssMb: process.resourceUsage().maxRSS / 1024 });
}

const tell = (message: WorkerMessage) => new Promise<void>((resolve, reject) => process.send!(message, undefined, undefined, (e) => (e ? reject(e) : resolve())));

if (process.send) {
  // The parent going away closes stdout: stop at once.
  process.stdout.on("error", () => process.exit(2));
  process.on("disconnect", () => process.exit(0));
  process.on("message", (job: PdfJob) => {
    run(job).catch((e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    });
  });
}
