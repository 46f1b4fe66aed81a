/**
 * Bundles the PDF worker (app/lib/pdf/worker.ts) into build/pdf-worker.js, which the built portal
 * starts for each PDF in plain Node (ADR 0008). The packages (pdfkit, the fonts) stay in
 * node_modules and are loaded from there. Runs after `remix build`.
 */
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "build", "pdf-worker.js");
const result = await build({
  entryPoints: [join(root, "app/lib/pdf/worker.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  metafile: true,
  logLevel: "warning",
});
const inputs = Object.keys(result.metafile.inputs);
// The worker must not drag the database or the domain in (worker.ts says why).
const server = inputs.filter((f) => /\.server\.tsx?$/.test(f) || f.startsWith("db/"));
if (server.length) throw new Error(`The PDF worker imports server modules: ${server.join(", ")}`);
const size = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].bytes;
console.log(`PDF worker written to ${outfile} (${inputs.length} modules, ${Math.round(size / 1024)} KB)`);
