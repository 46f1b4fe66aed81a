/**
 * Runs PDF workers (worker.ts; ADR 0008): processes that lay documents out one at a time, at most
 * one per CPU at a time (the other documents wait their turn), each with a small heap, so a PDF
 * neither blocks the server's event loop nor grows its memory. A worker that has finished a
 * document waits, warm, for the next one, and is let go after WORKER_IDLE_MS without one.
 *
 * Which worker runs follows the code that starts it: the portal built by `npm run build` (running
 * from build/index.js) starts the bundle built beside it, build/pdf-worker.js, in plain Node; the
 * portal run from source (tests, the command-line scripts under tsx) starts worker.ts under tsx.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { deferred } from "../deferred";
import type { PdfJob, WorkerMessage } from "./worker";

export type WorkerBuild = "bundle" | "source";

/**
 * The heap the worker runs in. A layout's live heap stays under 50 MB (a 445-page document
 * included); the rest of its memory is short-lived garbage, which a 96 MB old generation makes V8
 * collect early. The young generation's 8 MB semi-spaces cost about 10 MB of resident memory over
 * 2 MB ones and save a quarter of the layout's time in collections (docs/performance.md, item 23).
 */
export const WORKER_HEAP_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=8"];

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
export const workerLoad = () => ({ running: busy, waiting: waiting.length, slots: SLOTS, idle: idle.length });

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

// ---- workers, kept warm between documents -------------------------------------------------------

/** A worker left idle this long is let go; one that has made this many documents is let go too. */
export const WORKER_IDLE_MS = 30_000;
const WORKER_MAX_DOCUMENTS = 50;

/** What the document in hand is told of its worker. */
type Handlers = { bytes(chunk: Buffer): void; message(m: WorkerMessage): void; exit(failed: Error): void };

type Worker = { child: ChildProcess; entry: string; documents: number; idleTimer: NodeJS.Timeout | null; current: Handlers | null; stderr: string; timedOut: number | null };

const idle: Worker[] = [];

function leaveIdle(w: Worker) {
  const i = idle.indexOf(w);
  if (i >= 0) idle.splice(i, 1);
  if (w.idleTimer) clearTimeout(w.idleTimer);
  w.idleTimer = null;
}

/** An idle worker does not keep this process alive (a command-line script exits when it is done). */
function hold(w: Worker, held: boolean) {
  for (const handle of [w.child, w.child.channel, w.child.stdout, w.child.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[]) {
    if (held) handle?.ref?.();
    else handle?.unref?.();
  }
}

function spawnWorker(entry: string, execArgv: string[]): Worker {
  const child = fork(entry, [], { execArgv, serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const w: Worker = { child, entry, documents: 0, idleTimer: null, current: null, stderr: "", timedOut: null };
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (w.stderr = (w.stderr + text).slice(-8000)));
  child.stdout!.on("data", (chunk: Buffer) => w.current?.bytes(chunk));
  child.on("message", (m: WorkerMessage) => w.current?.message(m));
  let gone = false;
  const exit = (failed: Error) => {
    if (gone) return;
    gone = true;
    leaveIdle(w);
    w.current?.exit(failed);
  };
  child.on("error", exit);
  child.once("exit", (code, signal) => {
    const why = w.timedOut !== null ? `it was still running after ${w.timedOut / 1000} s` : code === 0 ? "it exited" : (signal ?? `exit code ${code}`);
    exit(new Error(`The PDF worker stopped (${why})${w.stderr.trim() ? `:\n${w.stderr.trim()}` : ""}`));
  });
  return w;
}

/** Lets a worker go: it exits when its IPC channel closes. */
function retire(w: Worker) {
  leaveIdle(w);
  if (w.child.connected) w.child.disconnect();
}

function takeWorker(entry: string, execArgv: string[]): Worker {
  const w = idle.find((x) => x.entry === entry && x.child.connected);
  if (!w) return spawnWorker(entry, execArgv);
  leaveIdle(w);
  w.stderr = "";
  hold(w, true);
  return w;
}

function putBack(w: Worker, idleMs: number) {
  w.current = null;
  if (++w.documents >= WORKER_MAX_DOCUMENTS || !w.child.connected) return retire(w);
  idle.push(w);
  hold(w, false);
  w.idleTimer = setTimeout(() => retire(w), idleMs);
  w.idleTimer.unref();
}

/** Lets every idle worker go now (tests; a server shutting down). */
export function retireIdleWorkers() {
  for (const w of [...idle]) retire(w);
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
  /** Resolves when every byte of the document has come; rejects if the worker stopped first. */
  written: Promise<{ peakRssMb: number }>;
  /** Stops the worker (a cancelled download); `written` then rejects. */
  stop(): void;
};

/**
 * A document still being made after this long stops its worker: the largest portfolio takes a few
 * seconds, and the server reads the bytes as fast as they come, so only a fault gets near it.
 */
export const WORKER_TIMEOUT_MS = 120_000;

export type StartOptions = { build?: WorkerBuild; timeoutMs?: number; idleMs?: number };

/**
 * Gives `job` to a worker (an idle one if there is one, else a new one) and resolves once it has
 * laid the document out, before the first byte.
 */
export async function startLayout(job: PdfJob, o: StartOptions = {}): Promise<LayoutRun> {
  const { entry, execArgv } = command(o.build ?? (fromBuild ? "bundle" : "source"));
  const timeoutMs = o.timeoutMs ?? WORKER_TIMEOUT_MS;
  const release = await takeSlot();
  const w = takeWorker(entry, execArgv);
  const stdout = w.child.stdout!;
  const output = new Readable({ read: () => void stdout.resume() });
  output.on("error", () => {}); // a reader hears of it as it reads, and `written` rejects too
  let received = 0;
  let wrote: { bytes: number; peakRssMb: number } | null = null;
  const laidOut = deferred<Extract<WorkerMessage, { type: "laid-out" }>>();
  const written = deferred<{ peakRssMb: number }>();
  written.promise.catch(() => {}); // a caller that stops the worker need not wait for this
  const timer = setTimeout(() => {
    w.timedOut = timeoutMs;
    w.child.kill("SIGKILL");
  }, timeoutMs);
  let over = false;
  const end = (failed: Error | null) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    if (failed) {
      laidOut.reject(failed);
      written.reject(failed);
      output.destroy(failed);
      w.current = null;
    } else {
      output.push(null);
      written.resolve({ peakRssMb: wrote!.peakRssMb });
      putBack(w, o.idleMs ?? WORKER_IDLE_MS);
    }
    release();
  };
  const complete = () => {
    if (wrote && received === wrote.bytes) end(null);
  };
  w.current = {
    bytes(chunk) {
      received += chunk.byteLength;
      if (!output.push(chunk)) stdout.pause();
      complete();
    },
    message(m) {
      if (m.type === "laid-out") laidOut.resolve(m);
      else {
        wrote = m;
        complete();
      }
    },
    exit: end,
  };
  const stop = () => {
    if (!over) w.child.kill("SIGKILL");
  };
  try {
    w.child.send(job);
    const { pages, anchors } = await laidOut.promise;
    return { pid: w.child.pid!, pages, anchors, output, written: written.promise, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
