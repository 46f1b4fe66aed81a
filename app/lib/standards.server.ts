/**
 * The standards, read by anyone (no sign-in): the list of frameworks and programmes, a framework
 * version with its tree, one item with its notes and crosswalk links, full-text search, and the
 * CASE 1.0 interchange (built from the files, which are the source of truth).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { programmeRequirements, programmes, standardFrameworks, standardItems } from "../../db/schema";
import { caseDocument, casePackage, findCaseFramework, findCaseItem, type CFDocument, type CFItem, type CFPackage } from "../../standards/case";
import { loadStandards, STANDARDS_DIR, type Standards } from "../../standards/loader";
import type { Bullet, Note } from "../../standards/schema";
import { getDb } from "./db.server";
import { notFound } from "./http.server";

export const MAX_QUERY_LENGTH = 200;
export const RELATION_WORDS: Record<string, string> = { restates: "restates", "depends-on": "depends on", "draws-on": "draws on", requires: "requires" };

export type Attribute = { key: string; label: string; text?: string; bullets?: Bullet[] };
export type Hours = { total: number; components: { title: string; hours: number }[] };

// ---- list -------------------------------------------------------------------------------------

export type FrameworkVersionSummary = {
  framework: string;
  version: string;
  title: string;
  shortTitle: string;
  publisher: string;
  published: string | null;
  items: number;
  assessable: number;
};
export type FrameworkSummary = FrameworkVersionSummary & { versions: FrameworkVersionSummary[] };
export type ProgrammeSummary = {
  slug: string;
  version: string;
  title: string;
  description: string;
  prerequisite: string | null;
  groups: { title: string; framework: string; version: string; shortTitle: string; items: number }[];
};

/** Newest version first (versions sort as strings: ISO dates or zero-padded numbers). */
const byVersionDesc = (a: { version: string }, b: { version: string }) => b.version.localeCompare(a.version);

/** Every framework (its latest version, with all versions listed) and every programme with what it requires. */
export function listStandards(): { frameworks: FrameworkSummary[]; programmes: ProgrammeSummary[] } {
  const db = getDb();
  const rows = db
    .select({
      framework: standardFrameworks.framework,
      version: standardFrameworks.version,
      title: standardFrameworks.title,
      shortTitle: standardFrameworks.shortTitle,
      publisher: standardFrameworks.publisher,
      published: standardFrameworks.published,
      items: sql<number>`count(${standardItems.id})`,
      assessable: sql<number>`coalesce(sum(${standardItems.assessable}), 0)`,
    })
    .from(standardFrameworks)
    .leftJoin(standardItems, eq(standardItems.frameworkId, standardFrameworks.id))
    .groupBy(standardFrameworks.id)
    .orderBy(asc(standardFrameworks.framework))
    .all();
  const bySlug = new Map<string, FrameworkVersionSummary[]>();
  for (const r of rows) bySlug.set(r.framework, [...(bySlug.get(r.framework) ?? []), r]);
  const frameworks = [...bySlug.values()].map((versions) => {
    const sorted = [...versions].sort(byVersionDesc);
    return { ...sorted[0], versions: sorted };
  });
  // The guidance first (everything else is crosswalked to it), then by title.
  frameworks.sort((a, b) => Number(b.framework === "guidance") - Number(a.framework === "guidance") || a.title.localeCompare(b.title));

  const groups = db
    .select({
      programmeId: programmeRequirements.programmeId,
      title: programmeRequirements.groupTitle,
      framework: standardFrameworks.framework,
      version: standardFrameworks.version,
      shortTitle: standardFrameworks.shortTitle,
      items: sql<number>`count(*)`,
    })
    .from(programmeRequirements)
    .innerJoin(standardItems, eq(standardItems.id, programmeRequirements.itemId))
    .innerJoin(standardFrameworks, eq(standardFrameworks.id, standardItems.frameworkId))
    .groupBy(programmeRequirements.programmeId, programmeRequirements.groupTitle, standardFrameworks.id)
    .orderBy(sql`min(${programmeRequirements.position})`)
    .all();
  const progs = db.select().from(programmes).orderBy(asc(programmes.title), asc(programmes.version)).all();
  return {
    frameworks,
    programmes: progs.map((p) => ({
      slug: p.slug,
      version: p.version,
      title: p.title,
      description: p.description,
      prerequisite: p.prerequisite ? (JSON.parse(p.prerequisite) as { description: string }).description : null,
      groups: groups.filter((g) => g.programmeId === p.id).map(({ title, framework, version, shortTitle, items }) => ({ title, framework, version, shortTitle, items })),
    })),
  };
}

// ---- a framework version and its tree -----------------------------------------------------------

