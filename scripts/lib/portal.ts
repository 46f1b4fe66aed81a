/**
 * Driving a real, built portal from a script: start it as its own process on a database and
 * evidence folder of the caller's choosing, kill or stop it, and talk to it over HTTP as a signed-in
 * user would (a cookie jar, the CSRF token read from the page, forms posted as a browser posts them).
 * Used by the benchmarks and the fault-injection runs; the tests under tests/ have their own harness.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/connection";
import { users } from "../../db/schema";
import { hashPassword } from "../../app/lib/password.server";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

export type PortalOptions = {
  databasePath: string;
  evidenceDir: string;
  port: number;
  /** Extra environment (NODE_ENV defaults to "test", which keeps development-only output quiet). */
  env?: Record<string, string>;
  /** Where the server's output goes; by default it is collected and shown only if start-up fails. */
  stdio?: "inherit" | "pipe";
  timeoutMs?: number;
};

export type Portal = {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawning the process to the first answered request. */
  readyMs: number;
  /** Output collected so far (when stdio is "pipe"). */
  output: () => string;
  /** SIGKILL, as a power cut would; resolves once the process has gone. */
  kill: () => Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has gone. */
  stop: () => Promise<void>;
};

/** Starts the built portal (run `npm run build` first) and resolves once it answers /sign-in. */
export async function startPortal(o: PortalOptions): Promise<Portal> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      SESSION_SECRET: process.env.SESSION_SECRET ?? "script-driven-portal-session-secret-0123456789",
      ...o.env,
      DATABASE_PATH: o.databasePath,
      EVIDENCE_DIR: o.evidenceDir,
      PORT: String(o.port),
    },
    stdio: o.stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    if (gone) throw new Error(`The portal exited before it answered:\n${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The portal did not answer within ${o.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/sign-in`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - started;
  const end = async (signal: NodeJS.Signals) => {
    if (gone) return;
    child.kill(signal);
    if (signal === "SIGTERM") {
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    } else await exited;
  };
  return { url, child, readyMs, output: () => out, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}

/** Gives existing accounts a known password, written straight into the database (for scripts only). */
export async function setPasswords(databasePath: string, emails: string[], password: string): Promise<void> {
  const hash = await hashPassword(password);
  const db = openDatabase(databasePath);
  try {
    for (const email of emails) {
      const changed = db.update(users).set({ passwordHash: hash }).where(eq(users.email, email)).run().changes;
      if (changed !== 1) throw new Error(`No account has the email ${email}`);
    }
  } finally {
    db.$client.close();
  }
}

export type Answer = { status: number; headers: Headers; body: string; location: string | null };

const CSRF = /name="csrf" value="([^"]*)"/;

/** One browser's worth of state: cookies, and the CSRF token of its session. */
export class PortalClient {
  private cookies = new Map<string, string>();
  private csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** A request with this client's cookies; redirects are not followed. */
  async request(path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader());
    const send = () => fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    // A kept-alive connection the server closed as it went idle can be reset as it is reused; a GET
    // changes nothing, so it is sent once more. A POST is never resent.
    const res = await send().catch((e: unknown) => {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      if ((init.method ?? "GET") === "GET" && (code === "ECONNRESET" || code === "UND_ERR_SOCKET")) return send();
      throw e;
    });
    this.keepCookies(res);
    const body = await res.text();
    return { status: res.status, headers: res.headers, body, location: res.headers.get("location") };
  }

  get(path: string): Promise<Answer> {
    return this.request(path);
  }

  /** The CSRF token forms on this session carry, read from a page (cached per session). */
  async csrf(fromPath = "/dashboard"): Promise<string> {
    if (this.csrfToken) return this.csrfToken;
    const page = await this.get(fromPath);
    const match = CSRF.exec(page.body);
    if (!match) throw new Error(`No CSRF token on ${fromPath} (status ${page.status})`);
    this.csrfToken = match[1];
    return this.csrfToken;
  }

  /** Posts a form as a browser would, with the session's CSRF token unless `csrf: false`. */
  async post(path: string, fields: Record<string, string | string[]> | FormData, o: { csrf?: boolean } = {}): Promise<Answer> {
    const withToken = o.csrf !== false;
    if (fields instanceof FormData) {
      if (withToken && !fields.has("csrf")) fields.set("csrf", await this.csrf());
      return this.request(path, { method: "POST", body: fields });
    }
    const body = new URLSearchParams();
    if (withToken && !("csrf" in fields)) body.append("csrf", await this.csrf());
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request(path, { method: "POST", body });
  }

  /** Signs in through the sign-in form; throws with the page's answer if it is refused. */
  async signIn(email: string, password: string): Promise<void> {
    this.csrfToken = null;
    const token = await this.csrf("/sign-in");
    const res = await this.post("/sign-in", { csrf: token, email, password, redirectTo: "" });
    if (res.status !== 302) throw new Error(`Sign-in as ${email} was refused with ${res.status}`);
    this.csrfToken = null;
  }
}
