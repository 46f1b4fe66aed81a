/**
 * CASE 1.0 export (standards/case.ts, scripts/export-case.ts): every package validates against the
 * CFPackage JSON Schema in ../shared/schemas, every item reaches its document through isChildOf,
 * crosswalk links become associations, and re-exporting gives byte-identical files.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { exportCase } from "../../scripts/export-case";
import { casePackage, casePackages, changeDateTime, findCaseItem, packageFileName, type CFPackage } from "../../standards/case";
import { frameworkId, itemId, linkId } from "../../standards/ids";
import { findFramework, flatten, fullStatement, loadStandards, type Standards } from "../../standards/loader";
import { ITEM_TYPES } from "../../standards/schema";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const schemaPath = join(repoRoot, "..", "shared", "schemas", "case-v1p0-cfpackage-schema.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;

/**
 * The schema (from OpenSALT) declares no $schema. It is written in the draft-04 style but uses no keyword
 * whose meaning changed after draft-04 (no `id`, no boolean exclusiveMinimum/Maximum), so Ajv's default
 * draft-07 validator reads it as draft-04 would. Two quirks need telling Ajv about:
 * - "additionalProperties": { "CFPackageURI": … } puts a property name where a keyword goes; strictSchema
 *   would refuse that unknown keyword, so it is off (its effect, as in any validator, is "anything goes").
 * - the OpenAPI formats int32 and float, which Ajv does not know: defined here so they are still checked.
 */
function validator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strictSchema: false });
  addFormats(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("float", { type: "number", validate: (n: number) => Number.isFinite(n) });
  return ajv.compile(schema);
}

const standards = loadStandards();
const BASE = "https://portal.example.org";
const packages = casePackages(standards, { baseUrl: BASE });
const validate = validator();

describe("the CASE schema check itself", () => {
  it("has no $schema, so the default (draft-07) Ajv is the right reader", () => {
    expect(schema.$schema).toBeUndefined();
  });

  it("rejects a package that breaks the schema", () => {
    const pkg = structuredClone(packages[0]) as unknown as { CFDocument: Record<string, unknown>; CFAssociations: Record<string, unknown>[] };
    delete pkg.CFDocument.creator;
    expect(validate(pkg)).toBe(false);
    const other = structuredClone(packages[0]) as unknown as { CFAssociations: Record<string, unknown>[] };
    other.CFAssociations[0].associationType = "restates";
    expect(validate(other)).toBe(false);
    const bad = structuredClone(packages[0]) as unknown as { CFItems: Record<string, unknown>[] };
    bad.CFItems[0].uri = "not a uri";
    expect(validate(bad)).toBe(false);
  });
});

