/**
 * The PDF worker processes (app/lib/pdf/worker.ts, run by worker-pool.server.ts): a document made
 * in a worker, the next one by the same worker while it is warm, an idle worker let go, at most one
 * worker per CPU with the rest waiting their turn, a worker stopped when its download is abandoned
 * or when it runs too long, and a worker's failure reported with its error.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET ??= "integration-test-secret-0123456789abcdef";

import { gatherDocument } from "../../app/lib/pdf/data.server";
import { retireIdleWorkers, startLayout, workerLoad, type LayoutRun } from "../../app/lib/pdf/worker-pool.server";
import type { PdfJob } from "../../app/lib/pdf/worker";
import { importStandards } from "../../scripts/import-standards";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";
import { buildAward, pdfinfo, pdftotext, type Staff } from "../support/pdf";

let t: TestDb;
let job: PdfJob;

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  const provider = addProvider(t.db, "Worker test provider");
  const staff: Staff = { admin: addActor(t.db, "provider_admin", { providerId: provider }), assessor: addActor(t.db, "assessor", { providerId: provider }), iqa: addActor(t.db, "iqa", { providerId: provider }) };
  const { enrolmentId } = buildAward(t.db, staff, { evidence: 4 });
  const data = gatherDocument(t.db, enrolmentId, { showIqaComments: true });
  job = {
    data,
    issuedAt: Date.UTC(2026, 11, 3, 12),
    options: { info: { title: "Worker test", author: "Worker test provider", subject: "A test", keywords: "test", creationDate: new Date() }, runningHead: { left: "Left", right: "Right" }, code: "RJP-2345-6789-ABCD", verifyAt: "/verify", draftMark: null },
  };
}, 60_000);
afterAll(() => {
  retireIdleWorkers();
  t.close();
});

async function bytesOf(run: LayoutRun): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of run.output) chunks.push(chunk as Buffer);
  await run.written;
  return Buffer.concat(chunks);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a PDF worker", () => {
  it("lays the document out, reports its pages before the first byte, then writes exactly that many pages", async () => {
    const run = await startLayout(job);
    expect(run.pages).toBeGreaterThan(3);
    expect(run.anchors.size).toBeGreaterThan(0);
    const bytes = await bytesOf(run);
    const path = join(t.dir, "worker.pdf");
    writeFileSync(path, bytes);
    expect(Number(pdfinfo(path).Pages)).toBe(run.pages);
    expect(pdftotext(path, run.pages)).toContain(`Page ${run.pages} of ${run.pages}`);
    expect(pdftotext(path, 1)).toContain("RJP-2345-6789-ABCD");
    expect((await run.written).peakRssMb).toBeGreaterThan(20);
  });

  it("makes the next document too while it is warm, byte for byte the same layout, then is let go when idle", async () => {
    retireIdleWorkers();
    const first = await startLayout(job, { idleMs: 60_000 });
    const one = await bytesOf(first);
    expect(workerLoad()).toMatchObject({ running: 0, idle: 1 });
    const second = await startLayout(job, { idleMs: 300 });
    expect(second.pid).toBe(first.pid);
    expect(second.pages).toBe(first.pages);
    const two = await bytesOf(second);
    expect(two.length).toBe(one.length);
    expect(two.equals(one)).toBe(true);
    expect(alive(second.pid)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(alive(second.pid)).toBe(false);
    expect(workerLoad().idle).toBe(0);
  });

  it("runs at most one per CPU: the other documents wait their turn, and each comes out whole", async () => {
    const { slots } = workerLoad();
    const runs = Array.from({ length: slots + 1 }, (_, i) => startLayout({ ...job, options: { ...job.options, code: `RJP-2345-6789-ABC${"DEFGH"[i]}` } }));
    await new Promise((r) => setTimeout(r, 50));
    expect(workerLoad()).toMatchObject({ running: slots, waiting: 1 });
    const outputs = await Promise.all(runs.map(async (r) => bytesOf(await r)));
    outputs.forEach((bytes, i) => {
      const path = join(t.dir, `queued-${i}.pdf`);
      writeFileSync(path, bytes);
      expect(pdftotext(path, 1)).toContain(`RJP-2345-6789-ABC${"DEFGH"[i]}`);
    });
    expect(workerLoad()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("is stopped when its reader gives up (an abandoned download), and frees its place", async () => {
    const run = await startLayout(job);
    expect(alive(run.pid)).toBe(true);
    run.stop();
    await expect(bytesOf(run)).rejects.toThrow(/The PDF worker stopped/);
    await expect(run.written).rejects.toThrow(/The PDF worker stopped \(SIGKILL\)/);
    expect(alive(run.pid)).toBe(false);
    expect(workerLoad().running).toBe(0);
    // The next document gets another worker.
    const next = await startLayout(job);
    expect(next.pid).not.toBe(run.pid);
    await bytesOf(next);
  });

  it("is stopped when it runs too long, saying so", async () => {
    await expect(startLayout(job, { timeoutMs: 1 })).rejects.toThrow(/The PDF worker stopped \(it was still running after 0.001 s\)/);
    expect(workerLoad().running).toBe(0);
  });

  it("reports why it failed when the layout throws, and frees its place", async () => {
    const broken = { ...job, data: { ...job.data, enrolment: undefined } } as unknown as PdfJob;
    await expect(startLayout(broken)).rejects.toThrow(/The PDF worker stopped \(exit code 1\):\n.*TypeError/);
    expect(workerLoad().running).toBe(0);
  });
});
