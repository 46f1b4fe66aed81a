/**
 * Criterion progress (derived state kept in step with evidence), the candidate's portfolio task
 * list, declarations and submissions for assessment.
 */
import type { Statement } from "better-sqlite3";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { immediate, type Db } from "../../db/connection";
import { criterionProgress, declarations, enrolments, submissionItems, submissions, type CriterionStatus } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, newId, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { enrolmentFor, type Enrolment } from "./enrolments.server";
import { forbidden, notFound } from "./http.server";
import { prepared } from "./statements.server";

// ---- keeping criterion_progress in step ----------------------------------------------------------

/** Live (not deleted) evidence of the enrolment mapped to the progress row's item. */
const HAS_EVIDENCE = `exists (select 1 from evidence_mappings m join evidence e on e.id = m.evidence_id
  where m.enrolment_id = @enrolmentId and e.enrolment_id = @enrolmentId and m.item_id = criterion_progress.item_id and e.deleted_at is null)`;

/** Live evidence mapped after the row last changed (for a not-yet-met decision: mapped after it). */
const HAS_NEWER_EVIDENCE = `exists (select 1 from evidence_mappings m join evidence e on e.id = m.evidence_id
  where m.enrolment_id = @enrolmentId and e.enrolment_id = @enrolmentId and m.item_id = criterion_progress.item_id and e.deleted_at is null
    and m.created_at > criterion_progress.updated_at)`;

const ITEMS = `(select distinct value from json_each(@items))`;

const REFRESH_SQL = {
  /** A criterion the programme does not require gets a row once evidence is mapped to it. */
  insert: `insert into criterion_progress (enrolment_id, item_id, status, submitted_at, updated_at)
    select @enrolmentId, i.value, 'evidence_added', null, @now from ${ITEMS} i
     where exists (select 1 from evidence_mappings m join evidence e on e.id = m.evidence_id
                    where m.enrolment_id = @enrolmentId and e.enrolment_id = @enrolmentId and m.item_id = i.value and e.deleted_at is null)
    on conflict (enrolment_id, item_id) do nothing`,
  update: `update criterion_progress
      set status = case when ${HAS_EVIDENCE} then 'evidence_added' else 'no_evidence' end,
          submitted_at = null,
          updated_at = @now
    where enrolment_id = @enrolmentId and item_id in ${ITEMS}
      and (   (status = 'no_evidence' and ${HAS_EVIDENCE})
           or (status in ('evidence_added', 'submitted') and not ${HAS_EVIDENCE})
           or (status = 'not_yet_met' and ${HAS_NEWER_EVIDENCE}))`,
  /** A criterion the programme does not require leaves the portfolio once it has no evidence. */
  prune: `delete from criterion_progress
    where enrolment_id = @enrolmentId and item_id in ${ITEMS} and status = 'no_evidence'
      and not exists (select 1 from programme_requirements r join enrolments en on en.programme_id = r.programme_id
                       where en.id = @enrolmentId and r.item_id = criterion_progress.item_id)`,
} as const;

const statements = new WeakMap<object, Record<keyof typeof REFRESH_SQL, Statement>>();
function refreshStatements(db: Db) {
  let s = statements.get(db.$client);
  if (!s) {
    s = {
      insert: db.$client.prepare(REFRESH_SQL.insert),
      update: db.$client.prepare(REFRESH_SQL.update),
      prune: db.$client.prepare(REFRESH_SQL.prune),
    };
    statements.set(db.$client, s);
  }
  return s;
}

/**
 * Brings the given criteria's progress in line with the evidence now mapped to them. Call INSIDE
 * the transaction that mapped, unmapped or deleted evidence (it writes no audit event itself: the
 * caller's event records the change that caused it).
 *
 * - no evidence ⇄ evidence added, from whether any live evidence of the enrolment is mapped;
 * - a criterion the programme does not require gets an "evidence added" row when evidence is
 *   mapped, and loses it when none is left;
 * - a submitted criterion that loses all its evidence goes back to no evidence;
 * - met and not yet met are assessment decisions and stay, except that a not-yet-met criterion with
 *   evidence mapped after the decision becomes "evidence added", so it can be resubmitted.
 */
