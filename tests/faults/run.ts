/**
 * `npm run test:faults`: fault injection against the built portal.
 *   - access: the access matrix (tests/integration/access-matrix.test.ts), summarised;
 *   - hostile uploads: 500+ malformed and malicious files through the real upload route;
 *   - hostile forms: oversized and wrongly typed fields, CSRF failures, cross-site posts, a
 *     replayed witness link, an expired session; each refused with no change;
 *   - crash cycles: SIGKILL during sign-offs and uploads, then integrity checks (crash.ts).
 * Prints a table of findings, and as its last line one JSON object with the figures.
 *   npm run test:faults [-- --cycles N] [-- --quick] [-- --seed N] [-- --only access,uploads,forms,crash]
 * Builds nothing: run `npm run build` first.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { DEMO_USERS } from "../../scripts/demo-data";
import { PortalClient, ROOT, setPasswords, startPortal, type Portal } from "../../scripts/lib/portal";
import { runAccessMatrix } from "./access";
import { runHostileForms } from "./hostile-forms";
import { runHostileUploads } from "./hostile-uploads";

type CrashFigures = { kill_cycles: number; acknowledged_lost: number; integrity_failures: number; server_errors: number; details?: string[] };

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const quick = flag("quick");
const cycles = Number(option("cycles") ?? (quick ? 3 : 20));
const seed = Number(option("seed") ?? randomBytes(4).readUInt32LE());
const only = new Set((option("only") ?? "access,uploads,forms,crash").split(","));
const MAX_UPLOAD_MB = 2;

const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

async function freePort(): Promise<number> {
  for (let port = 3400 + Math.floor(Math.random() * 50), i = 0; i < 50; i++, port = 3400 + ((port - 3400 + 1) % 50)) {
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer().once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("No free port in 3400-3449");
}

async function loadCrash(): Promise<((o: { cycles: number; log?: (s: string) => void }) => Promise<CrashFigures>) | null> {
  const file = join(ROOT, "tests/faults/crash.ts");
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { runCrashCycles?: (o: { cycles: number; log?: (s: string) => void }) => Promise<CrashFigures> };
  return mod.runCrashCycles ?? null;
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    console.error("The portal is not built: run npm run build first.");
    return 1;
  }
  const started = performance.now();
  log(`faults: seed ${seed}${quick ? ", quick" : ""}, ${cycles} crash cycles, MAX_UPLOAD_MB=${MAX_UPLOAD_MB}`);
  const findings: { part: string; text: string }[] = [];
  const result = { routes_checked: 0, unexpected_access: 0, hostile_files: 0, hostile_accepted: 0, server_errors: 0, kill_cycles: 0, acknowledged_lost: 0, integrity_failures: 0 };
  let otherFailures = 0;
  const timings: string[] = [];

  if (only.has("access")) {
    const t = performance.now();
    log("access: running the access matrix");
    const a = await runAccessMatrix({ log });
    result.routes_checked = a.routes_checked;
    result.unexpected_access = a.unexpected_access;
    result.server_errors += a.server_errors;
    if (a.exitCode !== 0 && !a.findings.length) otherFailures++;
    if (a.routes_checked === 0) otherFailures++;
    for (const text of a.findings) findings.push({ part: "access", text });
    timings.push(`access ${((performance.now() - t) / 1000).toFixed(1)} s (${a.routes_checked} route × method, ${a.cells_checked} cells)`);
  }

  if (only.has("uploads") || only.has("forms")) {
    const dir = mkdtempSync(join(tmpdir(), "portal-faults-"));
    const databasePath = join(dir, "portal.db");
    const evidenceDir = join(dir, "evidence");
    let portal: Portal | undefined;
    try {
      const port = await freePort();
      const env = { SESSION_SECRET: randomBytes(32).toString("base64url"), MAX_UPLOAD_MB: String(MAX_UPLOAD_MB) };
      log(`portal: starting on port ${port}, data in ${dir}`);
      portal = await startPortal({ databasePath, evidenceDir, port, env, timeoutMs: 120_000 });
      // The demo candidate's own enrolments are achieved in the demo data; the demo trainee's is
      // active. Use the demo candidate if they have an active enrolment, else another candidate who does.
      const demoCandidate = DEMO_USERS.find((u) => u.role === "candidate")!.email;
      const db = new Database(databasePath, { readonly: true });
      const active = db
        .prepare("select e.id as id, u.email as email from enrolments e join users u on u.id = e.candidate_id where e.status = 'active' order by (u.email = ?) desc, e.enrolled_at limit 1")
        .get(demoCandidate) as { id: string; email: string } | undefined;
      db.close();
      if (!active) throw new Error("No candidate in the demo data has an active enrolment");
      const { id: enrolmentId, email: candidateEmail } = active;
      const password = randomBytes(18).toString("base64url");
      await setPasswords(databasePath, [candidateEmail], password);
      log(`portal: uploading as ${candidateEmail} to enrolment ${enrolmentId}`);
      const signIn = async () => {
        const c = new PortalClient(portal!.url);
        await c.signIn(candidateEmail, password);
        return c;
      };

      if (only.has("uploads")) {
        const t = performance.now();
        const u = await runHostileUploads({ client: await signIn(), databasePath, evidenceDir, enrolmentId, maxUploadBytes: MAX_UPLOAD_MB * 1024 * 1024, seed, quick, concurrency: 4, log });
        result.hostile_files = u.hostile_files;
        result.hostile_accepted = u.hostile_accepted;
        result.server_errors += u.server_errors;
        otherFailures += u.hostile_unexpected + u.controls_refused;
        for (const text of u.findings) findings.push({ part: "uploads", text });
        timings.push(`hostile uploads ${((performance.now() - t) / 1000).toFixed(1)} s (${u.hostile_files} hostile files, ${u.controls - u.controls_refused}/${u.controls} controls accepted)`);
      }
      if (only.has("forms")) {
        const t = performance.now();
        const fm = await runHostileForms({ portal: portal!, signIn, candidateEmail, databasePath, evidenceDir, enrolmentId, log });
        result.server_errors += fm.server_errors;
        otherFailures += fm.not_refused + fm.changed;
        for (const text of fm.findings) findings.push({ part: "forms", text });
        timings.push(`hostile forms ${((performance.now() - t) / 1000).toFixed(1)} s (${fm.attempts} attempts, ${fm.refused} refused with nothing changed)`);
      }
      if (portal.child.exitCode !== null) {
        otherFailures++;
        findings.push({ part: "portal", text: `the portal exited during the run:\n${portal.output().slice(-2000)}` });
      }
    } finally {
      await portal?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (only.has("crash")) {
    const t = performance.now();
    const runCrashCycles = await loadCrash();
    if (!runCrashCycles) {
      otherFailures++;
      findings.push({ part: "crash", text: "tests/faults/crash.ts (runCrashCycles) is not there yet, so no crash cycles were run" });
    } else {
      log(`crash: ${cycles} kill cycles`);
      const c = await runCrashCycles({ cycles, log });
      result.kill_cycles = c.kill_cycles;
      result.acknowledged_lost = c.acknowledged_lost;
      result.integrity_failures = c.integrity_failures;
      result.server_errors += c.server_errors;
      for (const text of c.details ?? []) findings.push({ part: "crash", text });
      timings.push(`crash cycles ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }

  // The findings, then the figures.
  console.log("");
  console.log("Findings");
  console.log("--------");
  if (!findings.length) console.log("(none)");
  const width = Math.max(...findings.map((f) => f.part.length), 4);
  for (const f of findings) console.log(`${f.part.padEnd(width)} | ${f.text.replace(/\n/g, `\n${" ".repeat(width)} | `)}`);
  console.log("");
  console.log("Figures");
  console.log("-------");
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(20)} ${v}`);
  for (const t of timings) console.log(`time: ${t}`);
  console.log(`time: all ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);

  const failures: string[] = [];
  if (result.unexpected_access) failures.push("unexpected_access");
  if (result.hostile_accepted) failures.push("hostile_accepted");
  if (result.server_errors) failures.push("server_errors");
  if (result.acknowledged_lost) failures.push("acknowledged_lost");
  if (result.integrity_failures) failures.push("integrity_failures");
  if (only.has("uploads") && result.hostile_files < 500 && !quick) failures.push("hostile_files < 500");
  if (only.has("crash") && result.kill_cycles < 20 && !quick) failures.push("kill_cycles < 20");
  if (otherFailures) failures.push(`${otherFailures} other findings (see above)`);
  console.log(failures.length ? `FAILED: ${failures.join(", ")}` : "PASSED");
  console.log(JSON.stringify(result));
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
