/**
 * Who is where: providers of varied sizes, their staff, commissioners, and every candidate with
 * one enrolment and its course (see script.ts), including the accounts the benchmark signs in as:
 * a typical candidate, an assessor with exactly `caseload` candidates, a commissioner of every
 * provider, two 500-evidence portfolios and an assessor with a long queue waiting for sign-off.
 */
import type { PriorAchievement } from "../../app/lib/achievement.server";
import type { Role } from "../../db/schema";
import type { StoredFile } from "./files";
import { EnrolmentModel, type Ctx } from "./model";
import type { SeedOptions } from "./options";
import { People, type Person } from "./people";
import type { Progress } from "./progress";
import type { Random } from "../lib/random";
import { runEnrolment, type Stage } from "./script";
import type { Programme } from "./standards";
import { seedTraining } from "./training";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const BENCH_EMAILS = {
  portfolio: "portfolio.candidate@example.org",
  caseload: "caseload.assessor@example.org",
  coverage: "coverage.commissioner@example.org",
  pdfAward: "pdf.award.candidate@example.org",
  pdfSupervisor: "pdf.supervisor.candidate@example.org",
  signoff: "signoff.assessor@example.org",
};

type Staff = { admin: Person; assessors: Person[]; iqas: Person[] };
type Special = { kind: "portfolio" | "caseload" | "signoff" | "pdfAward" | "pdfSupervisor" };

export type CohortResult = {
  portfolio: { email: string; enrolmentId: string };
  caseload: { email: string; candidates: number };
  coverage: { email: string; providers: number };
  pdfAward: { email: string; enrolmentId: string; evidenceItems: number };
  pdfSupervisor: { email: string; enrolmentId: string; evidenceItems: number };
  signoff: { email: string; pending: { enrolmentId: string; itemId: string }[] };
};

