/**
 * Each provider's training, as its provider admin records it (courses.server): trainers and their
 * practice experience, courses with their trainers, and which criteria each course teaches and
 * assesses (whole groups of the coverage scope, so providers differ in what they cover).
 */
import { randomUUID } from "node:crypto";
import { by } from "./audit";
import type { Ctx } from "./model";
import { londonDate } from "./model";
import type { Person } from "./people";
import type { Random } from "../lib/random";
import { personName } from "./texts";

const DAY = 86_400_000;
const COURSE_TITLES = ["Core restorative practice", "Facilitating restorative meetings", "Case supervision", "Restorative approaches in schools", "Indirect restorative processes", "Quality assurance of restorative processes"];

export function seedTraining(ctx: Ctx, rng: Random, admin: Person, programmes: { level4: string; supervisor: string }, start: number, now: number): number {
  const { w, audit, std } = ctx;
  const providerId = admin.providerId!;
  const record = (action: string, entity: string, entityId: string, details: Record<string, unknown>, at: number) => audit.record({ ...by(admin), action, entity, entityId, providerId, details }, at);
  let rows = 0;

  const trainerIds: string[] = [];
  for (let i = rng.int(2, 6); i > 0; i--) {
    const id = randomUUID();
    const name = personName(rng).name;
    const at = start + rng.int(1, 30) * DAY;
    w.row("trainers", id, providerId, name, at);
    record("trainer-added", "trainer", id, { name }, at);
    trainerIds.push(id);
    for (let e = rng.int(0, 3), t = at + DAY; e > 0; e--, t += rng.int(60, 300) * DAY) {
      if (t >= now) break;
      const years = rng.int(1, 25);
      const accredited = rng.chance(0.6);
      const input = { years, casesFacilitated: years * rng.int(8, 30), accreditation: accredited ? "Accredited restorative practitioner" : null, accreditedOn: accredited ? londonDate(start - rng.int(100, 2000) * DAY) : null };
      w.row("trainer_experience", randomUUID(), id, input.years, input.casesFacilitated, input.accreditation, input.accreditedOn, t, admin.userId);
      record("trainer-experience-recorded", "trainer", id, input, t);
      rows++;
    }
  }

  // Groups of the scope: each Section A part, sections B–F, the QA unit's P and K.
  const groups = new Map<string, typeof std.scope>();
  for (const c of std.scope) groups.set(c.part ?? c.section, [...(groups.get(c.part ?? c.section) ?? []), c]);
  const keys = [...groups.keys()];
  for (let i = rng.int(1, 5); i > 0; i--) {
    const id = randomUUID();
    const created = start + rng.int(30, Math.max(31, Math.floor((now - start) / DAY) - 20)) * DAY;
    const days = rng.int(1, 3);
    const programmeId = rng.chance(0.15) ? null : rng.chance(0.75) ? programmes.level4 : programmes.supervisor;
    const input = { title: rng.pick(COURSE_TITLES), startsOn: londonDate(created + 14 * DAY), endsOn: londonDate(created + (13 + days) * DAY), hours: days * 7, programmeId };
    const trainersOn = rng.sample(trainerIds, rng.int(1, Math.min(3, trainerIds.length)));
    w.row("courses", id, providerId, input.title, input.startsOn, input.endsOn, input.hours, programmeId, created);
    for (const t of trainersOn) w.row("course_trainers", id, t);
    record("course-added", "course", id, { ...input, trainers: trainersOn.length }, created);
    const chosen = new Set(rng.sample(keys, rng.int(2, keys.length)));
    const teaches = new Set<string>();
    const assesses = new Set<string>();
    for (const c of std.scope) {
      if (!chosen.has(c.part ?? c.section)) continue;
      if (rng.chance(0.85)) teaches.add(c.itemId);
      if (rng.chance(0.45)) assesses.add(c.itemId);
    }
    const covered = std.scope.filter((c) => teaches.has(c.itemId) || assesses.has(c.itemId));
    for (const c of covered) w.row("course_coverage", id, c.itemId, teaches.has(c.itemId) ? 1 : 0, assesses.has(c.itemId) ? 1 : 0);
    record("course-coverage-set", "course", id, { taught: teaches.size, assessed: assesses.size, changed: covered.map((c) => c.code) }, created + 3600_000);
    rows += 1 + trainersOn.length + covered.length;
  }
  return rows + trainerIds.length;
}
