/** A portfolio's evidence (/portfolio/:id/evidence), optionally only that mapped to one criterion (?criterion=). */
import { expect, type Locator, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

export class EvidenceListPage extends BasePage {
  readonly table: Locator;
  readonly caption: Locator;
  readonly rows: Locator;
  readonly addEvidenceButton: Locator;
  readonly emptyMessage: Locator;
  readonly criterionText: Locator;

  constructor(page: Page) {
    super(page);
    this.table = page.locator("main table.govuk-table");
    this.caption = this.table.locator("caption");
    this.rows = this.table.locator("tbody tr");
    this.addEvidenceButton = page.getByRole("link", { name: /^Add evidence( for .*)?$/ }).first();
    this.emptyMessage = page.locator("main p.govuk-body").filter({ hasText: /There is no evidence in this portfolio yet|No evidence is mapped to/ });
    this.criterionText = page.locator(".app-criterion-text");
  }

  static async visit(page: Page, enrolmentId: string, criterionId?: string): Promise<EvidenceListPage> {
    await page.goto(`/portfolio/${enrolmentId}/evidence${criterionId ? `?criterion=${encodeURIComponent(criterionId)}` : ""}`);
    return EvidenceListPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page, criterionCode?: string): Promise<EvidenceListPage> {
    const p = new EvidenceListPage(page);
    await expect(page).toHaveURL(/\/portfolio\/[0-9a-f-]{36}\/evidence(\?|$)/);
    await expect(p.heading).toHaveText(criterionCode ? `Evidence for ${criterionCode}` : /^Evidence( for .+)?$/);
    return p;
  }

  /** The row of one piece of evidence, by its reference (E1, E2 …). */
  row(reference: string): Locator {
    return this.rows.filter({ has: this.page.locator("td:first-child", { hasText: new RegExp(`^${reference}\\b`) }) });
  }

  /** The cells of a row, in the table's column order: reference, title, kind, date, criteria (or note), status. */
  cell(reference: string, column: "reference" | "title" | "kind" | "date" | "criteria" | "status"): Locator {
    const index = ["reference", "title", "kind", "date", "criteria", "status"].indexOf(column);
    return this.row(reference).locator("td").nth(index);
  }
}
