/**
 * Enrolments and allocations. A provider admin enrols a candidate on a programme (pinning the
 * framework versions its requirements come from) and allocates an assessor and an IQA; changing the
 * allocation closes the current row and opens a new one, so the history is kept.
 */
import { and, asc, count, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { allocations, criterionProgress, enrolmentFrameworks, enrolments, memberships, programmeRequirements, programmes, providers, standardItems, users } from "../../db/schema";
import { auditActor, enrolmentTrail, recordAudit } from "./audit.server";
import { assertRole, newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound } from "./http.server";
import { containsPattern, pageWindow } from "./paging";

export type Enrolment = typeof enrolments.$inferSelect;

/**
 * Who may see an enrolment, as a SQL condition: the candidate themselves; the assessor or IQA
 * currently allocated (within their provider); the admin of its provider. Nobody else.
 */
export function enrolmentVisibleTo(actor: Actor) {
  const allocated = (column: typeof allocations.assessorId | typeof allocations.iqaId) =>
    sql`exists (select 1 from ${allocations} where ${allocations.enrolmentId} = ${enrolments.id} and ${allocations.toAt} is null and ${column} = ${actor.userId})`;
  switch (actor.role) {
    case "candidate":
      return eq(enrolments.candidateId, actor.userId);
    case "assessor":
      return and(eq(enrolments.providerId, actor.providerId!), allocated(allocations.assessorId));
    case "iqa":
      return and(eq(enrolments.providerId, actor.providerId!), allocated(allocations.iqaId));
    case "provider_admin":
      return eq(enrolments.providerId, actor.providerId!);
    default:
      return sql`0`;
  }
}

/** The enrolment if the actor may see it; otherwise 404 (its existence is not revealed). */
export function enrolmentFor(actor: Actor, enrolmentId: string): Enrolment {
  const row = getDb().select().from(enrolments).where(and(eq(enrolments.id, enrolmentId), enrolmentVisibleTo(actor))).get();
  if (!row) throw notFound();
  return row;
}

/** Enrolments shown per page of the list. */
export const ENROLMENTS_PAGE_SIZE = 50;

/**
 * One page of the enrolments the actor may see, by candidate name, optionally those whose
 * candidate's name or candidate number contains `search`. A page past the last shows the last.
 */
export function listEnrolments(actor: Actor, options: { search?: string; page?: number } = {}) {
  const db = getDb();
  const search = options.search?.trim() ?? "";
  const pattern = containsPattern(search);
  const where = and(enrolmentVisibleTo(actor), search ? or(sql`${users.name} LIKE ${pattern} ESCAPE '\\'`, sql`${enrolments.candidateNumber} LIKE ${pattern} ESCAPE '\\'`) : undefined);
  const total = db.select({ n: count() }).from(enrolments).innerJoin(users, eq(users.id, enrolments.candidateId)).where(where).get()!.n;
  const window = pageWindow(total, ENROLMENTS_PAGE_SIZE, options.page);
  const assessor = sql<string | null>`(select u.name from ${allocations} a join ${users} u on u.id = a.assessor_id where a.enrolment_id = ${enrolments.id} and a.to_at is null)`;
  const iqa = sql<string | null>`(select u.name from ${allocations} a join ${users} u on u.id = a.iqa_id where a.enrolment_id = ${enrolments.id} and a.to_at is null)`;
  const rows = db
    .select({
      id: enrolments.id,
      candidateId: enrolments.candidateId,
      candidateName: users.name,
      candidateNumber: enrolments.candidateNumber,
      programmeTitle: programmes.title,
      programmeSlug: programmes.slug,
      status: enrolments.status,
      enrolledAt: enrolments.enrolledAt,
      assessorName: assessor,
      iqaName: iqa,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.candidateId))
    .innerJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .where(where)
    .orderBy(asc(users.name), asc(programmes.title), asc(enrolments.id))
    .limit(window.size)
    .offset(window.offset)
    .all();
  return { rows, ...window, search };
}

export const enrolInput = z.object({
  candidateId: z.string({ message: "Select the candidate" }).min(1, "Select the candidate"),
  programmeId: z.string({ message: "Select the programme" }).min(1, "Select the programme"),
  candidateNumber: z
    .string({ message: "Enter the candidate number" })
    .trim()
    .min(1, "Enter the candidate number")
    .max(20, "Candidate number must be 20 characters or fewer")
    .regex(/^[A-Za-z0-9-]+$/, "Candidate number must only include letters, numbers and hyphens"),
  assessorId: z.string({ message: "Select the assessor" }).min(1, "Select the assessor"),
  iqaId: z.string({ message: "Select the internal quality assurer" }).min(1, "Select the internal quality assurer"),
});

export const allocateInput = z.object({
  assessorId: z.string({ message: "Select the assessor" }).min(1, "Select the assessor"),
  iqaId: z.string({ message: "Select the internal quality assurer" }).min(1, "Select the internal quality assurer"),
  reason: z.string({ message: "Enter why the allocation is changing" }).trim().min(1, "Enter why the allocation is changing").max(500, "Reason must be 500 characters or fewer"),
});

export class EnrolmentError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** People of a role in the provider admin's provider, to choose from. */
export function providerPeople(actor: Actor, role: "candidate" | "assessor" | "iqa") {
  assertRole(actor, ["provider_admin"]);
  return getDb()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.providerId, actor.providerId!), eq(memberships.role, role), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all();
}

