/**
 * The PDF worker processes (app/lib/pdf/worker.ts, started by worker-pool.server.ts): a document
 * made in a worker, at most one worker per CPU with the rest waiting their turn, a worker stopped
 * when its download is abandoned or when it runs too long, and a worker's failure reported with its
 * error.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET ??= "integration-test-secret-0123456789abcdef";

import { gatherDocument } from "../../app/lib/pdf/data.server";
import { startLayout, workerLoad, type LayoutRun } from "../../app/lib/pdf/worker-pool.server";
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
afterAll(() => t.close());

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
    expect(alive(run.pid)).toBe(false);
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
    await expect(run.written).rejects.toThrow(/The PDF worker stopped \(SIGKILL\)/);
    expect(alive(run.pid)).toBe(false);
    expect(workerLoad().running).toBe(0);
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
