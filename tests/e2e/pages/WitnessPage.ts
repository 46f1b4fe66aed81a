/** The page a witness opens from their single-use link (/witness/:token), with no account. */
import { expect, type Locator, type Page } from "@playwright/test";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";
import { FormErrors } from "./FormErrors";

export class WitnessPage extends BasePage {
  readonly whatWitnessed: Locator;
  readonly testimony: Locator;
  readonly name: Locator;
  readonly role: Locator;
  readonly relationship: Locator;
  readonly declaration: Locator;
  readonly confirmButton: Locator;
  readonly errors: FormErrors;

  constructor(page: Page) {
    super(page);
    this.whatWitnessed = page.locator("main .govuk-inset-text");
    this.testimony = page.getByLabel("Your testimony");
    this.name = page.getByLabel("Your full name");
    this.role = page.getByLabel("Your role");
    this.relationship = page.getByLabel("How you know the candidate’s work");
    this.declaration = page.getByLabel("I saw this practice myself, and my testimony is accurate to the best of my knowledge");
    this.confirmButton = page.getByRole("button", { name: "Confirm testimony" });
    this.errors = new FormErrors(page);
  }

  static async verifyOnPage(page: Page): Promise<WitnessPage> {
    const p = new WitnessPage(page);
    await expect(p.heading).toHaveText("Confirm a witness testimony");
    return p;
  }

  async confirm(o: { testimony?: string; name: string; role: string; relationship: string }) {
    if (o.testimony !== undefined) await this.testimony.fill(o.testimony);
    await this.name.fill(o.name);
    await this.role.fill(o.role);
    await this.relationship.fill(o.relationship);
    await this.declaration.check();
    await press(this.confirmButton);
    await expect(this.heading).toHaveText("Thank you: your testimony has been confirmed");
  }
}
