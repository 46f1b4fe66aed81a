/** Issue 3, end-to-end: signing out ends the session on the server, with and without JavaScript. */
import { DashboardPage } from "./pages/DashboardPage";
import { SignInPage } from "./pages/SignInPage";
import { EXTRA_ACCOUNTS, TEST_PASSWORD } from "./support/accounts";
import { expect, isSignedIn, sessionCookie, test } from "./support/fixtures";

test("signing out ends the server session, so the old cookie no longer works", async ({ page, browser, baseURL, signInAs }) => {
  const dashboard = await signInAs("iqa");
  const cookie = await sessionCookie(page);
  expect(cookie, "signed in with a session cookie").toBeDefined();

  await dashboard.signOut();
  const signInPage = await SignInPage.verifyOnPage(page);
  await expect(signInPage.signedOutMessage).toBeVisible();
  await expect(signInPage.headerSignInLink).toBeVisible();
  expect(await sessionCookie(page), "the browser's cookie is cleared").toBeUndefined();

  await page.goto("/dashboard");
  const url = new URL(page.url());
  expect(url.pathname + url.search).toBe("/sign-in?redirectTo=%2Fdashboard");

  // Someone who kept a copy of the cookie cannot use it: the session is gone from the server.
  const context = await browser.newContext({ baseURL });
  try {
    await context.addCookies([cookie!]);
    const replay = await context.request.get("/dashboard", { maxRedirects: 0 });
    expect(replay.status()).toBe(302);
    expect(replay.headers()["location"]).toBe("/sign-in?redirectTo=%2Fdashboard");
    const other = await context.newPage();
    await other.goto("/dashboard");
    await SignInPage.verifyOnPage(other);
  } finally {
    await context.close();
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signing in and out still work", async ({ page }) => {
    const account = EXTRA_ACCOUNTS.noScript;
    const signInPage = await SignInPage.visit(page);

    // A form error comes back as a whole page.
    const invalid = await signInPage.submit("", "");
    expect(invalid.status()).toBe(400);
    await expect(signInPage.errorSummary.getByRole("listitem")).toHaveText(["Enter your email address", "Enter your password"]);

    const response = await signInPage.submit(account.email, TEST_PASSWORD);
    expect(response.status()).toBe(302);
    await page.waitForURL("**/dashboard");
    const dashboard = await DashboardPage.verifyOnPage(page);
    await expect(dashboard.heading).toHaveText(`Welcome, ${account.name}`);
    expect(await isSignedIn(page)).toBe(true);

    await dashboard.signOut();
    await expect((await SignInPage.verifyOnPage(page)).signedOutMessage).toBeVisible();
    expect(await isSignedIn(page)).toBe(false);
  });
});