export function seedCohort(ctx: Ctx, rng: Random, o: SeedOptions, passwordHash: string, files: StoredFile[], progress: Progress, now: number): CohortResult {
  const people = new People(ctx, rng, passwordHash);
  const start = now - 800 * DAY;
  const admin = people.admin(start, { providers: o.providers, candidates: o.candidates, generator: "scripts/seed-large.ts" });
  const { level4, supervisor } = ctx.std;

  // ---- providers and commissioners -------------------------------------------------------------
  const providerIds = Array.from({ length: o.providers }, (_, i) => people.provider(admin, i, start + (i + 1) * 10 * 60_000));
  const commissionerIds = [people.commissioner(admin, 0, providerIds, start + DAY)];
  for (let i = 1; i < 3; i++) commissionerIds.push(people.commissioner(admin, i, rng.sample(providerIds, Math.max(1, Math.round(o.providers * 0.3))), start + DAY + i * HOUR));
  const coverageUser = people.user(admin, "commissioner", { commissionerId: commissionerIds[0] }, start + 2 * DAY, BENCH_EMAILS.coverage);
  for (const c of commissionerIds.slice(1)) people.user(admin, "commissioner", { commissionerId: c }, start + 2 * DAY + HOUR);

  // ---- sizes --------------------------------------------------------------------------------------
  const signoffCount = Math.ceil(o.signoffPending / 30) + 1;
  const specials: Special[] = [
    { kind: "portfolio" },
    { kind: "pdfAward" },
    { kind: "pdfSupervisor" },
    ...Array.from({ length: o.caseload }, () => ({ kind: "caseload" as const })),
    ...Array.from({ length: signoffCount }, () => ({ kind: "signoff" as const })),
  ];
  const regular = o.candidates - specials.length;
  if (regular < 0) throw new Error(`${o.candidates} candidates are too few for the benchmark's special portfolios (${specials.length})`);
  const weights = providerIds.map(() => 0.3 + rng.next() * 1.7);
  const sizes = weights.map((w) => Math.floor((regular * w) / weights.reduce((a, b) => a + b, 0)));
  sizes[0] += regular - sizes.reduce((a, b) => a + b, 0);

  // ---- staff and training ------------------------------------------------------------------------
  const role = (p: Person, r: Role, at: number, providerId: string, email?: string) => people.user(p, r, { providerId }, at, email);
  const staff: Staff[] = providerIds.map((providerId, i) => {
    const at = start + (3 + rng.int(0, 10)) * DAY;
    const pa = role(admin, "provider_admin", at, providerId);
    if (sizes[i] > 150) role(admin, "provider_admin", at + HOUR, providerId);
    const assessors = Array.from({ length: Math.max(1, Math.round(sizes[i] / 45)) }, (_, k) => role(pa, "assessor", at + (k + 2) * HOUR, providerId));
    const iqas = Array.from({ length: Math.max(2, Math.round((sizes[i] + (i === 0 ? specials.length : 0)) / 150)) }, (_, k) => role(pa, "iqa", at + (k + 30) * HOUR, providerId));
    if (rng.chance(0.4)) people.samplingPlan(pa, { fullSampleUntilAgreed: rng.int(3, 10), samplePercent: rng.pick([10, 15, 20, 25, 30]) }, at + 3 * DAY);
    seedTraining(ctx, rng, pa, { level4: level4.id, supervisor: supervisor.id }, at, now);
    return { admin: pa, assessors, iqas };
  });
  const s0 = staff[0];
  const caseloadAssessor = role(s0.admin, "assessor", start + 5 * DAY, providerIds[0], BENCH_EMAILS.caseload);
  const signoffAssessor = role(s0.admin, "assessor", start + 5 * DAY + HOUR, providerIds[0], BENCH_EMAILS.signoff);

  // ---- candidates -----------------------------------------------------------------------------------
  const result: CohortResult = {
    portfolio: { email: BENCH_EMAILS.portfolio, enrolmentId: "" },
    caseload: { email: BENCH_EMAILS.caseload, candidates: o.caseload },
    coverage: { email: coverageUser.email, providers: providerIds.length },
    pdfAward: { email: BENCH_EMAILS.pdfAward, enrolmentId: "", evidenceItems: o.pdfEvidence },
    pdfSupervisor: { email: BENCH_EMAILS.pdfSupervisor, enrolmentId: "", evidenceItems: o.pdfEvidence },
    signoff: { email: BENCH_EMAILS.signoff, pending: [] },
  };
  const seq = providerIds.map(() => 0);
  progress.start("portfolios", o.candidates);
  const before = () => ctx.w.total + ctx.audit.count;

  const one = (p: number, programme: Programme, stage: Stage, evidence: number, opts: { assessor?: Person; email?: string; complete?: [number, number]; mistakes?: boolean; realloc?: boolean; prior?: boolean } = {}) => {
    const rows0 = before();
    const st = staff[p];
    const complete = stage === "decided" || stage === "achieved";
    const t0 = opts.complete ? now - opts.complete[0] * DAY : now - (complete ? rng.int(120, 720) : rng.int(25, 720)) * DAY - rng.int(0, 86_399) * 1000;
    const end = opts.complete ? now - opts.complete[1] * DAY : complete ? Math.min(t0 + rng.int(90, 300) * DAY, now - rng.int(1, 10) * DAY) : now - rng.int(1, 72) * HOUR;
    // A supervisor usually holds the Level 4 award already (the check's prerequisite), achieved here first.
    const tp = opts.prior ? Math.max(start + 25 * DAY, t0 - rng.int(200, 400) * DAY) : t0;
    const candidate = role(st.admin, "candidate", tp - rng.int(1, 7) * DAY, providerIds[p], opts.email);
    const number = () => `C${String(p + 1).padStart(2, "0")}-${String(++seq[p]).padStart(5, "0")}`;
    const prior: PriorAchievement[] = [];
    if (opts.prior) {
      const a = rng.pick(st.assessors);
      const award = new EnrolmentModel(ctx, level4, { candidate, admin: st.admin, assessorId: a.userId, iqaId: rng.pick(st.iqas).userId, providerId: providerIds[p] }, number(), tp);
      runEnrolment(award, { stage: "achieved", evidence: rng.int(8, 14), end: t0 - rng.int(2, 20) * DAY, mistakes: false }, rng, files);
      award.flush();
      if (award.status === "achieved") prior.push({ enrolmentId: award.id, slug: level4.slug, title: level4.title, achievedAt: award.achievedAt });
    }
    const assessor = opts.assessor ?? rng.pick(st.assessors);
    const iqa = rng.pick(st.iqas);
    const others = st.assessors.filter((a) => a !== assessor);
    const realloc = opts.realloc !== false && others.length > 0 && rng.chance(0.04);
    const first = realloc ? rng.pick(others) : assessor;
    const m = new EnrolmentModel(ctx, programme, { candidate, admin: st.admin, assessorId: first.userId, iqaId: iqa.userId, providerId: providerIds[p] }, number(), t0, prior);
    runEnrolment(m, { stage, evidence, end, mistakes: opts.mistakes ?? true, realloc: realloc ? { assessorId: assessor.userId, iqaId: iqa.userId } : undefined }, rng, files);
    m.flush();
    progress.tick(1, before() - rows0);
    return m;
  };

  const regularStage = (): Stage => {
    const r = rng.next();
    if (r < 0.12) return "started";
    if (r < 0.27) return "submitted";
    if (r < 0.62) return "part";
    if (r < 0.75) return "decided";
    return "achieved";
  };
  /** A regular candidate: usually the Level 4 award; otherwise the supervisor check, mostly with the award achieved before. */
  const regularCandidate = (p: number, opts: { assessor?: Person; waiting?: boolean; realloc?: boolean } = {}) => {
    const stage = opts.waiting ? rng.pick(["submitted", "part"] as Stage[]) : regularStage();
    if (rng.chance(0.75)) return one(p, level4, stage, rng.int(18, 42), opts);
    const prior = rng.chance(0.6);
    return one(p, supervisor, stage === "achieved" && !prior ? "decided" : stage, prior ? rng.int(12, 32) : rng.int(18, 42), { ...opts, prior });
  };

  let caseloadIndex = 0;
  for (const s of specials) {
    if (s.kind === "portfolio") result.portfolio.enrolmentId = one(0, level4, "part", 30, { email: BENCH_EMAILS.portfolio, mistakes: false, realloc: false }).id;
    else if (s.kind === "pdfAward") result.pdfAward.enrolmentId = one(0, level4, "achieved", o.pdfEvidence, { email: BENCH_EMAILS.pdfAward, complete: [400, 30], mistakes: false, realloc: false }).id;
    else if (s.kind === "pdfSupervisor") result.pdfSupervisor.enrolmentId = one(0, supervisor, "achieved", o.pdfEvidence, { email: BENCH_EMAILS.pdfSupervisor, complete: [420, 40], mistakes: false, realloc: false, prior: true }).id;
    else if (s.kind === "caseload") regularCandidate(0, { assessor: caseloadAssessor, waiting: caseloadIndex++ % 5 < 3, realloc: false }); // three in five have work waiting
    else {
      const m = one(0, supervisor, "signoff", rng.int(28, 36), { assessor: signoffAssessor, realloc: false, prior: rng.chance(0.6) });
      for (const r of supervisor.required) if (m.progress.get(r.id)?.status === "submitted" && !m.standing(r.id)) result.signoff.pending.push({ enrolmentId: m.id, itemId: r.id });
    }
  }
  sizes.forEach((n, p) => {
    for (let i = 0; i < n; i++) regularCandidate(p);
  });
  ctx.w.commit();
  progress.end();
  return result;
}
