/**
 * Who the end-to-end tests sign in as. The demo users are the ones the portal seeds on an empty
 * database (scripts/demo-data.ts); the global setup replaces their random passwords with
 * TEST_PASSWORD and adds a few accounts that only one test each uses, so that one test's failed
 * sign-ins cannot throttle another test's account.
 */
import type { Role } from "../../../db/schema";
import { DEMO_COMMISSIONER, DEMO_PROVIDER, DEMO_SECOND_PROVIDER, DEMO_USERS } from "../../../scripts/demo-data";

/** A test-only password, set directly in the temporary test database. Never used by app code. */
export const TEST_PASSWORD = "e2e-only correct horse battery staple";

export type Account = { role: Role; name: string; email: string; label: string };

/** What each role's dashboard caption and header call the role. */
export const ROLE_LABELS: Record<Role, string> = {
  candidate: "Candidate",
  assessor: "Assessor",
  iqa: "Internal quality assurer",
  provider_admin: "Provider admin",
  commissioner: "Commissioner",
  admin: "Admin",
};

export const ROLES = DEMO_USERS.map((u) => u.role);

export const demoAccount = (role: Role): Account => {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`No demo user has the role ${role}`);
  return { ...user, label: ROLE_LABELS[role] };
};

/** Extra accounts in the demo provider, each for one test (or one purpose) only. */
export const EXTRA_ACCOUNTS = {
  /** Gets one wrong password. */
  wrongPassword: { role: "candidate", name: "Gus Wrong-Password", email: "wrong-password@e2e.example.org", label: "Candidate" },
  /** Gets five wrong passwords and is then throttled. */
  throttled: { role: "candidate", name: "Hal Throttled", email: "throttled@e2e.example.org", label: "Candidate" },
  /** Signs in and out without JavaScript. */
  noScript: { role: "candidate", name: "Ivy No-Script", email: "no-script@e2e.example.org", label: "Candidate" },
  /** Signs in with the keyboard only. */
  keyboard: { role: "assessor", name: "Jo Keyboard", email: "keyboard@e2e.example.org", label: "Assessor" },
  /**
   * The assessor and IQA the portfolio tests allocate to the candidates they enrol. Not the demo
   * assessor and IQA: other tests check that those have no candidates allocated.
   */
  portfolioAssessor: { role: "assessor", name: "Pat Portfolio-Assessor", email: "portfolio-assessor@e2e.example.org", label: "Assessor" },
  portfolioIqa: { role: "iqa", name: "Quinn Portfolio-IQA", email: "portfolio-iqa@e2e.example.org", label: "Internal quality assurer" },
} satisfies Record<string, Account>;

export { DEMO_COMMISSIONER, DEMO_PROVIDER, DEMO_SECOND_PROVIDER };

/**
 * A provider the global setup adds and no commissioner commissions (the demo commissioner
 * commissions both demo providers), so tests can check a commissioner does not see it.
 */
export const UNCOMMISSIONED_PROVIDER = { name: "Southmere Restorative Services (e2e)", centreNumber: "90002" };

export function databasePath(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set: run the tests with `npx playwright test`, which sets it in playwright.config.ts");
  return `${dir}/portal.db`;
}
