/** What each role's dashboard shows: the real state for the signed-in user, and nothing of anyone else's. */
import { count, eq } from "drizzle-orm";
import { commissioners, providers, users } from "../../db/schema";
import { accountCounts, listProviders } from "./accounts.server";
import { caseloadCounts } from "./assessment.server";
import type { Actor } from "./auth.server";
import { getDb } from "./db.server";
import { enrolmentCounts } from "./enrolments.server";
import { myEnrolments } from "./progress.server";

export function dashboardFor(actor: Actor) {
  const db = getDb();
  const provider = actor.providerId ? db.select().from(providers).where(eq(providers.id, actor.providerId)).get() ?? null : null;
  switch (actor.role) {
    case "admin":
      return {
        role: actor.role,
        providers: db.select({ n: count() }).from(providers).get()!.n,
        commissioners: db.select({ n: count() }).from(commissioners).get()!.n,
        users: db.select({ n: count() }).from(users).get()!.n,
        accounts: accountCounts(actor),
      } as const;
    case "provider_admin":
      return { role: actor.role, provider, accounts: accountCounts(actor), enrolments: enrolmentCounts(actor) } as const;
    case "commissioner": {
      const body = db.select().from(commissioners).where(eq(commissioners.id, actor.commissionerId!)).get() ?? null;
      return { role: actor.role, commissioner: body, providers: listProviders(actor) } as const;
    }
    case "candidate":
      return { role: actor.role, provider, enrolments: myEnrolments(actor) } as const;
    case "assessor":
      return { role: actor.role, provider, allocated: enrolmentCounts(actor), caseload: caseloadCounts(actor) } as const;
    case "iqa":
      return { role: actor.role, provider, allocated: enrolmentCounts(actor) } as const;
    default:
      return { role: actor.role, provider } as const;
  }
}
