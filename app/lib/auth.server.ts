/**
 * Signing in and out, server-side sessions, and the helpers routes use to require a user or a role.
 * The cookie holds a random token; the sessions table holds only its SHA-256.
 */
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { memberships, sessions, signInFailures, users, type Role } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { config } from "./config.server";
import { getDb } from "./db.server";
import { forbidden } from "./http.server";
import { verifyPassword } from "./password.server";
import { forgetInRequest, oncePerRequest } from "./request-scope.server";
import { prepared } from "./statements.server";
import { ABSOLUTE_TIMEOUT_MS, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS, needsTouch, sessionState, throttledUntil } from "./session-rules";

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
export const newToken = () => randomBytes(32).toString("base64url");

/** The signed-in person, acting in one of their roles. Every domain function takes one. */
export type Actor = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  membershipId: string;
  providerId: string | null;
  commissionerId: string | null;
  sessionId: string;
  csrfToken: string;
};

let cookie: ReturnType<typeof createCookie> | undefined;
export function sessionCookie() {
  cookie ??= createCookie("portal_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().production,
    path: "/",
    secrets: [config().sessionSecret],
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
  });
  return cookie;
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

export type SignInResult =
  | { ok: true; cookie: string; userId: string }
  | { ok: false; reason: "incorrect" }
  | { ok: false; reason: "throttled"; retryAt: number };

/**
 * Checks the password, throttles repeated failures per account and per address, and starts a new
 * session (a new id at every sign-in; the previous session of this browser is ended).
 */
export async function signIn(input: { email: string; password: string; ip: string; previousToken?: string | null }, now = Date.now()): Promise<SignInResult> {
  const db = getDb();
  const keys = [emailKey(input.email), addressKey(input.ip)];
  const since = now - THROTTLE_WINDOW_MS;
  const failures = db
    .select({ key: signInFailures.key, at: signInFailures.at })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, keys), gte(signInFailures.at, since)))
    .orderBy(signInFailures.at)
    .all();
  const retryAt = Math.max(
    throttledUntil(failures.filter((f) => f.key === keys[0]).map((f) => f.at), MAX_FAILURES_PER_ACCOUNT) ?? 0,
    throttledUntil(failures.filter((f) => f.key === keys[1]).map((f) => f.at), MAX_FAILURES_PER_ADDRESS) ?? 0,
  );
  if (retryAt > now) return { ok: false, reason: "throttled", retryAt };

  const user = db.select().from(users).where(eq(users.email, input.email.trim().toLowerCase())).get();
  const valid = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !valid || user.disabledAt) {
    db.$client.transaction(() => {
      db.insert(signInFailures).values(keys.map((key) => ({ key, at: now }))).run();
      db.delete(signInFailures).where(lt(signInFailures.at, since)).run();
    })();
    return { ok: false, reason: "incorrect" };
  }

  const membership = db.select().from(memberships).where(eq(memberships.userId, user.id)).orderBy(memberships.createdAt).get();
  const token = newToken();
  db.$client.transaction(() => {
    if (input.previousToken) db.delete(sessions).where(eq(sessions.id, sha256(input.previousToken))).run();
    db.delete(signInFailures).where(eq(signInFailures.key, keys[0])).run();
    db.insert(sessions)
      .values({ id: sha256(token), userId: user.id, membershipId: membership?.id ?? null, csrfToken: newToken(), createdAt: now, lastSeenAt: now })
      .run();
    recordAudit(db, { actorId: user.id, actorRole: membership?.role ?? null, action: "signed-in", entity: "user", entityId: user.id, providerId: membership?.providerId ?? null }, now);
  })();
  return { ok: true, cookie: await sessionCookie().serialize(token), userId: user.id };
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

/**
 * The actor for this request, or null when not signed in or the session has expired. Read once per
 * HTTP request (the root loader, the page's loader and the CSRF check all ask); `now` is for tests.
 */
export function getActor(request: Request, now?: number): Promise<Actor | null> {
  if (now !== undefined) return readActor(request, now);
  return oncePerRequest(`actor:${request.headers.get("Cookie") ?? ""}`, () => readActor(request, Date.now()));
}

// Every signed-in request reads this, so it is prepared once per connection (building it with drizzle's
// query builder and preparing it again cost about 2 ms a page).
const ACTOR = `SELECT s.id AS sessionId, s.csrf_token AS csrfToken, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt,
       u.id AS userId, u.email, u.name, u.disabled_at AS disabledAt,
       m.id AS membershipId, m.role, m.provider_id AS providerId, m.commissioner_id AS commissionerId
  FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN memberships m ON m.id = s.membership_id
 WHERE s.id = ?`;
type ActorRow = Omit<Actor, "membershipId" | "role"> & { membershipId: string | null; role: Role | null; createdAt: number; lastSeenAt: number; disabledAt: number | null };

async function readActor(request: Request, now: number): Promise<Actor | null> {
  const token = await readToken(request);
  if (!token) return null;
  const db = getDb();
  const row = prepared(db, ACTOR).get(sha256(token)) as ActorRow | undefined;
  if (!row || row.membershipId === null || row.role === null || row.disabledAt !== null) return null;
  if (sessionState(row, now) !== "active") {
    db.delete(sessions).where(eq(sessions.id, row.sessionId)).run();
    return null;
  }
  if (needsTouch(row, now)) db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId)).run();
  const { userId, email, name, role, membershipId, providerId, commissionerId, sessionId, csrfToken } = row;
  return { userId, email, name, role, membershipId, providerId, commissionerId, sessionId, csrfToken };
}

/** Ends the server session and returns a Set-Cookie header that clears the cookie. */
export async function signOut(request: Request): Promise<string> {
  forgetInRequest("actor:");
  const token = await readToken(request);
  if (token) {
    const db = getDb();
    const session = db.select().from(sessions).where(eq(sessions.id, sha256(token))).get();
    if (session)
      db.$client.transaction(() => {
        db.delete(sessions).where(eq(sessions.id, session.id)).run();
        recordAudit(db, { actorId: session.userId, action: "signed-out", entity: "user", entityId: session.userId });
      })();
  }
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Where to send someone after signing in: only paths on this site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/** Signed-in user or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (actor) return actor;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

/** Signed-in user acting in one of the given roles, or the 403 page. */
export async function requireRole(request: Request, roles: readonly Role[]): Promise<Actor> {
  const actor = await requireUser(request);
  if (!roles.includes(actor.role)) throw forbidden();
  return actor;
}

/** Domain-level check: the same rule, for functions that are handed an actor. */
export function assertRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}

/** All the roles this user holds, to switch between them. */
export function listMemberships(actor: Actor) {
  return getDb().select().from(memberships).where(eq(memberships.userId, actor.userId)).orderBy(memberships.createdAt).all();
}

export function switchMembership(actor: Actor, membershipId: string) {
  const db = getDb();
  const target = db.select().from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.userId, actor.userId))).get();
  if (!target) throw forbidden();
  forgetInRequest("actor:");
  db.$client.transaction(() => {
    db.update(sessions).set({ membershipId: target.id }).where(eq(sessions.id, actor.sessionId)).run();
    recordAudit(db, { ...auditActor(actor), action: "switched-role", entity: "user", entityId: actor.userId, providerId: target.providerId, details: { role: target.role } });
  })();
}

export const newId = () => randomUUID();
