/** Issue 3, end-to-end: signing in as each role, wrong passwords, throttling, the keyboard, and coming back to a deep link. */
import type { Role } from "../../db/schema";
import { DashboardPage } from "./pages/DashboardPage";
import { SignInPage } from "./pages/SignInPage";
import { DEMO_COMMISSIONER, DEMO_PROVIDER, DEMO_SECOND_PROVIDER, EXTRA_ACCOUNTS, ROLES, TEST_PASSWORD, demoAccount } from "./support/accounts";
import { expect, isSignedIn, sessionCookie, test } from "./support/fixtures";

/** What only this role's dashboard shows. */
const roleContent: Record<Role, (dashboard: DashboardPage) => Promise<void>> = {
  candidate: async ({ page }) => {
    await expect(page.locator("main")).toContainText(`Your provider is ${DEMO_PROVIDER.name}.`);
    await expect(page.locator("main")).toContainText("You are not enrolled on a programme yet.");
  },
  assessor: async ({ page }) => {
    await expect(page.locator("main")).toContainText(`Your provider is ${DEMO_PROVIDER.name}.`);
    await expect(page.locator("main")).toContainText("No candidates are allocated to you yet.");
  },
  iqa: async ({ page }) => {
    await expect(page.locator("main")).toContainText(`Your provider is ${DEMO_PROVIDER.name}.`);
    await expect(page.locator("main")).toContainText("No candidates are allocated to you yet.");
  },
  provider_admin: async ({ page, summaryList }) => {
    await expect(page.locator("main")).toContainText(`You manage ${DEMO_PROVIDER.name} (centre ${DEMO_PROVIDER.centreNumber}).`);
    await expect(summaryList).toContainText("Candidates");
    await expect(page.getByRole("link", { name: "Add a user" })).toBeVisible();
  },
  commissioner: async ({ page }) => {
    await expect(page.locator("main")).toContainText(`You audit training commissioned by ${DEMO_COMMISSIONER}.`);
    await expect(page.getByRole("heading", { level: 2, name: "Providers you commission" })).toBeVisible();
    const list = page.locator("main ul.govuk-list--bullet");
    await expect(list).toContainText(DEMO_PROVIDER.name);
    // Only the providers it commissions: the second demo provider is not one of them.
    await expect(list).not.toContainText(DEMO_SECOND_PROVIDER.name);
  },
  admin: async (dashboard) => {
    for (const key of ["Training providers", "Commissioners", "User accounts"]) await expect(dashboard.summaryRow(key).locator("dd")).toHaveText(/^\d+$/);
    await expect(dashboard.page.getByRole("link", { name: "Manage providers" })).toBeVisible();
  },
};

test.describe("Signing in as each role", () => {
  for (const role of ROLES) {
    const account = demoAccount(role);
    test(`${account.label} signs in and lands on their dashboard`, async ({ page, signInAs }) => {
      const dashboard = await signInAs(role);
      await expect(dashboard.roleCaption).toHaveText(account.label);
      await expect(dashboard.heading).toHaveText(`Welcome, ${account.name}`);
      await expect(dashboard.signedInAs).toHaveText(`Signed in as ${account.name} (${account.label})`);
      await roleContent[role](dashboard);
      // Nobody but the admin sees the admin's figures.
      if (role !== "admin") await expect(page.locator("main")).not.toContainText("Training providers");
    });
  }
});