export function refreshProgress(db: Db, enrolmentId: string, itemIds: string[], now: number): void {
  if (!itemIds.length) return;
  const params = { enrolmentId, items: JSON.stringify([...new Set(itemIds)]), now };
  const s = refreshStatements(db);
  s.insert.run(params);
  s.update.run(params);
  s.prune.run(params);
}

// ---- the portfolio task list -------------------------------------------------------------------

export type TaskCounts = { total: number; withEvidence: number; ready: number; submitted: number; met: number; notYetMet: number };
export type DrawsOn = { code: string; text: string; framework: string; version: string };
export type PortfolioTask = {
  itemId: string;
  code: string;
  type: string;
  text: string;
  status: CriterionStatus;
  submittedAt: number | null;
  evidenceCount: number;
  drawsOn: DrawsOn[];
};
export type PortfolioGroup = { id: string | null; title: string | null; tasks: PortfolioTask[] };
export type PortfolioSection = { id: string; label: string; groups: PortfolioGroup[]; counts: TaskCounts };
export type PortfolioFramework = { id: string; framework: string; version: string; title: string; shortTitle: string; sections: PortfolioSection[]; counts: TaskCounts };
export type SubmissionSummary = { id: string; scopeItemId: string | null; scopeLabel: string; submittedAt: number; submittedByName: string; criteria: string[] };
export type Portfolio = {
  enrolment: {
    id: string;
    candidateId: string;
    candidateName: string;
    candidateNumber: string;
    status: "active" | "achieved" | "withdrawn";
    programmeTitle: string;
    programmeSlug: string;
    programmeVersion: string;
    providerName: string;
    revision: number;
  };
  /** The candidate themselves, on an active enrolment: may add evidence and submit. */
  canEdit: boolean;
  counts: TaskCounts;
  frameworks: PortfolioFramework[];
  /** Criteria the programme does not require that have evidence mapped (context, not tasks). */
  alsoEvidenced: PortfolioFramework[];
  submissions: SubmissionSummary[];
};

type ItemRow = { id: string; code: string; type: string; title: string | null; statement: string | null; fullStatement: string; parentId: string | null; position: number; frameworkId: string };
type TaskRow = ItemRow & { status: CriterionStatus; submittedAt: number | null; required: number; reqPosition: number | null; evidenceCount: number };

const emptyCounts = (): TaskCounts => ({ total: 0, withEvidence: 0, ready: 0, submitted: 0, met: 0, notYetMet: 0 });
function addTo(c: TaskCounts, t: PortfolioTask) {
  c.total++;
  if (t.evidenceCount > 0) c.withEvidence++;
  if (t.status === "evidence_added") c.ready++;
  if (t.status === "submitted") c.submitted++;
  if (t.status === "met") c.met++;
  if (t.status === "not_yet_met") c.notYetMet++;
}

/** Group codes like "K:g1" are made up at import and mean nothing to a reader. */
const isMadeUpCode = (code: string) => /:g\d+$/.test(code);

/** How a section, part or group is named in headings and on the submit page. */
export function itemLabel(item: { type: string; code: string; title: string | null }): string {
  const title = item.title ?? "";
  if (item.type === "Section") return `Section ${item.code}: ${title}`;
  if (item.type === "Group" || isMadeUpCode(item.code) || !title) return title || item.code;
  return `${item.code} ${title}`;
}

const firstLine = (item: { statement: string | null; title: string | null; fullStatement: string }) =>
  (item.statement ?? item.title ?? item.fullStatement).split("\n")[0].trim();

