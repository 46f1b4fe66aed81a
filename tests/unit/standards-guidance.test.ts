/**
 * The December 2004 best practice guidance, transcribed from shared/seeds/004_df13587e2617014a.txt
 * (audiences from 001_0fa7f11289965413.txt). Pins the structure read from the seed so that an edit to the
 * YAML that drops, renumbers or mangles a criterion fails here.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it, expect } from "vitest";
import { parse } from "yaml";
import { flatten, fullStatement, STANDARDS_DIR } from "../../standards/loader";
import { framework, type Bullet, type Item } from "../../standards/schema";

const FILE = join(STANDARDS_DIR, "guidance", "2004-12.yaml");
const fw = framework.parse(parse(readFileSync(FILE, "utf8")));
const flat = flatten(fw.items);
const byCode = new Map(flat.map((f) => [f.item.code, f.item]));
const get = (code: string): Item => {
  const it = byCode.get(code);
  if (!it) throw new Error(`no item ${code}`);
  return it;
};
const criteriaUnder = (item: Item): Item[] => flatten(item.children ?? []).map((f) => f.item).filter((i) => i.type === "Criterion");
const bulletTexts = (bs: Bullet[] = []): string[] => bs.flatMap((b) => (typeof b === "string" ? [b] : [b.text, ...bulletTexts(b.bullets)]));

/** Criteria per part of Section A and per section B–F, counted from the seed. */
const EXPECTED_COUNTS: Record<string, number> = {
  "A1(a)": 7,
  "A1(b)": 8,
  "A2(a)": 10,
  "A2(b)": 11,
  "A2(c)": 27,
  "A3(a)": 15,
  "A3(b)": 16,
  "A3(c)": 7,
  "A3(d)": 12,
  B: 13,
  C: 7,
  D: 14,
  E: 7,
  F: 6,
};

