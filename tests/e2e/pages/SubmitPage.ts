/** Submitting for assessment (/portfolio/:id/submit): what to submit, the declaration, and the confirmation. */
import { expect, type Locator, type Page } from "@playwright/test";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";
import { FormErrors } from "./FormErrors";

export class SubmitPage extends BasePage {
  readonly declaration: Locator;
  readonly declarationPoints: Locator;
  readonly submitButton: Locator;
  readonly errors: FormErrors;

  constructor(page: Page) {
    super(page);
    this.declaration = page.getByLabel("I confirm this declaration is true");
    this.declarationPoints = page.locator("main ul.govuk-list--bullet > li");
    this.submitButton = page.getByRole("button", { name: "Submit for assessment" });
    this.errors = new FormErrors(page);
  }

  static async visit(page: Page, enrolmentId: string): Promise<SubmitPage> {
    await page.goto(`/portfolio/${enrolmentId}/submit`);
    return SubmitPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<SubmitPage> {
    const p = new SubmitPage(page);
    await expect(page).toHaveURL(/\/portfolio\/[0-9a-f-]{36}\/submit$/);
    await expect(p.heading).toHaveText("Submit for assessment");
    return p;
  }

  scope(label: string): Locator {
    return this.page.getByRole("radio", { name: label, exact: true });
  }

  async submit(scopeLabel: string): Promise<SubmittedPage> {
    await this.scope(scopeLabel).check();
    await this.declaration.check();
    await press(this.submitButton);
    return SubmittedPage.verifyOnPage(this.page);
  }
}

export class SubmittedPage extends BasePage {
  readonly panel: Locator;
  readonly whatYouSubmitted: Locator;

  constructor(page: Page) {
    super(page);
    this.panel = page.locator(".govuk-panel--confirmation");
    this.whatYouSubmitted = page.getByRole("heading", { level: 2, name: "What you submitted" }).locator("xpath=following-sibling::p[1]");
  }

  static async verifyOnPage(page: Page): Promise<SubmittedPage> {
    const p = new SubmittedPage(page);
    await expect(page).toHaveURL(/\/portfolio\/[0-9a-f-]{36}\/submit\?submitted=[0-9a-f-]{36}$/);
    await expect(p.heading).toHaveText("Submitted for assessment");
    return p;
  }
}
