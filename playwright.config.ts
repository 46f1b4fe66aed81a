/**
 * End-to-end tests in Debian's Chromium against the built portal.
 *   npm run build && npx playwright test
 *
 * Every run starts the server on an empty database in a new temporary folder, so the demo data is
 * seeded afresh (the global setup checks that it was). The folder is chosen once, in the process
 * that loads this file first, and passed on through E2E_DATA_DIR: the web server, the global setup
 * and the test workers all inherit it; the global teardown removes it (E2E_KEEP_DATA=1 keeps it).
 * The global setup then gives each demo user a known test password (tests/e2e/support/accounts.ts).
 */
import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.E2E_PORT ?? 3300);
process.env.E2E_PORT = String(port);
// A new, not yet existing folder: the portal creates it (and the database in it) when it starts.
process.env.E2E_DATA_DIR ??= join(tmpdir(), `rj-portal-e2e-${process.pid}-${randomBytes(6).toString("hex")}`);
const dataDir = process.env.E2E_DATA_DIR;
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "./test-results/e2e",
  globalSetup: "./tests/e2e/support/global-setup.ts",
  globalTeardown: "./tests/e2e/support/global-teardown.ts",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: 2,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    locale: "en-GB",
    timezoneId: "Europe/London",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    // The build is done beforehand (npm test runs it); this only migrates, seeds and serves.
    command: "npx tsx scripts/start.ts",
    url: `${baseURL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "test",
      PORT: String(port),
      DATABASE_PATH: join(dataDir, "portal.db"),
      EVIDENCE_DIR: join(dataDir, "evidence"),
    },
  },
});
