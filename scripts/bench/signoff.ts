/** Sign-offs per second with full durability, and the same file's bare one-row-insert rate (see signoff-child.ts). */
import { spawnSync } from "node:child_process";
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../lib/portal";
import { backupCopy } from "./copy";
import type { BenchData } from "./data";

export type SignoffResult = { signoffsPerS: number; insertsPerS: number; signoffs: number; synchronous: number; journal: string };

export async function signoffRate(data: BenchData): Promise<SignoffResult> {
  if (!data.signoff.pending.length) throw new Error("bench.json lists no pending sign-offs");
  const dir = join(dirname(data.databasePath), ".bench-signoff");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const copy = await backupCopy(data.databasePath, dir);
    // The copy was just written: gigabytes of it may still be waiting in the page cache, and the
    // first fsync of the file (the first checkpoint, some twenty sign-offs in) would pay for writing
    // all of it out inside the timed loop. Flush it now, as a long-running portal's file would be.
    flushFile(copy);
    const spec = join(dir, "pending.json");
    writeFileSync(spec, JSON.stringify({ email: data.signoff.email, pending: data.signoff.pending }));
    const child = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/bench/signoff-child.ts"), spec], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "test", DATABASE_PATH: copy, EVIDENCE_DIR: join(dir, "evidence"), SESSION_SECRET: "bench-session-secret-0123456789-0123456789" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`The sign-off run failed:\n${child.stderr}${child.stdout}`);
    const r = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { signoffs: number; signoffMs: number; inserts: number; insertMs: number; synchronous: number; journal: string };
    return { signoffsPerS: r.signoffs / (r.signoffMs / 1000), insertsPerS: r.inserts / (r.insertMs / 1000), signoffs: r.signoffs, synchronous: r.synchronous, journal: r.journal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function flushFile(path: string) {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
