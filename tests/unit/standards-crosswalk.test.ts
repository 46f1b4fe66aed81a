/**
 * Crosswalk (standards/crosswalk/1.yaml) and the two programmes built on it, loaded through
 * loadStandards(), which also checks that every reference names an existing item.
 */
import { describe, expect, it } from "vitest";
import { findFramework, flatten, loadStandards } from "../../standards/loader";
import type { Ref } from "../../standards/schema";

const standards = loadStandards();
const cw = standards.crosswalks.find((c) => c.version === "1")!;
const seq = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const item = (ref: Ref) => {
  const fw = findFramework(standards.frameworks, ref.framework, ref.version);
  return fw && flatten(fw.items).find((f) => f.item.code === ref.code)?.item;
};
const linksFrom = (framework: string, code: string) => cw.links.filter((l) => l.from.framework === framework && l.from.code === code);

describe("crosswalk to the best practice guidance", () => {
  it("is there, alongside the guidance it points to", () => {
    expect(cw).toBeDefined();
    expect(findFramework(standards.frameworks, "guidance", "2004-12")).toBeDefined();
  });

  it("resolves both ends of every link to an existing item", () => {
    for (const l of cw.links) {
      expect(item(l.from), `from ${l.from.framework} ${l.from.code}`).toBeDefined();
      expect(item(l.to), `to ${l.to.framework} ${l.to.code}`).toBeDefined();
      expect(l.to.framework).toBe("guidance");
    }
  });

  it("has no duplicate links and a one-line rationale on each", () => {
    const keys = cw.links.map((l) => `${l.from.framework}:${l.from.code}->${l.to.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const l of cw.links) expect(l.rationale, keys.join()).not.toMatch(/\n/);
  });

  it("links every NOS performance criterion and knowledge item to Sections A, B, D, E or F", () => {
    for (const code of [...seq("P", 11), ...seq("K", 15)]) {
      const links = linksFrom("nos-qa", code);
      expect(links.length, code).toBeGreaterThan(0);
      for (const l of links) {
        expect(["restates", "depends-on"], code).toContain(l.relation);
        expect(l.to.code, code).toMatch(/^[ABDEF]/);
      }
    }
  });

  it("links every award learning outcome with draws-on", () => {
    for (const code of seq("LO", 6)) {
      const links = linksFrom("btec-l4-rja", code);
      expect(links.length, code).toBeGreaterThan(0);
      for (const l of links) expect(l.relation).toBe("draws-on");
    }
  });

  it("links every role accountability with requires, except AC11 (net zero), which the guidance does not cover", () => {
    for (const code of seq("AC", 12)) {
      const links = linksFrom("rj-officer", code);
      if (code === "AC11") expect(links, code).toEqual([]);
      else expect(links.length, code).toBeGreaterThan(0);
      for (const l of links) expect(l.relation).toBe("requires");
    }
  });

  it("only links from the three frameworks it covers", () => {
    expect(new Set(cw.links.map((l) => l.from.framework))).toEqual(new Set(["nos-qa", "btec-l4-rja", "rj-officer"]));
  });
});

describe("programmes", () => {
  const programme = (slug: string) => standards.programmes.find((p) => p.slug === slug)!;

  it("level4-award requires all six learning outcomes", () => {
    const p = programme("level4-award");
    expect(p.requirements).toEqual([{ title: "Learning outcomes", framework: "btec-l4-rja", version: "1", codes: seq("LO", 6) }]);
    expect(p.prerequisite).toBeUndefined();
  });

  it("supervisor-check requires every Section E criterion and every NOS P and K item", () => {
    const p = programme("supervisor-check");
    expect(p.title).toBe("Supervisor competency check");
    const guidance = findFramework(standards.frameworks, "guidance", "2004-12")!;
    const sectionE = flatten(guidance.items).filter((f) => f.path[0] === "E" && f.item.type === "Criterion").map((f) => f.item.code);
    expect(sectionE.length).toBeGreaterThan(0);
    const required = (framework: string) => p.requirements.filter((r) => r.framework === framework).flatMap((r) => r.codes);
    expect(required("guidance")).toEqual(sectionE);
    expect(required("nos-qa")).toEqual([...seq("P", 11), ...seq("K", 15)]);
  });

  it("supervisor-check needs Section A competence, met by the award or an earlier check", () => {
    const { prerequisite } = programme("supervisor-check");
    expect(prerequisite?.satisfiedBy).toEqual(["level4-award", "supervisor-check"]);
    expect(prerequisite?.description).toMatch(/Section A/);
  });
});
