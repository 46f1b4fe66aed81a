/**
 * One enrolment's history, made action by action with the rules of the domain modules and written
 * out as the rows those modules write: enrol (enrolments.server), add/edit/supersede/delete/map
 * evidence (evidence.server, with refreshProgress of progress.server), submit (progress.server),
 * decide (assessment.server), sample (quality.server) and settleAchievement (achievement.server,
 * whose pure evaluateAchievement decides). Each action records the audit event and notifications
 * its domain function would, with the same details. Times must only move forward.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { evaluateAchievement, type AchievementFacts, type PriorAchievement } from "../../app/lib/achievement.server";
import { contentHash } from "../../app/lib/evidence.server";
import { DECLARATION_TEXT } from "../../app/lib/progress.server";
import { formatIsoDate } from "../../app/lib/quality.server";
import type { CriterionStatus } from "../../db/schema";
import { by, type Actor, type AuditLog } from "./audit";
import type { StoredFile } from "./files";
import type { Programme, Standards } from "./standards";
import type { Body } from "./texts";
import type { Writer } from "./writer";

export type Ctx = { w: Writer; audit: AuditLog; std: Standards };

type Version = { id: string; version: number; title: string; body: string; evidenceDate: string | null; file: StoredFile | null; hash: string; createdAt: number; lockedAt: number | null };
type Evidence = { id: string; n: number; ref: string; kind: string; createdAt: number; deletedAt: number | null; versions: Version[]; maps: Map<string, { note: string; at: number }> };
type Progress = { status: CriterionStatus; submittedAt: number | null; updatedAt: number };
type Sample = { id: string; iqaId: string; outcome: "agree" | "disagree"; comments: string; actionRequired: string | null; actionDue: string | null; at: number };
type Decision = { id: string; itemId: string; assessorId: string; outcome: "met" | "not_yet_met"; methods: string[]; checks: string[]; feedback: string | null; decidedOn: string; at: number; status: "standing" | "superseded"; supersededAt: number | null; sample: Sample | null; versions: Version[] };

const LONDON = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
/** YYYY-MM-DD in Europe/London (one formatter: making one per call is slow). */
export const londonDate = (ms: number) => LONDON.format(new Date(ms));
const PERFORMANCE = ["observation", "work_product", "witness_testimony"];
const VARCS = ["valid", "authentic", "reliable", "current", "sufficient"];

export type EnrolmentPeople = { candidate: Actor; admin: Actor; assessorId: string; iqaId: string; providerId: string };

export class EnrolmentModel {
  readonly id = randomUUID();
  readonly evidence: Evidence[] = [];
  readonly progress = new Map<string, Progress>();
  readonly decisions: Decision[] = [];
  status: "active" | "achieved" = "active";
  achievedAt: number | null = null;
  revision = 0;
  assessorId: string;
  iqaId: string;
  private readonly rows: (() => void)[] = [];

  constructor(
    private readonly ctx: Ctx,
    readonly programme: Programme,
    readonly people: EnrolmentPeople,
    readonly candidateNumber: string,
    readonly enrolledAt: number,
    /** The candidate's other achieved enrolments (a prerequisite may need one). */
    private readonly prior: PriorAchievement[] = [],
  ) {
    this.assessorId = people.assessorId;
    this.iqaId = people.iqaId;
    this.enrol();
  }

  private get a() {
    return this.ctx.audit;
  }
  private audit(actor: Actor, action: string, entity: string, entityId: string, details: Record<string, unknown>, at: number) {
    this.a.record({ ...by(actor), action, entity, entityId, providerId: this.people.providerId, details }, at);
  }
  private notify(userId: string, message: string, link: string, at: number) {
    this.ctx.w.row("notifications", randomUUID(), userId, at, message, link, null);
  }
  ctxNeighbours(itemId: string) {
    return this.ctx.std.neighbours.get(itemId);
  }
  private code(itemId: string) {
    return this.ctx.std.items.get(itemId)!.code;
  }

