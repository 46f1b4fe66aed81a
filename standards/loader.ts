/**
 * Reads and validates every file under standards/. Fails with the file, the path inside it and the problem.
 * No database here: the importer (scripts/) and the tests use what this returns.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { z } from "zod";
import { crosswalk, framework, programme, type Bullet, type Crosswalk, type Framework, type Item, type Programme } from "./schema";

export const STANDARDS_DIR = dirname(fileURLToPath(import.meta.url));

export class StandardsError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`${file}:\n${problems.map((p) => `  at ${p.path || "(top)"}: ${p.message}`).join("\n")}`);
    this.name = "StandardsError";
  }
}

function parseFile<T extends z.ZodType>(schema: T, file: string, root: string): z.infer<T> {
  const shown = relative(root, file);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"), { prettyErrors: true });
  } catch (e) {
    throw new StandardsError(shown, [{ path: "", message: `not valid YAML: ${(e as Error).message}` }]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new StandardsError(
      shown,
      result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(dir, f));

/** Every standards file under `root` (framework versions, crosswalks, programmes), relative path first. */
export function standardsFiles(root = STANDARDS_DIR): string[] {
  return readdirSync(root)
    .sort()
    .filter((entry) => statSync(join(root, entry)).isDirectory())
    .flatMap((entry) => yamlFiles(join(root, entry)));
}

export type Standards = { frameworks: Framework[]; crosswalks: Crosswalk[]; programmes: Programme[] };

/** Every framework version, crosswalk and programme, validated and cross-checked. */
export function loadStandards(root = STANDARDS_DIR): Standards {
  const frameworks: Framework[] = [];
  const crosswalks: Crosswalk[] = [];
  const programmes: Programme[] = [];
  for (const entry of readdirSync(root).sort()) {
    const dir = join(root, entry);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of yamlFiles(dir)) {
      if (entry === "crosswalk") crosswalks.push(parseFile(crosswalk, file, root));
      else if (entry === "programmes") programmes.push(parseFile(programme, file, root));
      else {
        const fw = parseFile(framework, file, root);
        const expected = `${fw.framework}/${fw.version}.yaml`;
        if (relative(root, file) !== expected)
          throw new StandardsError(relative(root, file), [{ path: "framework", message: `file must be at ${expected}` }]);
        frameworks.push(fw);
      }
    }
  }
  checkReferences({ frameworks, crosswalks, programmes }, root);
  return { frameworks, crosswalks, programmes };
}

/** The newest version of a framework (versions sort as strings: use ISO dates or zero-padded numbers). */
export function latest(frameworks: Framework[], slug: string): Framework | undefined {
  return frameworks.filter((f) => f.framework === slug).sort((a, b) => b.version.localeCompare(a.version))[0];
}

export function findFramework(frameworks: Framework[], slug: string, version?: string) {
  return version ? frameworks.find((f) => f.framework === slug && f.version === version) : latest(frameworks, slug);
}

function checkReferences({ frameworks, crosswalks, programmes }: Standards, root: string) {
  const codes = new Map(frameworks.map((f) => [`${f.framework}@${f.version}`, new Set(flatten(f.items).map((x) => x.item.code))]));
  const has = (slug: string, version: string | undefined, code: string) => {
    const fw = findFramework(frameworks, slug, version);
    return !!fw && codes.get(`${fw.framework}@${fw.version}`)!.has(code);
  };
  for (const cw of crosswalks) {
    const problems = cw.links.flatMap((l, i) =>
      (["from", "to"] as const)
        .filter((end) => !has(l[end].framework, l[end].version, l[end].code))
        .map((end) => ({ path: `links.${i}.${end}`, message: `no item ${l[end].framework}${l[end].version ? "@" + l[end].version : ""} ${l[end].code}` })),
    );
    if (problems.length) throw new StandardsError(`crosswalk/${cw.version}.yaml`, problems);
  }
  const slugs = new Set(programmes.map((p) => p.slug));
  for (const p of programmes) {
    const problems = p.requirements.flatMap((r, i) =>
      r.codes.filter((c) => !has(r.framework, r.version, c)).map((c) => ({ path: `requirements.${i}.codes`, message: `no item ${r.framework}@${r.version} ${c}` })),
    );
    for (const s of p.prerequisite?.satisfiedBy ?? []) if (!slugs.has(s)) problems.push({ path: "prerequisite.satisfiedBy", message: `no programme ${s}` });
    if (problems.length) throw new StandardsError(relative(root, join(root, "programmes", `${p.slug}.yaml`)), problems);
  }
}

export type FlatItem = { item: Item; parentCode: string | null; depth: number; sequence: number; path: string[] };

/** Depth-first, in document order; `sequence` is the position among siblings (1-based). */
export function flatten(items: Item[], parentCode: string | null = null, depth = 0, path: string[] = []): FlatItem[] {
  return items.flatMap((item, i) => [
    { item, parentCode, depth, sequence: i + 1, path },
    ...(item.children ? flatten(item.children, item.code, depth + 1, [...path, item.code]) : []),
  ]);
}

const bulletLines = (bullets: Bullet[], indent = ""): string[] =>
  bullets.flatMap((b) => (typeof b === "string" ? [`${indent}- ${b}`] : [`${indent}- ${b.text}`, ...bulletLines(b.bullets, indent + "  ")]));

/** The whole text of an item, sub-bullets included (CASE fullStatement). */
export function fullStatement(item: Item): string {
  const head = item.statement ?? item.title ?? "";
  return item.bullets ? [head, ...bulletLines(item.bullets)].join("\n") : head;
}
