/**
 * The course of one enrolment, as a sequence of the portal's actions: evidence added and mapped in
 * two rounds, submissions, decisions (some not yet met, then met on new evidence), IQA samples (a
 * few disagreements, which reopen the criterion), a few edits, new versions and deletions. How far
 * it gets depends on its stage. Times are spread over the enrolment's window and only move forward.
 */
import type { StoredFile } from "./files";
import type { EnrolmentModel } from "./model";
import type { Random } from "../lib/random";
import { evidenceContent, FEEDBACK_MET, FEEDBACK_NOT_YET, IQA_ACTIONS, MAPPING_NOTES, SAMPLE_COMMENTS } from "./texts";
import { londonDate } from "./model";

export type Stage = "started" | "submitted" | "part" | "decided" | "achieved" | "signoff";
export type Plan = { stage: Stage; evidence: number; end: number; realloc?: { assessorId: string; iqaId: string }; mistakes: boolean };

const DAY = 86_400_000;
const KINDS: [string, number][] = [["file", 0.2], ["reflective_account", 0.25], ["observation", 0.15], ["witness_testimony", 0.1], ["professional_discussion", 0.15], ["question_answer", 0.15]];
const METHOD_OF: Record<string, string> = { file: "work_product", reflective_account: "reflective_account", observation: "observation", witness_testimony: "witness_testimony", professional_discussion: "professional_discussion", question_answer: "questioning" };

function kindOf(rng: Random) {
  let r = rng.next();
  for (const [k, p] of KINDS) if ((r -= p) < 0) return k;
  return "reflective_account";
}