describe("CASE 1.0 packages", () => {
  it("makes one package per framework version", () => {
    expect(packages.map((p) => p.CFDocument.identifier).sort()).toEqual(standards.frameworks.map((f) => frameworkId(f.framework, f.version)).sort());
  });

  for (const fw of standards.frameworks) {
    describe(`${fw.framework}@${fw.version}`, () => {
      const pkg = packages.find((p) => p.CFDocument.identifier === frameworkId(fw.framework, fw.version))!;
      const flat = flatten(fw.items);

      it("is valid against the CFPackage schema", () => {
        const ok = validate(pkg);
        expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toEqual([]);
        expect(ok).toBe(true);
      });

      it("describes the document", () => {
        const d = pkg.CFDocument;
        expect(d).toMatchObject({ title: fw.title, creator: fw.publisher, publisher: fw.publisher, version: fw.version, language: "en-GB" });
        expect(d.uri).toBe(`${BASE}/ims/case/v1p0/CFDocuments/${d.identifier}`);
        expect(d.CFPackageURI.uri).toBe(`${BASE}/ims/case/v1p0/CFPackages/${d.identifier}`);
        expect(d.lastChangeDateTime).toBe(changeDateTime(fw));
      });

      it("has every item with its id, code, type and whole text", () => {
        expect(pkg.CFItems).toHaveLength(flat.length);
        flat.forEach((f, i) => {
          const c = pkg.CFItems[i];
          expect(c.identifier).toBe(itemId(fw.framework, fw.version, f.item.code));
          expect(c.uri).toBe(`${BASE}/ims/case/v1p0/CFItems/${c.identifier}`);
          expect(c.humanCodingScheme).toBe(f.item.code);
          expect(c.CFItemType).toBe(f.item.type);
          expect(ITEM_TYPES).toContain(c.CFItemType);
          expect(c.fullStatement).toBe(fullStatement(f.item));
          expect(c.CFDocumentURI.identifier).toBe(pkg.CFDocument.identifier);
        });
      });

      it("connects every item to the document through isChildOf, numbered among its siblings", () => {
        const childOf = pkg.CFAssociations.filter((a) => a.associationType === "isChildOf");
        expect(childOf).toHaveLength(flat.length);
        const parentOf = new Map(childOf.map((a) => [a.originNodeURI.identifier, a]));
        const docId = pkg.CFDocument.identifier;
        for (const f of flat) {
          const id = itemId(fw.framework, fw.version, f.item.code);
          const a = parentOf.get(id)!;
          expect(a, f.item.code).toBeDefined();
          expect(a.sequenceNumber).toBe(f.sequence);
          expect(a.destinationNodeURI.identifier).toBe(f.parentCode ? itemId(fw.framework, fw.version, f.parentCode) : docId);
          // Walk up: always reaches the document, never loops.
          let at = id;
          for (let steps = 0; at !== docId; steps++) {
            expect(steps, `${f.item.code} does not reach the document`).toBeLessThan(20);
            at = parentOf.get(at)!.destinationNodeURI.identifier;
          }
        }
      });

      it("exports the crosswalk links that start in this framework version", () => {
        const expected = standards.crosswalks.flatMap((cw) =>
          cw.links.filter((l) => {
            const from = findFramework(standards.frameworks, l.from.framework, l.from.version)!;
            return from.framework === fw.framework && from.version === fw.version;
          }),
        );
        const links = pkg.CFAssociations.filter((a) => a.associationType !== "isChildOf");
        expect(links).toHaveLength(expected.length);
        for (const l of expected) {
          const to = findFramework(standards.frameworks, l.to.framework, l.to.version)!;
          const fromId = itemId(fw.framework, fw.version, l.from.code);
          const toId = itemId(to.framework, to.version, l.to.code);
          const a = links.find((x) => x.originNodeURI.identifier === fromId && x.destinationNodeURI.identifier === toId)!;
          expect(a, `${l.from.code} -> ${l.to.code}`).toBeDefined();
          expect(a.identifier).toBe(linkId(fromId, toId));
          expect(a.associationType).toBe(l.relation === "restates" ? "exactMatchOf" : "isRelatedTo");
          expect(a.destinationNodeURI.uri).toBe(`${BASE}/ims/case/v1p0/CFItems/${toId}`);
          expect(a.notes).toContain(l.rationale);
        }
      });

      it("gives unique association identifiers", () => {
        const ids = pkg.CFAssociations.map((a) => a.identifier);
        expect(new Set(ids).size).toBe(ids.length);
      });
    });
  }

  it("keeps guidance as notes, not as items: a footnote of A1(a).4 and the audience of Section A", () => {
    const guidance = packages.find((p) => p.CFDocument.identifier === frameworkId("guidance", "2004-12"))!;
    const a14 = guidance.CFItems.find((i) => i.humanCodingScheme === "A1(a).4")!;
    expect(a14.fullStatement).not.toMatch(/including for example criminal justice contexts/);
    expect(a14.notes).toMatch(/^Footnote: including for example criminal justice contexts/);
    expect(guidance.CFItems.find((i) => i.humanCodingScheme === "A")!.notes).toMatch(/^Who this is for: All restorative practitioners/);
  });

  it("includes sub-bullets in a criterion's fullStatement", () => {
    const guidance = packages.find((p) => p.CFDocument.identifier === frameworkId("guidance", "2004-12"))!;
    expect(guidance.CFItems.find((i) => i.humanCodingScheme === "A1(a).1")!.fullStatement).toBe(
      "Offer a definition of restorative justice, including reference to:\n- victims/persons harmed, offenders/perpetrators and communities;\n- restorative justice as a process;\n- the aims of restorative justice, and potential outcomes.",
    );
  });

  it("dates changes from the publication date, deterministically", () => {
    expect(changeDateTime({ published: "2004-12", version: "2004-12" })).toBe("2004-12-01T00:00:00Z");
    expect(changeDateTime({ published: undefined, version: "2099-01" })).toBe("2099-01-01T00:00:00Z");
    expect(changeDateTime({ published: undefined, version: "1" })).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(casePackages(standards, { baseUrl: BASE })).toEqual(packages);
  });

  it("maps restates to exactMatchOf", () => {
    const withRestates: Standards = {
      ...standards,
      crosswalks: [
        {
          version: "test",
          title: "test",
          links: [{ from: { framework: "nos-qa", version: "1", code: "P1" }, to: { framework: "guidance", version: "2004-12", code: "E.1" }, relation: "restates", rationale: "Test." }],
        },
      ],
    };
    const nos = findFramework(standards.frameworks, "nos-qa", "1")!;
    const pkg: CFPackage = casePackage(withRestates, nos, { baseUrl: BASE });
    const links = pkg.CFAssociations.filter((a) => a.associationType !== "isChildOf");
    expect(links).toHaveLength(1);
    expect(links[0].associationType).toBe("exactMatchOf");
    expect(links[0].notes).toBe("restates: Test.");
    expect(validate(pkg)).toBe(true);
  });

  it("finds an item by its identifier, for the CFItems endpoint", () => {
    const id = itemId("nos-qa", "1", "P4");
    const item = findCaseItem(standards, id, { baseUrl: BASE })!;
    expect(item).toMatchObject({ identifier: id, humanCodingScheme: "P4", CFItemType: "Performance Criterion" });
    expect(findCaseItem(standards, "00000000-0000-0000-0000-000000000000")).toBeUndefined();
  });
});

describe("npm run standards:export", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const exportTo = () => {
    const out = mkdtempSync(join(tmpdir(), "case-export-"));
    dirs.push(out);
    exportCase({ out, baseUrl: BASE, standards });
    return out;
  };

  it("writes <framework>-<version>.json for every framework version, each valid, and the same bytes every time", () => {
    const first = exportTo();
    const second = exportTo();
    const names = readdirSync(first).sort();
    expect(names).toEqual(standards.frameworks.map(packageFileName).sort());
    expect(names).toContain("guidance-2004-12.json");
    for (const name of names) {
      const text = readFileSync(join(first, name), "utf8");
      expect(readFileSync(join(second, name), "utf8"), name).toBe(text);
      expect(validate(JSON.parse(text)), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});
