/**
 * The standards domain (app/lib/standards.server.ts) against a real SQLite file: migrated, imported,
 * re-imported, searched, looked up, and given a second version of a framework.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/connection";
import { migrate } from "../../db/migrate";
import { setDb } from "../../app/lib/db.server";
import { getFramework, getItem, listStandards, searchStandards, toFtsQuery, toSegments } from "../../app/lib/standards.server";
import { importStandards, importStandardsIfChanged } from "../../scripts/import-standards";
import { frameworkId, itemId } from "../../standards/ids";
import { loadStandards, STANDARDS_DIR } from "../../standards/loader";

let dir: string;
let db: Db;

type Snapshot = Record<string, string[]>;
const TABLES = {
  standard_frameworks: "id",
  standard_items: "id",
  crosswalk_links: "id",
  programmes: "id",
  programme_requirements: "programme_id || '>' || item_id",
};
function snapshot(): Snapshot {
  return Object.fromEntries(
    Object.entries(TABLES).map(([table, key]) => [table, (db.$client.prepare(`SELECT ${key} AS k FROM ${table} ORDER BY 1`).all() as { k: string }[]).map((r) => r.k)]),
  );
}
const ftsRows = () => (db.$client.prepare("SELECT count(*) AS n FROM standard_items_fts").get() as { n: number }).n;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "standards-it-"));
  db = openDatabase(join(dir, "portal.db"));
  migrate(db);
  importStandards(db);
  setDb(db);
});

afterAll(() => {
  setDb(undefined);
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("importing the standards", () => {
  it("imports every framework version, item, link and programme", () => {
    const s = snapshot();
    expect(s.standard_frameworks).toHaveLength(4);
    expect(s.standard_items.length).toBeGreaterThan(250);
    expect(s.crosswalk_links.length).toBeGreaterThan(100);
    expect(s.programmes).toHaveLength(2);
    expect(ftsRows()).toBe(s.standard_items.length);
  });

  it("changes no id and no row count when imported again", () => {
    const before = snapshot();
    const result = importStandards(db);
    expect(result.added).toBe(0);
    expect(snapshot()).toEqual(before);
    expect(ftsRows()).toBe(before.standard_items.length);
  });
});

describe("importing at start-up", () => {
  it("imports only when the standards files have changed since the last import", () => {
    const before = snapshot();
    expect(importStandardsIfChanged(db)).toMatchObject({ frameworks: 4, added: 0 }); // never recorded: imports
    expect(importStandardsIfChanged(db)).toBeNull();
    const root = mkdtempSync(join(tmpdir(), "standards-changed-"));
    try {
      cpSync(STANDARDS_DIR, root, { recursive: true, filter: (src) => !src.endsWith(".ts") });
      expect(importStandardsIfChanged(db, { root })).toBeNull(); // same paths, same bytes
      const file = join(root, "crosswalk", readdirSync(join(root, "crosswalk")).find((f) => f.endsWith(".yaml"))!);
      writeFileSync(file, `${readFileSync(file, "utf8")}\n# edited\n`);
      expect(importStandardsIfChanged(db, { root })).toMatchObject({ frameworks: 4, added: 0 });
      expect(importStandardsIfChanged(db, { root })).toBeNull();
      expect(importStandardsIfChanged(db, { root, force: true })).not.toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("listing", () => {
  it("lists the frameworks with counts and the programmes with what they require", () => {
    const { frameworks, programmes } = listStandards();
    expect(frameworks[0].framework).toBe("guidance");
    const guidance = frameworks.find((f) => f.framework === "guidance")!;
    expect(guidance).toMatchObject({ version: "2004-12", published: "2004-12", publisher: "Training and Accreditation Policy Group" });
    expect(guidance.assessable).toBeGreaterThan(100);
    expect(guidance.items).toBeGreaterThan(guidance.assessable);
    const nos = frameworks.find((f) => f.framework === "nos-qa")!;
    expect(nos.assessable).toBe(26);
    const check = programmes.find((p) => p.slug === "supervisor-check")!;
    expect(check.prerequisite).toMatch(/Section A/);
    expect(check.groups.map((g) => [g.title, g.items])).toEqual([
      ["Section E: Case supervisors", 7],
      ["Quality assurance unit: performance criteria", 11],
      ["Quality assurance unit: knowledge and understanding", 15],
    ]);
  });
});

describe("a framework page", () => {
  it("gives the latest version with its attributes and tree in document order", () => {
    const fw = getFramework({ framework: "guidance" });
    expect(fw.version).toBe("2004-12");
    expect(fw.isLatest).toBe(true);
    expect(fw.tree.map((s) => s.code)).toEqual(["A", "B", "C", "D", "E", "F"]);
    expect(fw.tree[0].audience).toMatch(/^All restorative practitioners/);
    const a1a = fw.tree[0].children[0].children[0];
    expect(a1a.code).toBe("A1(a)");
    expect(a1a.children.map((c) => c.code)).toEqual(["A1(a).1", "A1(a).2", "A1(a).3", "A1(a).4", "A1(a).5", "A1(a).6", "A1(a).7"]);
    expect(a1a.children[0].bullets).toHaveLength(3);
    expect(a1a.children[3].notes?.[0].kind).toBe("footnote");
    expect(fw.attributes.map((a) => a.key)).toContain("keyPurpose");
  });

  it("refuses an unknown framework or version with 404", () => {
    expect(() => getFramework({ framework: "nope" })).toThrow(Response);
    try {
      getFramework({ framework: "guidance", version: "1999-01" });
      expect.unreachable();
    } catch (e) {
      expect((e as Response).status).toBe(404);
    }
  });
});

describe("a criterion page", () => {
  it("gives the full text, notes, breadcrumbs and crosswalk links in both directions", () => {
    const p = getItem({ framework: "guidance", version: "2004-12", code: "A1(a).4" });
    expect(p.item.statement).toMatch(/^Demonstrate an understanding of the various different situations/);
    expect(p.item.notes).toEqual([{ kind: "footnote", text: "including for example criminal justice contexts, schools, workplace disputes, family, children and young people." }]);
    expect(p.ancestors.map((a) => a.code)).toEqual(["A", "A1", "A1(a)"]);
    expect(p.sectionAudience?.code).toBe("A");
    expect(p.item.caseId).toBe(itemId("guidance", "2004-12", "A1(a).4"));

    const e1 = getItem({ framework: "guidance", version: "2004-12", code: "E.1" });
    const p1 = e1.linksTo.find((l) => l.item.framework === "nos-qa" && l.item.code === "P1")!;
    expect(p1).toMatchObject({ relation: "depends-on", relationWords: "depends on" });
    expect(p1.rationale).toMatch(/E\.1 has the case supervisor assess/);
    expect(e1.linksFrom).toEqual([]);

    const nosP1 = getItem({ framework: "nos-qa", version: "1", code: "P1" });
    expect(nosP1.linksFrom.map((l) => l.item.code)).toEqual(expect.arrayContaining(["E.1", "F.6", "A1(a).6"]));
    expect(nosP1.linksFrom.every((l) => l.item.framework === "guidance" && l.item.text.length > 0)).toBe(true);
    expect(nosP1.linksTo).toEqual([]);
  });

  it("includes a criterion's sub-bullets", () => {
    const p = getItem({ framework: "guidance", version: "2004-12", code: "A1(a).1" });
    expect(p.item.bullets).toEqual([
      "victims/persons harmed, offenders/perpetrators and communities;",
      "restorative justice as a process;",
      "the aims of restorative justice, and potential outcomes.",
    ]);
    expect(p.item.fullStatement).toContain("\n- restorative justice as a process;");
  });

  it("refuses an unknown item with 404", () => {
    expect(() => getItem({ framework: "guidance", version: "2004-12", code: "Z9" })).toThrow(Response);
  });
});

describe("search", () => {
  const marked = (segments: { text: string; match: boolean }[]) => segments.filter((s) => s.match).map((s) => s.text.toLowerCase());

  it("finds known criteria, best first, with the matches marked", () => {
    const r = searchStandards({ q: "risk assessment" });
    expect(r.total).toBeGreaterThan(3);
    const codes = r.hits.map((h) => `${h.framework}:${h.code}`);
    expect(codes).toContain("guidance:A2(a).1");
    expect(codes).toContain("nos-qa:P2");
    const a2a1 = r.hits.find((h) => h.code === "A2(a).1")!;
    expect(marked(a2a1.textSegments)).toEqual(expect.arrayContaining(["risk", "assessment"]));
    expect(a2a1.textSegments.map((s) => s.text).join("")).toBe("Carry out an initial formal risk assessment and assess and manage any identified risk throughout the process.");
    expect(a2a1.parent?.code).toBe("A2(a)");
  });

  it("stems words (porter): 'co-working' finds Section D", () => {
    const r = searchStandards({ q: "co-working" });
    expect(r.hits.some((h) => h.code.startsWith("D"))).toBe(true);
  });

  it("finds an item by its code, first", () => {
    const r = searchStandards({ q: "A2(a).1" });
    expect(r.hits[0].code).toBe("A2(a).1");
    expect(r.hits[0].codeSegments.some((s) => s.match)).toBe(true);
  });

  it("treats FTS5 syntax in the query as plain words, never as an error", () => {
    for (const q of ['"', "AND(", "risk AND(", 'NEAR("a" "b")', "code:P1", "*", "^risk", "OR", "NOT risk", "(", "'; DROP TABLE standard_items; --", "risk\"assessment"]) {
      expect(() => searchStandards({ q }), q).not.toThrow();
    }
    expect(searchStandards({ q: '"' }).total).toBe(0);
    expect(toFtsQuery('risk "AND(')).toBe('"risk" """AND("');
    expect(toFtsQuery('" ( *')).toBeNull();
  });

  it("says nothing matched without failing", () => {
    const r = searchStandards({ q: "xylophone" });
    expect(r).toMatchObject({ total: 0, hits: [] });
  });

  it("refuses an empty or over-long query", () => {
    expect(() => searchStandards({ q: "   " })).toThrow(Response);
    expect(() => searchStandards({ q: "a".repeat(201) })).toThrow(Response);
    expect(() => searchStandards({ q: "a".repeat(200) })).not.toThrow();
  });

  it("splits highlighted text on the markers only", () => {
    expect(toSegments("a \uE000b\uE001 c <mark>d</mark>")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
      { text: " c <mark>d</mark>", match: false },
    ]);
  });
});

describe("a second version of a framework", () => {
  let root: string;
  let before: Snapshot;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "standards-root-"));
    cpSync(STANDARDS_DIR, root, { recursive: true, filter: (src) => !src.endsWith(".ts") });
    const text = readFileSync(join(STANDARDS_DIR, "guidance", "2004-12.yaml"), "utf8");
    const next = text.replace(/^version: "2004-12"$/m, 'version: "2099-01"').replace(/^published: "2004-12"$/m, 'published: "2099-01"');
    expect(next).not.toBe(text);
    writeFileSync(join(root, "guidance", "2099-01.yaml"), next);
    before = snapshot();
    importStandards(db, loadStandards(root));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("imports beside the old one, leaving every old id in place", () => {
    const after = snapshot();
    for (const table of Object.keys(TABLES)) expect(after[table], table).toEqual(expect.arrayContaining(before[table]));
    expect(after.standard_frameworks).toContain(frameworkId("guidance", "2099-01"));
    const oldItems = before.standard_items.length;
    const guidanceItems = (db.$client.prepare("SELECT count(*) AS n FROM standard_items WHERE framework_id = ?").get(frameworkId("guidance", "2004-12")) as { n: number }).n;
    expect(after.standard_items).toHaveLength(oldItems + guidanceItems);
    expect(after.standard_items).toContain(itemId("guidance", "2099-01", "A1(a).4"));
    expect(itemId("guidance", "2099-01", "A1(a).4")).not.toBe(itemId("guidance", "2004-12", "A1(a).4"));
    expect(ftsRows()).toBe(after.standard_items.length);
  });

  it("shows the new version as the latest, with the old one still reachable", () => {
    const latest = getFramework({ framework: "guidance" });
    expect(latest).toMatchObject({ version: "2099-01", isLatest: true });
    expect(latest.versions.map((v) => v.version)).toEqual(["2099-01", "2004-12"]);
    const old = getFramework({ framework: "guidance", version: "2004-12" });
    expect(old).toMatchObject({ version: "2004-12", isLatest: false, latestVersion: "2099-01" });
    const listed = listStandards().frameworks.find((f) => f.framework === "guidance")!;
    expect(listed.versions.map((v) => v.version)).toEqual(["2099-01", "2004-12"]);
  });

  it("keeps the crosswalk on the version it names", () => {
    const old = getItem({ framework: "guidance", version: "2004-12", code: "E.1" });
    expect(old.linksTo.some((l) => l.item.code === "P1")).toBe(true);
    expect(old.framework.isLatest).toBe(false);
    const fresh = getItem({ framework: "guidance", version: "2099-01", code: "E.1" });
    expect(fresh.linksTo).toEqual([]);
  });

  it("searches both versions and says which is older", () => {
    const r = searchStandards({ q: "A1(a).4" });
    const versions = r.hits.filter((h) => h.code === "A1(a).4").map((h) => [h.version, h.isLatest]);
    expect(versions).toEqual(expect.arrayContaining([["2099-01", true], ["2004-12", false]]));
  });
});
