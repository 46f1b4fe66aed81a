/**
 * Each role's access to each domain function, checked in the domain itself (not only in routes):
 * allowed → returns, refused → throws a 403 (or 404 for a record the actor may not know exists).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { accountCounts, createCommissioner, createProvider, createUser, issueSetPasswordLink, listCommissioners, listProviders, listUsers, managedUser, USERS_PAGE_SIZE } from "../../app/lib/accounts.server";
import type { Actor } from "../../app/lib/auth.server";
import { dashboardFor } from "../../app/lib/dashboard.server";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let own: string;
let other: string;
let actors: Record<Role, Actor>;
let otherCandidate: Actor;
let ownCandidate: Actor;

beforeAll(() => {
  t = tempDb();
  own = addProvider(t.db, "Own provider");
  other = addProvider(t.db, "Other provider");
  const commissionerId = addCommissioner(t.db, [own], "Own commissioner");
  addCommissioner(t.db, [other], "Other commissioner");
  actors = {
    candidate: addActor(t.db, "candidate", { providerId: own }),
    assessor: addActor(t.db, "assessor", { providerId: own }),
    iqa: addActor(t.db, "iqa", { providerId: own }),
    provider_admin: addActor(t.db, "provider_admin", { providerId: own }),
    commissioner: addActor(t.db, "commissioner", { commissionerId }),
    admin: addActor(t.db, "admin"),
  };
  ownCandidate = actors.candidate;
  otherCandidate = addActor(t.db, "candidate", { providerId: other });
});
afterAll(() => t.close());

const ROLES: Role[] = ["candidate", "assessor", "iqa", "provider_admin", "commissioner", "admin"];
let n = 0;
const email = () => `new-${++n}@example.org`;

type Case = { name: string; allowed: Role[]; run: (a: Actor) => unknown; refusal?: 403 | 404 };
const cases: Case[] = [
  { name: "createProvider", allowed: ["admin"], run: (a) => createProvider(a, { name: `P${++n}` }) },
  { name: "listCommissioners", allowed: ["admin"], run: (a) => listCommissioners(a) },
  { name: "createCommissioner", allowed: ["admin"], run: (a) => createCommissioner(a, { name: `C${++n}`, providerIds: [] }) },
  { name: "listUsers", allowed: ["admin", "provider_admin"], run: (a) => listUsers(a) },
  { name: "accountCounts", allowed: ["admin", "provider_admin"], run: (a) => accountCounts(a) },
  { name: "createUser in own provider", allowed: ["admin", "provider_admin"], run: (a) => createUser(a, { name: "N", email: email(), role: "candidate", providerId: own }) },
  { name: "createUser in another provider", allowed: ["admin"], run: (a) => createUser(a, { name: "N", email: email(), role: "candidate", providerId: other }) },
  { name: "createUser as admin role", allowed: ["admin"], run: (a) => createUser(a, { name: "N", email: email(), role: "admin" }) },
  { name: "issueSetPasswordLink for own provider's user", allowed: ["admin", "provider_admin"], run: (a) => issueSetPasswordLink(a, ownCandidate.userId) },
  { name: "issueSetPasswordLink for another provider's user", allowed: ["admin"], run: (a) => issueSetPasswordLink(a, otherCandidate.userId), refusal: 404 },
  { name: "dashboardFor", allowed: ROLES, run: (a) => dashboardFor(a) },
];

describe.each(cases)("$name", (c) => {
  it.each(ROLES)("as %s", async (role) => {
    const attempt = () => c.run(actors[role]);
    if (c.allowed.includes(role)) expect(attempt).not.toThrow();
    else {
      let thrown: unknown;
      try {
        attempt();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `${role} should be refused`).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(role === "provider_admin" ? (c.refusal ?? 403) : 403);
    }
  });
});

describe("what each role sees", () => {
  it("a provider admin lists only their own provider's users", () => {
    const names = listUsers(actors.provider_admin).rows.map((u) => u.email);
    expect(names).toContain(ownCandidate.email);
    expect(names).not.toContain(otherCandidate.email);
    expect(listUsers(actors.admin).rows.map((u) => u.email)).toContain(otherCandidate.email);
  });

  it("finds users by name or email a page at a time; one user only within the admin's reach", () => {
    const all = listUsers(actors.provider_admin);
    expect(all).toMatchObject({ page: 1, pages: 1, total: all.rows.length });
    const email = ownCandidate.email.toUpperCase().slice(0, 18); // part of it, in another case
    expect(listUsers(actors.provider_admin, { search: email }).rows.map((u) => u.email)).toEqual([ownCandidate.email]);
    expect(listUsers(actors.provider_admin, { search: otherCandidate.email }).total).toBe(0);
    expect(listUsers(actors.provider_admin, { search: "100%_" }).total).toBe(0); // wildcards are literal
    for (let i = 0; i <= USERS_PAGE_SIZE; i++) addActor(t.db, "candidate", { providerId: other });
    const everyone = listUsers(actors.admin, { search: "@example.org" });
    expect(everyone.total).toBeGreaterThan(USERS_PAGE_SIZE);
    const last = listUsers(actors.admin, { search: "@example.org", page: everyone.pages + 5 });
    expect(last.page).toBe(everyone.pages);
    const seen = Array.from({ length: everyone.pages }, (_, i) => listUsers(actors.admin, { search: "@example.org", page: i + 1 }).rows).flat();
    expect(seen).toHaveLength(everyone.total);
    expect(new Set(seen.map((u) => `${u.id}-${u.role}`)).size).toBe(everyone.total);
    expect(managedUser(actors.provider_admin, ownCandidate.userId)?.email).toBe(ownCandidate.email);
    expect(managedUser(actors.provider_admin, otherCandidate.userId)).toBeUndefined();
    expect(managedUser(actors.admin, otherCandidate.userId)?.email).toBe(otherCandidate.email);
  });

  it("a commissioner lists only the providers it commissions", () => {
    expect(listProviders(actors.commissioner).map((p) => p.name)).toEqual(["Own provider"]);
  });

  it("provider roles see only their own provider", () => {
    for (const role of ["candidate", "assessor", "iqa", "provider_admin"] as const) expect(listProviders(actors[role]).map((p) => p.id)).toEqual([own]);
  });

  it("a candidate's dashboard names their provider and nothing of other people's", () => {
    const d = dashboardFor(actors.candidate);
    expect(d).toMatchObject({ role: "candidate", provider: { name: "Own provider" } });
    expect(JSON.stringify(d)).not.toContain(otherCandidate.email);
  });
});
