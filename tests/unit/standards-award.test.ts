/**
 * BTEC Level 4 Professional Award in Restorative Justice Approaches (standards/btec-l4-rja/1.yaml),
 * pinned against seed 000_6c6b37cb7e8c9e7b.txt.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STANDARDS_DIR, flatten } from "../../standards/loader";
import { framework } from "../../standards/schema";

const raw = readFileSync(join(STANDARDS_DIR, "btec-l4-rja", "1.yaml"), "utf8");
const fw = framework.parse(parse(raw));
const all = flatten(fw.items).map((f) => f.item);
const byCode = new Map(all.map((i) => [i.code, i]));
const attr = Object.fromEntries(fw.attributes.map((a) => [a.key, a]));
const seq = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const texts = [
  ...all.flatMap((i) => [i.title, i.statement]),
  ...fw.attributes.flatMap((a) => [a.label, a.text, ...((a.bullets ?? []) as string[])]),
  ...(fw.hours?.components.map((c) => c.title) ?? []),
].filter((t): t is string => !!t);

describe("BTEC Level 4 award", () => {
  it("is the btec-l4-rja framework, version 1, from seed 000", () => {
    expect(fw.framework).toBe("btec-l4-rja");
    expect(fw.version).toBe("1");
    expect(fw.source).toBe("000_6c6b37cb7e8c9e7b.txt");
    expect(fw.title).toBe("BTEC Professional Award in Restorative Justice Approaches");
  });

  it("keeps the centre number as the string 02298", () => {
    expect(attr.centreNumber.text).toBe("02298");
    expect(raw).toMatch(/text: "02298"/);
  });

  it("has the aim, level descriptor and qualification structure", () => {
    expect(attr.aim.text).toBe(
      "To develop and enhance candidate's skills and techniques in using restorative justice approaches in partnership and to develop rigorous and ethical approaches in their successful use.",
    );
    expect(attr.levelDescriptor.text).toMatch(/^Develop a rigorous approach to the acquisition of a broad knowledge base;.*taking responsibility for the nature and quality of outputs\.$/);
    expect(attr.qualificationStructure.text).toBe(
      "The course covers what restorative justice is, how to create strategies and systems, how to implement RJ approaches, referral and delivery systems as well as working in partnership to deliver RJ in your area.",
    );
  });

  it("has 30 hours: 8 pre-course, 14 over two tutorial days, 8 post-course", () => {
    expect(fw.hours).toEqual({
      total: 30,
      components: [
        { title: "Pre-course assignment", hours: 8 },
        { title: "2 tutorial training days", hours: 14 },
        { title: "Post-course work place assignment", hours: 8 },
      ],
    });
    expect(fw.hours!.components.reduce((s, c) => s + c.hours, 0)).toBe(30);
  });

  it("has 10 objectives OB1–OB10 and 6 learning outcomes LO1–LO6 under their headings, in order", () => {
    expect(fw.items.map((i) => [i.type, i.code, i.title])).toEqual([
      ["Group", "OB", "Objectives of this qualification"],
      ["Group", "LO", "Summary of learning outcomes"],
    ]);
    const [ob, lo] = fw.items;
    expect(ob.children!.map((c) => c.code)).toEqual(seq("OB", 10));
    expect(lo.children!.map((c) => c.code)).toEqual(seq("LO", 6));
    expect(ob.children!.every((c) => c.type === "Objective" && c.statement?.trim())).toBe(true);
    expect(lo.children!.every((c) => c.type === "Learning Outcome" && c.statement?.trim())).toBe(true);
    expect(new Set(all.map((i) => i.code)).size).toBe(all.length);
  });

  it("carries no conversion artefacts", () => {
    for (const t of texts) {
      expect(t, t).not.toMatch(/^(I|II)\.|^[-·•*#]|^\d+\.\s/);
      expect(t, t).not.toMatch(/\*\*|<\/?[a-z][^>]*>|<https?:|\$|\t|\u00a0| {2}|M-bM-/i);
      expect(t, t).toBe(t.trim());
    }
  });

  it.each([
    ["OB1", "Explain and apply relevant restorative justice principles, definitions, procedures and codes."],
    ["OB4", "To understand the diverse network of restorative justice partners that provides assets, resources and powers."],
    ["OB5", "To Explain and apply when it is appropriate to use restorative justice."],
    ["OB9", "Create and maintain effective practice standards in finding service partners and agreeing outcomes."],
    ["OB10", "Recognise the different types of strategies available to deliver restorative justice approaches."],
    ["LO1", "Understand the principles and definitions of the restorative justice framework."],
    ["LO3", "Demonstrate the legislative framework in order to engage in restorative justice approaches."],
    ["LO6", "Review and evaluate strategies, delivery and referral models and service partner support for the delivery of restorative justice approaches."],
  ])("%s is word for word the seed", (code, text) => {
    expect(byCode.get(code)!.statement).toBe(text);
  });
});
