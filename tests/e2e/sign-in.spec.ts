/** Issue 3, end-to-end: signing in as each role, wrong passwords, throttling, the keyboard, and coming back to a deep link. */
import type { Role } from "../../db/schema";
import { DashboardPage } from "./pages/DashboardPage";
import { SignInPage } from "./pages/SignInPage";
import { DEMO_COMMISSIONER, DEMO_PROVIDER, DEMO_SECOND_PROVIDER, EXTRA_ACCOUNTS, ROLES, TEST_PASSWORD, UNCOMMISSIONED_PROVIDER, demoAccount } from "./support/accounts";
import { press } from "./support/buttons";
import { expect, isSignedIn, sessionCookie, test } from "./support/fixtures";

/** A summary list row's figure, as a number (the row must show a whole number). */
async function figure(dashboard: DashboardPage, key: string): Promise<number> {
  const value = dashboard.summaryRow(key).locator("dd");
  await expect(value).toHaveText(/^\d+$/);
  return Number(await value.textContent());
}

/**
 * What only this role's dashboard shows, from the demo data (scripts/demo-portfolios.ts): the demo
 * candidate has achieved the Level 4 award and the supervisor check; the demo assessor and IQA have
 * them and the trainee part-way through the award (one submission waiting) allocated. Other tests
 * never use the demo candidate, assessor or IQA, so their figures are exact; the provider admin's
 * figures grow as other tests add candidates and enrolments, so those are lower bounds.
 */