export type TreeItem = {
  code: string;
  type: string;
  title: string | null;
  statement: string | null;
  bullets: Bullet[] | null;
  audience: string | null;
  notes: Note[] | null;
  assessable: boolean;
  children: TreeItem[];
};

type ItemRow = typeof standardItems.$inferSelect;

const toTreeItem = (r: ItemRow): TreeItem => ({
  code: r.code,
  type: r.type,
  title: r.title,
  statement: r.statement,
  bullets: r.bullets ? (JSON.parse(r.bullets) as Bullet[]) : null,
  audience: r.audience,
  notes: r.notes ? (JSON.parse(r.notes) as Note[]) : null,
  assessable: r.assessable,
  children: [],
});

export type FrameworkPage = {
  framework: string;
  version: string;
  latestVersion: string;
  isLatest: boolean;
  versions: { version: string; published: string | null }[];
  caseId: string;
  title: string;
  shortTitle: string;
  publisher: string;
  published: string | null;
  source: string;
  description: string;
  attributes: Attribute[];
  hours: Hours | null;
  items: number;
  assessable: number;
  tree: TreeItem[];
};

/** A framework version (the latest when no version is given) with its whole tree, in document order. */
export function getFramework(input: { framework: string; version?: string }): FrameworkPage {
  const db = getDb();
  const versions = db
    .select({ id: standardFrameworks.id, version: standardFrameworks.version, published: standardFrameworks.published })
    .from(standardFrameworks)
    .where(eq(standardFrameworks.framework, input.framework))
    .all()
    .sort(byVersionDesc);
  if (!versions.length) throw notFound();
  const wanted = input.version === undefined ? versions[0] : versions.find((v) => v.version === input.version);
  if (!wanted) throw notFound();
  const fw = db.select().from(standardFrameworks).where(eq(standardFrameworks.id, wanted.id)).get()!;
  const rows = db.select().from(standardItems).where(eq(standardItems.frameworkId, fw.id)).orderBy(asc(standardItems.position)).all();

  const nodes = new Map(rows.map((r) => [r.id, toTreeItem(r)]));
  const tree: TreeItem[] = [];
  for (const r of rows) (r.parentId ? nodes.get(r.parentId)!.children : tree).push(nodes.get(r.id)!);

  return {
    framework: fw.framework,
    version: fw.version,
    latestVersion: versions[0].version,
    isLatest: fw.version === versions[0].version,
    versions: versions.map(({ version, published }) => ({ version, published })),
    caseId: fw.id,
    title: fw.title,
    shortTitle: fw.shortTitle,
    publisher: fw.publisher,
    published: fw.published,
    source: fw.source,
    description: fw.description,
    attributes: JSON.parse(fw.attributes) as Attribute[],
    hours: fw.hours ? (JSON.parse(fw.hours) as Hours) : null,
    items: rows.length,
    assessable: rows.filter((r) => r.assessable).length,
    tree,
  };
}

// ---- one item -----------------------------------------------------------------------------------

export type ItemRef = { framework: string; version: string; shortTitle: string; code: string; type: string; text: string };
export type CrosswalkEntry = { relation: string; relationWords: string; rationale: string; item: ItemRef };

export type ItemPage = {
  framework: { framework: string; version: string; title: string; shortTitle: string; isLatest: boolean };
  item: TreeItem & { caseId: string; fullStatement: string };
  /** Ancestors from the top (section) down to the parent. */
  ancestors: { code: string; type: string; title: string }[];
  /** Audience of the top-level section the item sits in, if it says who it is for. */
  sectionAudience: { code: string; title: string; audience: string } | null;
  linksFrom: CrosswalkEntry[];
  linksTo: CrosswalkEntry[];
};

const headText = (r: { statement: string | null; title: string | null }) => r.statement ?? r.title ?? "";