export function runEnrolment(m: EnrolmentModel, plan: Plan, rng: Random, files: StoredFile[]) {
  const t0 = m.enrolledAt;
  const span = plan.end - t0;
  let clock = t0;
  /** The time at fraction f of the window, never before the last action. */
  const at = (f: number) => (clock = Math.max(clock + 1000, Math.round(t0 + f * span)));
  const after = (ms: number) => (clock += Math.max(1000, Math.round(ms)));
  const spread = (n: number, f0: number, f1: number) => Array.from({ length: n }, (_, i) => f0 + ((i + rng.next() * 0.8) / Math.max(1, n)) * (f1 - f0));

  const mappable = m.programme.mappable.map((i) => i.id);
  const mappableSet = new Set(mappable);
  const required = rng.shuffle(m.programme.required.map((r) => r.id));
  const split = plan.stage === "signoff" ? required.length : Math.ceil(required.length * 0.7);
  const first = required.slice(0, split);
  const rest = required.slice(split);

  if (plan.realloc) m.reallocate(plan.realloc.assessorId, plan.realloc.iqaId, "Caseloads rebalanced across the assessor team", at(0.02));

  /** n pieces of evidence over [f0, f1], each mapped to some of `primaries` (all of them covered) and related criteria. */
  const batch = (primaries: string[], n: number, f0: number, f1: number) => {
    if (!n) return;
    const per = Math.max(1, Math.ceil(primaries.length / n));
    spread(n, f0, f1).forEach((f, i) => {
      const kind = kindOf(rng);
      const { title, body } = evidenceContent(kind, rng);
      const file = kind === "file" ? rng.pick(files) : null;
      const t = at(f);
      const e = m.add(kind, title, body, kind === "file" && rng.chance(0.3) ? null : londonDate(t - rng.int(0, 3) * DAY), file, t);
      const targets: string[] = primaries.length ? Array.from({ length: per }, (_, j) => primaries[(i * per + j) % primaries.length]) : [];
      const k = rng.int(2, 6);
      while (targets.length < k) {
        const base = targets[0] ?? rng.pick(required);
        const near = (m.ctxNeighbours(base) ?? []).filter((x) => mappableSet.has(x));
        targets.push(near.length && rng.chance(0.6) ? rng.pick(near) : rng.chance(0.2) ? rng.pick(required) : rng.pick(mappable));
      }
      for (const item of new Set(targets)) m.map(e, item, rng.pick(MAPPING_NOTES), after(rng.int(30_000, 240_000)));
    });
  };

  const n1 = plan.stage === "signoff" ? plan.evidence : Math.round(plan.evidence * 0.65);
  batch(first, n1, 0.03, 0.38);
  if (plan.mistakes && rng.chance(0.04)) {
    const e = m.add("reflective_account", "Draft reflection (added by mistake)", { text: "A draft, added to the wrong portfolio section." }, londonDate(at(0.385)), null, clock);
    m.map(e, rng.pick(required), "Added by mistake.", after(60_000));
    m.remove(e, after(3 * 3600_000));
  }
  if (plan.mistakes && rng.chance(0.05)) {
    const e = rng.pick(m.evidence.filter((x) => x.deletedAt === null));
    const { title, body } = evidenceContent(e.kind, rng);
    m.update(e, title, body, at(0.39));
  }
  // Just started: half have not reached every criterion yet.
  if (plan.stage === "started") return rng.chance(0.5) ? batch(rest, plan.evidence - n1, 0.45, 0.97) : undefined;
  m.submit(at(0.42));
  if (plan.stage === "submitted") return batch(rest, plan.evidence - n1, 0.5, 0.97);

  const decide = (item: string, met: boolean, f: number) => {
    const kinds = [...new Set(m.evidence.filter((e) => e.deletedAt === null && e.maps.has(item)).map((e) => METHOD_OF[e.kind]))];
    return m.decide(item, met ? "met" : "not_yet_met", rng.sample(kinds, rng.int(1, 2)), met ? (rng.chance(0.8) ? rng.pick(FEEDBACK_MET) : null) : rng.pick(FEEDBACK_NOT_YET), at(f));
  };
  const sampleSome = (p: number, disagree: number, f0: number, f1: number) => {
    const open = m.decisions.filter((d) => d.status === "standing" && !d.sample && rng.chance(p));
    spread(open.length, f0, f1).forEach((f, i) => {
      const t = at(f);
      if (rng.chance(disagree)) m.sample(open[i], "disagree", "The evidence does not yet show every part of the criterion.", rng.pick(IQA_ACTIONS), londonDate(t + rng.int(14, 28) * DAY), t);
      else m.sample(open[i], "agree", rng.pick(SAMPLE_COMMENTS), null, null, t);
    });
  };

  const submitted = m.programme.required.map((r) => r.id).filter((id) => m.canDecide(id));
  if (plan.stage === "signoff") {
    rng.sample(submitted, rng.int(0, 3)).forEach((item, i) => decide(item, true, 0.5 + i * 0.01));
    return;
  }
  const round1 = plan.stage === "part" ? rng.sample(submitted, Math.max(1, Math.round(submitted.length * (0.3 + rng.next() * 0.5)))) : rng.shuffle(submitted);
  const nym = plan.stage === "achieved" ? 0.12 : 0.1;
  spread(round1.length, 0.45, 0.55).forEach((f, i) => decide(round1[i], !rng.chance(nym), f));
  sampleSome(0.15, plan.stage === "achieved" ? 0.05 : 0.12, 0.56, 0.6);
  for (const e of m.evidence) if (m.isLocked(e) && e.deletedAt === null && rng.chance(0.04)) {
    const { title, body } = evidenceContent(e.kind, rng);
    m.update(e, title, body, at(0.61));
  }
  const notYet = m.programme.required.map((r) => r.id).filter((id) => m.progress.get(id)?.status === "not_yet_met");
  // Part-way through, some not-yet-met criteria still wait for the candidate's new evidence.
  const redo = plan.stage === "part" ? notYet.filter(() => rng.chance(0.5)) : notYet;
  batch([...rest, ...redo], Math.max(plan.evidence - n1, rest.length + redo.length > 0 ? 1 : 0), 0.62, 0.8);
  if (plan.stage === "part") {
    if (rng.chance(0.5)) m.submit(at(0.85));
    return;
  }
  m.submit(at(0.82));
  const round2 = m.programme.required.map((r) => r.id).filter((id) => m.canDecide(id));
  spread(round2.length, 0.85, 0.93).forEach((f, i) => decide(round2[i], plan.stage === "achieved" || !rng.chance(0.05), f));
  sampleSome(0.12, plan.stage === "achieved" ? 0 : 0.1, 0.94, 0.97);
  if (plan.stage === "achieved" && m.status === "active") {
    const d = m.decisions.find((x) => x.status === "standing" && x.outcome === "met" && !x.sample);
    if (d) m.sample(d, "agree", rng.pick(SAMPLE_COMMENTS), null, null, at(0.99));
  }
}