export function listProgrammes() {
  return getDb().select({ id: programmes.id, slug: programmes.slug, version: programmes.version, title: programmes.title }).from(programmes).orderBy(asc(programmes.title), asc(programmes.version)).all();
}

function checkStaff(actor: Actor, assessorId: string, iqaId: string, candidateId?: string) {
  const has = (userId: string, role: "assessor" | "iqa") =>
    !!getDb()
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.role, role), eq(memberships.providerId, actor.providerId!)))
      .get();
  if (!has(assessorId, "assessor")) throw new EnrolmentError("assessorId", "Select an assessor from your provider");
  if (!has(iqaId, "iqa")) throw new EnrolmentError("iqaId", "Select an internal quality assurer from your provider");
  if (assessorId === iqaId) throw new EnrolmentError("iqaId", "The internal quality assurer must be a different person from the assessor");
  if (candidateId && (assessorId === candidateId || iqaId === candidateId)) throw new EnrolmentError("assessorId", "A candidate cannot assess or quality-assure their own portfolio");
}

/** Enrols a candidate of the provider admin's provider, pinning the programme's framework versions. */
export function enrol(actor: Actor, input: z.infer<typeof enrolInput>, now = Date.now()): string {
  assertRole(actor, ["provider_admin"]);
  const db = getDb();
  const candidate = db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.userId, input.candidateId), eq(memberships.role, "candidate"), eq(memberships.providerId, actor.providerId!)))
    .get();
  if (!candidate) throw new EnrolmentError("candidateId", "Select a candidate from your provider");
  const programme = db.select().from(programmes).where(eq(programmes.id, input.programmeId)).get();
  if (!programme) throw new EnrolmentError("programmeId", "Select a programme");
  checkStaff(actor, input.assessorId, input.iqaId, input.candidateId);

  const id = newId();
  try {
    db.$client.transaction(() => {
      db.insert(enrolments)
        .values({ id, candidateId: input.candidateId, providerId: actor.providerId!, programmeId: programme.id, candidateNumber: input.candidateNumber, status: "active", enrolledAt: now, enrolledBy: actor.userId })
        .run();
      const required = db
        .select({ itemId: programmeRequirements.itemId, frameworkId: standardItems.frameworkId })
        .from(programmeRequirements)
        .innerJoin(standardItems, eq(standardItems.id, programmeRequirements.itemId))
        .where(eq(programmeRequirements.programmeId, programme.id))
        .all();
      for (const frameworkId of new Set(required.map((r) => r.frameworkId))) db.insert(enrolmentFrameworks).values({ enrolmentId: id, frameworkId }).run();
      if (required.length)
        db.insert(criterionProgress)
          .values(required.map((r) => ({ enrolmentId: id, itemId: r.itemId, status: "no_evidence" as const, submittedAt: null, updatedAt: now })))
          .run();
      db.insert(allocations).values({ id: newId(), enrolmentId: id, assessorId: input.assessorId, iqaId: input.iqaId, fromAt: now, toAt: null, changedBy: actor.userId, reason: null }).run();
      recordAudit(db, { ...auditActor(actor), action: "enrolled", entity: "enrolment", entityId: id, providerId: actor.providerId, details: { candidateId: input.candidateId, programme: `${programme.slug}@${programme.version}`, assessorId: input.assessorId, iqaId: input.iqaId } }, now);
    })();
  } catch (e) {
    if (e instanceof Error && /enrolments_candidate_programme|enrolments\.candidate_id, enrolments\.programme_id/.test(e.message)) throw new EnrolmentError("programmeId", "This candidate is already enrolled on this programme");
    if (e instanceof Error && /enrolments\.provider_id, enrolments\.candidate_number/.test(e.message)) throw new EnrolmentError("candidateNumber", "Another candidate already has this candidate number");
    throw e;
  }
  return id;
}

/** Changes who assesses and quality-assures an enrolment; the old allocation is kept, closed. */
export function allocate(actor: Actor, enrolmentId: string, input: z.infer<typeof allocateInput>, now = Date.now()) {
  assertRole(actor, ["provider_admin"]);
  const enrolment = enrolmentFor(actor, enrolmentId);
  checkStaff(actor, input.assessorId, input.iqaId, enrolment.candidateId);
  const db = getDb();
  db.$client
    .transaction(() => {
      const current = db.select().from(allocations).where(and(eq(allocations.enrolmentId, enrolmentId), isNull(allocations.toAt))).get();
      if (current && current.assessorId === input.assessorId && current.iqaId === input.iqaId) throw new EnrolmentError("assessorId", "Choose a different assessor or internal quality assurer: this is the current allocation");
      if (current) db.update(allocations).set({ toAt: now }).where(eq(allocations.id, current.id)).run();
      db.insert(allocations).values({ id: newId(), enrolmentId, assessorId: input.assessorId, iqaId: input.iqaId, fromAt: now, toAt: null, changedBy: actor.userId, reason: input.reason }).run();
      recordAudit(db, { ...auditActor(actor), action: "reallocated", entity: "enrolment", entityId: enrolmentId, providerId: enrolment.providerId, details: { from: current ? { assessorId: current.assessorId, iqaId: current.iqaId } : null, to: { assessorId: input.assessorId, iqaId: input.iqaId }, reason: input.reason } }, now);
    })
    .immediate();
}