/** One item of a framework version: its full text, notes, where it sits, and its crosswalk links both ways. */
export function getItem(input: { framework: string; version: string; code: string }): ItemPage {
  const db = getDb();
  const fw = db
    .select()
    .from(standardFrameworks)
    .where(and(eq(standardFrameworks.framework, input.framework), eq(standardFrameworks.version, input.version)))
    .get();
  if (!fw) throw notFound();
  const row = db.select().from(standardItems).where(and(eq(standardItems.frameworkId, fw.id), eq(standardItems.code, input.code))).get();
  if (!row) throw notFound();
  const newest = db
    .select({ version: standardFrameworks.version })
    .from(standardFrameworks)
    .where(eq(standardFrameworks.framework, fw.framework))
    .all()
    .sort(byVersionDesc)[0];

  const ancestorRows: ItemRow[] = [];
  for (let parentId = row.parentId; parentId; ) {
    const parent = db.select().from(standardItems).where(eq(standardItems.id, parentId)).get();
    if (!parent) break;
    ancestorRows.unshift(parent);
    parentId = parent.parentId;
  }
  // Everything below the item, as a tree (a section page shows its parts and their criteria).
  const all = db.select().from(standardItems).where(eq(standardItems.frameworkId, fw.id)).orderBy(asc(standardItems.position)).all();
  const nodes = new Map(all.map((r) => [r.id, toTreeItem(r)]));
  for (const r of all) if (r.parentId) nodes.get(r.parentId)?.children.push(nodes.get(r.id)!);
  const top = ancestorRows[0] ?? row;

  const links = (direction: "from" | "to"): CrosswalkEntry[] => {
    const here = direction === "from" ? sql.raw("l.from_item_id") : sql.raw("l.to_item_id");
    const other = direction === "from" ? sql.raw("l.to_item_id") : sql.raw("l.from_item_id");
    return db
      .all<{ relation: string; rationale: string; framework: string; version: string; shortTitle: string; code: string; type: string; statement: string | null; title: string | null }>(
        sql`SELECT l.relation, l.rationale, f.framework, f.version, f.short_title AS shortTitle, i.code, i.type, i.statement, i.title
            FROM crosswalk_links l
            JOIN standard_items i ON i.id = ${other}
            JOIN standard_frameworks f ON f.id = i.framework_id
            WHERE ${here} = ${row.id}
            ORDER BY f.framework, f.version, i.position`,
      )
      .map((l) => ({
        relation: l.relation,
        relationWords: RELATION_WORDS[l.relation] ?? l.relation,
        rationale: l.rationale,
        item: { framework: l.framework, version: l.version, shortTitle: l.shortTitle, code: l.code, type: l.type, text: headText(l) },
      }));
  };

  return {
    framework: { framework: fw.framework, version: fw.version, title: fw.title, shortTitle: fw.shortTitle, isLatest: fw.version === newest.version },
    item: { ...nodes.get(row.id)!, caseId: row.id, fullStatement: row.fullStatement },
    ancestors: ancestorRows.map((a) => ({ code: a.code, type: a.type, title: headText(a) })),
    sectionAudience: top.audience ? { code: top.code, title: headText(top), audience: top.audience } : null,
    linksFrom: links("from"),
    linksTo: links("to"),
  };
}

// ---- search -------------------------------------------------------------------------------------

/** Private-use characters mark the matches in FTS5 highlight(): they cannot occur in the standards' text. */
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";

export type Segment = { text: string; match: boolean };
export type SearchHit = {
  framework: string;
  version: string;
  shortTitle: string;
  /** False for an item of an older version of its framework. */
  isLatest: boolean;
  code: string;
  type: string;
  parent: { code: string; type: string; title: string } | null;
  codeSegments: Segment[];
  textSegments: Segment[];
};
export type SearchResult = { query: string; total: number; hits: SearchHit[]; limit: number };

/**
 * The user's words as an FTS5 query: each whitespace-separated term becomes a quoted string (quotes
 * inside doubled), so no input is read as FTS5 syntax (AND, OR, NOT, NEAR, column:, *, ^, brackets).
 * Terms with no letter or digit are dropped; null when nothing searchable is left.
 */
export function toFtsQuery(q: string): string | null {
  const terms = q
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => `"${t.replace(/"/g, '""')}"`);
  return terms.length ? terms.join(" ") : null;
}

/** Splits highlight() output on the markers into plain and matched segments (rendered as text, never as HTML). */
export function toSegments(marked: string): Segment[] {
  const segments: Segment[] = [];
  for (const [i, part] of marked.split(MARK_OPEN).entries()) {
    if (i === 0) {
      if (part) segments.push({ text: part, match: false });
      continue;
    }
    const end = part.indexOf(MARK_CLOSE);
    const matched = end === -1 ? part : part.slice(0, end);
    const rest = end === -1 ? "" : part.slice(end + 1);
    if (matched) segments.push({ text: matched, match: true });
    if (rest) segments.push({ text: rest, match: false });
  }
  return segments;
}

