/** The provider admin's "Enrol a candidate" form (/enrolments/new) and the enrolment page it leads to. */
import { expect, type Locator, type Page } from "@playwright/test";
import type { Account } from "../support/accounts";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";

/** How the form's selects name a person: "Name (email)". */
export const personOption = (a: Pick<Account, "name" | "email">) => `${a.name} (${a.email})`;

export class NewEnrolmentPage extends BasePage {
  readonly candidate: Locator;
  readonly programme: Locator;
  readonly candidateNumber: Locator;
  readonly assessor: Locator;
  readonly iqa: Locator;
  readonly enrolButton: Locator;

  constructor(page: Page) {
    super(page);
    this.candidate = page.getByLabel("Candidate", { exact: true });
    this.programme = page.getByLabel("Programme");
    this.candidateNumber = page.getByLabel("Candidate number");
    this.assessor = page.getByLabel("Assessor");
    this.iqa = page.getByLabel("Internal quality assurer");
    this.enrolButton = page.getByRole("button", { name: "Enrol candidate" });
  }

  static async visit(page: Page): Promise<NewEnrolmentPage> {
    await page.goto("/enrolments/new");
    return NewEnrolmentPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<NewEnrolmentPage> {
    const p = new NewEnrolmentPage(page);
    await expect(p.heading).toHaveText("Enrol a candidate");
    return p;
  }

  async enrol(o: { candidate: Account; programme: string; candidateNumber: string; assessor: Account; iqa: Account }): Promise<EnrolmentPage> {
    await this.candidate.selectOption({ label: personOption(o.candidate) });
    await this.programme.selectOption({ label: o.programme });
    await this.candidateNumber.fill(o.candidateNumber);
    await this.assessor.selectOption({ label: personOption(o.assessor) });
    await this.iqa.selectOption({ label: personOption(o.iqa) });
    await press(this.enrolButton);
    const enrolment = await EnrolmentPage.verifyOnPage(this.page, o.candidate);
    await expect(enrolment.successBanner).toContainText(`${o.candidate.name} is enrolled on ${o.programme.replace(/ \(version .*\)$/, "")}.`);
    return enrolment;
  }
}

export class EnrolmentPage extends BasePage {
  readonly successBanner: Locator;

  constructor(page: Page) {
    super(page);
    this.successBanner = page.locator(".govuk-notification-banner--success");
  }

  static async verifyOnPage(page: Page, candidate: Pick<Account, "name">): Promise<EnrolmentPage> {
    const p = new EnrolmentPage(page);
    await expect(page).toHaveURL(/\/enrolments\/[0-9a-f-]{36}(\?|$)/);
    await expect(p.heading).toHaveText(candidate.name);
    return p;
  }

  summaryValue(key: string): Locator {
    return this.page.locator("main .govuk-summary-list__row").filter({ has: this.page.locator("dt", { hasText: key }) }).first().locator("dd").first();
  }

  enrolmentId(): string {
    return /\/enrolments\/([0-9a-f-]{36})/.exec(this.page.url())![1];
  }
}
