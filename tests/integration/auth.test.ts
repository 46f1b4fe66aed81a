import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.SESSION_SECRET ??= "integration-test-secret-0123456789abcdef";
import { sessions, users } from "../../db/schema";
import { checkSetPasswordToken, createUser, SET_PASSWORD_TTL_MS, setPasswordWithToken } from "../../app/lib/accounts.server";
import { verifyAuditChain } from "../../app/lib/audit.server";
import { getActor, requireRole, requireUser, sessionCookie, signIn, signOut } from "../../app/lib/auth.server";
import { requireCsrf } from "../../app/lib/csrf.server";
import { inRequestScope } from "../../app/lib/request-scope.server";
import { MAX_FAILURES_PER_ACCOUNT, THROTTLE_WINDOW_MS } from "../../app/lib/session-rules";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let providerId: string;
const PASSWORD = "a long test passphrase";

async function newUser(email: string) {
  const admin = addActor(t.db, "admin");
  const { token } = createUser(admin, { name: "Test Person", email, role: "assessor", providerId });
  expect(await setPasswordWithToken(token, PASSWORD)).toBe(true);
}

const request = (cookie?: string, init: RequestInit = {}) => new Request("http://localhost/dashboard", { ...init, headers: { ...(cookie ? { Cookie: cookie } : {}), Host: "localhost", ...(init.headers as object) } });
const cookieOf = (setCookie: string) => setCookie.split(";")[0];

beforeAll(() => {
  t = tempDb();
  providerId = addProvider(t.db);
});
afterAll(() => t.close());

