/**
 * Providers, commissioners and user accounts. Admin manages everything; a provider admin manages
 * users of their own provider only. There is no mail server: a new user gets a single-use, expiring
 * set-password link that the creating admin sees once (only its hash is stored).
 */
import { and, asc, count, eq, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { commissionedProviders, commissioners, memberships, passwordTokens, providers, sessions, users, type Role } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, newId, newToken, sha256, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound } from "./http.server";
import { containsPattern, pageWindow } from "./paging";
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from "./password.server";

export const SET_PASSWORD_TTL_MS = 72 * 60 * 60 * 1000;
export const PROVIDER_ROLES = ["candidate", "assessor", "iqa", "provider_admin"] as const satisfies readonly Role[];

export { ROLE_LABELS } from "./roles";

export class DuplicateError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const isUniqueViolation = (e: unknown) => e instanceof Error && /UNIQUE constraint failed/.test(e.message);

// ---- schemas shared by routes (forms) and the domain ----------------------------------------

export const providerInput = z.object({
  name: z.string({ message: "Enter the provider's name" }).trim().min(1, "Enter the provider's name").max(200, "Name must be 200 characters or fewer"),
  centreNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{3,12}$/, "Centre number must be 3 to 12 letters or digits, like 02298")
    .optional(),
});

export const commissionerInput = z.object({
  name: z.string({ message: "Enter the commissioner's name" }).trim().min(1, "Enter the commissioner's name").max(200, "Name must be 200 characters or fewer"),
  providerIds: z.array(z.string()).default([]),
});

export const userInput = z
  .object({
    name: z.string({ message: "Enter the person's full name" }).trim().min(1, "Enter the person's full name").max(200, "Name must be 200 characters or fewer"),
    email: z
      .string({ message: "Enter an email address" })
      .trim()
      .toLowerCase()
      .max(254, "Email address must be 254 characters or fewer")
      .email("Enter an email address in the correct format, like name@example.org"),
    role: z.enum(["candidate", "assessor", "iqa", "provider_admin", "commissioner", "admin"], { message: "Select a role" }),
    providerId: z.string().optional(),
    commissionerId: z.string().optional(),
  })
  .superRefine((u, ctx) => {
    if ((PROVIDER_ROLES as readonly string[]).includes(u.role) && !u.providerId) ctx.addIssue({ code: "custom", path: ["providerId"], message: "Select the provider" });
    if (u.role === "commissioner" && !u.commissionerId) ctx.addIssue({ code: "custom", path: ["commissionerId"], message: "Select the commissioner" });
  });

