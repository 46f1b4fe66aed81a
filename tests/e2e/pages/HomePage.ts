import { expect, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

export class HomePage extends BasePage {
  static async visit(page: Page): Promise<HomePage> {
    await page.goto("/");
    const p = new HomePage(page);
    await expect(p.heading).toHaveText("Restorative Practice Competency Portal");
    return p;
  }
}
