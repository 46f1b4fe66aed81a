/** What every page of the portal has: the skip link, the header's account bar, one h1, an error summary when a form fails. */
import { expect, type Locator, type Page } from "@playwright/test";

export abstract class BasePage {
  readonly heading: Locator;
  readonly skipLink: Locator;
  readonly signedInAs: Locator;
  readonly signOutButton: Locator;
  readonly headerSignInLink: Locator;
  readonly errorSummary: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.skipLink = page.getByRole("link", { name: "Skip to main content" });
    this.signedInAs = page.locator(".app-account-bar__who");
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
    this.headerSignInLink = page.locator(".app-account-bar").getByRole("link", { name: "Sign in" });
    this.errorSummary = page.locator(".govuk-error-summary");
  }

  /** The CSRF token the page's forms carry (every page has one, in the header's sign-out form when signed in). */
  async csrfToken(): Promise<string> {
    const token = await this.page.locator('input[name="csrf"]').first().inputValue();
    expect(token.length, "the page should carry a CSRF token").toBeGreaterThanOrEqual(32);
    return token;
  }

  async signOut() {
    await this.signOutButton.click();
    await this.page.waitForURL((url) => url.pathname === "/sign-in" && url.searchParams.get("signedOut") === "1");
  }
}
