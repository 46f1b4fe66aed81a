/**
 * Organisations and accounts, as the admin and provider admins would create them (accounts.server):
 * providers, commissioners commissioning providers, and users, each with one membership, a
 * set-password link (only its hash stored) that was used to set the password, and the audit events
 * "created" and "set-password". Every account shares one password hash (hashPassword is slow).
 */
import { randomUUID } from "node:crypto";
import type { Role } from "../../db/schema";
import { by, type Actor } from "./audit";
import { tokenHash, type Ctx } from "./model";
import type { Random } from "../lib/random";
import { commissionerName, emailOf, personName, providerName } from "./texts";

const HOUR = 3_600_000;
const SET_PASSWORD_TTL_MS = 72 * HOUR;
const PROVIDER_ROLES = ["candidate", "assessor", "iqa", "provider_admin"];

export type Person = Actor & { name: string; email: string; providerId: string | null };

export class People {
  private n = 0;
  constructor(
    private readonly ctx: Ctx,
    private readonly rng: Random,
    private readonly passwordHash: string,
  ) {}

  /** The first admin, made by the seed itself (as the demo data makes its users). */
  admin(at: number, details: Record<string, unknown>): Person {
    const { w, audit } = this.ctx;
    const id = randomUUID();
    const p = { userId: id, role: "admin", name: "Rowan Ashcombe", email: "admin@example.org", providerId: null };
    w.row("users", id, p.email, p.name, this.passwordHash, at);
    w.row("memberships", randomUUID(), id, "admin", null, null, at);
    audit.record({ actorId: null, action: "seeded-large-data", entity: "system", details }, at);
    return p;
  }

  provider(admin: Actor, i: number, at: number): string {
    const id = randomUUID();
    const input = { name: providerName(i), centreNumber: String(10000 + i * 37) };
    this.ctx.w.row("providers", id, input.name, input.centreNumber, at);
    this.ctx.audit.record({ ...by(admin), action: "created", entity: "provider", entityId: id, providerId: id, details: input }, at);
    return id;
  }

  commissioner(admin: Actor, i: number, providerIds: string[], at: number): string {
    const id = randomUUID();
    const input = { name: commissionerName(i), providerIds };
    this.ctx.w.row("commissioners", id, input.name, at);
    for (const p of providerIds) this.ctx.w.row("commissioned_providers", id, p, at);
    this.ctx.audit.record({ ...by(admin), action: "created", entity: "commissioner", entityId: id, details: input }, at);
    return id;
  }

  /** createUser() by `creator`, then setPasswordWithToken() by the user a little later. */
  user(creator: Actor, role: Role, scope: { providerId?: string; commissionerId?: string }, at: number, email?: string): Person {
    const { w, audit } = this.ctx;
    const id = randomUUID();
    const person = personName(this.rng);
    const address = email ?? emailOf(person.first, person.last, ++this.n);
    const scoped = PROVIDER_ROLES.includes(role);
    w.row("users", id, address, person.name, this.passwordHash, at);
    w.row("memberships", randomUUID(), id, role, scoped ? scope.providerId! : null, role === "commissioner" ? scope.commissionerId! : null, at);
    const setAt = at + this.rng.int(1, 48) * HOUR;
    w.row("password_tokens", randomUUID(), id, tokenHash(), creator.userId, at, at + SET_PASSWORD_TTL_MS, setAt);
    audit.record({ ...by(creator), action: "created", entity: "user", entityId: id, providerId: scoped ? scope.providerId! : null, details: { role } }, at);
    audit.record({ actorId: id, action: "set-password", entity: "user", entityId: id }, setAt);
    return { userId: id, role, name: person.name, email: address, providerId: scope.providerId ?? null };
  }

  /** setSamplingPlan() by a provider admin. */
  samplingPlan(admin: Person, plan: { fullSampleUntilAgreed: number; samplePercent: number }, at: number) {
    this.ctx.w.row("sampling_plans", admin.providerId!, plan.fullSampleUntilAgreed, plan.samplePercent, at, admin.userId);
    this.ctx.audit.record({ ...by(admin), action: "sampling-plan-set", entity: "sampling_plan", entityId: admin.providerId, providerId: admin.providerId, details: { from: null, to: plan } }, at);
  }
}
