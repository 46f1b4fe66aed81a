/**
 * NOS unit "Maintain quality assurance of restorative processes" (standards/nos-qa/1.yaml),
 * pinned against seed 002_42355f659eb94f2f.txt.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STANDARDS_DIR, flatten } from "../../standards/loader";
import { framework, type Item } from "../../standards/schema";

const fw = framework.parse(parse(readFileSync(join(STANDARDS_DIR, "nos-qa", "1.yaml"), "utf8")));
const all = flatten(fw.items).map((f) => f.item);
const byCode = new Map(all.map((i) => [i.code, i]));
const codes = (items: Item[] | undefined) => (items ?? []).map((i) => i.code);
const seq = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const texts = [
  ...all.flatMap((i) => [i.title, i.statement]),
  ...fw.attributes.flatMap((a) => [a.label, a.text, ...((a.bullets ?? []) as string[])]),
].filter((t): t is string => !!t);

describe("NOS quality assurance unit", () => {
  it("is the nos-qa framework, version 1, from seed 002", () => {
    expect(fw.framework).toBe("nos-qa");
    expect(fw.version).toBe("1");
    expect(fw.source).toBe("002_42355f659eb94f2f.txt");
    expect(fw.title).toBe("Maintain quality assurance of restorative processes");
  });

  it("has the summary, target group and evidence requirements", () => {
    const attr = Object.fromEntries(fw.attributes.map((a) => [a.key, a]));
    expect(attr.summary.text).toMatch(/^This is about ensuring quality assurance of restorative practice\. It addresses/);
    expect(attr.targetGroup.text).toBe(
      "This is for those who are responsible for maintaining the quality of restorative practice. They are likely to be senior practitioners in a supervisory or managerial role.",
    );
    expect(attr.evidenceRequirements.text).toBe(
      "To achieve this unit you must provide your assessor with evidence that you have consistently met all of the performance criteria and knowledge and understanding.",
    );
  });

  it("has one element holding P1–P11 and the two knowledge groups, in order", () => {
    expect(fw.items).toHaveLength(1);
    const [el] = fw.items;
    expect(el).toMatchObject({ type: "Element", code: "E1", title: "Maintain quality assurance of restorative processes" });
    expect(codes(el.children)).toEqual([...seq("P", 1, 11), "K:g1", "K:g2"]);
    expect(el.children!.slice(0, 11).every((c) => c.type === "Performance Criterion")).toBe(true);
  });

  it("groups K1–K8 and K9–K15 under the seed's two headings", () => {
    const g1 = byCode.get("K:g1")!;
    const g2 = byCode.get("K:g2")!;
    expect(g1).toMatchObject({ type: "Group", title: "General/key knowledge relating to restorative practice" });
    expect(g2).toMatchObject({ type: "Group", title: "Knowledge relating to maintaining quality assurance" });
    expect(codes(g1.children)).toEqual(seq("K", 1, 8));
    expect(codes(g2.children)).toEqual(seq("K", 9, 15));
    expect([...g1.children!, ...g2.children!].every((c) => c.type === "Knowledge and Understanding")).toBe(true);
  });

  it("has 11 performance criteria and 15 knowledge items, each with a statement, codes unique", () => {
    const p = all.filter((i) => i.type === "Performance Criterion");
    const k = all.filter((i) => i.type === "Knowledge and Understanding");
    expect(p).toHaveLength(11);
    expect(k).toHaveLength(15);
    for (const i of [...p, ...k]) expect(i.statement?.trim()).toBeTruthy();
    expect(new Set(all.map((i) => i.code)).size).toBe(all.length);
  });

  it("carries no conversion artefacts", () => {
    for (const t of texts) {
      expect(t, t).not.toMatch(/^(I|II)\.|^[-·•*]|^\d+\.?\s/);
      expect(t, t).not.toMatch(/\*\*|<\/?[a-z][^>]*>|\$|\t|\u00a0| {2}/i);
      expect(t, t).toBe(t.trim());
    }
  });

  it("keeps P9 whole: 'the quality of their work' is rejoined, not an item of its own", () => {
    expect(byCode.get("P9")!.statement).toBe(
      "assess practitioners' casework and identify when their approach may need amending and take necessary action when there are serious concerns about the quality of their work",
    );
    expect(all.filter((i) => i.statement === "the quality of their work")).toHaveLength(0);
  });

  it.each([
    ["P1", "ensure that restorative practitioners are working in accordance with restorative principles and best practice"],
    ["P3", "identify those cases that are of a sensitive and complex nature and ensure that they are allocated, or referred, to appropriately skilled and experienced practitioners"],
    ["P8", "monitor outcomes of cases and feedback to evaluate practice and improve future service delivery"],
    ["P11", "ensure the integrity of records of discussions and agreements, and comply with data protection legislation and organisational protocols"],
    ["K1", "the legislation and guidelines of good practice which relate to maintaining quality assurance of restorative processes and the impact of these on your work"],
    ["K8", "the boundaries of confidentiality, how to manage these, and the importance of maintaining appropriate levels of confidentiality and how to maintain these, including data-sharing protocols with partner agencies"],
    ["K9", "measures to assess and manage all important risks and cases of a complex and sensitive nature"],
    ["K15", "methods of evaluation and research relevant to the development of restorative practice"],
  ])("%s is word for word the seed", (code, text) => {
    expect(byCode.get(code)!.statement).toBe(text);
  });
});
