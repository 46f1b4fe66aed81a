/**
 * The candidate's portfolios (/portfolio) and one portfolio's task list (/portfolio/:id): criteria
 * grouped by framework and section, each with its status tag, and the counts.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { BasePage } from "./BasePage";

/** Framework titles as the task list heads them. */
export const FRAMEWORKS = {
  guidance: "Best Practice Guidance for Restorative Practitioners, and their Case Supervisors and Line Managers",
  nosQa: "Maintain quality assurance of restorative processes",
  level4: "BTEC Professional Award in Restorative Justice Approaches",
} as const;

/** Their short titles, as the mapping page and banners name them. */
export const SHORT_TITLES = {
  guidance: "Best practice guidance (December 2004)",
  nosQa: "NOS: Maintain quality assurance",
  level4: "BTEC Level 4 Award in RJ Approaches",
} as const;

export type CriterionStatusLabel = "No evidence" | "Evidence added" | "Submitted" | "Met" | "Not yet met";

const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

export class PortfolioListPage extends BasePage {
  static async visit(page: Page): Promise<PortfolioListPage> {
    await page.goto("/portfolio");
    const p = new PortfolioListPage(page);
    await expect(p.heading).toHaveText(/^Your portfolios?$/);
    return p;
  }

  /** The entry for one programme: its link, then its provider and counts. */
  entry(programmeTitle: string): Locator {
    return this.page.locator(".app-portfolio-list__item").filter({ has: this.page.getByRole("link", { name: programmeTitle, exact: true }) });
  }

  async open(programmeTitle: string): Promise<PortfolioPage> {
    await this.entry(programmeTitle).getByRole("link", { name: programmeTitle, exact: true }).click();
    return PortfolioPage.verifyOnPage(this.page, programmeTitle);
  }
}

export class PortfolioPage extends BasePage {
  readonly caption: Locator;
  /** "N of M criteria have evidence". */
  readonly progressHeading: Locator;
  readonly summary: Locator;
  readonly addEvidenceButton: Locator;
  readonly submitButton: Locator;
  readonly missingLink: Locator;
  readonly allEvidenceLink: Locator;
  readonly submissionsTable: Locator;
  readonly alsoEvidenced: Locator;

  constructor(page: Page) {
    super(page);
    this.caption = page.locator("main .govuk-caption-l");
    this.progressHeading = page.getByRole("heading", { level: 2, name: /criteri(on has|a have) evidence$/ });
    this.summary = page.locator(".app-portfolio-summary");
    this.addEvidenceButton = page.getByRole("button", { name: "Add evidence" }).or(page.getByRole("link", { name: "Add evidence", exact: true }));
    this.submitButton = page.getByRole("link", { name: "Submit for assessment" });
    this.missingLink = page.getByRole("link", { name: /^Criteria still without evidence \(\d+\)$/ });
    this.allEvidenceLink = page.getByRole("link", { name: /^All (your )?evidence$/ });
    this.submissionsTable = page.locator("main table").filter({ has: page.locator("caption", { hasText: "What was submitted for assessment" }) });
    this.alsoEvidenced = page.locator(".app-portfolio-also");
  }

  static async visit(page: Page, enrolmentId: string, programmeTitle?: string): Promise<PortfolioPage> {
    await page.goto(`/portfolio/${enrolmentId}`);
    return PortfolioPage.verifyOnPage(page, programmeTitle);
  }

  static async verifyOnPage(page: Page, programmeTitle?: string): Promise<PortfolioPage> {
    const p = new PortfolioPage(page);
    await expect(page).toHaveURL(/\/portfolio\/[0-9a-f-]{36}$/);
    await expect(p.heading).toHaveText("Your portfolio");
    if (programmeTitle) await expect(p.caption).toHaveText(programmeTitle);
    return p;
  }

  enrolmentId(): string {
    return /\/portfolio\/([0-9a-f-]{36})/.exec(this.page.url())![1];
  }

  /** A required framework's part of the task list (not the "Also evidenced" part). */
  framework(title: string): Locator {
    return this.page.locator(".app-portfolio-framework:not(.app-portfolio-also .app-portfolio-framework)").filter({ has: this.page.getByRole("heading", { level: 2, name: title }) });
  }

  section(frameworkTitle: string, sectionLabel: string): Locator {
    return this.framework(frameworkTitle).locator(".app-portfolio-section").filter({ has: this.page.getByRole("heading", { name: sectionLabel, exact: true }) });
  }

  /** "N of M criteria have evidence · …" under a section's heading. */
  sectionCounts(frameworkTitle: string, sectionLabel: string): Locator {
    return this.section(frameworkTitle, sectionLabel).locator(".app-portfolio-section__counts");
  }

  /** One criterion's row of the task list, found by its code (not by the codes it draws on). */
  task(frameworkTitle: string, code: string, within?: Locator): Locator {
    return (within ?? this.framework(frameworkTitle))
      .locator(".govuk-task-list__item")
      .filter({ has: this.page.locator(".govuk-task-list__link .app-task-code", { hasText: exactly(code) }) });
  }

  taskStatus(frameworkTitle: string, code: string): Locator {
    return this.task(frameworkTitle, code).locator(".govuk-task-list__status");
  }

  taskHint(frameworkTitle: string, code: string): Locator {
    return this.task(frameworkTitle, code).locator(".govuk-task-list__hint");
  }

  async expectStatuses(frameworkTitle: string, statuses: Record<string, CriterionStatusLabel>) {
    for (const [code, status] of Object.entries(statuses)) await expect(this.taskStatus(frameworkTitle, code), `the status of ${code}`).toHaveText(status);
  }

  /** Every status tag in the task list of a required framework, in order. */
  allStatuses(frameworkTitle: string): Locator {
    return this.framework(frameworkTitle).locator(".govuk-task-list__status");
  }

  async openTask(frameworkTitle: string, code: string) {
    await this.task(frameworkTitle, code).locator(".govuk-task-list__link").click();
  }
}