const roleContent: Record<Role, (dashboard: DashboardPage) => Promise<void>> = {
  candidate: async ({ page }) => {
    const main = page.locator("main");
    await expect(main).toContainText(`Your provider is ${DEMO_PROVIDER.name}.`);
    await expect(page.getByRole("heading", { level: 2, name: "Your portfolios" })).toBeVisible();
    await expect(main).not.toContainText("You are not enrolled on a programme yet.");
    const portfolios = main.locator(".app-dashboard-enrolment");
    await expect(portfolios).toHaveCount(2);
    const award = portfolios.filter({ has: page.getByRole("heading", { level: 3, name: "BTEC Level 4 Professional Award in Restorative Justice Approaches" }) });
    await expect(award).toContainText("6 of 6 criteria have evidence · 0 submitted · 6 met · Achieved");
    await expect(award.getByRole("link", { name: "BTEC Level 4 Professional Award in Restorative Justice Approaches", exact: true })).toHaveAttribute("href", /^\/portfolio\/[^/]+$/);
    await expect(award.getByRole("link", { name: "Decisions and feedback for BTEC Level 4 Professional Award in Restorative Justice Approaches" })).toHaveAttribute("href", /^\/portfolio\/[^/]+\/decisions$/);
    const check = portfolios.filter({ has: page.getByRole("heading", { level: 3, name: "Supervisor competency check" }) });
    await expect(check).toContainText("33 of 33 criteria have evidence · 0 submitted · 33 met · Competent");
    await expect(check.getByRole("link", { name: "Decisions and feedback for Supervisor competency check" })).toBeVisible();
    // Only their own portfolios: the trainee's award in progress is not here.
    await expect(main).not.toContainText("1 submitted");
    await expect(main).toContainText("your portfolio records, decisions and feedback, and your evidence files");
  },
  assessor: async (dashboard) => {
    const { page } = dashboard;
    await expect(page.locator("main")).toContainText(`Your provider is ${DEMO_PROVIDER.name}.`);
    await expect(page.locator("main")).not.toContainText("No candidates are allocated to you yet.");
    // The candidate's award and check, and the trainee's award.
    expect(await figure(dashboard, "Candidates allocated to you to assess")).toBe(3);
    // The trainee's LO1, submitted and not yet decided.
    expect(await figure(dashboard, "Submissions waiting for your decision")).toBe(1);
    expect(await figure(dashboard, "Decisions due after quality assurance")).toBe(0);
    await expect(page.getByRole("link", { name: "Go to your caseload" })).toHaveAttribute("href", "/caseload");
  },
  iqa: async (dashboard) => {
    const { page } = dashboard;
    await expect(page.locator("main")).toContainText(`Your provider is ${DEMO_PROVIDER.name}.`);
    await expect(page.locator("main")).not.toContainText("No candidates are allocated to you yet.");
    // Active enrolments only: the trainee's award (the demo candidate's two are achieved).
    expect(await figure(dashboard, "Candidates allocated to you to quality-assure")).toBe(1);
    await expect(page.getByRole("link", { name: "View the candidates allocated to you" })).toHaveAttribute("href", "/enrolments");
    // The assessor's caseload is not the IQA's.
    await expect(page.locator("main")).not.toContainText("Submissions waiting for your decision");
  },
  provider_admin: async (dashboard) => {
    const { page } = dashboard;
    await expect(page.locator("main")).toContainText(`You manage ${DEMO_PROVIDER.name} (centre ${DEMO_PROVIDER.centreNumber}).`);
    // Accounts: the demo candidate and trainee plus the extra test candidates; more as tests add them.
    expect(await figure(dashboard, "Candidates")).toBeGreaterThanOrEqual(2 + Object.values(EXTRA_ACCOUNTS).filter((a) => a.role === "candidate").length);
    expect(await figure(dashboard, "Assessors")).toBeGreaterThanOrEqual(1 + Object.values(EXTRA_ACCOUNTS).filter((a) => a.role === "assessor").length);
    expect(await figure(dashboard, "Internal quality assurers")).toBeGreaterThanOrEqual(1 + Object.values(EXTRA_ACCOUNTS).filter((a) => a.role === "iqa").length);
    expect(await figure(dashboard, "Provider admins")).toBeGreaterThanOrEqual(1);
    // The trainee has never set a password.
    expect(await figure(dashboard, "Accounts waiting for a password")).toBeGreaterThanOrEqual(1);
    await expect(page.getByRole("heading", { level: 2, name: "Enrolments" })).toBeVisible();
    await expect(page.locator("main")).not.toContainText("No candidates are enrolled yet.");
    // The demo candidate's award and check are achieved; the trainee's award is active.
    expect(await figure(dashboard, "Active enrolments")).toBeGreaterThanOrEqual(1);
    expect(await figure(dashboard, "Achieved")).toBeGreaterThanOrEqual(2);
    await figure(dashboard, "Withdrawn");
    await expect(page.getByRole("link", { name: "Enrol a candidate" })).toHaveAttribute("href", "/enrolments/new");
    await expect(page.getByRole("link", { name: "Add a user" })).toHaveAttribute("href", "/users/new");
    await expect(page.getByRole("link", { name: "View all enrolments" })).toHaveAttribute("href", "/enrolments");
  },
  commissioner: async ({ page }) => {
    await expect(page.locator("main")).toContainText(`You audit training commissioned by ${DEMO_COMMISSIONER}.`);
    await expect(page.getByRole("heading", { level: 2, name: "Providers you commission" })).toBeVisible();
    // Both demo providers, in name order, with their centre numbers, and only those: the provider
    // the global setup adds is not commissioned by anyone.
    await expect(page.locator("main ul.govuk-list--bullet > li")).toHaveText([
      `${DEMO_SECOND_PROVIDER.name} (centre ${DEMO_SECOND_PROVIDER.centreNumber})`,
      `${DEMO_PROVIDER.name} (centre ${DEMO_PROVIDER.centreNumber})`,
    ]);
    await expect(page.locator("main")).not.toContainText(UNCOMMISSIONED_PROVIDER.name);
  },
  admin: async (dashboard) => {
    for (const key of ["Training providers", "Commissioners", "User accounts", "Accounts waiting for a password"]) await expect(dashboard.summaryRow(key).locator("dd")).toHaveText(/^\d+$/);
    // The two demo providers and the one the global setup adds.
    expect(await figure(dashboard, "Training providers")).toBeGreaterThanOrEqual(3);
    expect(await figure(dashboard, "Commissioners")).toBeGreaterThanOrEqual(1);
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
    const response = await signInPage.send(() => press(signInPage.signInButton));
    expect(response.status()).toBe(400);
    await expect(signInPage.errorSummary.getByRole("listitem")).toHaveText(["Enter your email address", "Enter your password"]);
    await expect(signInPage.errorSummary).toBeFocused();
  });

  test("every failed attempt moves the focus to the error summary, not only the first", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    await signInPage.send(() => press(signInPage.signInButton));
    await expect(signInPage.errorSummary).toBeFocused();
    // Try again (the same errors): the focus is on the button now and should go back to the summary.
    await signInPage.signInButton.focus();
    await expect(signInPage.errorSummary).not.toBeFocused();
    await signInPage.send(() => press(signInPage.signInButton));
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
