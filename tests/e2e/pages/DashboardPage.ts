import { expect, type Locator, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

export class DashboardPage extends BasePage {
  /** The caption above the h1 names the role the user is acting in. */
  readonly roleCaption: Locator;
  readonly summaryList: Locator;

  constructor(page: Page) {
    super(page);
    this.roleCaption = page.locator("main .govuk-caption-l");
    this.summaryList = page.locator("main .govuk-summary-list");
  }

  static async visit(page: Page): Promise<DashboardPage> {
    await page.goto("/dashboard");
    return DashboardPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<DashboardPage> {
    const dashboard = new DashboardPage(page);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(dashboard.heading).toHaveText(/^Welcome, /);
    return dashboard;
  }

  summaryRow(key: string): Locator {
    return this.summaryList.locator(".govuk-summary-list__row").filter({ has: this.page.locator("dt", { hasText: key }) });
  }
}