describe("best practice guidance, December 2004", () => {
  it("is the guidance framework, version 2004-12, from seed 004", () => {
    expect(fw.framework).toBe("guidance");
    expect(fw.version).toBe("2004-12");
    expect(fw.published).toBe("2004-12");
    expect(fw.source).toBe("004_df13587e2617014a.txt");
    expect(fw.publisher).toBe("Training and Accreditation Policy Group");
    expect(fw.language).toBe("en-GB");
    expect(fw.description).toMatch(/^This guidance sets out the skills and knowledge that restorative practitioners need/);
  });

  it("has six sections, A to F, each with its title and audience", () => {
    expect(fw.items.map((s) => [s.type, s.code, s.title])).toEqual([
      ["Section", "A", "Core restorative practice"],
      ["Section", "B", "Sensitive and complex cases"],
      ["Section", "C", "Family group conferencing and processes involving welfare planning"],
      ["Section", "D", "Co-working"],
      ["Section", "E", "Case supervisors"],
      ["Section", "F", "Line managers"],
    ]);
    for (const s of fw.items) expect(s.audience, s.code).toBeTruthy();
    expect(get("A").audience).toBe(
      "All restorative practitioners and trainers should aim to work in accordance with this section of the guidance. Not all the skills will be required in every case and some may be used to different extents, but it is important that practitioners have all these skills available to them.",
    );
    expect(get("F").audience).toBe(
      'This section sets out some "pointers" for those who need to ensure that the restorative practitioner has the support and resources to work effectively, but who do not get involved in how individual cases are worked. They do not need to be a restorative practitioner.',
    );
  });

  it("splits Section A into groups 1-3 and parts 1(a) to 3(d), in order", () => {
    const a = get("A");
    expect(a.children!.map((g) => [g.type, g.code, g.title])).toEqual([
      ["Group", "A1", "Core knowledge and skills"],
      ["Group", "A2", "Preparation for restorative processes"],
      ["Group", "A3", "Facilitating restorative processes"],
    ]);
    const parts = a.children!.flatMap((g) => g.children!);
    expect(parts.every((p) => p.type === "Part")).toBe(true);
    expect(parts.map((p) => p.code)).toEqual(["A1(a)", "A1(b)", "A2(a)", "A2(b)", "A2(c)", "A3(a)", "A3(b)", "A3(c)", "A3(d)"]);
    expect(parts.map((p) => p.title)).toEqual([
      "Core knowledge for restorative practice",
      "Core skills for restorative practice",
      "Assessing and managing risk throughout the process",
      "Informing participants about their options",
      "Assisting participant choice of restorative process",
      "Facilitating indirect restorative processes, and preparation for direct restorative processes",
      "Facilitate direct (face to face) restorative processes",
      "Forming outcome agreements",
      "Following up restorative processes – evaluation, monitoring and ongoing support",
    ]);
  });

  it("has the number of criteria the seed has in each part and section", () => {
    const counts = Object.fromEntries(Object.keys(EXPECTED_COUNTS).map((c) => [c, criteriaUnder(get(c)).length]));
    expect(counts).toEqual(EXPECTED_COUNTS);
    expect(flat.filter((f) => f.item.type === "Criterion")).toHaveLength(160);
  });

  it("numbers the criteria of each part/section 1, 2, 3 … under that part's or section's code", () => {
    for (const [code, n] of Object.entries(EXPECTED_COUNTS)) {
      const codes = criteriaUnder(get(code)).map((c) => c.code);
      expect(codes, code).toEqual(Array.from({ length: n }, (_, i) => `${code}.${i + 1}`));
    }
    const all = flat.map((f) => f.item.code);
    expect(new Set(all).size).toBe(all.length);
  });

  it("uses groups only for the seed's sub-headings, coded <parent>:g<n>", () => {
    const groups = flat.filter((f) => f.item.type === "Group" && f.item.code.includes(":"));
    expect(groups.map((g) => [g.item.code, g.item.title])).toEqual([
      ["A2(c):g1", "Work with individual participants to decide which form of communication is appropriate, in particular the use of face to face or indirect communication."],
      ["A2(c):g2", "Involving others and keeping under continual assessment who might be involved in the restorative process."],
      ["A2(c):g3", "Choose and apply an appropriate structure for the communication process."],
      ["A2(c):g4", "Plan for direct (face to face) meetings."],
      ["A3(d):g1", "Assist with, supervise and monitor the completion of outcome agreements"],
      ["A3(d):g2", "Evaluate the process with individuals involved"],
      ["A3(d):g3", "Closure and enabling any ongoing support"],
      ["B:g1", "Knowledge relating to restorative processes"],
      ["B:g2", "Relevant general knowledge"],
      ["B:g3", "Skills required at a higher level"],
      ["D:g1", "Skills for Co-working"],
      ["D:g1:g1", "In preparing to co-work a case:"],
      ["D:g1:g2", "During contact with participants:"],
      ["D:g1:g3", "After contact with the participants"],
    ]);
    for (const g of groups) {
      expect(g.item.code.startsWith(`${g.parentCode}:g`), g.item.code).toBe(true);
      expect(g.item.code).toBe(`${g.parentCode}:g${g.sequence}`);
    }
    expect(criteriaUnder(get("A2(c):g2")).map((c) => c.code)[0]).toBe("A2(c).7");
    expect(criteriaUnder(get("D:g1:g3")).map((c) => c.code)).toEqual(["D.12", "D.13", "D.14"]);
  });

  it("has clean text: no empty strings, markup, conversion artefacts or glued footnote numbers", () => {
    const texts: { where: string; text: string; glued: boolean }[] = [];
    for (const { item } of flat) {
      for (const t of [item.title, item.statement, item.audience]) if (t !== undefined) texts.push({ where: item.code, text: t, glued: true });
      for (const t of bulletTexts(item.bullets)) texts.push({ where: item.code, text: t, glued: true });
      for (const n of item.notes ?? []) {
        for (const t of [n.title, n.text, ...bulletTexts(n.bullets)]) if (t !== undefined) texts.push({ where: `${item.code} note`, text: t, glued: false });
      }
    }
    expect(texts.length).toBeGreaterThan(350);
    for (const { where, text, glued } of texts) {
      expect(text.trim(), where).not.toBe("");
      expect(text, where).toBe(text.trim());
      expect(text, where).not.toMatch(/<\/?sup>|&lt;|\*\*|\$|\^\{|\\,/);
      expect(text, where).not.toMatch(/^(I|II)\.|^[·•-]\s|^\d+\.\s/);
      expect(text, where).not.toMatch(/[·•]/);
      expect(text, where).not.toMatch(/\s{2,}/);
      // a footnote digit glued to a word ("applied2.") or left after it ("accordingly 12.")
      if (glued) expect(text, where).not.toMatch(/[A-Za-z)]\d+[.;:]?$|\s\d+\.?$/);
    }
    for (const { item } of flat.filter((f) => f.item.type === "Criterion")) {
      expect(item.statement, item.code).toBeTruthy();
      expect(item.title, item.code).toBeUndefined();
    }
  });

  it("keeps the first criterion of A1(a) with its bullets, verbatim", () => {
    const c = get("A1(a).1");
    expect(c.statement).toBe("Offer a definition of restorative justice, including reference to:");
    expect(c.bullets).toEqual([
      "victims/persons harmed, offenders/perpetrators and communities;",
      "restorative justice as a process;",
      "the aims of restorative justice, and potential outcomes.",
    ]);
  });

  it("numbers A1(a)'s unnumbered items from their order", () => {
    expect(get("A1(a).3").statement).toBe(
      "Be able to give an explanation of why and how restorative justice works, with reference to a theoretical base (eg conflict resolution theory, theories relating to emotions or social psychology).",
    );
    expect(get("A1(a).6").statement).toBe(
      "Demonstrate an understanding of the principles of restorative justice, as published by the Restorative Justice Consortium in 2004; and the implications of these principles for your own practice.",
    );
    expect(get("A1(a).6").notes).toEqual([{ kind: "footnote", text: "See www.restorativejustice.org.uk" }]);
    expect(get("A1(a).7").statement).toBe("demonstrate a commitment to working with partners in both statutory and voluntary sectors.");
  });

  it("reads a leading I. as 1 and II. as 11", () => {
    expect(get("A2(b).1").statement).toBe("Provide clear and accurate information to individuals and any supporters about:");
    expect(get("A2(b).1").bullets).toHaveLength(9);
    expect(get("A3(a).11").statement).toBe(
      "Where appropriate, help the offender/perpetrator to plan how they could write a letter whilst ensuring that the letter's contents represent their views, taking into consideration:",
    );
    expect(get("A3(a).11").bullets).toHaveLength(6);
    expect(get("B.1").statement).toMatch(/^How participants, or others, can cause harm/);
    expect(get("B.4").statement).toBe("How different kinds of crimes can contain the elements in 1-3 above.");
  });

  it("rejoins the bullets of A2(b).2 that a footnote and page break split off", () => {
    const c = get("A2(b).2");
    expect(c.statement).toBe("Communicate with individuals throughout the process, and encourage them to communicate, in a manner which:");
    expect(c.bullets).toEqual([
      "acknowledges their situation and their needs within the process;",
      "treats them fairly, with dignity and respect, whilst recognising the harm that has been caused;",
      "is appropriate to them;",
      "encourages an open exchange of views;",
      "minimises any constraints to communication;",
      "is free from discrimination and oppression;",
      "addresses each person in the way they wish to be addressed;",
      "allows them the time and space they need in which to make decisions.",
    ]);
    expect(get("A2(b).3").statement).toMatch(/^Explore with individuals the full implications of participation/);
  });

  it("rejoins wrapped lines and drops glued footnote numbers", () => {
    expect(get("A3(b).7").statement).toBe(
      "Assess whether the structure agreed with the participants prior to the meeting is still enabling them to communicate well with one another, and, if not, have the flexibility to change it.",
    );
    expect(get("A2(c).15").statement).toBe(
      "Take into consideration any legal requirements and best practice guidance (for example, around involving parents) and acting on this.",
    );
    expect(get("A2(c).25").statement).toBe(
      "Assess whether you may want to use separate meetings or time out during the course of a face to face meeting, and if so, to plan accordingly.",
    );
    expect(get("A2(a).3").bullets!.at(-1)).toBe("power imbalances between individuals.");
    expect(get("A2(b)").notes).toEqual([
      { kind: "footnote", text: "This section builds on elements of the existing national occupational standard ID2: Prepare individuals for restorative processes." },
    ]);
    expect(get("A3(b)").notes).toEqual([{ kind: "footnote", text: "This section builds on the existing National Occupational Standard ID3." }]);
  });

  it("keeps the last criterion of F verbatim", () => {
    const c = get("F.6");
    expect(c).toBe(criteriaUnder(get("F")).at(-1));
    expect(fullStatement(c)).toBe(
      [
        "Put in place quality assurance of restorative work, including ensuring that:",
        "- all restorative practitioners are working in accordance with the guidance set out in the Section A of this document, including through adequate provision of training;",
        "- all sensitive and complex cases, as defined in Section B, are referred to appropriately skilled and experienced practitioners;",
        "- restorative practitioners have access to case supervision, and emotional support, which accords with the guidance set out in Section E either providing it yourself or contracting it out;",
        "- information on outcomes of cases, for example feedback from some participants, is collected and used to inform and develop strategy and practice; and",
        "- restorative work is accessible and sensitive to all sections of the community.",
      ].join("\n"),
    );
  });

  it("keeps guidance that is not a criterion in notes", () => {
    expect(get("A1").notes).toEqual([
      {
        kind: "note",
        text: "In addition to the restorative justice-specific knowledge outlined here, practitioners will need to have underpinning knowledge relating to work with victims/persons harmed and offenders/perpetrators, and relevant to their own professional setting (for example, schools work), including full knowledge of the statutory basis for their work.",
      },
    ]);
    const d = get("D").notes!.filter((n) => n.kind === "guidance");
    expect(d.map((n) => [n.title, n.bullets!.length])).toEqual([
      ["Specific types of case needing co-working", 3],
      ["Co-working for learning, case supervision and ongoing professional development", 2],
      ["Co-working for practical reasons", 1],
    ]);
    const footnotes = flat.flatMap((f) => (f.item.notes ?? []).filter((n) => n.kind === "footnote"));
    expect(footnotes).toHaveLength(21); // footnotes 2-22 of the seed (footnote 1 belongs to Part 1)
    for (const s of ["B", "C", "D", "E", "F"]) expect(get(s).notes!.some((n) => n.kind === "introduction"), s).toBe(true);
  });

  const SEED_DIR = resolve(STANDARDS_DIR, "..", "..", "shared", "seeds");
  describe.skipIf(!existsSync(join(SEED_DIR, "004_df13587e2617014a.txt")))("against the seed", () => {
    const seed = existsSync(join(SEED_DIR, "004_df13587e2617014a.txt")) ? readFileSync(join(SEED_DIR, "004_df13587e2617014a.txt"), "utf8") : "";
    const summary = existsSync(join(SEED_DIR, "001_0fa7f11289965413.txt")) ? readFileSync(join(SEED_DIR, "001_0fa7f11289965413.txt"), "utf8") : "";
    // The seed's text of sections A-F, with markup, bullet signs and numbering removed and lines rejoined.
    const partTwo = seed.slice(seed.indexOf("## Section A Core restorative practice"), seed.indexOf("#### Part 3 Annexes"));
    const cleaned = partTwo
      .replace(/\$?<sup>[^<]*<\/sup>\$?|lt;sup>\d+<\/sup>/g, "")
      .replace(/^\s*(- )?(I\.|II\.|\d+\.)?\s*[·•]?\s*/gm, "")
      .replace(/\s+/g, " ");

    it("finds every criterion statement and bullet in the seed (allowing for the recorded repairs)", () => {
      const repaired: Record<string, string> = {
        "How different kinds of crimes can contain the elements in 1-3 above.": "How different kinds of crimes can contain the elements in I-3 above.",
        "Take into consideration any legal requirements and best practice guidance (for example, around involving parents) and acting on this.":
          "Take into consideration any legal requirements and best practice guidance (for example, around involving parents) and acting on this 11.",
        "Assess whether you may want to use separate meetings or time out during the course of a face to face meeting, and if so, to plan accordingly.":
          "Assess whether you may want to use separate meetings or time out during the course of a face to face meeting, and if so, to plan accordingly 12.",
        "Apply, wherever appropriate, restorative principles and core skills, consistent with part 1 of Section A of this guidance, in the supervision process.":
          "Apply, wherever appropriate, restorative principles and core skills, consistent with part I of Section A of this guidance, in the supervision process.",
      };
      for (const { item } of flat.filter((f) => f.item.type === "Criterion")) {
        for (const t of [item.statement!, ...bulletTexts(item.bullets)]) expect(cleaned, item.code).toContain(repaired[t] ?? t);
      }
    });

    it("takes each section's audience from the summary page", () => {
      const flatSummary = summary.replace(/\s*•\s*/g, " ").replace(/\s+/g, " ");
      for (const s of ["A", "C", "D", "E", "F"]) expect(flatSummary, s).toContain(get(s).audience!);
    });
  });
});
