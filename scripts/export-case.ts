/**
 * Exports the standards as 1EdTech CASE 1.0 packages: one CFPackage JSON per framework version,
 * named <framework>-<version>.json. Deterministic: re-exporting the same files gives identical bytes.
 *   npm run standards:export -- --out DIR [--base-url https://portal.example] [--standards DIR]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { casePackage, DEFAULT_BASE_URL, normaliseBaseUrl, packageFileName, packageJson } from "../standards/case";
import { loadStandards, type Standards } from "../standards/loader";

export type ExportResult = { file: string; items: number; associations: number }[];

export function exportCase(options: { out: string; baseUrl?: string; standards?: Standards }): ExportResult {
  const standards = options.standards ?? loadStandards();
  const baseUrl = normaliseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  mkdirSync(options.out, { recursive: true });
  return standards.frameworks.map((fw) => {
    const pkg = casePackage(standards, fw, { baseUrl });
    const file = join(options.out, packageFileName(fw));
    writeFileSync(file, packageJson(pkg));
    return { file, items: pkg.CFItems.length, associations: pkg.CFAssociations.length };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const { values } = parseArgs({
      options: { out: { type: "string" }, "base-url": { type: "string" }, standards: { type: "string" }, help: { type: "boolean" } },
      strict: true,
    });
    if (values.help || !values.out) {
      console.log("Usage: npm run standards:export -- --out DIR [--base-url URL] [--standards DIR]");
      console.log(`  --base-url  absolute base of the uri values (default ${DEFAULT_BASE_URL})`);
      process.exitCode = values.help ? 0 : 2;
    } else {
      const written = exportCase({
        out: resolve(values.out),
        baseUrl: values["base-url"],
        standards: values.standards ? loadStandards(resolve(values.standards)) : undefined,
      });
      for (const w of written) console.log(`${w.file}: ${w.items} items, ${w.associations} associations`);
      console.log(`Exported ${written.length} CASE package(s).`);
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