describe("sign-in", () => {
  it("starts a server session whose id changes at every sign-in", async () => {
    await newUser("rotate@example.org");
    const first = await signIn({ email: "rotate@example.org", password: PASSWORD, ip: "10.0.0.1" });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const firstCookie = cookieOf(first.cookie);
    const actor = await getActor(request(firstCookie));
    expect(actor?.email).toBe("rotate@example.org");
    const token = await sessionCookie().parse(firstCookie);
    const second = await signIn({ email: "ROTATE@example.org ", password: PASSWORD, ip: "10.0.0.1", previousToken: token });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(cookieOf(second.cookie)).not.toEqual(firstCookie);
    expect(await getActor(request(firstCookie))).toBeNull();
    expect((await getActor(request(cookieOf(second.cookie))))?.sessionId).not.toEqual(actor?.sessionId);
  });

  it("gives the same answer for an unknown account and a wrong password", async () => {
    await newUser("generic@example.org");
    expect(await signIn({ email: "generic@example.org", password: "wrong password!", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "incorrect" });
    expect(await signIn({ email: "nobody@example.org", password: "wrong password!", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "incorrect" });
  });

  it("throttles an account after repeated failures, even with the right password, until the window passes", async () => {
    await newUser("throttle@example.org");
    const now = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await signIn({ email: "throttle@example.org", password: "nope nope nope", ip: `10.1.0.${i}` }, now + i);
    const blocked = await signIn({ email: "throttle@example.org", password: PASSWORD, ip: "10.1.1.1" }, now + 10);
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (!blocked.ok && blocked.reason === "throttled") expect(blocked.retryAt).toBe(now + THROTTLE_WINDOW_MS);
    expect((await signIn({ email: "throttle@example.org", password: PASSWORD, ip: "10.1.1.1" }, now + THROTTLE_WINDOW_MS + 1)).ok).toBe(true);
  });

  it("throttles an address trying many accounts", { timeout: 60_000 }, async () => {
    const now = Date.now();
    for (let i = 0; i < 20; i++) await signIn({ email: `spray${i}@example.org`, password: "guess guess", ip: "10.9.9.9" }, now);
    expect(await signIn({ email: "generic@example.org", password: PASSWORD, ip: "10.9.9.9" }, now + 1)).toMatchObject({ reason: "throttled" });
  });
});

describe("sessions", () => {
  it("sign-out ends the server session", async () => {
    await newUser("signout@example.org");
    const r = await signIn({ email: "signout@example.org", password: PASSWORD, ip: "10.0.0.3" });
    if (!r.ok) throw new Error("sign-in failed");
    const cookie = cookieOf(r.cookie);
    const before = t.db.select().from(sessions).all().length;
    await signOut(request(cookie));
    expect(t.db.select().from(sessions).all().length).toBe(before - 1);
    expect(await getActor(request(cookie))).toBeNull();
  });

  it("reads the session once per HTTP request, and not again after signing out in it", async () => {
    await newUser("scope@example.org");
    const r = await signIn({ email: "scope@example.org", password: PASSWORD, ip: "10.0.0.5" });
    if (!r.ok) throw new Error("sign-in failed");
    const cookie = cookieOf(r.cookie);
    const ended = () => t.db.delete(sessions).where(eq(sessions.userId, t.db.select({ id: users.id }).from(users).where(eq(users.email, "scope@example.org")).get()!.id)).run();
    await inRequestScope(async () => {
      // Remix hands each loader its own copy of the Request: the copies share one reading.
      const first = await getActor(request(cookie));
      ended();
      expect(await getActor(request(cookie))).toEqual(first);
      expect(first?.email).toBe("scope@example.org");
      await signOut(request(cookie));
      expect(await getActor(request(cookie))).toBeNull();
    });
    // Outside a request (and in the next one) the session is read afresh: it has gone.
    expect(await getActor(request(cookie))).toBeNull();
  });

  it("ends an idle session and an old one", async () => {
    await newUser("idle@example.org");
    const r = await signIn({ email: "idle@example.org", password: PASSWORD, ip: "10.0.0.4" });
    if (!r.ok) throw new Error("sign-in failed");
    const cookie = cookieOf(r.cookie);
    expect(await getActor(request(cookie), Date.now() + 31 * 60 * 1000)).toBeNull();
    expect(await getActor(request(cookie))).toBeNull(); // deleted, not just hidden
  });

  it("requireUser redirects to sign-in keeping where the user was going; requireRole gives 403", async () => {
    const anon = new Request("http://localhost/users?page=2");
    const thrown = await requireUser(anon).catch((e) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(302);
    expect(thrown.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fusers%3Fpage%3D2");

    await newUser("role@example.org");
    const r = await signIn({ email: "role@example.org", password: PASSWORD, ip: "10.0.0.5" });
    if (!r.ok) throw new Error("sign-in failed");
    const refused = await requireRole(request(cookieOf(r.cookie)), ["admin"]).catch((e) => e);
    expect(refused.status).toBe(403);
  });
});

describe("CSRF", () => {
  it("refuses a form without the session's token, with a wrong one, or from another site", async () => {
    await newUser("csrf@example.org");
    const r = await signIn({ email: "csrf@example.org", password: PASSWORD, ip: "10.0.0.6" });
    if (!r.ok) throw new Error("sign-in failed");
    const cookie = cookieOf(r.cookie);
    const actor = (await getActor(request(cookie)))!;
    const form = (token?: string) => {
      const f = new FormData();
      if (token) f.set("csrf", token);
      return f;
    };
    await expect(requireCsrf(request(cookie, { method: "POST" }), form())).rejects.toMatchObject({ status: 403 });
    await expect(requireCsrf(request(cookie, { method: "POST" }), form("x".repeat(43)))).rejects.toMatchObject({ status: 403 });
    await expect(requireCsrf(request(cookie, { method: "POST", headers: { Origin: "https://evil.example" } }), form(actor.csrfToken))).rejects.toMatchObject({ status: 403 });
    await expect(requireCsrf(request(cookie, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } }), form(actor.csrfToken))).rejects.toMatchObject({ status: 403 });
    await expect(requireCsrf(request(cookie, { method: "POST", headers: { Origin: "http://localhost" } }), form(actor.csrfToken))).resolves.toBeUndefined();
  });
});

describe("set-password links", () => {
  it("work once, store only a hash, and expire", async () => {
    const admin = addActor(t.db, "admin");
    const { token, userId } = createUser(admin, { name: "Link Person", email: "link@example.org", role: "candidate", providerId });
    expect(JSON.stringify(t.db.$client.prepare("SELECT * FROM password_tokens").all())).not.toContain(token);
    expect(checkSetPasswordToken(token)).toEqual({ name: "Link Person", email: "link@example.org" });
    expect(checkSetPasswordToken(token, Date.now() + SET_PASSWORD_TTL_MS + 1)).toBeNull();
    expect(await setPasswordWithToken(token, PASSWORD)).toBe(true);
    expect(await setPasswordWithToken(token, "another long passphrase")).toBe(false);
    expect(t.db.select().from(users).where(eq(users.id, userId)).get()?.passwordHash).toMatch(/^scrypt\$/);
  });
});

describe("audit trail", () => {
  it("records each change on a chain that verifies, and detects an edited event", () => {
    const before = verifyAuditChain(t.db);
    expect(before.ok).toBe(true);
    expect(before.events).toBeGreaterThan(5);
    t.db.$client.prepare("UPDATE audit_events SET action = 'tampered' WHERE seq = 2").run();
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
