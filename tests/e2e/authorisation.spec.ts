/** Issue 3, end-to-end: pages a role may not see give the 403 page; unknown pages the 404 page. */
import { ForbiddenPage, NotFoundPage } from "./pages/ErrorPages";
import { expect, test } from "./support/fixtures";

const forbidden = [
  { role: "candidate", path: "/users" },
  { role: "candidate", path: "/admin/providers" },
  { role: "commissioner", path: "/users" },
  { role: "provider_admin", path: "/admin/providers" },
] as const;

for (const { role, path } of forbidden) {
  test(`${role} visiting ${path} gets the 403 page`, async ({ page, signInAs }) => {
    await signInAs(role);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    const forbiddenPage = await ForbiddenPage.verifyOnPage(page);
    // Still signed in, with a way back.
    await expect(forbiddenPage.signOutButton).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to your dashboard" })).toHaveAttribute("href", "/dashboard");
  });
}

test("an unknown address gets the 404 page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await NotFoundPage.verifyOnPage(page);
});

test.describe("error pages name the problem in the page title", () => {
  test("403", async ({ page, signInAs }) => {
    await signInAs("candidate");
    await page.goto("/admin/providers");
    await ForbiddenPage.verifyOnPage(page);
    await expect(page).toHaveTitle(`${ForbiddenPage.HEADING} – Restorative Practice Competency Portal`);
  });

  test("404", async ({ page }) => {
    await page.goto("/no-such-page");
    await NotFoundPage.verifyOnPage(page);
    await expect(page).toHaveTitle("Page not found – Restorative Practice Competency Portal");
  });
});
