/**
 * Demo data for an empty database: a demo provider, a demo commissioner that commissions it, and
 * one user for each role. Passwords are generated here, never fixed in code, and printed once.
 * Every name is invented; emails use the reserved example.org domain.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { count } from "drizzle-orm";
import type { Db } from "../db/connection";
import { commissionedProviders, commissioners, memberships, providers, users, type Role } from "../db/schema";
import { recordAudit } from "../app/lib/audit.server";
import { hashPassword } from "../app/lib/password.server";
import { seedDemoCoverage } from "./demo-coverage";
import { seedDemoPortfolios } from "./demo-portfolios";

export const DEMO_PROVIDER = { name: "Northvale Restorative Training (demo)", centreNumber: "02298" };
export const DEMO_SECOND_PROVIDER = { name: "Eastmoor Mediation Centre (demo)", centreNumber: "90001" };
export const DEMO_COMMISSIONER = "Wessex Vale Youth Justice Partnership (demo)";

export const DEMO_USERS: { role: Role; name: string; email: string }[] = [
  { role: "candidate", name: "Alex Demo-Candidate", email: "candidate@demo.example.org" },
  { role: "assessor", name: "Bea Demo-Assessor", email: "assessor@demo.example.org" },
  { role: "iqa", name: "Cal Demo-IQA", email: "iqa@demo.example.org" },
  { role: "provider_admin", name: "Dee Demo-Admin", email: "provider-admin@demo.example.org" },
  { role: "commissioner", name: "Eli Demo-Commissioner", email: "commissioner@demo.example.org" },
  { role: "admin", name: "Fay Demo-Administrator", email: "admin@demo.example.org" },
];

export type DemoIds = { providerId: string; secondProviderId: string; commissionerId: string; users: Record<Role, string> };

/**
 * Creates the demo organisations and users, then their portfolios through the domain functions.
 * Returns each user's sign-in details. Only call on an empty database.
 */
export async function seedDemo(db: Db): Promise<{ logins: { role: Role; email: string; password: string }[]; ids: DemoIds }> {
  const now = Date.now();
  const logins = await Promise.all(
    DEMO_USERS.map(async (u) => {
      const password = randomBytes(12).toString("base64url");
      return { ...u, id: randomUUID(), password, hash: await hashPassword(password) };
    }),
  );
  const providerId = randomUUID();
  const secondProviderId = randomUUID();
  const commissionerId = randomUUID();
  db.$client.transaction(() => {
    db.insert(providers).values([
      { id: providerId, ...DEMO_PROVIDER, createdAt: now },
      { id: secondProviderId, ...DEMO_SECOND_PROVIDER, createdAt: now },
    ]).run();
    db.insert(commissioners).values({ id: commissionerId, name: DEMO_COMMISSIONER, createdAt: now }).run();
    db.insert(commissionedProviders).values([
      { commissionerId, providerId, createdAt: now },
      { commissionerId, providerId: secondProviderId, createdAt: now },
    ]).run();
    for (const u of logins) {
      db.insert(users).values({ id: u.id, email: u.email, name: u.name, passwordHash: u.hash, createdAt: now }).run();
      const scoped = ["candidate", "assessor", "iqa", "provider_admin"].includes(u.role);
      db.insert(memberships)
        .values({ id: randomUUID(), userId: u.id, role: u.role, providerId: scoped ? providerId : null, commissionerId: u.role === "commissioner" ? commissionerId : null, createdAt: now })
        .run();
    }
    recordAudit(db, { actorId: null, action: "seeded-demo-data", entity: "system", details: { users: logins.length } }, now);
  })();
  const ids: DemoIds = { providerId, secondProviderId, commissionerId, users: Object.fromEntries(logins.map((u) => [u.role, u.id])) as Record<Role, string> };
  const u = ids.users;
  seedDemoPortfolios(db, { providerAdminId: u.provider_admin, candidateId: u.candidate, assessorId: u.assessor, iqaId: u.iqa, providerId });
  seedDemoCoverage(db, { providerIds: [providerId, secondProviderId], adminUserId: u.provider_admin });
  return { logins: logins.map(({ role, email, password }) => ({ role, email, password })), ids };
}
