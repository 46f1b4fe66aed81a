import { expect, type Locator, type Page } from "@playwright/test";

/** What the GOV.UK error summary and the fields' own messages say. */
export class FormErrors {
  constructor(readonly page: Page) {}

  get summary(): Locator {
    return this.page.locator(".govuk-error-summary");
  }

  /**
   * The error summary lists exactly these messages, in order, and (with JavaScript) has focus, as
   * GOV.UK Frontend asks. Without JavaScript nothing moves the focus; the summary is still first.
   */
  async expectSummary(messages: (string | RegExp)[], { focused = true }: { focused?: boolean } = {}) {
    await expect(this.summary).toBeVisible();
    await expect(this.summary.getByRole("heading")).toHaveText("There is a problem");
    await expect(this.summary.getByRole("listitem")).toHaveText(messages);
    if (focused) await expect(this.summary).toBeFocused();
  }

  /** The message beside a field (after the visually hidden "Error:"). */
  field(id: string): Locator {
    return this.page.locator(`#${id}-error`);
  }
}