/** Every ancestor of the given items (a handful of sections, parts and groups), in one recursive read. */
function ancestorsOf(db: Db, itemIds: string[]): Map<string, ItemRow> {
  if (!itemIds.length) return new Map();
  const rows = prepared(
      db,
      `with recursive anc(id) as (
         select parent_id from standard_items where id in (select value from json_each(?)) and parent_id is not null
         union
         select i.parent_id from standard_items i join anc on i.id = anc.id where i.parent_id is not null)
       select i.id, i.code, i.type, i.title, i.statement, i.full_statement as fullStatement, i.parent_id as parentId, i.position, i.framework_id as frameworkId
         from standard_items i where i.id in (select id from anc)`,
    )
    .all(JSON.stringify(itemIds)) as ItemRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The chain of ancestors of an item, nearest first. */
function chainOf(item: { parentId: string | null }, ancestors: Map<string, ItemRow>): ItemRow[] {
  const chain: ItemRow[] = [];
  for (let id = item.parentId; id; ) {
    const a = ancestors.get(id);
    if (!a) break;
    chain.push(a);
    id = a.parentId;
  }
  return chain;
}

type FrameworkRow = { id: string; framework: string; version: string; title: string; shortTitle: string };

/**
 * Builds framework → section (the root ancestor) → group (the parts and groups between) → tasks.
 * Tasks are taken in document order, so sections and groups come out in document order too.
 */
function buildTree(tasks: (PortfolioTask & { row: TaskRow })[], ancestors: Map<string, ItemRow>, frameworks: Map<string, FrameworkRow>, frameworkOrder: string[]): PortfolioFramework[] {
  const byFramework = new Map<string, PortfolioFramework>();
  const sections = new Map<string, PortfolioSection>();
  const groups = new Map<string, PortfolioGroup>();
  for (const t of [...tasks].sort((a, b) => a.row.position - b.row.position)) {
    const fw = frameworks.get(t.row.frameworkId)!;
    let f = byFramework.get(fw.id);
    if (!f) byFramework.set(fw.id, (f = { ...fw, sections: [], counts: emptyCounts() }));
    const chain = chainOf(t.row, ancestors);
    const root = chain.at(-1) ?? t.row;
    let s = sections.get(root.id);
    if (!s) {
      sections.set(root.id, (s = { id: root.id, label: itemLabel(root), groups: [], counts: emptyCounts() }));
      f.sections.push(s);
    }
    const between = chain.slice(0, -1).reverse();
    const nearest = between.at(-1) ?? null;
    const groupKey = `${root.id}|${nearest?.id ?? ""}`;
    let g = groups.get(groupKey);
    if (!g) {
      groups.set(groupKey, (g = { id: nearest?.id ?? null, title: between.length ? between.map(itemLabel).join(": ") : null, tasks: [] }));
      s.groups.push(g);
    }
    const { row: _row, ...task } = t;
    g.tasks.push(task);
    addTo(s.counts, task);
    addTo(f.counts, task);
  }
  return [...byFramework.values()].sort((a, b) => frameworkOrder.indexOf(a.id) - frameworkOrder.indexOf(b.id));
}

/**
 * Everything the portfolio page needs, in a handful of reads whatever the portfolio's size: the
 * enrolment, each required criterion with its status and evidence count, the sections and groups
 * above them, what the learning outcomes draw on, and the submissions so far.
 */
export function portfolio(actor: Actor, enrolmentId: string): Portfolio {
  const found = enrolmentFor(actor, enrolmentId);
  const db = getDb();
  const header = prepared(
      db,
      `select e.id, e.candidate_id as candidateId, u.name as candidateName, e.candidate_number as candidateNumber, e.status, p.title as programmeTitle, p.slug as programmeSlug,
              p.version as programmeVersion, pr.name as providerName, e.revision
         from enrolments e join users u on u.id = e.candidate_id join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id
        where e.id = ?`,
    )
    .get(found.id) as Portfolio["enrolment"];

  const rows = prepared(
      db,
      `with req as (select item_id, position from programme_requirements where programme_id = @programmeId),
            -- From the live evidence to its mappings: two covering index reads per piece of evidence.
            ev as (select m.item_id, count(*) as n from evidence e cross join evidence_mappings m on m.evidence_id = e.id
                    where e.enrolment_id = @enrolmentId and e.deleted_at is null group by m.item_id),
            ids as (select item_id from req union select item_id from criterion_progress where enrolment_id = @enrolmentId union select item_id from ev)
       select i.id, i.code, i.type, i.title, i.statement, i.full_statement as fullStatement, i.parent_id as parentId, i.position, i.framework_id as frameworkId,
              coalesce(p.status, case when ev.n > 0 then 'evidence_added' else 'no_evidence' end) as status, p.submitted_at as submittedAt, (req.item_id is not null) as required, req.position as reqPosition, coalesce(ev.n, 0) as evidenceCount
         from ids join standard_items i on i.id = ids.item_id
         left join criterion_progress p on p.enrolment_id = @enrolmentId and p.item_id = ids.item_id
         left join req on req.item_id = ids.item_id
         left join ev on ev.item_id = ids.item_id`,
    )
    .all({ programmeId: found.programmeId, enrolmentId: found.id }) as TaskRow[];

  const drawsOn = new Map<string, DrawsOn[]>();
  const links = prepared(
      db,
      `select l.from_item_id as fromId, t.code, t.statement, t.title, t.full_statement as fullStatement, f.framework, f.version
         from crosswalk_links l join programme_requirements r on r.item_id = l.from_item_id and r.programme_id = ?
         join standard_items t on t.id = l.to_item_id join standard_frameworks f on f.id = t.framework_id
        where l.relation = 'draws-on' order by t.position`,
    )
    .all(found.programmeId) as { fromId: string; code: string; statement: string | null; title: string | null; fullStatement: string; framework: string; version: string }[];
  for (const l of links) drawsOn.set(l.fromId, [...(drawsOn.get(l.fromId) ?? []), { code: l.code, text: firstLine(l), framework: l.framework, version: l.version }]);

  const ancestors = ancestorsOf(db, rows.map((r) => r.id));
  const frameworkRows = prepared(
      db,
      `select id, framework, version, title, short_title as shortTitle from standard_frameworks
        where id in (select framework_id from enrolment_frameworks where enrolment_id = @enrolmentId) or id in (select value from json_each(@others))`,
    )
    .all({ enrolmentId: found.id, others: JSON.stringify([...new Set(rows.map((r) => r.frameworkId))]) }) as FrameworkRow[];
  const frameworks = new Map(frameworkRows.map((f) => [f.id, f]));

  const toTask = (r: TaskRow) => ({
    row: r,
    itemId: r.id,
    code: r.code,
    type: r.type,
    text: firstLine(r),
    status: r.status,
    submittedAt: r.submittedAt,
    evidenceCount: r.evidenceCount,
    drawsOn: drawsOn.get(r.id) ?? [],
  });
  const required = rows.filter((r) => r.required).map(toTask);
  const extra = rows.filter((r) => !r.required && r.evidenceCount > 0).map(toTask);
  // Frameworks in the order the programme names them, then any others evidence reaches.
  const reqPosition = new Map<string, number>();
  for (const r of rows) if (r.reqPosition !== null) reqPosition.set(r.frameworkId, Math.min(r.reqPosition, reqPosition.get(r.frameworkId) ?? Infinity));
  const order = [...frameworks.keys()].sort((a, b) => (reqPosition.get(a) ?? Infinity) - (reqPosition.get(b) ?? Infinity) || frameworks.get(a)!.title.localeCompare(frameworks.get(b)!.title));

  const counts = emptyCounts();
  for (const t of required) addTo(counts, t);
  return {
    enrolment: header,
    canEdit: actor.role === "candidate" && actor.userId === header.candidateId && header.status === "active",
    counts,
    frameworks: buildTree(required, ancestors, frameworks, order),
    alsoEvidenced: buildTree(extra, ancestors, frameworks, order),
    submissions: submissionsOf(db, found.id),
  };
}

function submissionsOf(db: Db, enrolmentId: string, submissionId?: string): SubmissionSummary[] {
  const rows = prepared(
      db,
      `select s.id, s.scope_item_id as scopeItemId, s.submitted_at as submittedAt, u.name as submittedByName,
              si.type, si.code, si.title,
              (select json_group_array(i.code) from (select it.code from submission_items x join standard_items it on it.id = x.item_id
                                                      where x.submission_id = s.id order by it.position) i) as criteria
         from submissions s join users u on u.id = s.submitted_by
         left join standard_items si on si.id = s.scope_item_id
        where s.enrolment_id = @enrolmentId and (@submissionId is null or s.id = @submissionId)
        order by s.submitted_at desc`,
    )
    .all({ enrolmentId, submissionId: submissionId ?? null }) as { id: string; scopeItemId: string | null; submittedAt: number; submittedByName: string; type: string | null; code: string | null; title: string | null; criteria: string }[];
  return rows.map((r) => ({
    id: r.id,
    scopeItemId: r.scopeItemId,
    scopeLabel: r.scopeItemId ? itemLabel({ type: r.type ?? "", code: r.code ?? "", title: r.title }) : "Whole portfolio",
    submittedAt: r.submittedAt,
    submittedByName: r.submittedByName,
    criteria: JSON.parse(r.criteria) as string[],
  }));
}

/** The required criteria that still have no evidence, grouped like the task list. */
export function missingCriteria(actor: Actor, enrolmentId: string) {
  const p = portfolio(actor, enrolmentId);
  const frameworks = p.frameworks
    .map((f) => ({
      ...f,
      sections: f.sections
        .map((s) => ({ ...s, groups: s.groups.map((g) => ({ ...g, tasks: g.tasks.filter((t) => t.evidenceCount === 0) })).filter((g) => g.tasks.length) }))
        .filter((s) => s.groups.length),
    }))
    .filter((f) => f.sections.length);
  return { enrolment: p.enrolment, canEdit: p.canEdit, counts: p.counts, missing: p.counts.total - p.counts.withEvidence, frameworks };
}

/** Progress of each of the candidate's own enrolments (dashboard and "your portfolios"). */
export function myEnrolments(actor: Actor) {
  assertRole(actor, ["candidate"]);
  return prepared(
      getDb(),
      `select e.id, e.candidate_number as candidateNumber, e.status, p.title as programmeTitle, p.slug as programmeSlug, p.version as programmeVersion, pr.name as providerName,
              count(r.item_id) as total,
              coalesce(sum(cp.status in ('evidence_added', 'submitted', 'met', 'not_yet_met')), 0) as withEvidence,
              coalesce(sum(cp.status = 'evidence_added'), 0) as ready,
              coalesce(sum(cp.status = 'submitted'), 0) as submitted,
              coalesce(sum(cp.status = 'met'), 0) as met,
              coalesce(sum(cp.status = 'not_yet_met'), 0) as notYetMet
         from enrolments e join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id
         left join programme_requirements r on r.programme_id = e.programme_id
         left join criterion_progress cp on cp.enrolment_id = e.id and cp.item_id = r.item_id
        where e.candidate_id = ?
        group by e.id order by e.enrolled_at`,
    )
    .all(actor.userId) as ({ id: string; candidateNumber: string; status: "active" | "achieved" | "withdrawn"; programmeTitle: string; programmeSlug: string; programmeVersion: string; providerName: string } & TaskCounts)[];
}

// ---- declaration and submission ------------------------------------------------------------------

export const DECLARATION_POINTS = [
  "the evidence I am submitting is my own work, and where it includes anyone else's words (such as a witness testimony) that is clearly shown",
  "it is anonymised: no victim, offender or other participant in any restorative process can be identified from it",
  "I understand that my assessor and the internal quality assurer rely on this declaration when they judge my evidence",
] as const;
export const DECLARATION_TEXT = `I declare that: ${DECLARATION_POINTS.map((p, i) => `(${i + 1}) ${p}`).join("; ")}.`;

export const submitInput = z.object({
  scope: z.string({ message: "Select what you want to submit" }).min(1, "Select what you want to submit").max(100),
  declaration: z.literal("yes", { message: "Confirm the declaration before you submit" }),
});

export class SubmissionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the candidate can submit: the whole portfolio or any section, part or group with criteria ready. */
export function submissionOptions(actor: Actor, enrolmentId: string) {
  assertRole(actor, ["candidate"]);
  const p = portfolio(actor, enrolmentId);
  const scopes: { value: string; label: string; ready: number }[] = [];
  for (const f of p.frameworks)
    for (const s of f.sections) {
      if (s.counts.ready) scopes.push({ value: s.id, label: `${s.label} (${f.shortTitle})`, ready: s.counts.ready });
      if (s.groups.length > 1)
        for (const g of s.groups) {
          const ready = g.tasks.filter((t) => t.status === "evidence_added").length;
          if (g.id && g.title && ready) scopes.push({ value: g.id, label: `${s.label}: ${g.title}`, ready });
        }
    }
  return { enrolment: p.enrolment, canEdit: p.canEdit, ready: p.counts.ready, scopes, declaration: DECLARATION_POINTS };
}

function insertDeclaration(db: Db, actor: Actor, enrolment: Enrolment, now: number): string {
  const id = newId();
  db.insert(declarations).values({ id, enrolmentId: enrolment.id, userId: actor.userId, statement: DECLARATION_TEXT, declaredAt: now }).run();
  recordAudit(db, { ...auditActor(actor), action: "declared", entity: "declaration", entityId: id, providerId: enrolment.providerId, details: { enrolmentId: enrolment.id, statement: DECLARATION_TEXT } }, now);
  return id;
}

/** The candidate's own declaration, on its own (submit records one with every submission). */
export function declare(actor: Actor, enrolmentId: string, now = Date.now()): string {
  assertRole(actor, ["candidate"]);
  const enrolment = enrolmentFor(actor, enrolmentId);
  const db = getDb();
  return db.$client.transaction(() => insertDeclaration(db, actor, enrolment, now))();
}

/**
 * Submits the whole portfolio (scope "all") or one section, part or group for assessment, with the
 * candidate's declaration: every required criterion in scope with evidence added becomes submitted.
 * Only the candidate themselves may submit. Nothing is written when nothing in scope is ready.
 */
export function submit(actor: Actor, enrolmentId: string, input: z.infer<typeof submitInput>, now = Date.now()): string {
  assertRole(actor, ["candidate"]);
  const enrolment = enrolmentFor(actor, enrolmentId);
  if (enrolment.candidateId !== actor.userId) throw forbidden();
  if (enrolment.status !== "active") throw new SubmissionError("scope", "This enrolment is no longer active, so nothing can be submitted");
  const scopeItemId = input.scope === "all" ? null : input.scope;
  const db = getDb();
  return immediate(db, () => {
    const inScope = prepared(
        db,
        `with recursive chain(item_id, anc_id) as (
           select r.item_id, i.parent_id from programme_requirements r join standard_items i on i.id = r.item_id where r.programme_id = @programmeId
           union all
           select c.item_id, i.parent_id from chain c join standard_items i on i.id = c.anc_id where c.anc_id is not null)
         select distinct c.item_id as itemId, i.code, coalesce(p.status, 'no_evidence') as status, r.position
           from chain c join standard_items i on i.id = c.item_id
           join programme_requirements r on r.programme_id = @programmeId and r.item_id = c.item_id
           left join criterion_progress p on p.enrolment_id = @enrolmentId and p.item_id = c.item_id
          where @scope is null or c.anc_id = @scope
          order by r.position`,
      )
      .all({ programmeId: enrolment.programmeId, enrolmentId: enrolment.id, scope: scopeItemId }) as { itemId: string; code: string; status: CriterionStatus }[];
    if (scopeItemId && !inScope.length) throw new SubmissionError("scope", "Select the whole portfolio or one of the sections listed");
    const ready = inScope.filter((r) => r.status === "evidence_added");
    if (!ready.length)
      throw new SubmissionError(
        "scope",
        scopeItemId ? "There is no new evidence to submit in that section. Add evidence to its criteria first, or choose another section" : "There is no new evidence to submit. Add evidence to a criterion first",
      );
    const declarationId = insertDeclaration(db, actor, enrolment, now);
    const submissionId = newId();
    db.insert(submissions).values({ id: submissionId, enrolmentId: enrolment.id, scopeItemId, declarationId, submittedAt: now, submittedBy: actor.userId }).run();
    db.insert(submissionItems).values(ready.map((r) => ({ submissionId, itemId: r.itemId }))).run();
    db.update(criterionProgress)
      .set({ status: "submitted", submittedAt: now, updatedAt: now })
      .where(and(eq(criterionProgress.enrolmentId, enrolment.id), eq(criterionProgress.status, "evidence_added"), inArray(criterionProgress.itemId, ready.map((r) => r.itemId))))
      .run();
    db.update(enrolments).set({ revision: sql`${enrolments.revision} + 1` }).where(eq(enrolments.id, enrolment.id)).run();
    recordAudit(
      db,
      { ...auditActor(actor), action: "submitted", entity: "submission", entityId: submissionId, providerId: enrolment.providerId, details: { enrolmentId: enrolment.id, scopeItemId, declarationId, criteria: ready.map((r) => r.code), itemIds: ready.map((r) => r.itemId) } },
      now,
    );
    return submissionId;
  });
}

/** One of the candidate's submissions (for the confirmation page). */
export function submissionFor(actor: Actor, enrolmentId: string, submissionId: string): SubmissionSummary {
  const enrolment = enrolmentFor(actor, enrolmentId);
  const found = submissionsOf(getDb(), enrolment.id, submissionId)[0];
  if (!found) throw notFound();
  return found;
}