test.describe("Signing in with the wrong details", () => {
  test("a wrong password shows the error summary, keeps the email and does not sign in", async ({ page }) => {
    const account = EXTRA_ACCOUNTS.wrongPassword;
    const signInPage = await SignInPage.visit(page);
    const response = await signInPage.submit(account.email, "not the right password");
    expect(response.status()).toBe(400);
    await signInPage.expectError("Your email address or password is incorrect");
    await expect(signInPage.errorSummary).toBeFocused();
    await expect(signInPage.emailInput).toHaveValue(account.email);
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(await sessionCookie(page)).toBeUndefined();
    expect(await isSignedIn(page)).toBe(false);
    // The summary's link takes you to the field.
    await signInPage.errorSummary.getByRole("link", { name: "Your email address or password is incorrect" }).click();
    await expect(signInPage.emailInput).toBeFocused();
  });

  test("empty fields are each named in the error summary", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    const response = await signInPage.send(() => signInPage.signInButton.click());
    expect(response.status()).toBe(400);
    await expect(signInPage.errorSummary.getByRole("listitem")).toHaveText(["Enter your email address", "Enter your password"]);
    await expect(signInPage.errorSummary).toBeFocused();
  });

  test("every failed attempt moves the focus to the error summary, not only the first", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    await signInPage.send(() => signInPage.signInButton.click());
    await expect(signInPage.errorSummary).toBeFocused();
    // Try again (the same errors): the focus is on the button now and should go back to the summary.
    await signInPage.send(() => signInPage.signInButton.click());
    await expect(signInPage.errorSummary).toBeFocused();
  });

  test("five wrong passwords for one account lock it, and then even the right password is refused", async ({ page }) => {
    const account = EXTRA_ACCOUNTS.throttled;
    const signInPage = await SignInPage.visit(page);
    const started = Date.now();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signInPage.submit(account.email, `wrong password ${attempt}`);
      expect(response.status(), `attempt ${attempt}`).toBe(400);
      await signInPage.expectError("Your email address or password is incorrect");
    }
    const finished = Date.now();
    // The lock lasts 15 minutes from the first of the five failures, shown as a time in London.
    const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit", hour12: true });
    const times = new Set<string>();
    for (let t = started - 60_000; t <= finished + 60_000; t += 30_000) times.add(london.format(new Date(t + 15 * 60_000)).replace(/\s/g, "").toLowerCase());
    const throttled = /^There have been too many failed attempts to sign in\. Try again after (\d{1,2}:\d{2}[ap]m)\.$/;

    const right = await signInPage.submit(account.email, TEST_PASSWORD);
    expect(right.status()).toBe(429);
    await signInPage.expectError(throttled);
    const shown = (await signInPage.errorSummary.getByRole("listitem").first().textContent())!.match(throttled)![1];
    expect([...times], "the time the lock ends").toContain(shown);
    await expect(signInPage.emailInput).toHaveValue(account.email);
    expect(await isSignedIn(page)).toBe(false);

    // Still refused on another try, and the account is not signed in anywhere else either.
    const again = await signInPage.submit(account.email, TEST_PASSWORD);
    expect(again.status()).toBe(429);
    expect(await sessionCookie(page)).toBeUndefined();
    expect(await isSignedIn(page)).toBe(false);
  });
});

test.describe("Signing in with the keyboard alone", () => {
  test("Tab from the top of the page to the form, type, Enter", async ({ page }) => {
    const account = EXTRA_ACCOUNTS.keyboard;
    await page.goto("/sign-in");
    const signInPage = await SignInPage.verifyOnPage(page);

    await page.keyboard.press("Tab");
    await expect(signInPage.skipLink, "the skip link is the first thing Tab reaches").toBeFocused();
    await expect(signInPage.skipLink).toBeVisible();

    const passed: string[] = [];
    for (let i = 0; i < 15; i++) {
      if (await signInPage.emailInput.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press("Tab");
      passed.push(await page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()} ${document.activeElement?.textContent?.trim() || document.activeElement?.id}`));
    }
    await expect(signInPage.emailInput, `Tab went through: ${passed.join(" → ")}`).toBeFocused();

    await page.keyboard.type(account.email);
    await page.keyboard.press("Tab");
    await expect(signInPage.passwordInput).toBeFocused();
    await page.keyboard.type(TEST_PASSWORD);
    await signInPage.send(() => page.keyboard.press("Enter"));
    await page.waitForURL("**/dashboard");
    const dashboard = await DashboardPage.verifyOnPage(page);
    await expect(dashboard.heading).toHaveText(`Welcome, ${account.name}`);
  });

  test("the skip link takes keyboard users past the header to the form", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    await page.keyboard.press("Tab");
    await expect(signInPage.skipLink).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main-content$/);
    await page.keyboard.press("Tab");
    await expect(signInPage.emailInput).toBeFocused();
  });
});

test.describe("Coming back to where you were going", () => {
  test("an anonymous visit to /dashboard asks you to sign in, then returns there", async ({ page }) => {
    await page.goto("/dashboard");
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe("/sign-in?redirectTo=%2Fdashboard");
    const signInPage = await SignInPage.verifyOnPage(page);
    await signInPage.submit(demoAccount("commissioner").email, TEST_PASSWORD);
    await page.waitForURL("**/dashboard");
    await DashboardPage.verifyOnPage(page);
  });

  test("a deep link is kept through sign-in", async ({ page }) => {
    await page.goto("/users");
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe("/sign-in?redirectTo=%2Fusers");
    const signInPage = await SignInPage.verifyOnPage(page);
    await signInPage.submit(demoAccount("admin").email, TEST_PASSWORD);
    await page.waitForURL((u) => u.pathname === "/users");
    await expect(signInPage.heading).toHaveText("Users");
  });

  test("a redirect to another site is ignored: you land on your dashboard", async ({ page, baseURL }) => {
    const signInPage = await SignInPage.visit(page, "//evil.example/steal");
    await signInPage.submit(demoAccount("assessor").email, TEST_PASSWORD);
    await page.waitForURL("**/dashboard");
    expect(page.url()).toBe(`${baseURL}/dashboard`);
    await DashboardPage.verifyOnPage(page);
  });
});
