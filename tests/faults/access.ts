/**
 * The access part of `npm run test:faults`: runs the access matrix (tests/integration/access-matrix.test.ts)
 * with ACCESS_MATRIX_REPORT set, and reads the summary it writes.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/portal";

export type AccessFigures = { routes_checked: number; cells_checked: number; unexpected_access: number; server_errors: number; findings: string[]; exitCode: number };

export async function runAccessMatrix(o: { log?: (s: string) => void } = {}): Promise<AccessFigures> {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "faults-access-"));
  const report = join(dir, "access-matrix.json");
  try {
    let output = "";
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn("npx", ["vitest", "run", "tests/integration/access-matrix.test.ts"], { cwd: ROOT, env: { ...process.env, ACCESS_MATRIX_REPORT: report }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.once("exit", (code) => resolve(code ?? 1));
    });
    if (!existsSync(report)) {
      log(output);
      return { routes_checked: 0, cells_checked: 0, unexpected_access: 0, server_errors: 0, findings: [`the access matrix wrote no report (vitest exited ${exitCode}); its output is above`], exitCode };
    }
    const r = JSON.parse(readFileSync(report, "utf8")) as { routes_checked: number; cells_checked: number; unexpected_access: number; unexpected: string[]; refused_posts_that_changed: string[]; errors: string[] };
    const findings = [...r.unexpected.map((u) => `access: ${u}`), ...r.refused_posts_that_changed.map((c) => `access (refused but changed): ${c}`), ...r.errors.map((e) => `access (500): ${e}`)];
    if (exitCode !== 0 && !findings.length) findings.push(`access: the access-matrix test failed (exit ${exitCode}) although every cell matched:\n${output.slice(-4000)}`);
    return { routes_checked: r.routes_checked, cells_checked: r.cells_checked, unexpected_access: r.unexpected_access + r.refused_posts_that_changed.length, server_errors: r.errors.length, findings, exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
