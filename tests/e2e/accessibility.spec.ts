/** Issue 3, end-to-end: axe-core finds no WCAG 2.2 AA violations on the pages built so far. */
import { ForbiddenPage, NotFoundPage } from "./pages/ErrorPages";
import { HomePage } from "./pages/HomePage";
import { SignInPage } from "./pages/SignInPage";
import { ROLES, demoAccount } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { press } from "./support/buttons";
import { test } from "./support/fixtures";

test.describe("Accessibility (axe-core, WCAG 2.2 A and AA)", () => {
  test("home page", async ({ page }) => {
    await HomePage.visit(page);
    await expectNoAxeViolations(page, "the home page");
  });

  test("sign-in page", async ({ page }) => {
    await SignInPage.visit(page);
    await expectNoAxeViolations(page, "the sign-in page");
  });

  test("sign-in page with errors", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    await signInPage.send(() => press(signInPage.signInButton));
    await signInPage.expectError("Enter your email address");
    await expectNoAxeViolations(page, "the sign-in page with errors");
  });

  test("sign-in page after signing out", async ({ page, signInAs }) => {
    const dashboard = await signInAs("assessor");
    await dashboard.signOut();
    await expectNoAxeViolations(page, "the sign-in page after signing out");
  });

  for (const role of ROLES) {
    test(`${demoAccount(role).label} dashboard`, async ({ page, signInAs }) => {
      await signInAs(role);
      await expectNoAxeViolations(page, `the ${role} dashboard`);
    });
  }

  test("404 page", async ({ page }) => {
    await page.goto("/no-such-page");
    await NotFoundPage.verifyOnPage(page);
    await expectNoAxeViolations(page, "the 404 page");
  });

  test("403 page", async ({ page, signInAs }) => {
    await signInAs("candidate");
    await page.goto("/admin/providers");
    await ForbiddenPage.verifyOnPage(page);
    await expectNoAxeViolations(page, "the 403 page");
  });
});