  private enrol() {
    const { w } = this.ctx;
    const p = this.programme;
    const t = this.enrolledAt;
    for (const f of p.pinned) w.row("enrolment_frameworks", this.id, f);
    for (const r of p.required) this.progress.set(r.id, { status: "no_evidence", submittedAt: null, updatedAt: t });
    this.allocations.push({ assessorId: this.assessorId, iqaId: this.iqaId, from: t, to: null, reason: null });
    this.audit(this.people.admin, "enrolled", "enrolment", this.id, { candidateId: this.people.candidate.userId, programme: `${p.slug}@${p.version}`, assessorId: this.assessorId, iqaId: this.iqaId }, t);
  }

  /** allocate(): closes the current allocation and opens a new one. */
  reallocate(assessorId: string, iqaId: string, reason: string, at: number) {
    this.allocations.at(-1)!.to = at;
    this.allocations.push({ assessorId, iqaId, from: at, to: null, reason });
    this.audit(this.people.admin, "reallocated", "enrolment", this.id, { from: { assessorId: this.assessorId, iqaId: this.iqaId }, to: { assessorId, iqaId }, reason }, at);
    this.assessorId = assessorId;
    this.iqaId = iqaId;
  }
  private readonly allocations: { assessorId: string; iqaId: string; from: number; to: number | null; reason: string | null }[] = [];

  // ---- evidence ------------------------------------------------------------------------------

  private version(kind: string, title: string, body: Body, evidenceDate: string | null, file: StoredFile | null, at: number, n: number): Version {
    const hash = contentHash({ kind, title, evidenceDate, body, fileSha256: file?.sha256 ?? null });
    return { id: randomUUID(), version: n, title, body: JSON.stringify(body), evidenceDate, file, hash, createdAt: at, lockedAt: null };
  }

  add(kind: string, title: string, body: Body, evidenceDate: string | null, file: StoredFile | null, at: number): Evidence {
    const n = this.evidence.length + 1;
    const v = this.version(kind, title, body, evidenceDate, file, at, 1);
    const e: Evidence = { id: randomUUID(), n, ref: `E${n}`, kind, createdAt: at, deletedAt: null, versions: [v], maps: new Map() };
    this.evidence.push(e);
    this.revision++;
    this.audit(this.people.candidate, "added-evidence", "evidence", e.id, { enrolmentId: this.id, reference: e.ref, kind, version: 1, contentHash: v.hash, personalDataKept: [] }, at);
    return e;
  }

  /** updateEvidence(): in place while unlocked, otherwise a new version. */
  update(e: Evidence, title: string, body: Body, at: number) {
    const latest = e.versions.at(-1)!;
    const next = this.version(e.kind, title, body, latest.evidenceDate, latest.file, at, latest.version + (latest.lockedAt !== null ? 1 : 0));
    const newVersion = latest.lockedAt !== null;
    if (newVersion) e.versions.push(next);
    else e.versions[e.versions.length - 1] = { ...next, id: latest.id, createdAt: latest.createdAt };
    this.revision++;
    this.audit(this.people.candidate, newVersion ? "superseded-evidence" : "edited-evidence", "evidence", e.id, { enrolmentId: this.id, reference: e.ref, version: next.version, contentHash: next.hash, previousContentHash: latest.hash, personalDataKept: [] }, at);
  }

  isLocked = (e: Evidence) => e.versions.some((v) => v.lockedAt !== null);

  remove(e: Evidence, at: number) {
    if (this.isLocked(e)) throw new Error("seed bug: deleting locked evidence");
    e.deletedAt = at;
    const items = [...e.maps.keys()].sort();
    this.refresh(items, at);
    this.revision++;
    this.audit(this.people.candidate, "deleted-evidence", "evidence", e.id, { enrolmentId: this.id, reference: e.ref, mappedItems: items }, at);
  }

