/** "Criteria still without evidence" (/portfolio/:id/missing): the required criteria nothing is mapped to yet. */
import { expect, type Locator, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

export class MissingCriteriaPage extends BasePage {
  readonly intro: Locator;
  /** Every criterion listed, as "CODE text". */
  readonly criteria: Locator;
  readonly codes: Locator;

  constructor(page: Page) {
    super(page);
    this.intro = page.locator("main .govuk-grid-column-two-thirds > p.govuk-body").first();
    this.criteria = page.locator(".app-missing-list > li");
    this.codes = this.criteria.locator(".app-task-code");
  }

  static async visit(page: Page, enrolmentId: string): Promise<MissingCriteriaPage> {
    await page.goto(`/portfolio/${enrolmentId}/missing`);
    return MissingCriteriaPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<MissingCriteriaPage> {
    const p = new MissingCriteriaPage(page);
    await expect(page).toHaveURL(/\/portfolio\/[0-9a-f-]{36}\/missing$/);
    await expect(p.heading).toHaveText("Criteria still without evidence");
    return p;
  }

  /** The codes listed under one framework's heading. */
  codesIn(frameworkTitle: string): Locator {
    return this.page.locator(".app-portfolio-framework").filter({ has: this.page.getByRole("heading", { level: 2, name: frameworkTitle }) }).locator(".app-missing-list .app-task-code");
  }
}
