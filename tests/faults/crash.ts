/**
 * Crash safety: the built portal on a fresh temporary data folder, killed with SIGKILL at a random
 * moment while assessors sign criteria off and candidates upload files over HTTP, restarted on the
 * same database and evidence folder, and checked after every restart (crash-check.ts).
 *   npx tsx tests/faults/crash.ts --cycles 20 [--seed N] [--self-test] [--keep]
 * Part of `npm run test:faults` (tests/faults/run.ts imports runCrashCycles).
 */
import { randomBytes, createHash } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { PortalClient, setPasswords, startPortal, type Answer, type Portal } from "../../scripts/lib/portal";
import { checkState, type AckedSignOff, type AckedUpload } from "./crash-check";
import { prepareWork, type SignOff } from "./crash-prepare";
import { prng } from "../../scripts/lib/random";

export type CrashFigures = { kill_cycles: number; acknowledged_lost: number; integrity_failures: number; server_errors: number; details: string[] };
export type CrashOptions = { cycles: number; log?: (s: string) => void; seed?: number; selfTest?: boolean; keep?: boolean };

const SIGN_OFFS_PER_CYCLE = 10;
const UPLOADS_PER_CYCLE = 12;
const ITEMS_PER_CANDIDATE = 33;
const VARCS = ["valid", "authentic", "reliable", "current", "sufficient"];


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(random: () => number): Promise<number> {
  const start = Math.floor(random() * 50);
  for (let i = 0; i < 50; i++) {
    const port = 3450 + ((start + i) % 50);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer().once("error", () => resolve(false));
      s.listen(port, () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("No free port in 3450-3499");
}

const londonToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

export async function runCrashCycles(o: CrashOptions): Promise<CrashFigures> {
  const log = o.log ?? (() => {});
  const seed = o.seed ?? randomBytes(4).readUInt32LE();
  const random = prng(seed);
  const figures: CrashFigures = { kill_cycles: 0, acknowledged_lost: 0, integrity_failures: 0, server_errors: 0, details: [] };
  const dir = mkdtempSync(join(tmpdir(), "portal-crash-"));
  const databasePath = join(dir, "portal.db");
  const evidenceDir = join(dir, "evidence");
  const env = { SESSION_SECRET: randomBytes(32).toString("base64url") };
  let port = await freePort(random);
  const start = () => startPortal({ databasePath, evidenceDir, port, env, timeoutMs: 60_000 });
  // A problem still there at the next check is counted once, where it was first seen.
  const seen = new Set<string>();
  const record = (when: string, check: ReturnType<typeof checkState>) => {
    figures.acknowledged_lost = Math.max(figures.acknowledged_lost, check.lost);
    for (const d of check.details) {
      if (seen.has(d)) continue;
      seen.add(d);
      if (!/^(sign-off|upload)/.test(d)) figures.integrity_failures++;
      figures.details.push(`${when}: ${d}`);
    }
  };
  let portal: Portal | undefined;
  const started = performance.now();
  log(`crash: seed ${seed}, ${o.cycles} cycles, data in ${dir}, port ${port}`);
  try {
    // Set up (migrations, standards, demo data) by the portal itself, then the work, server stopped.
    portal = await start();
    log(`crash: first start (migrate, import, seed) ${Math.round(portal.readyMs)} ms`);
    await portal.stop();
    const candidates = Math.max(4, Math.ceil((o.cycles * SIGN_OFFS_PER_CYCLE) / ITEMS_PER_CANDIDATE) + 1);
    const work = prepareWork(databasePath, evidenceDir, { candidates, assessors: 2 });
    const password = randomBytes(18).toString("base64url");
    await setPasswords(databasePath, [...work.assessors, ...work.candidates.map((c) => c.email)], password);
    record("before any kill", checkState(databasePath, evidenceDir, [], [], {}));

    portal = await start();
    const clients = new Map<string, PortalClient>();
    const signInAll = (url: string) =>
      Promise.all(
        [...work.assessors, ...work.candidates.map((c) => c.email)].map(async (email) => {
          const client = new PortalClient(url);
          await client.signIn(email, password);
          await client.csrf("/dashboard");
          clients.set(email, client);
        }),
      );
    await signInAll(portal.url);

    const ackedSignOffs: AckedSignOff[] = [];
    const ackedUploads: AckedUpload[] = [];
    const queue: SignOff[] = [...work.queue];
    const readyTimes: number[] = [];
    let uploadNo = 0;
    const [year, month, day] = londonToday().split("-").map((s) => String(Number(s)));

    for (let cycle = 1; cycle <= o.cycles; cycle++) {
      let killed = false;
      let sent = 0;
      let cut = 0;
      const answered = (what: string, res: Answer) => {
        if (res.status >= 500) {
          figures.server_errors++;
          figures.details.push(`cycle ${cycle}: ${what} answered ${res.status}: ${res.body.slice(0, 200).replace(/\s+/g, " ")}`);
        }
      };
      const attempt = async (what: string, send: () => Promise<Answer>): Promise<Answer | null> => {
        sent++;
        try {
          const res = await send();
          answered(what, res);
          return res;
        } catch (e) {
          // A connection cut by the kill is expected; anything else before the kill is a problem.
          if (!killed) {
            // The server dropped a connection it had not been killed for: as bad as a 5xx.
            figures.server_errors++;
            figures.details.push(`cycle ${cycle}: ${what} failed before the kill: ${String(e)} ${String((e as Error).cause ?? "")}`);
          }
          else {
            cut++;
            if (process.env.CRASH_DEBUG) log(`crash: cut: ${what}: ${String(e)} ${String((e as Error).cause)}`);
          }
          return null;
        }
      };

      const signOff = async (job: SignOff) => {
        const path = `/assess/${job.enrolmentId}/${job.itemId}`;
        const res = await attempt(`sign-off ${path}`, () =>
          clients.get(job.assessorEmail)!.post(path, {
            outcome: "met",
            methods: ["observation", "work_product"],
            checks: VARCS,
            feedback: `Met: signed off in crash cycle ${cycle}.`,
            "decidedOn.day": day,
            "decidedOn.month": month,
            "decidedOn.year": year,
            expectedDecisionId: "",
          }),
        );
        if (!res) return;
        const decided = res.status === 302 ? new RegExp(`^/assess/${job.enrolmentId}\\?decided=([0-9a-f-]+)`).exec(res.location ?? "") : null;
        if (decided) ackedSignOffs.push({ enrolmentId: job.enrolmentId, itemId: job.itemId, decisionId: decided[1], cycle });
        else if (res.status < 500) figures.details.push(`cycle ${cycle}: sign-off ${path} answered ${res.status} ${res.location ?? res.body.slice(0, 120).replace(/\s+/g, " ")}`);
      };
      const upload = async (candidate: { email: string; enrolmentId: string }) => {
        const n = ++uploadNo;
        // Letters only (no digits or @), so the personal-data check has nothing to flag.
        const words = Array.from({ length: 6 + Math.floor(random() * 300) }, () => randomBytes(6).toString("base64").replace(/[^a-z]/gi, "") || "word");
        const bytes = Buffer.from(`Crash evidence upload ${n.toString(36).replace(/\d/g, (d) => "klmnopqrst"[Number(d)])}.\n${words.join(" ")}\n`, "utf8");
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        const form = new FormData();
        form.set("file", new File([bytes], `upload-${n}.txt`, { type: "text/plain" }));
        form.set("title", `Crash upload ${n}`);
        form.set("description", "Notes from a practice session");
        const path = `/portfolio/${candidate.enrolmentId}/evidence/new/file`;
        const res = await attempt(`upload ${n} ${path}`, () => clients.get(candidate.email)!.post(path, form));
        if (!res) return;
        const added = res.status === 302 ? /^\/evidence\/([0-9a-f-]+)\/map\?/.exec(res.location ?? "") : null;
        if (added) ackedUploads.push({ enrolmentId: candidate.enrolmentId, evidenceId: added[1], sha256, size: bytes.length, cycle });
        else if (res.status < 500) figures.details.push(`cycle ${cycle}: upload ${n} answered ${res.status} ${res.location ?? res.body.slice(0, 120).replace(/\s+/g, " ")}`);
      };

      // Each request starts at a random moment over the cycle; the kill comes at a random moment
      // too, so some requests are answered, some cut mid-way, and the rest (not sent) wait.
      const delay = 80 + random() * 420;
      const at = () => random() * delay * 1.15;
      const later = (ms: number, fn: () => Promise<void>, unsent: () => void) =>
        sleep(ms).then(() => (killed ? unsent() : fn()));
      const jobs = queue.splice(0, SIGN_OFFS_PER_CYCLE);
      const requests = [
        ...jobs.map((job) => later(at(), () => signOff(job), () => void queue.unshift(job))),
        ...Array.from({ length: UPLOADS_PER_CYCLE }, (_, i) => later(at(), () => upload(work.candidates[i % work.candidates.length]), () => undefined)),
      ];
      await sleep(delay);
      killed = true;
      await portal.kill();
      figures.kill_cycles++;
      await Promise.all(requests);

      let restarted: Portal | undefined;
      try {
        restarted = await start();
      } catch (e) {
        if (/EADDRINUSE/.test(String(e))) {
          // Someone else took the port meanwhile: not the portal's fault; a new port, new sessions.
          port = await freePort(random);
          restarted = await start();
          await signInAll(restarted.url);
        } else {
          figures.integrity_failures++;
          figures.details.push(`cycle ${cycle}: the portal failed to start after the kill: ${String(e).slice(0, 500)}`);
          try {
            restarted = await start();
          } catch {
            figures.details.push(`cycle ${cycle}: a second start failed too; stopping the run`);
            break;
          }
        }
      }
      portal = restarted;
      readyTimes.push(portal.readyMs);
      const swept = /Removed \d+ unfinished upload.*/.exec(portal.output())?.[0];
      if (swept) log(`crash: cycle ${cycle}: the portal at start: ${swept}`);

      const check = checkState(databasePath, evidenceDir, ackedSignOffs, ackedUploads, { evidencePerItem: work.evidencePerItem });
      record(`cycle ${cycle}`, check);
      log(
        `crash: cycle ${cycle}: killed after ${Math.round(delay)} ms, ${sent} requests (${cut} cut), acknowledged so far ${ackedSignOffs.length} sign-offs and ${ackedUploads.length} uploads; restart ${Math.round(portal.readyMs)} ms; ${check.lost} lost, ${check.failures} failed checks`,
      );
    }
    await portal.stop();
    portal = undefined;
    record("after the last stop", checkState(databasePath, evidenceDir, ackedSignOffs, ackedUploads, { evidencePerItem: work.evidencePerItem }));
    const mean = readyTimes.length ? readyTimes.reduce((a, b) => a + b, 0) / readyTimes.length : 0;
    log(`crash: ${figures.kill_cycles} kills, ${ackedSignOffs.length} sign-offs and ${ackedUploads.length} uploads acknowledged, restart mean ${Math.round(mean)} ms, ${Math.round((performance.now() - started) / 1000)} s in all`);

    if (o.selfTest) for (const line of selfTest(databasePath, evidenceDir, dir, ackedSignOffs, ackedUploads, work.evidencePerItem)) log(`crash: self-test: ${line}`);
  } finally {
    if (portal) await portal.kill();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    else log(`crash: kept ${dir}`);
  }
  return figures;
}

/**
 * Does the checker notice damage? On copies of the final state: one acknowledged sign-off deleted,
 * one acknowledged upload's file deleted, one stray file added. Returns a line per case, or throws.
 */
function selfTest(databasePath: string, evidenceDir: string, dir: string, signOffs: AckedSignOff[], uploads: AckedUpload[], evidencePerItem: number): string[] {
  const lines: string[] = [];
  const copy = (name: string) => {
    const to = join(dir, name);
    cpSync(evidenceDir, join(to, "evidence"), { recursive: true });
    const src = new Database(databasePath, { readonly: true });
    src.exec(`VACUUM INTO '${join(to, "portal.db").replace(/'/g, "''")}'`);
    src.close();
    return { db: join(to, "portal.db"), evidence: join(to, "evidence") };
  };
  let cleanFailures = 0;
  const expect = (what: string, r: ReturnType<typeof checkState>, lost: number, moreFailures: number) => {
    const ok = r.lost === lost && r.failures >= cleanFailures + moreFailures;
    lines.push(`${ok ? "ok" : "NOT DETECTED"}: ${what}: lost ${r.lost}, failed checks ${r.failures}${r.details.length ? ` (${r.details[0]})` : ""}`);
    if (!ok) throw new Error(`The crash checker missed: ${what}\n${lines.join("\n")}`);
  };
  const clean = copy("self-test-clean");
  const undamaged = checkState(clean.db, clean.evidence, signOffs, uploads, { evidencePerItem });
  expect("an undamaged copy", undamaged, 0, 0);
  cleanFailures = undamaged.failures;
  if (signOffs.length) {
    const c = copy("self-test-decision");
    const db = new Database(c.db);
    db.pragma("foreign_keys = OFF");
    const id = signOffs[0].decisionId;
    db.prepare("delete from decision_evidence where decision_id = ?").run(id);
    db.prepare("delete from decisions where id = ?").run(id);
    db.close();
    expect("an acknowledged sign-off deleted", checkState(c.db, c.evidence, signOffs, uploads, { evidencePerItem }), 1, 1);
  }
  if (uploads.length) {
    const c = copy("self-test-file");
    const sha = uploads[0].sha256;
    unlinkSync(join(c.evidence, sha.slice(0, 2), sha));
    expect("an acknowledged upload's file deleted", checkState(c.db, c.evidence, signOffs, uploads, { evidencePerItem }), uploads.filter((u) => u.sha256 === sha).length, 1);
    const d = copy("self-test-row");
    const db = new Database(d.db);
    db.pragma("foreign_keys = OFF");
    db.prepare("delete from evidence_versions where evidence_id = ?").run(uploads[0].evidenceId);
    db.close();
    expect("an acknowledged upload's version row deleted (file left behind)", checkState(d.db, d.evidence, signOffs, uploads, { evidencePerItem }), 1, 2);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const cycles = Number(arg("cycles") ?? 20);
  const seed = arg("seed") !== undefined ? Number(arg("seed")) : undefined;
  const t0 = performance.now();
  runCrashCycles({ cycles, seed, selfTest: process.argv.includes("--self-test"), keep: process.argv.includes("--keep"), log: (s) => console.log(s) })
    .then((f) => {
      console.log(JSON.stringify({ ...f, seconds: Math.round((performance.now() - t0) / 100) / 10 }, null, 2));
      process.exit(f.acknowledged_lost || f.integrity_failures || f.server_errors ? 1 : 0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(2);
    });
}