/** Full-text search over every item of every framework version, best first (bm25; code and title weigh more). */
export function searchStandards(input: { q: string; limit?: number }): SearchResult {
  const query = input.q.trim();
  if (!query || query.length > MAX_QUERY_LENGTH) throw new Response(`Search terms must be between 1 and ${MAX_QUERY_LENGTH} characters`, { status: 400 });
  const limit = input.limit ?? 100;
  const match = toFtsQuery(query);
  if (!match) return { query, total: 0, hits: [], limit };
  const db = getDb();
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM standard_items_fts WHERE standard_items_fts MATCH ${match}`)!.n;
  const rows = db.all<{
    framework: string;
    version: string;
    shortTitle: string;
    isLatest: number;
    code: string;
    type: string;
    parentCode: string | null;
    parentType: string | null;
    parentTitle: string | null;
    parentStatement: string | null;
    codeMarked: string;
    textMarked: string;
  }>(sql`
    SELECT f.framework, f.version, f.short_title AS shortTitle, i.code, i.type,
           f.version = (SELECT max(g.version) FROM standard_frameworks g WHERE g.framework = f.framework) AS isLatest,
           p.code AS parentCode, p.type AS parentType, p.title AS parentTitle, p.statement AS parentStatement,
           highlight(standard_items_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) AS codeMarked,
           highlight(standard_items_fts, 2, ${MARK_OPEN}, ${MARK_CLOSE}) AS textMarked
    FROM standard_items_fts
    JOIN standard_items i ON i.rowid = standard_items_fts.rowid
    JOIN standard_frameworks f ON f.id = i.framework_id
    LEFT JOIN standard_items p ON p.id = i.parent_id
    WHERE standard_items_fts MATCH ${match}
    ORDER BY bm25(standard_items_fts, 10.0, 4.0, 1.0), f.framework, f.version DESC, i.position
    LIMIT ${limit}`);
  return {
    query,
    total,
    limit,
    hits: rows.map((r) => ({
      framework: r.framework,
      version: r.version,
      shortTitle: r.shortTitle,
      isLatest: r.isLatest === 1,
      code: r.code,
      type: r.type,
      parent: r.parentCode ? { code: r.parentCode, type: r.parentType ?? "", title: r.parentTitle ?? r.parentStatement ?? "" } : null,
      codeSegments: toSegments(r.codeMarked),
      textSegments: toSegments(r.textMarked),
    })),
  };
}

// ---- CASE 1.0 -----------------------------------------------------------------------------------

/**
 * Where the framework files are. Run from source (tests, scripts) the loader knows; bundled by Remix
 * into build/index.js its own location is build/, so look beside that and in the working directory.
 */
function standardsRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [STANDARDS_DIR, join(here, "..", "standards"), join(here, "..", "..", "standards"), join(process.cwd(), "standards")];
  const found = candidates.find((c) => existsSync(join(c, "crosswalk")) && existsSync(join(c, "programmes")));
  if (!found) throw new Error(`Cannot find the standards folder (looked in ${candidates.join(", ")})`);
  return found;
}

let cachedStandards: Standards | undefined;
function standards(): Standards {
  cachedStandards ??= loadStandards(standardsRoot());
  return cachedStandards;
}

/** Tests (or a reload) can replace what the CASE endpoints serve. */
export function setCaseStandards(next: Standards | undefined) {
  cachedStandards = next;
}

export type CaseError = {
  imsx_codeMajor: "failure";
  imsx_severity: "error";
  imsx_description: string;
  imsx_codeMinor: { imsx_codeMinorField: { imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: string }[] };
};
export type CaseResult<T> = { status: 200; body: T } | { status: 404; body: CaseError };

/** The CASE-style error body (imsx_StatusInfo) for an unknown or malformed identifier. */
function caseNotFound(sourcedId: string): { status: 404; body: CaseError } {
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sourcedId);
  return {
    status: 404,
    body: {
      imsx_codeMajor: "failure",
      imsx_severity: "error",
      imsx_description: valid ? "No object has this identifier" : "The identifier is not a UUID",
      imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: "sourcedId", imsx_codeMinorFieldValue: valid ? "unknownobject" : "invalid_uuid" }] },
    },
  };
}

/** Every CFDocument: by framework, newest version first. */
export function caseDocuments(input: { baseUrl: string }): { CFDocuments: CFDocument[] } {
  const s = standards();
  const ordered = [...s.frameworks].sort((a, b) => a.framework.localeCompare(b.framework) || b.version.localeCompare(a.version));
  return { CFDocuments: ordered.map((fw) => caseDocument(fw, { baseUrl: input.baseUrl })) };
}

/** The CFPackage whose CFDocument has this identifier. */
export function caseFrameworkPackage(input: { sourcedId: string; baseUrl: string }): CaseResult<CFPackage> {
  const s = standards();
  const fw = findCaseFramework(s, input.sourcedId);
  return fw ? { status: 200, body: casePackage(s, fw, { baseUrl: input.baseUrl }) } : caseNotFound(input.sourcedId);
}

/** The CFItem with this identifier. */
export function caseItem(input: { sourcedId: string; baseUrl: string }): CaseResult<CFItem> {
  const item = findCaseItem(standards(), input.sourcedId, { baseUrl: input.baseUrl });
  return item ? { status: 200, body: item } : caseNotFound(input.sourcedId);
}
