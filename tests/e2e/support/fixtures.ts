/**
 * The test object the specs use: Playwright's, plus the page objects and a way to sign in as a role.
 *   import { test, expect } from "./support/fixtures";
 */
import { test as base, expect, type Page } from "@playwright/test";
import type { Role } from "../../../db/schema";
import { DashboardPage } from "../pages/DashboardPage";
import { SignInPage } from "../pages/SignInPage";
import { TEST_PASSWORD, demoAccount, type Account } from "./accounts";

/** Signs in through the real form and returns the dashboard it lands on. */
export async function signInAs(page: Page, who: Role | Account): Promise<DashboardPage> {
  const account = typeof who === "string" ? demoAccount(who) : who;
  const signInPage = await SignInPage.visit(page);
  return signInPage.signIn(account.email, TEST_PASSWORD);
}

/** The name of the session cookie, which holds only a random token (the database holds its hash). */
export const SESSION_COOKIE = "portal_session";

export async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
}

/** Whether the browser's session is signed in, asked of the server without following the page along. */
export async function isSignedIn(page: Page): Promise<boolean> {
  const response = await page.request.get("/dashboard", { maxRedirects: 0 });
  if (response.status() === 200) return true;
  expect(response.status(), "an anonymous /dashboard should redirect").toBe(302);
  expect(response.headers()["location"]).toMatch(/^\/sign-in\?redirectTo=%2Fdashboard$/);
  return false;
}

export const test = base.extend<{ signInPage: SignInPage; signInAs: (who: Role | Account) => Promise<DashboardPage>; noPageErrors: void }>({
  // Every test fails on an uncaught error in the page, a failed hydration among them (the server's
  // HTML and the browser's render disagreeing, as when Node and Chromium format a time differently).
  noPageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on("weberror", (e) => errors.push(e.error().message));
      await use();
      expect(errors, "errors thrown in the page").toEqual([]);
    },
    { auto: true },
  ],
  signInPage: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
  signInAs: async ({ page }, use) => {
    await use((who) => signInAs(page, who));
  },
});

export { expect };
