/**
 * What each course covers, as the coverage report counts it: the criteria in scope it teaches or
 * assesses, by their number in scopeCriteria(). A national report folds some 15 000 of these for
 * every request (150 courses), and reading and splitting them again cost more than the rest of the counting, so
 * they are kept per connection between requests. A course's are read again only when its
 * coverage_version has moved, which triggers on course_coverage raise in the same transaction as
 * any insert, change or delete (migration 0013), whichever process or script writes it; all of
 * them are read again when the standards have been re-imported (a new scope).
 *
 * A course's version is read with the course (by the caller) BEFORE its coverage, so coverage
 * written in between is at worst newer than the version kept with it, and is read again next time.
 * The cache holds one entry per course read: three bytes per criterion it covers.
 */
import type Database from "better-sqlite3";
import type { Db } from "../../db/connection";
import type { ScopeCriterion } from "./courses.server";
import { prepared } from "./statements.server";

/** Parallel arrays: criterion number in scope, and 1 taught | 2 assessed. */
export type CourseCover = { items: Uint16Array; flags: Uint8Array };
export type CourseVersion = { id: string; version: number };

type Cache = { scope: readonly ScopeCriterion[]; itemOf: Map<string, number>; courses: Map<string, { version: number; cover: CourseCover }> };
const caches = new WeakMap<Database.Database, Cache>();

// One row for the course, "item:TA,item:TA" (T, A: 0 or 1), from the covering index course_coverage_cover:
// stepping a row into JavaScript per criterion costs several times more than splitting one string.
const COVERAGE = `SELECT group_concat(item_id || ':' || (teaches <> 0) || (assesses <> 0), ',') AS items FROM course_coverage WHERE course_id = ?`;
const ONE = "1".charCodeAt(0);

function cacheFor(db: Db, scope: readonly ScopeCriterion[]): Cache {
  let cache = caches.get(db.$client);
  if (!cache || cache.scope !== scope) {
    cache = { scope, itemOf: new Map(scope.map((s, i) => [s.itemId, i])), courses: new Map() };
    caches.set(db.$client, cache);
  }
  return cache;
}

function readCover(db: Db, itemOf: Map<string, number>, courseId: string): CourseCover {
  const { items } = prepared(db, COVERAGE).get(courseId) as { items: string | null };
  const numbers: number[] = [];
  const flags: number[] = [];
  for (let from = 0; items && from < items.length; ) {
    let to = items.indexOf(",", from);
    if (to < 0) to = items.length;
    const i = itemOf.get(items.slice(from, to - 3));
    const f = (items.charCodeAt(to - 2) === ONE ? 1 : 0) | (items.charCodeAt(to - 1) === ONE ? 2 : 0);
    if (i !== undefined && f) {
      numbers.push(i);
      flags.push(f);
    }
    from = to + 1;
  }
  return { items: Uint16Array.from(numbers), flags: Uint8Array.from(flags) };
}

/**
 * The coverage of each course given (in the same order), numbered by `scope` — the caller's own
 * scopeCriteria(db), so that its numbers and these are always the same scope's.
 */
export function courseCovers(db: Db, scope: readonly ScopeCriterion[], courses: readonly CourseVersion[]): CourseCover[] {
  const cache = cacheFor(db, scope);
  return courses.map(({ id, version }) => {
    const hit = cache.courses.get(id);
    if (hit && hit.version === version) return hit.cover;
    const cover = readCover(db, cache.itemOf, id);
    cache.courses.set(id, { version, cover });
    return cover;
  });
}
