/** Mapping a piece of evidence to criteria (/evidence/:id/map), with the crosswalk's suggestions. */
import { expect, type Locator, type Page } from "@playwright/test";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";
import { FormErrors } from "./FormErrors";

export class MapEvidencePage extends BasePage {
  readonly caption: Locator;
  readonly successBanner: Locator;
  readonly criterion: Locator;
  readonly note: Locator;
  readonly addMappingButton: Locator;
  readonly mappingsTable: Locator;
  readonly suggestions: Locator;
  readonly doneLink: Locator;
  readonly errors: FormErrors;

  constructor(page: Page) {
    super(page);
    this.caption = page.locator("main .govuk-caption-l");
    this.successBanner = page.locator(".govuk-notification-banner--success");
    this.criterion = page.getByLabel("Criterion", { exact: true });
    this.note = page.getByLabel("How this evidence shows it", { exact: true });
    this.addMappingButton = page.getByRole("button", { name: "Add mapping", exact: true });
    this.mappingsTable = page.locator("main table").filter({ has: page.locator("caption", { hasText: /is mapped to$/ }) });
    this.suggestions = page.locator(".app-suggestion");
    this.doneLink = page.getByRole("link", { name: /^Done: back to E\d+$/ });
    this.errors = new FormErrors(page);
  }

  static async verifyOnPage(page: Page, title?: string): Promise<MapEvidencePage> {
    const p = new MapEvidencePage(page);
    await expect(page).toHaveURL(/\/evidence\/[0-9a-f-]{36}\/map(\?|$)/);
    await expect(p.heading).toHaveText(title ? `Map ‘${title}’ to criteria` : /^Map ‘.*’ to criteria$/);
    return p;
  }

  static async visit(page: Page, evidenceId: string): Promise<MapEvidencePage> {
    await page.goto(`/evidence/${evidenceId}/map`);
    return MapEvidencePage.verifyOnPage(page);
  }

  evidenceId(): string {
    return /\/evidence\/([0-9a-f-]{36})\//.exec(this.page.url())![1];
  }

  /** "E1", from the caption "E1 · Reflective account". */
  async reference(): Promise<string> {
    return (await this.caption.innerText()).split(" · ")[0].trim();
  }

  /**
   * The value of a criterion's option: the option whose text starts with the code, in a group of
   * the framework with this short title (codes such as "P6" recur across frameworks).
   */
  async optionValue(frameworkShortTitle: string, code: string): Promise<string> {
    const values = await this.criterion.locator("optgroup").evaluateAll(
      (groups, [short, c]) =>
        groups
          .filter((g) => (g as HTMLOptGroupElement).label.startsWith(`${short}:`) || (g as HTMLOptGroupElement).label === short)
          .flatMap((g) => [...g.querySelectorAll("option")])
          .filter((o) => o.textContent!.startsWith(`${c} `))
          .map((o) => o.value),
      [frameworkShortTitle, code],
    );
    expect(values, `one option for ${code} of ${frameworkShortTitle}`).toHaveLength(1);
    return values[0];
  }

  /** Chooses a criterion from the list, writes the note and adds the mapping; waits for the confirmation. */
  async map(frameworkShortTitle: string, code: string, note: string) {
    await this.criterion.selectOption(await this.optionValue(frameworkShortTitle, code));
    await this.note.fill(note);
    await press(this.addMappingButton);
    await this.expectMapped(frameworkShortTitle, code);
  }

  async expectMapped(frameworkShortTitle: string, code: string) {
    await expect(this.successBanner).toContainText(`now counts towards ${code} of ${frameworkShortTitle}.`);
    await expect(this.mappedRow(code)).toBeVisible();
  }

  /** The crosswalk's suggestion of one criterion ("P6 of NOS: …"). */
  suggestion(frameworkShortTitle: string, code: string): Locator {
    return this.suggestions.filter({ has: this.page.getByRole("heading", { level: 3, name: `${code} of ${frameworkShortTitle}`, exact: true }) });
  }

  /** Adds a suggested criterion with its own note (the suggestion's form). */
  async mapSuggestion(frameworkShortTitle: string, code: string, note: string) {
    const s = this.suggestion(frameworkShortTitle, code);
    await s.getByLabel(`How this evidence shows ${code}`).fill(note);
    await press(s.getByRole("button", { name: `Add mapping to ${code}` }));
    await this.expectMapped(frameworkShortTitle, code);
  }

  mappedRow(code: string): Locator {
    return this.mappingsTable.locator("tbody tr").filter({ has: this.page.locator(".app-criterion-code", { hasText: new RegExp(`^${code.replace(/[.()]/g, "\\$&")}$`) }) });
  }
}
