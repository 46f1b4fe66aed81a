/**
 * Setting up the parts of a journey a test does not walk through in the browser, with the portal's
 * own domain functions on the e2e database (as scripts/demo-portfolios.ts does for the demo data),
 * so every rule, lock and audit event is real. Each call opens the database, points the domain at
 * it, and closes it again.
 */
import { and, eq } from "drizzle-orm";
import { openDatabase, type Db } from "../../../db/connection";
import { decisions, memberships, users, type Role } from "../../../db/schema";
import type { Actor } from "../../../app/lib/auth.server";
import { setDb } from "../../../app/lib/db.server";
import { itemId } from "../../../standards/ids";
import { databasePath } from "./accounts";

/** Runs `fn` with the domain functions pointed at the e2e database. */
export function withDomain<T>(fn: (db: Db) => T): T {
  const db = openDatabase(databasePath());
  setDb(db);
  try {
    return fn(db);
  } finally {
    setDb(undefined);
    db.$client.close();
  }
}

/** The actor a signed-in user with this email and role would be (no session: domain calls only). */
export function actorFor(db: Db, email: string, role: Role): Actor {
  const row = db
    .select({ user: users, membership: memberships })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(users.email, email), eq(memberships.role, role)))
    .get();
  if (!row) throw new Error(`No ${role} membership for ${email}`);
  return {
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role,
    membershipId: row.membership.id,
    providerId: row.membership.providerId,
    commissionerId: row.membership.commissionerId,
    sessionId: "e2e-setup",
    csrfToken: "",
  };
}

/** A learning outcome of the Level 4 award (version 1), by its code (LO1 … LO6). */
export const level4Item = (code: string) => itemId("btec-l4-rja", "1", code);

/** The id of the decision standing on a criterion of an enrolment, or "" if none. */
export function standingDecisionId(db: Db, enrolmentId: string, item: string): string {
  return db.select({ id: decisions.id }).from(decisions).where(and(eq(decisions.enrolmentId, enrolmentId), eq(decisions.itemId, item), eq(decisions.status, "standing"))).get()?.id ?? "";
}

/** Today's date in Europe/London, as YYYY-MM-DD and as the day, month and year of a GOV.UK date input. */
export function londonDate(offsetDays = 0) {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() + offsetDays * 86_400_000));
  const [year, month, day] = iso.split("-");
  return { iso, day: String(Number(day)), month: String(Number(month)), year };
}
