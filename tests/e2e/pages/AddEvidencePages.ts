/**
 * Adding evidence: choosing its kind (/portfolio/:id/evidence/new), uploading a file (…/new/file)
 * and the forms for written evidence (…/new/reflective-account, …/new/witness-testimony …).
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { press } from "../support/buttons";
import { BasePage } from "./BasePage";
import { FormErrors } from "./FormErrors";
import { MapEvidencePage } from "./MapEvidencePage";

export type KindChoice = "Upload a file" | "Reflective account" | "Observation record" | "Professional discussion record" | "Question and answer record" | "Witness testimony";

export type EvidenceDate = { day: string; month: string; year: string };

async function fillDate(page: Page, date: EvidenceDate) {
  await page.getByLabel("Day").fill(date.day);
  await page.getByLabel("Month").fill(date.month);
  await page.getByLabel("Year").fill(date.year);
}

export class ChooseKindPage extends BasePage {
  readonly continueButton: Locator;
  readonly errors: FormErrors;

  constructor(page: Page) {
    super(page);
    this.continueButton = page.getByRole("button", { name: "Continue" });
    this.errors = new FormErrors(page);
  }

  static async visit(page: Page, enrolmentId: string): Promise<ChooseKindPage> {
    await page.goto(`/portfolio/${enrolmentId}/evidence/new`);
    return ChooseKindPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<ChooseKindPage> {
    const p = new ChooseKindPage(page);
    // The question is the legend of the radios, in the page's h1.
    await expect(p.heading).toHaveText("What kind of evidence are you adding?");
    return p;
  }

  async choose(kind: KindChoice) {
    await this.page.getByRole("radio", { name: kind, exact: true }).check();
    await press(this.continueButton);
  }

  async chooseFile(): Promise<UploadFilePage> {
    await this.choose("Upload a file");
    return UploadFilePage.verifyOnPage(this.page);
  }

  async chooseWritten(kind: Exclude<KindChoice, "Upload a file">): Promise<WrittenEvidencePage> {
    await this.choose(kind);
    return WrittenEvidencePage.verifyOnPage(this.page, kind);
  }
}

export type UploadedFile = { name: string; mimeType: string; buffer: Buffer };

export class UploadFilePage extends BasePage {
  readonly fileInput: Locator;
  readonly title: Locator;
  readonly description: Locator;
  readonly saveButton: Locator;
  readonly errors: FormErrors;

  constructor(page: Page) {
    super(page);
    this.fileInput = page.getByLabel("Upload a file");
    this.title = page.getByLabel("Title");
    this.description = page.getByLabel("Description (optional)");
    this.saveButton = page.getByRole("button", { name: "Upload and save" });
    this.errors = new FormErrors(page);
  }

  static async visit(page: Page, enrolmentId: string): Promise<UploadFilePage> {
    await page.goto(`/portfolio/${enrolmentId}/evidence/new/file`);
    return UploadFilePage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<UploadFilePage> {
    const p = new UploadFilePage(page);
    await expect(page).toHaveURL(/\/evidence\/new\/file(\?|$)/);
    await expect(p.heading).toHaveText("Upload a file");
    return p;
  }

  async fill(o: { file?: UploadedFile; title?: string; description?: string; date?: EvidenceDate }) {
    if (o.file) await this.fileInput.setInputFiles(o.file);
    if (o.title !== undefined) await this.title.fill(o.title);
    if (o.description !== undefined) await this.description.fill(o.description);
    if (o.date) await fillDate(this.page, o.date);
  }

  /** Sends the form and waits for the server's answer (the page then shows errors, or the mapping page). */
  async save() {
    await Promise.all([this.page.waitForResponse((r) => r.request().method() === "POST" && /\/evidence\/new\/file/.test(r.url())), press(this.saveButton)]);
  }

  async upload(o: { file: UploadedFile; title: string; description?: string; date?: EvidenceDate }): Promise<MapEvidencePage> {
    await this.fill(o);
    await press(this.saveButton);
    return MapEvidencePage.verifyOnPage(this.page, o.title);
  }
}

export class WrittenEvidencePage extends BasePage {
  readonly title: Locator;
  readonly saveButton: Locator;
  readonly errors: FormErrors;
  /** The warning shown when saving found likely personal data. */
  readonly personalData: Locator;
  readonly personalDataFindings: Locator;
  readonly personalDataReason: Locator;

  constructor(page: Page) {
    super(page);
    this.title = page.getByLabel("Title");
    this.saveButton = page.getByRole("button", { name: "Save evidence" });
    this.errors = new FormErrors(page);
    this.personalData = page.locator(".app-personal-data");
    this.personalDataFindings = this.personalData.locator("table tbody tr");
    this.personalDataReason = page.getByLabel("Why this personal data must stay (only if it must)");
  }

  static async visit(page: Page, enrolmentId: string, kindSlug: string): Promise<WrittenEvidencePage> {
    await page.goto(`/portfolio/${enrolmentId}/evidence/new/${kindSlug}`);
    return WrittenEvidencePage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page, kind?: string): Promise<WrittenEvidencePage> {
    const p = new WrittenEvidencePage(page);
    await expect(p.heading).toHaveText(kind ? `Add ${kind.toLowerCase()}` : /^Add /);
    return p;
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async fillDate(date: EvidenceDate) {
    await fillDate(this.page, date);
  }

  async fillReflectiveAccount(o: { title: string; date: EvidenceDate; text: string }) {
    await this.title.fill(o.title);
    await this.fillDate(o.date);
    await this.field("Your reflective account").fill(o.text);
  }

  async fillWitnessTestimony(o: { title: string; date: EvidenceDate; whatWitnessed: string; witnessName: string; witnessRole: string; relationship: string }) {
    await this.title.fill(o.title);
    await this.fillDate(o.date);
    await this.field("What the witness saw").fill(o.whatWitnessed);
    await this.field("Witness's name").fill(o.witnessName);
    await this.field("Witness's role").fill(o.witnessRole);
    await this.field("How the witness knows your work").fill(o.relationship);
  }

  /** Sends the form and waits for the server's answer. */
  async save() {
    await Promise.all([this.page.waitForResponse((r) => r.request().method() === "POST" && /\/evidence\/new\//.test(r.url())), press(this.saveButton)]);
  }

  async saveAndMap(title: string): Promise<MapEvidencePage> {
    await press(this.saveButton);
    return MapEvidencePage.verifyOnPage(this.page, title);
  }

  /** The findings table's rows as [what it looks like, text found, where]. */
  async findings(): Promise<string[][]> {
    return this.personalDataFindings.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")));
  }
}