  map(e: Evidence, itemId: string, note: string, at: number) {
    if (e.maps.has(itemId)) return false;
    e.maps.set(itemId, { note, at });
    this.refresh([itemId], at);
    this.revision++;
    this.audit(this.people.candidate, "mapped-evidence", "evidence", e.id, { enrolmentId: this.id, reference: e.ref, itemId, code: this.code(itemId) }, at);
    return true;
  }

  private live(itemId: string) {
    return this.evidence.filter((e) => e.deletedAt === null && e.maps.has(itemId));
  }

  /** refreshProgress(): insert, update, prune, in that order. */
  private refresh(itemIds: string[], now: number) {
    for (const item of new Set(itemIds)) {
      const live = this.live(item);
      const row = this.progress.get(item);
      if (!row) {
        if (live.length) this.progress.set(item, { status: "evidence_added", submittedAt: null, updatedAt: now });
        continue;
      }
      const has = live.length > 0;
      const newer = live.some((e) => e.maps.get(item)!.at > row.updatedAt);
      if ((row.status === "no_evidence" && has) || (row.status === "not_yet_met" && newer)) Object.assign(row, { status: "evidence_added", submittedAt: null, updatedAt: now });
      else if ((row.status === "evidence_added" || row.status === "submitted") && !has) Object.assign(row, { status: "no_evidence", submittedAt: null, updatedAt: now });
      if (row.status === "no_evidence" && !this.programme.requiredIds.has(item)) this.progress.delete(item);
    }
  }

  // ---- submission ------------------------------------------------------------------------------

  /** submit() of the whole portfolio: every required criterion with evidence added. */
  submit(at: number): string[] {
    const ready = this.programme.required.filter((r) => this.progress.get(r.id)?.status === "evidence_added").map((r) => r.id);
    if (!ready.length) return [];
    const { w } = this.ctx;
    const declarationId = randomUUID();
    w.row("declarations", declarationId, this.id, this.people.candidate.userId, DECLARATION_TEXT, at);
    this.audit(this.people.candidate, "declared", "declaration", declarationId, { enrolmentId: this.id, statement: DECLARATION_TEXT }, at);
    const submissionId = randomUUID();
    w.row("submissions", submissionId, this.id, null, declarationId, at, this.people.candidate.userId);
    for (const item of ready) {
      w.row("submission_items", submissionId, item);
      Object.assign(this.progress.get(item)!, { status: "submitted", submittedAt: at, updatedAt: at });
    }
    this.revision++;
    this.audit(this.people.candidate, "submitted", "submission", submissionId, { enrolmentId: this.id, scopeItemId: null, declarationId, criteria: ready.map((i) => this.code(i)), itemIds: ready }, at);
    return ready;
  }

  // ---- assessment ------------------------------------------------------------------------------

  standing(itemId: string) {
    return this.decisions.find((d) => d.itemId === itemId && d.status === "standing");
  }

  /** Whether decide() would accept a decision now (judgeable, with live evidence). */
  canDecide(itemId: string) {
    const s = this.standing(itemId);
    if (s?.sample?.outcome === "disagree") return this.live(itemId).length > 0;
    return this.status === "active" && this.progress.get(itemId)?.status === "submitted" && this.live(itemId).length > 0;
  }

