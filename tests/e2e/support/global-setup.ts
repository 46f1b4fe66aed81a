/**
 * Runs after Playwright's webServer is up (Playwright starts its web server first, then the global
 * setup), so the portal has already migrated and seeded the empty test database. Here every demo
 * user gets the known TEST_PASSWORD, and the single-use test accounts are added.
 */
import type { FullConfig } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { count, eq, inArray, like } from "drizzle-orm";
import { openDatabase } from "../../../db/connection";
import { memberships, providers, signInFailures, users } from "../../../db/schema";
import { hashPassword } from "../../../app/lib/password.server";
import { DEMO_USERS } from "../../../scripts/demo-data";
import { DEMO_PROVIDER, EXTRA_ACCOUNTS, TEST_PASSWORD, UNCOMMISSIONED_PROVIDER, databasePath } from "./accounts";

export default async function globalSetup(_config: FullConfig) {
  const db = openDatabase(databasePath());
  try {
    // The run must start from the freshly seeded demo data and nothing else: every demo user, all
    // of them demo accounts (the demo portfolios add an invented trainee), none made by a test yet.
    const demoEmails = DEMO_USERS.map((u) => u.email);
    const seeded = db.select({ n: count() }).from(users).where(inArray(users.email, demoEmails)).get()!.n;
    const all = db.select({ n: count() }).from(users).get()!.n;
    const demoDomain = db.select({ n: count() }).from(users).where(like(users.email, "%@demo.example.org")).get()!.n;
    const failures = db.select({ n: count() }).from(signInFailures).get()!.n;
    if (seeded !== DEMO_USERS.length || all !== demoDomain || failures !== 0)
      throw new Error(`The e2e database at ${databasePath()} is not freshly seeded (${all} users, ${seeded} demo users, ${all - demoDomain} others, ${failures} sign-in failures)`);

    const provider = db.select().from(providers).where(eq(providers.name, DEMO_PROVIDER.name)).get();
    if (!provider) throw new Error(`The demo provider ${DEMO_PROVIDER.name} was not seeded`);

    const extras = Object.values(EXTRA_ACCOUNTS);
    const hashes = await Promise.all([...DEMO_USERS, ...extras].map(() => hashPassword(TEST_PASSWORD)));
    const now = Date.now();
    db.$client.transaction(() => {
      DEMO_USERS.forEach((u, i) => {
        const changed = db.update(users).set({ passwordHash: hashes[i] }).where(eq(users.email, u.email)).run().changes;
        if (changed !== 1) throw new Error(`Could not set the test password of ${u.email}`);
      });
      db.insert(providers).values({ id: randomUUID(), ...UNCOMMISSIONED_PROVIDER, createdAt: now }).run();
      extras.forEach((u, i) => {
        const id = randomUUID();
        db.insert(users).values({ id, email: u.email, name: u.name, passwordHash: hashes[DEMO_USERS.length + i], createdAt: now }).run();
        db.insert(memberships).values({ id: randomUUID(), userId: id, role: u.role, providerId: provider.id, commissionerId: null, createdAt: now }).run();
      });
    })();
  } finally {
    db.$client.close();
  }
}