/** The allocation history of an enrolment, newest first. */
export function allocationHistory(actor: Actor, enrolmentId: string) {
  enrolmentFor(actor, enrolmentId);
  const db = getDb();
  return db.$client
    .prepare(
      `select a.id, a.from_at as fromAt, a.to_at as toAt, a.reason, ua.name as assessorName, ui.name as iqaName, uc.name as changedByName
         from allocations a join users ua on ua.id = a.assessor_id join users ui on ui.id = a.iqa_id left join users uc on uc.id = a.changed_by
        where a.enrolment_id = ? order by a.from_at desc`,
    )
    .all(enrolmentId) as { id: string; fromAt: number; toAt: number | null; reason: string | null; assessorName: string; iqaName: string; changedByName: string | null }[];
}

/** The provider a provider admin runs (for headings). */
export function providerOf(actor: Actor) {
  if (!actor.providerId) throw forbidden();
  return getDb().select().from(providers).where(eq(providers.id, actor.providerId)).get()!;
}


/**
 * One enrolment for its page: candidate, programme, pinned framework versions, current allocation
 * and its history; for the provider admin, the people the allocation can change to.
 */
export function enrolmentDetail(actor: Actor, enrolmentId: string) {
  const found = enrolmentFor(actor, enrolmentId);
  const db = getDb();
  const enrolment = db.$client
    .prepare(
      `select e.id, e.candidate_number as candidateNumber, e.status, e.enrolled_at as enrolledAt, e.achieved_at as achievedAt,
              c.id as candidateId, c.name as candidateName, c.email as candidateEmail, p.title as programmeTitle, p.slug as programmeSlug, p.version as programmeVersion,
              pr.name as providerName, eb.name as enrolledByName
         from enrolments e join users c on c.id = e.candidate_id join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id
         left join users eb on eb.id = e.enrolled_by
        where e.id = ?`,
    )
    .get(found.id) as {
    id: string;
    candidateNumber: string;
    status: "active" | "achieved" | "withdrawn";
    enrolledAt: number;
    achievedAt: number | null;
    candidateId: string;
    candidateName: string;
    candidateEmail: string;
    programmeTitle: string;
    programmeSlug: string;
    programmeVersion: string;
    providerName: string;
    enrolledByName: string | null;
  };
  const frameworks = db.$client
    .prepare(
      `select f.framework, f.version, f.title, f.short_title as shortTitle from enrolment_frameworks ef join standard_frameworks f on f.id = ef.framework_id
        where ef.enrolment_id = ? order by f.title`,
    )
    .all(found.id) as { framework: string; version: string; title: string; shortTitle: string }[];
  const current = db.$client
    .prepare(
      `select a.assessor_id as assessorId, ua.name as assessorName, a.iqa_id as iqaId, ui.name as iqaName, a.from_at as fromAt
         from allocations a join users ua on ua.id = a.assessor_id join users ui on ui.id = a.iqa_id where a.enrolment_id = ? and a.to_at is null`,
    )
    .get(found.id) as { assessorId: string; assessorName: string; iqaId: string; iqaName: string; fromAt: number } | undefined;
  const admin = actor.role === "provider_admin";
  return {
    enrolment,
    frameworks,
    current: current ?? null,
    history: allocationHistory(actor, found.id),
    canAllocate: admin,
    assessors: admin ? providerPeople(actor, "assessor") : [],
    iqas: admin ? providerPeople(actor, "iqa") : [],
    /** The record's history from the audit trail (everything done to this enrolment), for its provider admin. */
    record: admin ? enrolmentTrail(found.id) : [],
  };
}

/** What the enrolment form offers a provider admin: their provider's people and the programmes. */
export function enrolmentOptions(actor: Actor) {
  assertRole(actor, ["provider_admin"]);
  return {
    provider: providerOf(actor),
    candidates: providerPeople(actor, "candidate"),
    assessors: providerPeople(actor, "assessor"),
    iqas: providerPeople(actor, "iqa"),
    programmes: listProgrammes(),
  };
}

/** How many enrolments the actor can see, by status (dashboards). */
export function enrolmentCounts(actor: Actor) {
  const rows = getDb()
    .select({ status: enrolments.status, n: sql<number>`count(*)` })
    .from(enrolments)
    .where(enrolmentVisibleTo(actor))
    .groupBy(enrolments.status)
    .all();
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<Record<Enrolment["status"], number>>;
  return { active: by.active ?? 0, achieved: by.achieved ?? 0, withdrawn: by.withdrawn ?? 0, total: rows.reduce((a, r) => a + r.n, 0) };
}