  decide(itemId: string, outcome: "met" | "not_yet_met", methodsIn: string[], feedback: string | null, at: number) {
    if (!this.canDecide(itemId)) throw new Error(`seed bug: ${this.code(itemId)} cannot be decided`);
    const item = this.ctx.std.items.get(itemId)!;
    let methods = [...new Set(methodsIn)];
    if (outcome === "met" && item.type === "Performance Criterion" && !methods.some((m) => PERFORMANCE.includes(m))) methods = [...methods, "observation"];
    const checks = outcome === "met" ? VARCS : VARCS.filter((c) => c !== "reliable" && c !== "sufficient");
    const standing = this.standing(itemId);
    const reopened = standing?.sample?.outcome === "disagree";
    const versions = this.live(itemId).sort((x, y) => x.n - y.n).map((e) => e.versions.at(-1)!);
    if (standing) Object.assign(standing, { status: "superseded", supersededAt: at });
    const d: Decision = { id: randomUUID(), itemId, assessorId: this.assessorId, outcome, methods, checks, feedback, decidedOn: londonDate(at), at, status: "standing", supersededAt: null, sample: null, versions };
    this.decisions.push(d);
    for (const v of versions) v.lockedAt ??= at;
    Object.assign(this.progress.get(itemId)!, { status: outcome, updatedAt: at });
    this.revision++;
    const assessor = { userId: this.assessorId, role: "assessor" };
    this.audit(
      assessor,
      "decided",
      "decision",
      d.id,
      {
        enrolmentId: this.id,
        itemId,
        code: item.code,
        outcome,
        methods,
        checks,
        decidedOn: d.decidedOn,
        feedbackGiven: feedback !== null,
        supersedes: standing?.id ?? null,
        reopenedByIqa: reopened,
        evidence: this.live(itemId).sort((x, y) => x.n - y.n).map((e) => ({ reference: e.ref, versionId: e.versions.at(-1)!.id, version: e.versions.at(-1)!.version, contentHash: e.versions.at(-1)!.hash, fileSha256: e.versions.at(-1)!.file?.sha256 ?? null })),
      },
      at,
    );
    this.notify(this.people.candidate.userId, `Your assessor decided ${item.code} is ${outcome === "met" ? "met" : "not yet met"}`, `/portfolio/${this.id}/decisions`, at);
    this.settle(assessor, at);
    return d;
  }

  /** sampleDecision() by the allocated IQA. */
  sample(d: Decision, outcome: "agree" | "disagree", comments: string, action: string | null, actionDue: string | null, at: number) {
    if (d.status !== "standing" || d.sample) throw new Error("seed bug: sampling a decision that cannot be sampled");
    const code = this.code(d.itemId);
    d.sample = { id: randomUUID(), iqaId: this.iqaId, outcome, comments, actionRequired: outcome === "disagree" ? action : null, actionDue: outcome === "disagree" ? actionDue : null, at };
    const assessLink = `/assess/${this.id}/${d.itemId}`;
    if (outcome === "disagree") {
      this.progress.set(d.itemId, { status: "submitted", submittedAt: at, updatedAt: at });
      this.revision++;
      const message = `The IQA disagreed with your decision on ${code}: ${action} by ${formatIsoDate(actionDue!)}`;
      for (const userId of new Set([d.assessorId, this.assessorId])) this.notify(userId, message, assessLink, at);
      this.notify(this.people.candidate.userId, `Your criterion ${code} is being reviewed again: the internal quality assurer has asked your assessor to look at their decision again.`, `/portfolio/${this.id}/decisions`, at);
    } else {
      this.notify(d.assessorId, `The IQA agreed with your decision on ${code}.`, assessLink, at);
    }
    const iqa = { userId: this.iqaId, role: "iqa" };
    this.audit(iqa, outcome === "agree" ? "iqa-agreed" : "iqa-disagreed", "decision", d.id, {
      sampleId: d.sample.id,
      enrolmentId: this.id,
      item: code,
      assessorId: d.assessorId,
      outcome,
      ...(comments ? { comments } : {}),
      ...(outcome === "disagree" ? { actionRequired: action, actionDue, criterionReopened: true } : {}),
    }, at);
    this.settle(iqa, at);
  }

