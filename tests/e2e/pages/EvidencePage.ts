/** One piece of evidence (/evidence/:id): its content, the criteria it is mapped to, its versions, and for a witness testimony the witness's link. */
import { expect, type Locator, type Page } from "@playwright/test";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";

export class EvidencePage extends BasePage {
  readonly caption: Locator;
  readonly mapButton: Locator;
  readonly mappingsTable: Locator;
  readonly versionsTable: Locator;
  readonly witnessRequestsTable: Locator;
  readonly makeWitnessLinkButton: Locator;
  readonly summaryList: Locator;

  constructor(page: Page) {
    super(page);
    this.caption = page.locator("main .govuk-caption-l");
    this.mapButton = page.getByRole("link", { name: "Map to criteria" });
    this.mappingsTable = page.locator("main table").filter({ has: page.locator("caption", { hasText: "Criteria this evidence is mapped to" }) });
    this.versionsTable = page.locator("main table").filter({ has: page.locator("caption", { hasText: "Versions of this evidence" }) });
    this.witnessRequestsTable = page.locator("main table").filter({ has: page.locator("caption", { hasText: "Links sent to witnesses" }) });
    this.makeWitnessLinkButton = page.getByRole("button", { name: /^Make (a|a new) link for the witness$/ });
    this.summaryList = page.locator("main .govuk-summary-list").first();
  }

  static async visit(page: Page, evidenceId: string, title?: string): Promise<EvidencePage> {
    await page.goto(`/evidence/${evidenceId}`);
    return EvidencePage.verifyOnPage(page, title);
  }

  static async verifyOnPage(page: Page, title?: string): Promise<EvidencePage> {
    const p = new EvidencePage(page);
    await expect(page).toHaveURL(/\/evidence\/[0-9a-f-]{36}(\?|$)/);
    if (title) await expect(p.heading).toHaveText(title);
    await expect(p.page.getByRole("heading", { level: 2, name: "Versions" })).toBeVisible();
    return p;
  }

  /** A detail of the current version (older versions' details sit in collapsed "Version n" sections). */
  summaryValue(key: string): Locator {
    return this.page.locator("main .govuk-summary-list:not(.govuk-details .govuk-summary-list) .govuk-summary-list__row").filter({ has: this.page.locator("dt", { hasText: new RegExp(`^${key}$`) }) }).locator("dd");
  }

  /** The link to an uploaded file ("Open name.pdf" or "Download name.docx"). */
  fileLink(fileName: string): Locator {
    return this.page.getByRole("link", { name: new RegExp(`^(Open|Download) ${fileName.replace(/[.]/g, "\\.")}`) });
  }

  mappedRow(code: string): Locator {
    return this.mappingsTable.locator("tbody tr").filter({ has: this.page.locator(".app-criterion-code", { hasText: new RegExp(`^${code.replace(/[.()]/g, "\\$&")}$`) }) });
  }

  /** Makes a single-use link for the witness and returns it (the page shows it once). */
  async makeWitnessLink(): Promise<string> {
    await press(this.makeWitnessLinkButton);
    await expect(this.page.locator(".govuk-panel__title")).toHaveText("Link for the witness made");
    const link = (await this.page.getByTestId("witness-link").innerText()).trim();
    expect(link).toMatch(/^http:\/\/localhost:\d+\/witness\/[A-Za-z0-9_-]{20,}$/);
    return link;
  }
}
