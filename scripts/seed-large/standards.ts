/**
 * What the seed needs from the imported standards: each programme's required criteria (in
 * programme order), the framework versions enrol() pins, the criteria its evidence may be mapped to
 * (the rule of mappableFrameworks in evidence.server.ts), the crosswalk neighbours of each item, and
 * the criteria a course can cover (courses.server.ts scopeCriteria).
 */
import type { Db } from "../../db/connection";
import { scopeCriteria, type ScopeCriterion } from "../../app/lib/courses.server";
import { LEVEL4_SLUG, QA_UNIT_FRAMEWORK, QA_UNIT_TYPES, SUPERVISOR_SLUG } from "../../app/lib/achievement.server";

export type Item = { id: string; code: string; type: string; title: string | null; position: number; frameworkId: string; framework: string };
export type Programme = {
  id: string;
  slug: string;
  version: string;
  title: string;
  prerequisite: { description: string; satisfiedBy: string[] } | null;
  /** Required items in programme order (programme_requirements.position). */
  required: Item[];
  requiredIds: Set<string>;
  /** enrol() pins the framework versions the requirements come from. */
  pinned: string[];
  qaUnitPinned: boolean;
  /** Items achievementFacts reads: required ones and the pinned QA unit's P and K, in its order. */
  factItems: (Item & { required: boolean; inQaUnit: boolean })[];
  /** Assessable items evidence of this programme may be mapped to. */
  mappable: Item[];
};
export type Standards = { items: Map<string, Item>; level4: Programme; supervisor: Programme; neighbours: Map<string, string[]>; scope: readonly ScopeCriterion[] };

function latest(db: Db, slug: string) {
  return db.$client.prepare("SELECT id, slug, version, title, prerequisite FROM programmes WHERE slug = ? ORDER BY version DESC LIMIT 1").get(slug) as
    | { id: string; slug: string; version: string; title: string; prerequisite: string | null }
    | undefined;
}

function programmeOf(db: Db, slug: string, items: Map<string, Item>): Programme {
  const p = latest(db, slug);
  if (!p) throw new Error(`No programme "${slug}": the standards import did not run`);
  const required = (db.$client.prepare("SELECT item_id AS id FROM programme_requirements WHERE programme_id = ? ORDER BY position").all(p.id) as { id: string }[]).map((r) => items.get(r.id)!);
  const requiredIds = new Set(required.map((r) => r.id));
  const pinned = [...new Set(required.map((r) => r.frameworkId))];
  const qaUnitPinned = pinned.some((f) => [...items.values()].find((i) => i.frameworkId === f)?.framework === QA_UNIT_FRAMEWORK);
  const qa = [...items.values()].filter((i) => pinned.includes(i.frameworkId) && i.framework === QA_UNIT_FRAMEWORK && (QA_UNIT_TYPES as readonly string[]).includes(i.type));
  const reqPos = new Map(required.map((r, i) => [r.id, i + 1]));
  const factItems = [...new Map([...required, ...qa].map((i) => [i.id, i])).values()]
    .map((i) => ({ ...i, required: requiredIds.has(i.id), inQaUnit: qa.includes(i) }))
    .sort((a, b) => (reqPos.get(a.id) ?? 1e6) - (reqPos.get(b.id) ?? 1e6) || a.position - b.position);
  const frameworks = db.$client
    .prepare(
      `WITH pinned AS (SELECT value AS framework_id FROM json_each(@p))
       SELECT framework_id AS id FROM pinned
       UNION SELECT t.framework_id FROM crosswalk_links c JOIN standard_items s ON s.id = c.from_item_id JOIN standard_items t ON t.id = c.to_item_id
        WHERE s.framework_id IN (SELECT framework_id FROM pinned)
       UNION SELECT s.framework_id FROM crosswalk_links c JOIN standard_items s ON s.id = c.from_item_id JOIN standard_items t ON t.id = c.to_item_id
        WHERE t.framework_id IN (SELECT framework_id FROM pinned)`,
    )
    .all({ p: JSON.stringify(pinned) }) as { id: string }[];
  const allowed = new Set(frameworks.map((f) => f.id));
  const assessable = new Set((db.$client.prepare("SELECT id FROM standard_items WHERE assessable = 1").all() as { id: string }[]).map((r) => r.id));
  const mappable = [...items.values()].filter((i) => allowed.has(i.frameworkId) && assessable.has(i.id));
  return {
    ...p,
    prerequisite: p.prerequisite ? (JSON.parse(p.prerequisite) as Programme["prerequisite"]) : null,
    required,
    requiredIds,
    pinned,
    qaUnitPinned,
    factItems,
    mappable,
  };
}

export function loadStandards(db: Db): Standards {
  const rows = db.$client
    .prepare("SELECT i.id, i.code, i.type, i.title, i.position, i.framework_id AS frameworkId, f.framework FROM standard_items i JOIN standard_frameworks f ON f.id = i.framework_id")
    .all() as Item[];
  const items = new Map(rows.map((r) => [r.id, r]));
  const neighbours = new Map<string, string[]>();
  for (const l of db.$client.prepare("SELECT from_item_id AS a, to_item_id AS b FROM crosswalk_links").all() as { a: string; b: string }[]) {
    neighbours.set(l.a, [...(neighbours.get(l.a) ?? []), l.b]);
    neighbours.set(l.b, [...(neighbours.get(l.b) ?? []), l.a]);
  }
  return { items, level4: programmeOf(db, LEVEL4_SLUG, items), supervisor: programmeOf(db, SUPERVISOR_SLUG, items), neighbours, scope: scopeCriteria(db) };
}
