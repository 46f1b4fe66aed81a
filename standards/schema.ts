/**
 * The shape of a framework file in `standards/<framework>/<version>.yaml`.
 * Everything here is plain data transcribed from ../shared/seeds; nothing in this folder imports from app/.
 */
import { z } from "zod";

export const ITEM_TYPES = [
  // Best practice guidance (Dec 2004)
  "Section",
  "Part",
  "Group",
  "Criterion",
  // NOS unit
  "Element",
  "Performance Criterion",
  "Knowledge and Understanding",
  // BTEC Level 4 award
  "Learning Outcome",
  "Objective",
  // Role profile
  "Accountability",
  "Person Specification",
] as const;
export const itemType = z.enum(ITEM_TYPES);
export type ItemType = z.infer<typeof itemType>;

/** Items a candidate can be assessed against (everything else is structure). */
export const ASSESSABLE_TYPES: readonly ItemType[] = [
  "Criterion",
  "Performance Criterion",
  "Knowledge and Understanding",
  "Learning Outcome",
  "Objective",
  "Accountability",
  "Person Specification",
];

const text = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((s) => !/<\/?[a-z][^>]*>|\*\*|\$|\^\{/i.test(s), "contains markup left over from the conversion")
  .refine((s) => !/^(I|II|·|•)[.\s]/.test(s), "starts with a conversion artefact (I., II., or a bullet sign)");

/** A bullet may have bullets of its own (one more level is all the seeds use). */
export const bullet = z.union([text, z.object({ text, bullets: z.array(text).min(1) }).strict()]);
export type Bullet = z.infer<typeof bullet>;

export const note = z
  .object({
    kind: z.enum(["introduction", "note", "footnote", "guidance"]),
    title: text.optional(),
    text: text.optional(),
    bullets: z.array(bullet).min(1).optional(),
  })
  .strict()
  .refine((n) => n.text || n.bullets, "a note needs text or bullets");
export type Note = z.infer<typeof note>;

/** Codes are the humanCodingScheme of the CASE export: A, A1(a), A1(a).3, B.7, P4, K12, LO3, OB2, AC5, PS1 … */
const code = z.string().regex(/^[A-Za-z0-9().:-]+$/, "codes use letters, digits and ( ) . : - only");

export type Item = {
  type: ItemType;
  code: string;
  title?: string;
  statement?: string;
  bullets?: Bullet[];
  audience?: string;
  notes?: Note[];
  children?: Item[];
};

export const item: z.ZodType<Item> = z.lazy(() =>
  z
    .object({
      type: itemType,
      code,
      /** Heading of a structural item (section, part, group, element). */
      title: text.optional(),
      /** The words of an assessable item, without its sub-bullets. */
      statement: text.optional(),
      /** Sub-bullets that are part of the item's statement. */
      bullets: z.array(bullet).min(1).optional(),
      /** Who a section is for (guidance sections, from the summary page). */
      audience: text.optional(),
      /** Text that is guidance rather than a criterion: introductions, notes, footnotes. */
      notes: z.array(note).min(1).optional(),
      children: z.array(item).min(1).optional(),
    })
    .strict()
    .superRefine((it, ctx) => {
      const assessable = ASSESSABLE_TYPES.includes(it.type);
      if (assessable && !it.statement) ctx.addIssue({ code: "custom", message: `a ${it.type} needs a statement`, path: ["statement"] });
      if (!assessable && !it.title) ctx.addIssue({ code: "custom", message: `a ${it.type} needs a title`, path: ["title"] });
    }),
);

export const attribute = z
  .object({ key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), label: text, text: text.optional(), bullets: z.array(bullet).min(1).optional() })
  .strict()
  .refine((a) => a.text || a.bullets, "an attribute needs text or bullets");

export const framework = z
  .object({
    framework: z.string().regex(/^[a-z0-9-]+$/, "framework slugs are lower case words joined by hyphens"),
    version: z.string().regex(/^[0-9A-Za-z.-]+$/),
    title: text,
    shortTitle: text,
    publisher: text,
    /** Publication date as the source gives it, ISO format (YYYY or YYYY-MM or YYYY-MM-DD). */
    published: z.string().regex(/^\d{4}(-\d{2}){0,2}$/).optional(),
    /** The seed file it was transcribed from. */
    source: z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/),
    language: z.literal("en-GB"),
    description: text,
    /** Framework-level facts shown on its page: summary, target group, aim, level descriptor, centre number … */
    attributes: z.array(attribute).default([]),
    /** Learning hours (award only). */
    hours: z
      .object({ total: z.number().int().positive(), components: z.array(z.object({ title: text, hours: z.number().int().positive() }).strict()).min(1) })
      .strict()
      .refine((h) => h.components.reduce((s, c) => s + c.hours, 0) === h.total, "component hours must add up to the total")
      .optional(),
    items: z.array(item).min(1),
  })
  .strict()
  .superRefine((fw, ctx) => {
    const seen = new Map<string, string>();
    const walk = (items: Item[], path: (string | number)[]) =>
      items.forEach((it, i) => {
        const p = [...path, i];
        if (seen.has(it.code)) ctx.addIssue({ code: "custom", message: `duplicate code ${it.code} (first at ${seen.get(it.code)})`, path: [...p, "code"] });
        else seen.set(it.code, p.join("."));
        if (it.children) walk(it.children, [...p, "children"]);
      });
    walk(fw.items, ["items"]);
  });
export type Framework = z.infer<typeof framework>;

/** A reference to an item in a framework; version omitted means the framework's only/latest version. */
export const ref = z.object({ framework: z.string(), version: z.string().optional(), code }).strict();
export type Ref = z.infer<typeof ref>;

export const RELATIONS = ["restates", "depends-on", "draws-on", "requires"] as const;
export const crosswalk = z
  .object({
    version: z.string(),
    title: text,
    links: z
      .array(
        z
          .object({
            from: ref,
            to: ref,
            /** restates → CASE exactMatchOf; the others → isRelatedTo */
            relation: z.enum(RELATIONS),
            rationale: text,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Crosswalk = z.infer<typeof crosswalk>;

export const programme = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    version: z.string(),
    title: text,
    description: text,
    /** What must be in place before this programme can be achieved, in words and as programmes that satisfy it. */
    prerequisite: z.object({ description: text, satisfiedBy: z.array(z.string()).min(1) }).strict().optional(),
    /** Items that must all be met, grouped as they are shown to a candidate. */
    requirements: z
      .array(
        z
          .object({
            title: text,
            framework: z.string(),
            version: z.string(),
            codes: z.array(code).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Programme = z.infer<typeof programme>;
