/**
 * The public page that checks a portfolio document (/verify): a code, then what the document
 * records, then an uploaded copy compared with the one issued.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";
import { press } from "../support/buttons";

export class VerifyPage extends BasePage {
  static readonly HEADING = "Check a portfolio document";
  readonly codeInput: Locator;
  readonly checkCodeButton: Locator;
  readonly fileInput: Locator;
  readonly checkCopyButton: Locator;
  readonly recordsHeading: Locator;
  readonly summary: Locator;
  readonly matches: Locator;
  readonly mismatch: Locator;
  readonly unknown: Locator;

  constructor(page: Page) {
    super(page);
    this.codeInput = page.getByLabel("Verification code");
    this.checkCodeButton = page.getByRole("button", { name: "Check the code" });
    this.fileInput = page.getByLabel("Upload your copy of the document");
    this.checkCopyButton = page.getByRole("button", { name: "Check the copy" });
    this.recordsHeading = page.getByRole("heading", { level: 2, name: "What the document records" });
    this.summary = page.locator("main .govuk-summary-list");
    this.matches = page.getByRole("alert").filter({ hasText: "The copy matches" });
    this.mismatch = page.getByRole("alert").filter({ hasText: "The copy does not match" });
    this.unknown = page.getByRole("status").filter({ hasText: "No document has this code" });
  }

  static async visit(page: Page): Promise<VerifyPage> {
    await page.goto("/verify");
    const p = new VerifyPage(page);
    await expect(p.heading).toHaveText(VerifyPage.HEADING);
    return p;
  }

  async checkCode(code: string) {
    await this.codeInput.fill(code);
    await press(this.checkCodeButton);
    await this.page.waitForURL((u) => u.pathname === "/verify" && u.searchParams.has("code"));
  }

  async checkCopy(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.fileInput.setInputFiles(file);
    await press(this.checkCopyButton);
  }

  /** A row of what the document records ("Document", "Outcome", "Issued by", …). */
  row(key: string): Locator {
    return this.summary.locator(".govuk-summary-list__row").filter({ has: this.page.locator("dt", { hasText: new RegExp(`^\\s*${key}\\s*$`) }) }).locator("dd");
  }
}
