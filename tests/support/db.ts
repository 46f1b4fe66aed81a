/** A real SQLite file in a temporary folder, migrated, with the domain pointed at it. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { openDatabase, type Db } from "../../db/connection";
import { migrate } from "../../db/migrate";
import { commissionedProviders, commissioners, memberships, providers, sessions, users, type Role } from "../../db/schema";
import { setDb } from "../../app/lib/db.server";
import type { Actor } from "../../app/lib/auth.server";

export type TestDb = { db: Db; dir: string; path: string; close: () => void };

export function tempDb(options: { migrate?: boolean } = {}): TestDb {
  const dir = mkdtempSync(join(tmpdir(), "portal-test-"));
  const path = join(dir, "portal.db");
  const db = openDatabase(path);
  if (options.migrate !== false) migrate(db);
  setDb(db);
  return {
    db,
    dir,
    path,
    close: () => {
      setDb(undefined);
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addProvider(db: Db, name = `Provider ${randomUUID().slice(0, 8)}`) {
  const id = randomUUID();
  db.insert(providers).values({ id, name, centreNumber: null, createdAt: Date.now() }).run();
  return id;
}

export function addCommissioner(db: Db, providerIds: string[], name = `Commissioner ${randomUUID().slice(0, 8)}`) {
  const id = randomUUID();
  db.insert(commissioners).values({ id, name, createdAt: Date.now() }).run();
  for (const providerId of providerIds) db.insert(commissionedProviders).values({ commissionerId: id, providerId, createdAt: Date.now() }).run();
  return id;
}

/** A user with one role and a live session, as the domain functions receive them. */
export function addActor(db: Db, role: Role, scope: { providerId?: string; commissionerId?: string } = {}): Actor {
  const userId = randomUUID();
  const membershipId = randomUUID();
  const sessionId = randomUUID();
  const now = Date.now();
  const email = `${role}-${userId.slice(0, 8)}@example.org`;
  db.insert(users).values({ id: userId, email, name: `Test ${role}`, passwordHash: null, createdAt: now }).run();
  db.insert(memberships).values({ id: membershipId, userId, role, providerId: scope.providerId ?? null, commissionerId: scope.commissionerId ?? null, createdAt: now }).run();
  db.insert(sessions).values({ id: sessionId, userId, membershipId, csrfToken: "t", createdAt: now, lastSeenAt: now }).run();
  return { userId, email, name: `Test ${role}`, role, membershipId, providerId: scope.providerId ?? null, commissionerId: scope.commissionerId ?? null, sessionId, csrfToken: "t" };
}
