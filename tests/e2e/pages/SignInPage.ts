import { expect, type Locator, type Page, type Response } from "@playwright/test";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";
import { DashboardPage } from "./DashboardPage";

export class SignInPage extends BasePage {
  readonly emailInput: Locator;
  readonly passwordInput: Locator;
  readonly signInButton: Locator;
  readonly signedOutMessage: Locator;

  constructor(page: Page) {
    super(page);
    this.emailInput = page.getByLabel("Email address");
    this.passwordInput = page.getByLabel("Password", { exact: true });
    this.signInButton = page.getByRole("button", { name: "Sign in" });
    this.signedOutMessage = page.getByText("You have signed out.");
  }

  static async visit(page: Page, redirectTo?: string): Promise<SignInPage> {
    await page.goto(redirectTo === undefined ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
    return SignInPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<SignInPage> {
    const signInPage = new SignInPage(page);
    await expect(signInPage.heading).toHaveText("Sign in");
    await expect(page).toHaveTitle(/^Sign in – /);
    return signInPage;
  }

  /**
   * Fills in and sends the form, and returns the server's answer to the POST (with JavaScript,
   * Remix's fetch of the action; without, the document's POST). The caller checks where it went.
   */
  async submit(email: string, password: string): Promise<Response> {
    await this.emailInput.fill(email);
    await this.passwordInput.fill(password);
    return this.send(() => press(this.signInButton));
  }

  /**
   * Waits for the sign-in POST that `act` (a press of the button, a key press) sends. GOV.UK
   * Frontend's button (data-prevent-double-click) ignores a second press within a second of the
   * first, as it should, so a test that sends the form again presses the button with
   * support/buttons.ts `press`, which waits that second out from when the last press happened.
   */
  async send(act: () => Promise<void>): Promise<Response> {
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in"),
      act(),
    ]);
    return response;
  }

  async signIn(email: string, password: string): Promise<DashboardPage> {
    await this.submit(email, password);
    await this.page.waitForURL("**/dashboard");
    return DashboardPage.verifyOnPage(this.page);
  }

  /** The GOV.UK error summary with this message first, and the same message beside the field. */
  async expectError(message: string | RegExp, field: "email" | "password" = "email") {
    await expect(this.errorSummary).toBeVisible();
    await expect(this.errorSummary.getByRole("heading")).toHaveText("There is a problem");
    await expect(this.errorSummary.getByRole("listitem").first()).toHaveText(message);
    // Beside the field the message follows a visually hidden "Error:", so it is not anchored there.
    const unanchored = typeof message === "string" ? message : new RegExp(message.source.replace(/^\^|\$$/g, ""), message.flags);
    await expect(this.page.locator(`#${field}-error`)).toContainText(unanchored);
  }
}
