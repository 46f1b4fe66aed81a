/**
 * Starts PDF workers (worker.ts; ADR 0008): one process per document, at most one per CPU at a time
 * (the others wait their turn), each with a small heap, so a PDF neither blocks the server's event
 * loop nor grows its memory.
 *
 * Which worker runs follows the code that starts it: the portal built by `npm run build` (running
 * from build/index.js) starts the bundle built beside it, build/pdf-worker.js, in plain Node; the
 * portal run from source (tests, the command-line scripts under tsx) starts worker.ts under tsx.
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { PdfJob, WorkerMessage } from "./worker";

export type WorkerBuild = "bundle" | "source";

/**
 * The heap the worker runs in. A layout's live heap stays under 50 MB (a 445-page document
 * included); the rest of its memory is short-lived garbage, which a 2 MB young generation and a
 * 96 MB old generation make V8 collect early (docs/performance.md).
 */
export const WORKER_HEAP_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=2"];

const here = fileURLToPath(import.meta.url);
const fromBuild = basename(dirname(here)) === "build";
const root = fromBuild ? dirname(dirname(here)) : join(dirname(here), "..", "..", "..");
export const WORKER_BUNDLE = join(root, "build", "pdf-worker.js");

function command(build: WorkerBuild): { entry: string; execArgv: string[] } {
  if (build === "source") return { entry: join(root, "app", "lib", "pdf", "worker.ts"), execArgv: [...WORKER_HEAP_FLAGS, "--import", "tsx"] };
  if (!existsSync(WORKER_BUNDLE)) throw new Error(`The PDF worker has not been built (${WORKER_BUNDLE} is missing): run npm run build`);
  return { entry: WORKER_BUNDLE, execArgv: WORKER_HEAP_FLAGS };
}

// ---- at most one worker per CPU ---------------------------------------------------------------

const SLOTS = Math.max(1, availableParallelism());
let busy = 0;
const waiting: (() => void)[] = [];

/** How many workers are running and how many documents wait for one. */
export const workerLoad = () => ({ running: busy, waiting: waiting.length, slots: SLOTS });

async function takeSlot(): Promise<() => void> {
  if (busy >= SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else busy++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next();
    else busy--;
  };
}

// ---- one document -----------------------------------------------------------------------------

export type LayoutRun = {
  /** The worker's process id. */
  pid: number;
  /** From the first pass. */
  pages: number;
  anchors: Map<string, number>;
  /** The document's bytes (the second pass), as the worker writes them. */
  output: Readable;
  /** Resolves when the worker has written the whole document and exited cleanly; rejects otherwise. */
  written: Promise<{ peakRssMb: number }>;
  /** Stops the worker (a cancelled download); `written` then rejects. */
  stop(): void;
};

/**
 * A worker still running after this long is stopped: the largest portfolio takes a few seconds, and
 * the server reads the bytes as fast as they come, so only a fault gets near it.
 */
export const WORKER_TIMEOUT_MS = 120_000;

export type StartOptions = { build?: WorkerBuild; timeoutMs?: number };

/** Starts a worker on `job` and resolves once it has laid the document out (before the first byte). */
export async function startLayout(job: PdfJob, o: StartOptions = {}): Promise<LayoutRun> {
  const { entry, execArgv } = command(o.build ?? (fromBuild ? "bundle" : "source"));
  const timeoutMs = o.timeoutMs ?? WORKER_TIMEOUT_MS;
  const release = await takeSlot();
  const child = fork(entry, [], { execArgv, serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-8000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const exited = new Promise<Error | null>((resolve) => {
    child.on("error", (e) => resolve(e));
    child.once("exit", (code, signal) => {
      const why = timedOut ? `it was still running after ${timeoutMs / 1000} s` : (signal ?? `exit code ${code}`);
      resolve(code === 0 ? null : new Error(`The PDF worker stopped (${why})${stderr.trim() ? `:\n${stderr.trim()}` : ""}`));
    });
  });
  void exited.finally(() => {
    clearTimeout(timer);
    release();
  });
  const early = () => new Error("The PDF worker exited before it had finished the document");
  let wrote: { peakRssMb: number } | null = null;
  const laidOut = new Promise<Extract<WorkerMessage, { type: "laid-out" }>>((resolve, reject) => {
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "laid-out") resolve(m);
      else wrote = { peakRssMb: m.peakRssMb };
    });
    void exited.then((failed) => reject(failed ?? early()));
  });
  // Settled by the exit: a clean one after the last byte, or the error that stopped the worker.
  const written = exited.then((failed) => {
    if (failed) throw failed;
    if (!wrote) throw early();
    return wrote;
  });
  written.catch(() => {}); // a caller that stops the worker need not wait for this
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  try {
    child.send(job);
    const { pages, anchors } = await laidOut;
    return { pid: child.pid!, pages, anchors, output: child.stdout!, written, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