export const newPasswordInput = z
  .object({
    password: z
      .string({ message: "Enter a password" })
      .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
      .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`),
    confirm: z.string({ message: "Enter the password again" }),
  })
  .refine((p) => p.password === p.confirm, { path: ["confirm"], message: "Passwords do not match" });

// ---- providers and commissioners ------------------------------------------------------------

export function listProviders(actor: Actor) {
  const db = getDb();
  if (actor.role === "admin") return db.select().from(providers).orderBy(asc(providers.name)).all();
  if (actor.role === "commissioner")
    return db
      .select({ id: providers.id, name: providers.name, centreNumber: providers.centreNumber, createdAt: providers.createdAt })
      .from(providers)
      .innerJoin(commissionedProviders, eq(commissionedProviders.providerId, providers.id))
      .where(eq(commissionedProviders.commissionerId, actor.commissionerId!))
      .orderBy(asc(providers.name))
      .all();
  if (actor.providerId) return db.select().from(providers).where(eq(providers.id, actor.providerId)).all();
  return [];
}

export function createProvider(actor: Actor, input: z.infer<typeof providerInput>) {
  assertRole(actor, ["admin"]);
  const db = getDb();
  const id = newId();
  try {
    db.$client.transaction(() => {
      db.insert(providers).values({ id, name: input.name, centreNumber: input.centreNumber ?? null, createdAt: Date.now() }).run();
      recordAudit(db, { ...auditActor(actor), action: "created", entity: "provider", entityId: id, providerId: id, details: input });
    })();
  } catch (e) {
    if (isUniqueViolation(e) && /centre_number/.test(String(e))) throw new DuplicateError("centreNumber", "A provider with this centre number already exists");
    if (isUniqueViolation(e)) throw new DuplicateError("name", "A provider with this name already exists");
    throw e;
  }
  return id;
}

export function listCommissioners(actor: Actor) {
  assertRole(actor, ["admin"]);
  const db = getDb();
  const rows = db.select().from(commissioners).orderBy(asc(commissioners.name)).all();
  const links = db
    .select({ commissionerId: commissionedProviders.commissionerId, name: providers.name })
    .from(commissionedProviders)
    .innerJoin(providers, eq(providers.id, commissionedProviders.providerId))
    .orderBy(asc(providers.name))
    .all();
  return rows.map((c) => ({ ...c, providers: links.filter((l) => l.commissionerId === c.id).map((l) => l.name) }));
}

export function createCommissioner(actor: Actor, input: z.infer<typeof commissionerInput>) {
  assertRole(actor, ["admin"]);
  const db = getDb();
  const id = newId();
  const now = Date.now();
  try {
    db.$client.transaction(() => {
      db.insert(commissioners).values({ id, name: input.name, createdAt: now }).run();
      if (input.providerIds.length) {
        const known = db.select({ id: providers.id }).from(providers).where(inArray(providers.id, input.providerIds)).all();
        if (known.length !== new Set(input.providerIds).size) throw notFound("A selected provider does not exist");
        db.insert(commissionedProviders).values(known.map((p) => ({ commissionerId: id, providerId: p.id, createdAt: now }))).run();
      }
      recordAudit(db, { ...auditActor(actor), action: "created", entity: "commissioner", entityId: id, details: input });
    })();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateError("name", "A commissioner with this name already exists");
    throw e;
  }
  return id;
}

// ---- users ----------------------------------------------------------------------------------

/** User roles shown per page of the users list. */
export const USERS_PAGE_SIZE = 50;

const userColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  providerName: providers.name,
  commissionerName: commissioners.name,
  hasPassword: users.passwordHash,
  erasedAt: users.erasedAt,
  createdAt: users.createdAt,
};

/** The user roles the actor may manage (an admin: all; a provider admin: their provider's), narrowed by `also`. */
function managedScope(actor: Actor, also?: SQL) {
  assertRole(actor, ["admin", "provider_admin"]);
  return and(actor.role === "admin" ? undefined : eq(memberships.providerId, actor.providerId!), also);
}

const selectUsers = (where: SQL | undefined) =>
  getDb()
    .select(userColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(providers, eq(providers.id, memberships.providerId))
    .leftJoin(commissioners, eq(commissioners.id, memberships.commissionerId))
    .where(where);

type UserRow = ReturnType<ReturnType<typeof selectUsers>["all"]>[number];
const withFlags = (u: UserRow) => ({ ...u, hasPassword: u.hasPassword !== null });

/**
 * One page of the user roles the actor manages, by name, optionally those whose name or email
 * contains `search`. A page past the last shows the last.
 */
export function listUsers(actor: Actor, options: { search?: string; page?: number } = {}) {
  const search = options.search?.trim() ?? "";
  const pattern = containsPattern(search);
  const where = managedScope(actor, search ? or(sql`${users.name} LIKE ${pattern} ESCAPE '\\'`, sql`${users.email} LIKE ${pattern} ESCAPE '\\'`) : undefined);
  const total = getDb().select({ n: count() }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(where).get()!.n;
  const window = pageWindow(total, USERS_PAGE_SIZE, options.page);
  const rows = selectUsers(where).orderBy(asc(users.name), asc(users.id), asc(memberships.role)).limit(window.size).offset(window.offset).all().map(withFlags);
  return { rows, ...window, search };
}

/** One user the actor manages, or undefined (someone else's, or no such user). */
export function managedUser(actor: Actor, userId: string) {
  const u = selectUsers(managedScope(actor, eq(users.id, userId))).limit(1).get();
  return u ? withFlags(u) : undefined;
}

/**
 * Creates a user with one role and returns the set-password token, shown once to the creator.
 * A provider admin may only create provider roles in their own provider.
 */
export function createUser(actor: Actor, input: z.infer<typeof userInput>, now = Date.now()): { userId: string; token: string } {
  assertRole(actor, ["admin", "provider_admin"]);
  if (actor.role === "provider_admin") {
    if (!(PROVIDER_ROLES as readonly string[]).includes(input.role)) throw forbidden("A provider admin can only create candidates, assessors, IQAs and provider admins");
    if (input.providerId !== actor.providerId) throw forbidden("You can only create users in your own provider");
  }
  const scoped = (PROVIDER_ROLES as readonly string[]).includes(input.role);
  const db = getDb();
  if (scoped && !db.select({ id: providers.id }).from(providers).where(eq(providers.id, input.providerId!)).get()) throw notFound("That provider does not exist");
  if (input.role === "commissioner" && !db.select({ id: commissioners.id }).from(commissioners).where(eq(commissioners.id, input.commissionerId!)).get())
    throw notFound("That commissioner does not exist");

  const userId = newId();
  const token = newToken();
  try {
    db.$client.transaction(() => {
      db.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash: null, createdAt: now }).run();
      db.insert(memberships)
        .values({
          id: newId(),
          userId,
          role: input.role,
          providerId: scoped ? input.providerId! : null,
          commissionerId: input.role === "commissioner" ? input.commissionerId! : null,
          createdAt: now,
        })
        .run();
      db.insert(passwordTokens).values({ id: newId(), userId, tokenHash: sha256(token), createdBy: actor.userId, createdAt: now, expiresAt: now + SET_PASSWORD_TTL_MS }).run();
      recordAudit(db, {
        ...auditActor(actor),
        action: "created",
        entity: "user",
        entityId: userId,
        providerId: scoped ? input.providerId! : null,
        details: { role: input.role },
      });
    })();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateError("email", "A user with this email address already exists");
    throw e;
  }
  return { userId, token };
}

function liveToken(token: string, now: number) {
  return getDb()
    .select({ id: passwordTokens.id, userId: passwordTokens.userId, name: users.name, email: users.email })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .where(and(eq(passwordTokens.tokenHash, sha256(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
    .get();
}

/** Who a set-password link is for, or null when it is unknown, used or expired. */
export function checkSetPasswordToken(token: string, now = Date.now()) {
  const row = liveToken(token, now);
  return row ? { name: row.name, email: row.email } : null;
}

/** Uses the link once: sets the password, ends any sessions of the account. */
export async function setPasswordWithToken(token: string, password: string, now = Date.now()): Promise<boolean> {
  const hash = await hashPassword(password);
  const db = getDb();
  return db.$client.transaction(() => {
    const row = liveToken(token, now);
    if (!row) return false;
    db.update(passwordTokens).set({ usedAt: now }).where(eq(passwordTokens.id, row.id)).run();
    db.update(users).set({ passwordHash: hash }).where(eq(users.id, row.userId)).run();
    db.delete(sessions).where(eq(sessions.userId, row.userId)).run();
    recordAudit(db, { actorId: row.userId, action: "set-password", entity: "user", entityId: row.userId }, now);
    return true;
  }).immediate();
}

/** A fresh link for a user who lost theirs; earlier unused links stop working. */
export function issueSetPasswordLink(actor: Actor, userId: string, now = Date.now()): string {
  assertRole(actor, ["admin", "provider_admin"]);
  const db = getDb();
  const target = db.select({ providerId: memberships.providerId, erasedAt: users.erasedAt }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.userId, userId)).all();
  if (target.length === 0 || target[0].erasedAt) throw notFound("No such user");
  if (actor.role === "provider_admin" && !target.every((m) => m.providerId === actor.providerId)) throw notFound("No such user");
  const token = newToken();
  db.$client.transaction(() => {
    db.update(passwordTokens).set({ usedAt: now }).where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt))).run();
    db.insert(passwordTokens).values({ id: newId(), userId, tokenHash: sha256(token), createdBy: actor.userId, createdAt: now, expiresAt: now + SET_PASSWORD_TTL_MS }).run();
    recordAudit(db, { ...auditActor(actor), action: "issued-set-password-link", entity: "user", entityId: userId, providerId: actor.providerId });
  })();
  return token;
}

/** Figures for the admin and provider admin dashboards. */
export function accountCounts(actor: Actor) {
  assertRole(actor, ["admin", "provider_admin"]);
  const db = getDb();
  const scope = actor.role === "admin" ? undefined : eq(memberships.providerId, actor.providerId!);
  const byRole = db.select({ role: memberships.role, n: count() }).from(memberships).where(scope).groupBy(memberships.role).all();
  const waiting = db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(scope, isNull(users.passwordHash)))
    .get()!.n;
  return { byRole: Object.fromEntries(byRole.map((r) => [r.role, r.n])) as Partial<Record<Role, number>>, waitingForPassword: waiting };
}
