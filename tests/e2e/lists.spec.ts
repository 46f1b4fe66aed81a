/** Long lists (users, enrolments) are searched and read a page at a time; a search with no match says so. */
import { demoAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expect, test } from "./support/fixtures";

test("an admin finds a user by part of their email, and back to everyone", async ({ page, signInAs }) => {
  await signInAs("admin");
  await page.goto("/users");
  const caption = page.locator("caption");
  const everyone = await caption.textContent();
  const assessor = demoAccount("assessor");
  await page.getByLabel("Search by name or email").fill(assessor.email.split("@")[0].toUpperCase());
  await page.getByRole("button", { name: "Search" }).click();
  await expect(caption).toContainText(`matching “${assessor.email.split("@")[0].toUpperCase()}”`);
  await expect(page.getByRole("cell", { name: assessor.email, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: demoAccount("candidate").email, exact: true })).toHaveCount(0);
  await expectAccessible(page, "the users list, searched");

  await page.getByLabel("Search by name or email").fill("nobody-by-this-name");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No user’s name or email contains “nobody-by-this-name”.")).toBeVisible();
  await page.getByRole("link", { name: "Clear search" }).click();
  await expect(caption).toHaveText(everyone!);
});

test("a provider admin finds an enrolment by candidate name", async ({ page, signInAs }) => {
  await signInAs("provider_admin");
  await page.goto("/enrolments");
  const candidate = demoAccount("candidate");
  await page.getByLabel("Search by candidate name or number").fill(candidate.name.split(" ")[0].toLowerCase());
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: new RegExp(`^${candidate.name}`) }).first()).toBeVisible();
  await expect(page.locator("caption")).toContainText("matching");
  await page.goto("/enrolments?q=%25%25&page=abc");
  await expect(page.getByText("No candidate’s name or number contains “%%”.")).toBeVisible();
});
