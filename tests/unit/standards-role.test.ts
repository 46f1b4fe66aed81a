/**
 * Role profile: Restorative Justice Officer (standards/rj-officer/1.yaml),
 * pinned against seed 003_7aea0e7b257889e0.txt.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STANDARDS_DIR, flatten } from "../../standards/loader";
import { framework, type Item } from "../../standards/schema";

const fw = framework.parse(parse(readFileSync(join(STANDARDS_DIR, "rj-officer", "1.yaml"), "utf8")));
const all = flatten(fw.items).map((f) => f.item);
const byCode = new Map(all.map((i) => [i.code, i]));
const attr = Object.fromEntries(fw.attributes.map((a) => [a.key, a]));
const codes = (items: Item[] | undefined) => (items ?? []).map((i) => i.code);
const seq = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const texts = [
  ...all.flatMap((i) => [i.title, i.statement, ...(i.notes ?? []).flatMap((n) => [n.title, n.text])]),
  ...fw.attributes.flatMap((a) => [a.label, a.text]),
].filter((t): t is string => !!t);

describe("Restorative Justice Officer role profile", () => {
  it("is the rj-officer framework, version 1, from seed 003", () => {
    expect(fw.framework).toBe("rj-officer");
    expect(fw.version).toBe("1");
    expect(fw.source).toBe("003_7aea0e7b257889e0.txt");
  });

  it("has the job title, grade and overall purpose", () => {
    expect(attr.jobTitle.text).toBe("Restorative Justice Officer");
    expect(attr.grade.text).toBe("SO1");
    expect(attr.overallPurpose.text).toMatch(/^To contact both children known to the YJS \(Youth Justice Service\), and those people harmed/);
    expect(attr.overallPurpose.text).toMatch(/To chair restorative meetings\. To raise awareness/);
    expect(attr.overallPurpose.text).toMatch(/contribute to reducing re-offending\.$/);
  });

  it("has the 12 numbered accountabilities AC1–AC12, in order", () => {
    const acs = all.filter((i) => i.type === "Accountability");
    expect(acs.map((i) => i.code)).toEqual(seq("AC", 1, 12));
    expect(codes(byCode.get("AC")!.children)).toEqual(seq("AC", 1, 12));
    for (const i of acs) expect(i.statement?.trim()).toBeTruthy();
  });

  it("has 17 person specification items PS1–PS17 under the seed's headings", () => {
    const ps = all.filter((i) => i.type === "Person Specification");
    expect(ps.map((i) => i.code)).toEqual(seq("PS", 1, 17));
    for (const i of ps) expect(i.statement?.trim()).toBeTruthy();
    const group = (code: string) => byCode.get(code)!;
    expect(codes(group("PS").children)).toEqual(["PS:g1", "PS:g2"]);
    expect(group("PS:g1").title).toBe("Minimum level of qualifications required for this job");
    expect(codes(group("PS:g1").children)).toEqual(["PS1", "PS2"]);
    expect(group("PS:g2").title).toBe("Minimum levels of knowledge, skills and experience required for this job");
    expect(codes(group("PS:g2").children)).toEqual(["PS:g3", "PS:g4", "PS:g5", "PS15", "PS16", "PS17"]);
    expect([group("PS:g3").title, group("PS:g4").title, group("PS:g5").title]).toEqual(["Knowledge", "Skills", "Experience"]);
    expect(codes(group("PS:g3").children)).toEqual(seq("PS", 3, 5));
    expect(codes(group("PS:g4").children)).toEqual(seq("PS", 6, 11));
    expect(codes(group("PS:g5").children)).toEqual(seq("PS", 12, 14));
    expect(new Set(all.map((i) => i.code)).size).toBe(all.length);
  });

  it("records essential or desirable for every person specification item", () => {
    const ed = (code: string) => byCode.get(code)!.notes?.find((n) => n.title === "Essential/Desirable")?.text;
    const desirable = ["PS2", "PS4", "PS13", "PS14"];
    for (const code of seq("PS", 1, 17)) expect(ed(code), code).toBe(desirable.includes(code) ? "Desirable" : "Essential");
  });

  it("leaves out the form-filling instructions", () => {
    for (const t of texts) {
      expect(t, t).not.toMatch(/Please (write|list|include)|Give an idea of|Include for roles|tick one box|What (disclosure level|work type)/);
    }
  });

  it("carries no conversion artefacts", () => {
    for (const t of texts) {
      expect(t, t).not.toMatch(/^(I|II)\.|^[-·•*]|^\d+\.\s/);
      expect(t, t).not.toMatch(/\*\*|<\/?[a-z][^>]*>|\$|\t|\u00a0| {2}/i);
      expect(t, t).toBe(t.trim());
    }
  });

  it.each([
    ["AC1", "To work with those who have been harmed and children who have caused harm to assess their suitability for involvement in restorative processes and interventions."],
    ["AC3", "To support victims and children to engage in a restorative process, if appropriate. To liaise with victims and give them information regarding court outcomes."],
    ["AC8", "To maintain appropriate records relating to victim and children contact sessions and Restorative Justice Team referrals and caseload. To keep victims informed of the progress of children as appropriate"],
    ["AC9", "To attend Referral Order Panels and Restorative Conferences to facilitate and support victims and children"],
    ["AC11", "Ability to contribute to our commitment of becoming a Net Zero organisation by 2030."],
    ["AC12", "We are committed to safeguarding and promoting the welfare of children and young people/vulnerable adults. We require you to understand and demonstrate this commitment."],
    ["PS1", "NVQ level 3 or level 4 Diploma, Certificate in Effective Practice, recognised Restorative Justice Training or equivalent"],
    ["PS9", "Ability to maintain records, use spreadsheets, calendars, and other IT systems"],
    ["PS14", "Previous experience as a victim officer or Restorative Justice Officer"],
    ["PS17", "Demonstrate an understanding of the safe working practices that apply to this role. Ability to work in a way that promotes the safety and well-being of children and young people/vulnerable adults."],
  ])("%s is word for word the seed", (code, text) => {
    expect(byCode.get(code)!.statement).toBe(text);
  });

  it("keeps the row labels as titles", () => {
    expect(byCode.get("AC12")!.title).toBe("Safeguarding commitment");
    expect(byCode.get("PS3")!.title).toBe("Criminal Justice");
    expect(byCode.get("PS9")!.title).toBe("Effective use of IT and electronic case management");
    expect(byCode.get("PS14")!.title).toBeUndefined();
  });
});