  /** settleAchievement(), from the same facts achievementFacts would read. */
  private settle(actor: Actor, at: number) {
    const p = this.programme;
    const facts: AchievementFacts = {
      programme: { slug: p.slug, title: p.title, prerequisite: p.prerequisite },
      qaUnitPinned: p.qaUnitPinned,
      criteria: p.factItems.map((i) => {
        const s = this.standing(i.id);
        return {
          itemId: i.id, code: i.code, type: i.type, framework: i.framework, required: i.required, inQaUnit: i.inQaUnit,
          progress: this.progress.get(i.id)?.status ?? null,
          standing: s ? { decisionId: s.id, outcome: s.outcome, sample: s.sample ? { outcome: s.sample.outcome, actionDue: s.sample.actionDue } : null } : null,
        };
      }),
      standingSamples: this.decisions
        .filter((d) => d.status === "standing" && d.sample)
        .sort((x, y) => this.ctx.std.items.get(x.itemId)!.position - this.ctx.std.items.get(y.itemId)!.position)
        .map((d) => ({ decisionId: d.id, code: this.code(d.itemId), outcome: d.sample!.outcome, actionDue: d.sample!.actionDue })),
      priorAchievements: this.prior,
    };
    const result = evaluateAchievement(facts);
    const link = `/portfolio/${this.id}/decisions`;
    const competence = p.slug === "supervisor-check";
    if (this.status === "active" && result.achieved) {
      this.status = "achieved";
      this.achievedAt = at;
      this.audit(actor, "achieved", "enrolment", this.id, { enrolmentId: this.id, programme: p.slug, label: result.label, criteria: result.counts }, at);
      this.notify(this.people.candidate.userId, competence ? `You have been assessed as competent: ${p.title}` : `You have achieved the ${p.title}`, link, at);
    } else if (this.status === "achieved" && !result.achieved) {
      this.status = "active";
      this.achievedAt = null;
      this.audit(actor, "achievement-reopened", "enrolment", this.id, { enrolmentId: this.id, programme: p.slug, missing: result.missing }, at);
      this.notify(this.people.candidate.userId, `${p.title}: ${competence ? "your competence" : "your achievement"} is no longer confirmed while a decision is reviewed`, link, at);
    }
  }

  // ---- writing it out --------------------------------------------------------------------------

  flush() {
    const { w } = this.ctx;
    const p = this.people;
    w.row("enrolments", this.id, p.candidate.userId, p.providerId, this.programme.id, this.candidateNumber, this.status, this.enrolledAt, p.admin.userId, this.achievedAt, this.revision);
    for (const a of this.allocations) w.row("allocations", randomUUID(), this.id, a.assessorId, a.iqaId, a.from, a.to, p.admin.userId, a.reason);
    for (const e of this.evidence) {
      w.row("evidence", e.id, this.id, e.ref, e.kind, e.versions.at(-1)!.id, e.createdAt, e.deletedAt);
      for (const v of e.versions)
        w.row("evidence_versions", v.id, e.id, v.version, v.title, v.body, v.evidenceDate, v.file?.sha256 ?? null, v.file?.fileName ?? null, v.file?.size ?? null, v.file?.mediaType ?? null, v.hash, null, null, v.createdAt, p.candidate.userId, v.lockedAt);
      for (const [item, m] of e.maps) w.row("evidence_mappings", e.id, item, this.id, m.note, m.at);
    }
    for (const [item, r] of this.progress) w.row("criterion_progress", this.id, item, r.status, r.submittedAt, r.updatedAt);
    for (const d of this.decisions) {
      w.row("decisions", d.id, this.id, d.itemId, d.assessorId, d.outcome, JSON.stringify(d.methods), JSON.stringify(d.checks), d.feedback, d.decidedOn, d.at, d.status, d.supersededAt);
      for (const v of d.versions) w.row("decision_evidence", d.id, v.id, v.hash, v.file?.sha256 ?? null);
      const s = d.sample;
      if (s) w.row("iqa_samples", s.id, d.id, s.iqaId, s.outcome, s.comments, s.actionRequired, s.actionDue, s.at);
    }
  }
}

export const tokenHash = () => randomBytes(32).toString("hex");
