/**
 * Portfolio PDFs: download time over HTTP (GET /portfolio/<id>/pdf as the candidate, to the last
 * byte), the peak RSS of the PDF worker making each one (pdf-child.ts, on a backup copy of the
 * database), and Chromium printing the same portfolio's HTML page to PDF for comparison.
 */
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, type PortalClient } from "../lib/portal";
import { percentile, summarise, type Sample } from "./stats";

const STATUS_FIELDS = { VmRSS: /VmRSS:\s+(\d+) kB/, VmHWM: /VmHWM:\s+(\d+) kB/ };

const statusMb = (pid: number | string, field: keyof typeof STATUS_FIELDS) => {
  try {
    const m = STATUS_FIELDS[field].exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // the process has just exited
  }
};

/**
 * Median of `runs` downloads after one warm-up. Meanwhile the server (`pid`) is sampled for its
 * resident set, and the PDF workers it starts for their peak resident set so far (VmHWM).
 */
export async function pdfDownloadMs(client: PortalClient, enrolmentId: string, runs: number, pid: number): Promise<{ ms: number; serverRssBeforeMb: number; serverPeakRssMb: number; workerPeakRssMb: number; bytes: number }> {
  const before = statusMb(pid, "VmRSS");
  let peak = 0;
  let workerPeak = 0;
  const sample = () => {
    peak = Math.max(peak, statusMb(pid, "VmRSS"));
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    for (const child of children) workerPeak = Math.max(workerPeak, statusMb(child, "VmHWM"));
  };
  const timer = setInterval(sample, 5);
  try {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const res = await client.get(`/portfolio/${enrolmentId}/pdf`);
      const ms = performance.now() - t;
      if (res.status !== 200 || !res.body.startsWith("%PDF")) throw new Error(`GET /portfolio/${enrolmentId}/pdf answered ${res.status}`);
      bytes = res.body.length;
      if (i > 0) times.push(ms);
    }
    return { ms: percentile(times, 50), serverRssBeforeMb: before, serverPeakRssMb: peak, workerPeakRssMb: workerPeak, bytes };
  } finally {
    clearInterval(timer);
    sample();
  }
}

/**
 * What a PDF costs everyone else: GET `path` (another user's page) one after another, 50 ms apart,
 * while two downloads of the PDF run at once; the same page's times with nothing else running first.
 */
export async function pageDuringPdfs(pageClient: PortalClient, path: string, pdfClient: PortalClient, enrolmentId: string): Promise<{ idle: Sample; during: Sample }> {
  const time = async (client: PortalClient, url: string) => {
    const t = performance.now();
    const res = await client.get(url);
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    return performance.now() - t;
  };
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push(await time(pageClient, path));
  let finished = false;
  const pdfs = Promise.all([0, 1].map(() => time(pdfClient, `/portfolio/${enrolmentId}/pdf`))).finally(() => (finished = true));
  const during: number[] = [];
  while (!finished) {
    during.push(await time(pageClient, path));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await pdfs;
  return { idle: summarise(idle), during: summarise(during) };
}

/** Issues the PDF in a fresh process on `databasePath` (a copy) and returns its time and its worker's peak RSS. */
export function pdfInChild(databasePath: string, evidenceDir: string, enrolmentId: string, out: string): { ms: number; pages: number; bytes: number; maxRssMb: number; issuerRssMb: number } {
  const child = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/bench/pdf-child.ts"), enrolmentId, out], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", DATABASE_PATH: databasePath, EVIDENCE_DIR: evidenceDir, SESSION_SECRET: "bench-session-secret-0123456789-0123456789" },
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`PDF generation failed:\n${child.stderr}${child.stdout}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!);
}

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * Chromium printing the portfolio's HTML page: `warmMs` is the median, after one warm-up, of loading
 * /portfolio/<id> (signed in) and page.pdf() in a browser already running; `coldMs` is one run from
 * chromium.launch() to the PDF in hand and the browser closed (the session is set up beforehand).
 */
export async function chromiumPrintMs(baseUrl: string, email: string, password: string, enrolmentId: string, runs: number): Promise<{ warmMs: number; coldMs: number; bytes: number }> {
  const url = `${baseUrl}/portfolio/${enrolmentId}`;
  const print = async (page: Page) => {
    const res = await page.goto(url, { waitUntil: "load" });
    if (res?.status() !== 200) throw new Error(`Chromium got ${res?.status()} for ${url}`);
    return page.pdf({ format: "A4", printBackground: true });
  };
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  let state: Awaited<ReturnType<BrowserContext["storageState"]>>;
  const times: number[] = [];
  let bytes = 0;
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/sign-in")), page.getByRole("button", { name: "Sign in" }).click()]);
    state = await context.storageState();
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const pdf = await print(page);
      if (i > 0) times.push(performance.now() - t);
      bytes = pdf.length;
    }
  } finally {
    await browser.close();
  }
  const t = performance.now();
  const cold = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const context = await cold.newContext({ storageState: state });
    await print(await context.newPage());
  } finally {
    await cold.close();
  }
  return { warmMs: percentile(times, 50), coldMs: performance.now() - t, bytes };
}
