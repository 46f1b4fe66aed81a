/**
 * People the portfolio tests make for themselves, so each test starts from a candidate with an
 * empty portfolio and can run again (or twice in one run) without meeting another test's evidence.
 *
 * A candidate's account is written straight into the test database, as the global setup writes the
 * demo users' passwords (adding users through the portal is tested by the user-management specs);
 * enrolling them is done through the portal, as a provider admin would.
 */
import { test, type Browser, type BrowserContext, type BrowserContextOptions } from "@playwright/test";
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../../db/connection";
import { memberships, providers, users } from "../../../db/schema";
import { hashPassword } from "../../../app/lib/password.server";
import { NewEnrolmentPage } from "../pages/NewEnrolmentPage";
import { DEMO_PROVIDER, EXTRA_ACCOUNTS, TEST_PASSWORD, databasePath, type Account } from "./accounts";
import { signInAs } from "./fixtures";

/** One scrypt hash of TEST_PASSWORD per worker: hashing is slow on purpose, and the salt need not differ between test accounts. */
let passwordHash: Promise<string> | undefined;

/** A new candidate of a provider (the demo provider unless named), who can sign in with TEST_PASSWORD. */
export async function addCandidate(name: string, providerName: string = DEMO_PROVIDER.name): Promise<Account> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const slug = name.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "");
  const account: Account = { role: "candidate", name, email: `${slug}-${randomBytes(4).toString("hex")}@e2e.example.org`, label: "Candidate" };
  const db = openDatabase(databasePath());
  try {
    const provider = db.select().from(providers).where(eq(providers.name, providerName)).get();
    if (!provider) throw new Error(`No provider called ${providerName} in the test database`);
    const id = randomUUID();
    const now = Date.now();
    db.$client.transaction(() => {
      db.insert(users).values({ id, email: account.email, name: account.name, passwordHash: hash, createdAt: now }).run();
      db.insert(memberships).values({ id: randomUUID(), userId: id, role: "candidate", providerId: provider.id, commissionerId: null, createdAt: now }).run();
    })();
  } finally {
    db.$client.close();
  }
  return account;
}

export const PROGRAMMES = {
  supervisor: "Supervisor competency check (version 1)",
  level4: "BTEC Level 4 Professional Award in Restorative Justice Approaches (version 1)",
} as const;

/** A provider's own reference for a candidate: letters, numbers and hyphens, unique in the provider. */
export const candidateNumber = () => `E2E-${randomBytes(4).toString("hex").toUpperCase()}`;

/**
 * The demo provider admin, in a browser of their own, enrols the candidate on the programme with
 * the portfolio tests' assessor and IQA; returns the new enrolment's id.
 */
export async function enrolThroughPortal(browser: Browser, candidate: Account, programme: keyof typeof PROGRAMMES = "supervisor"): Promise<string> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await signInAs(page, "provider_admin");
    const form = await NewEnrolmentPage.visit(page);
    const enrolment = await form.enrol({
      candidate,
      programme: PROGRAMMES[programme],
      candidateNumber: candidateNumber(),
      assessor: EXTRA_ACCOUNTS.portfolioAssessor,
      iqa: EXTRA_ACCOUNTS.portfolioIqa,
    });
    return enrolment.enrolmentId();
  } finally {
    await context.close();
  }
}

/** Another browser (its own cookies) with the project's settings: the portal's address, en-GB, London time. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const use = test.info().project.use;
  return browser.newContext({ baseURL: use.baseURL, locale: use.locale, timezoneId: use.timezoneId, ...options });
}
