/**
 * The commissioner's coverage pages: the overview heatmap (/coverage) and one provider's
 * drill-down (/coverage/:providerId). Both have the programme/period filters and a CSV link.
 */
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

/** Whitespace collapsed, as a reader hears it. */
const squash = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();

/** One heatmap cell as the page shows it: "15 of 113 (13%)", keyed "provider|measure|column". */
export type HeatmapFigures = Map<string, string>;

abstract class CoverageBase extends BasePage {
  readonly csvLink: Locator;
  readonly programmeSelect: Locator;
  readonly periodSelect: Locator;
  readonly applyFiltersButton: Locator;
  readonly key: Locator;
  readonly sectionsTable: Locator;
  readonly partsTable: Locator;

  constructor(page: Page) {
    super(page);
    this.csvLink = page.getByRole("link", { name: "Download these figures (CSV)" });
    this.programmeSelect = page.getByLabel("Programme", { exact: true });
    this.periodSelect = page.getByLabel("Period", { exact: true });
    this.applyFiltersButton = page.getByRole("button", { name: "Apply filters" });
    this.key = page.locator(".app-heatmap-key");
    this.sectionsTable = page.getByRole("table", { name: "Criteria taught and assessed, by section" });
    this.partsTable = page.getByRole("table", { name: "Section A criteria taught and assessed, by part" });
  }

  /** Every figure cell of a heatmap, with its row headers (provider, measure) and column header. */
  async heatmap(table: Locator): Promise<HeatmapFigures> {
    const rows: [string, string][] = await table.evaluate((t: HTMLTableElement) => {
      const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
      const cols = [...t.querySelectorAll("thead th")].map(text);
      const out: [string, string][] = [];
      for (const tr of t.querySelectorAll("tbody tr")) {
        const heads = [...tr.querySelectorAll("th")].map(text);
        [...tr.querySelectorAll("td")].forEach((td, i) => out.push([`${heads[0]}|${heads[1]}|${cols[heads.length + i]}`, text(td)]));
      }
      return out;
    });
    return new Map(rows);
  }

  /** Selects the filters by their visible labels and applies them (a GET form). */
  async filter(programme: string, period: string) {
    await this.programmeSelect.selectOption({ label: programme });
    await this.periodSelect.selectOption({ label: period });
    await this.applyFiltersButton.click();
    await this.page.waitForURL((u) => u.searchParams.has("period") || u.searchParams.has("programme"));
  }

  /** The summary of what the figures are for ("Programme" → "All programmes"). */
  filterSummary(key: "Commissioner" | "Programme" | "Period"): Locator {
    return this.page.locator(".app-filter-summary .govuk-summary-list__row").filter({ has: this.page.locator("dt", { hasText: key }) }).locator("dd");
  }

  async downloadCsv(): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.csvLink.click()]);
    const path = await download.path();
    // The link keeps the focus (and GOV.UK's yellow focus style) after the click: let it go.
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const { readFileSync } = await import("node:fs");
    return { download, text: readFileSync(path, "utf8") };
  }

  async mainText(): Promise<string> {
    return squash(await this.page.locator("body").textContent());
  }
}

export class CoveragePage extends CoverageBase {
  static async visit(page: Page, query = ""): Promise<CoveragePage> {
    await page.goto(`/coverage${query}`);
    const p = new CoveragePage(page);
    await expect(p.heading).toHaveText("Coverage of the standards");
    return p;
  }

  providerLink(name: string): Locator {
    return this.sectionsTable.getByRole("link", { name, exact: true });
  }

  async openProvider(name: string): Promise<ProviderCoveragePage> {
    await this.providerLink(name).click();
    return ProviderCoveragePage.verifyOnPage(this.page, name);
  }
}

export class ProviderCoveragePage extends CoverageBase {
  readonly uncoveredHeading: Locator;
  readonly uncoveredGroups: Locator;

  constructor(page: Page) {
    super(page);
    this.uncoveredHeading = page.getByRole("heading", { level: 2, name: "Criteria no course covers" });
    this.uncoveredGroups = page.locator(".app-uncovered-group");
  }

  static async verifyOnPage(page: Page, providerName: string): Promise<ProviderCoveragePage> {
    await expect(page).toHaveURL(/\/coverage\/[0-9a-f-]{36}(\?.*)?$/);
    const p = new ProviderCoveragePage(page);
    await expect(p.heading).toHaveText(providerName);
    return p;
  }

  /** The codes of the criteria listed as covered by no course. */
  async uncoveredCodes(): Promise<string[]> {
    return (await this.uncoveredGroups.locator(".app-criterion-code").allTextContents()).map(squash);
  }
}
