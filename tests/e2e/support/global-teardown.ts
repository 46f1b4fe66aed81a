/** Removes the temporary test database and evidence folder made for this run. */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";

export default async function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (process.env.E2E_KEEP_DATA) {
    console.log(`Kept the e2e data in ${dir}`);
    return;
  }
  // Only ever a folder this run made under the system temporary folder.
  if (dir && dir.startsWith(tmpdir()) && /rj-portal-e2e-/.test(dir)) rmSync(dir, { recursive: true, force: true });
}
