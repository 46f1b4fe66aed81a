/**
 * Imports standards/ into the database. Idempotent: identifiers are UUID v5 of framework, version
 * and code, so a re-import updates rows in place and changes no id; a new version imports beside
 * the old one. Runs in one transaction: a file that fails validation changes nothing.
 *   npm run standards:import
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/connection";
import { crosswalkLinks, programmeRequirements, programmes, standardFrameworks, standardItems, standardsSource } from "../db/schema";
import { frameworkId, itemId, linkId, programmeId } from "../standards/ids";
import { findFramework, flatten, fullStatement, loadStandards, STANDARDS_DIR, standardsFiles, type Standards } from "../standards/loader";
import { ASSESSABLE_TYPES } from "../standards/schema";

export type ImportResult = { frameworks: number; items: number; added: number; updated: number; links: number; programmes: number };

export function importStandards(db: Db, standards: Standards = loadStandards(), now = Date.now()): ImportResult {
  const result: ImportResult = { frameworks: 0, items: 0, added: 0, updated: 0, links: 0, programmes: 0 };
  const existing = new Set(db.select({ id: standardItems.id }).from(standardItems).all().map((r) => r.id));

  db.$client.transaction(() => {
    for (const fw of standards.frameworks) {
      const fid = frameworkId(fw.framework, fw.version);
      const contentHash = createHash("sha256").update(JSON.stringify(fw)).digest("hex");
      const row = {
        id: fid,
        framework: fw.framework,
        version: fw.version,
        title: fw.title,
        shortTitle: fw.shortTitle,
        publisher: fw.publisher,
        published: fw.published ?? null,
        source: fw.source,
        description: fw.description,
        attributes: JSON.stringify(fw.attributes),
        hours: fw.hours ? JSON.stringify(fw.hours) : null,
        contentHash,
        importedAt: now,
      };
      db.insert(standardFrameworks).values(row).onConflictDoUpdate({ target: standardFrameworks.id, set: row }).run();
      result.frameworks++;

      const flat = flatten(fw.items);
      const ids: string[] = [];
      flat.forEach((f, i) => {
        const id = itemId(fw.framework, fw.version, f.item.code);
        ids.push(id);
        const item = {
          id,
          frameworkId: fid,
          code: f.item.code,
          type: f.item.type,
          title: f.item.title ?? null,
          statement: f.item.statement ?? null,
          fullStatement: fullStatement(f.item),
          bullets: f.item.bullets ? JSON.stringify(f.item.bullets) : null,
          audience: f.item.audience ?? null,
          notes: f.item.notes ? JSON.stringify(f.item.notes) : null,
          parentId: f.parentCode ? itemId(fw.framework, fw.version, f.parentCode) : null,
          depth: f.depth,
          sequence: f.sequence,
          position: i + 1,
          assessable: ASSESSABLE_TYPES.includes(f.item.type),
        };
        if (existing.has(id)) result.updated++;
        else result.added++;
        db.insert(standardItems).values(item).onConflictDoUpdate({ target: standardItems.id, set: item }).run();
      });
      result.items += ids.length;
      // Items dropped from a version's file go; anything that relies on them (evidence, decisions) refuses by foreign key.
      db.delete(standardItems).where(and(eq(standardItems.frameworkId, fid), notInArray(standardItems.id, ids))).run();
    }

    const resolve = (ref: { framework: string; version?: string; code: string }) => {
      const fw = findFramework(standards.frameworks, ref.framework, ref.version)!;
      return itemId(fw.framework, fw.version, ref.code);
    };
    db.delete(crosswalkLinks).run();
    for (const cw of standards.crosswalks)
      for (const l of cw.links) {
        const from = resolve(l.from);
        const to = resolve(l.to);
        db.insert(crosswalkLinks)
          .values({ id: linkId(from, to), fromItemId: from, toItemId: to, relation: l.relation, rationale: l.rationale })
          .onConflictDoUpdate({ target: [crosswalkLinks.fromItemId, crosswalkLinks.toItemId], set: { relation: l.relation, rationale: l.rationale } })
          .run();
        result.links++;
      }

    for (const p of standards.programmes) {
      const pid = programmeId(p.slug, p.version);
      const row = { id: pid, slug: p.slug, version: p.version, title: p.title, description: p.description, prerequisite: p.prerequisite ? JSON.stringify(p.prerequisite) : null, importedAt: now };
      db.insert(programmes).values(row).onConflictDoUpdate({ target: programmes.id, set: row }).run();
      db.delete(programmeRequirements).where(eq(programmeRequirements.programmeId, pid)).run();
      let position = 0;
      for (const r of p.requirements)
        for (const code of r.codes)
          db.insert(programmeRequirements).values({ programmeId: pid, itemId: itemId(r.framework, r.version, code), groupTitle: r.title, position: ++position }).run();
      result.programmes++;
    }
    db.run(sql`INSERT INTO standard_items_fts(standard_items_fts) VALUES ('optimize')`);
  })();
  return result;
}

/** Raise when importStandards maps the files to rows differently, so that every database imports again. */
const IMPORT_FORMAT = "1";

/** One hash of every standards file's path and bytes (and the import format). */
export function standardsSourceHash(root = STANDARDS_DIR): string {
  const hash = createHash("sha256").update(`import-format ${IMPORT_FORMAT}\0`);
  for (const file of standardsFiles(root)) hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/**
 * Imports standards/ unless these same files were the last imported (then null: nothing to do, and
 * start-up skips reading and validating them). The hash is recorded in the import's transaction.
 */
export function importStandardsIfChanged(db: Db, options: { force?: boolean; root?: string; now?: number } = {}): ImportResult | null {
  const root = options.root ?? STANDARDS_DIR;
  const hash = standardsSourceHash(root);
  const last = db.select({ hash: standardsSource.hash }).from(standardsSource).get();
  if (!options.force && last?.hash === hash) return null;
  const now = options.now ?? Date.now();
  return db.$client.transaction(() => {
    const result = importStandards(db, loadStandards(root), now);
    const row = { id: 1, hash, importedAt: now };
    db.insert(standardsSource).values(row).onConflictDoUpdate({ target: standardsSource.id, set: row }).run();
    return result;
  })();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { openDatabase } = await import("../db/connection");
  const { migrate } = await import("../db/migrate");
  const { config } = await import("../app/lib/config.server");
  const db = openDatabase(config().databasePath);
  try {
    migrate(db);
    const r = importStandardsIfChanged(db, { force: true })!;
    console.log(`Imported ${r.frameworks} framework version(s): ${r.items} items (${r.added} new, ${r.updated} updated), ${r.links} crosswalk links, ${r.programmes} programmes.`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  } finally {
    db.$client.close();
  }
}
