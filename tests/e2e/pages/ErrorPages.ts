/** The root error boundary's pages: no permission (403) and page not found (404). */
import { expect, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

export class ForbiddenPage extends BasePage {
  static readonly HEADING = "You do not have permission to view this page";

  static async verifyOnPage(page: Page): Promise<ForbiddenPage> {
    const p = new ForbiddenPage(page);
    await expect(p.heading).toHaveText(ForbiddenPage.HEADING);
    return p;
  }
}

export class NotFoundPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<NotFoundPage> {
    const p = new NotFoundPage(page);
    await expect(p.heading).toHaveText("Page not found");
    return p;
  }
}
