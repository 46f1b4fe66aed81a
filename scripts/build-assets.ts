/**
 * Builds the design-system assets into public/assets: the stylesheet (GOV.UK Frontend and MoJ
 * Frontend compiled in Arial), their JavaScript and images. Runs before `remix build`.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "public", "assets");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "app/styles/portal.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  loadPaths: [root],
  quietDeps: true,
  logger: sass.Logger.silent,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "portal.css"), css.css);

const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets/images"), join(out, "images"), { recursive: true });
cpSync(join(root, "node_modules/@ministryofjustice/frontend/moj/assets/images"), join(out, "images"), { recursive: true });
cpSync(join(root, "node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js"), join(out, "moj-frontend.min.js"));
console.log(`Design-system assets written to ${out} (${Math.round(css.css.length / 1024)} KB of CSS)`);
// Starts the design system's JavaScript (progressive enhancement only: every page works without it).
writeFileSync(
  join(out, "init.js"),
  `import { initAll } from "/assets/govuk-frontend.min.js";\ninitAll();\n`,
);
