/**
 * Issue 5, end to end: a provider admin enrols a candidate; the candidate builds a portfolio across
 * two frameworks (an uploaded PDF and a reflective account, each mapped with notes), sees the task
 * list move, and submits it with the declaration. Also: likely personal data stops a save, a
 * rejected upload says why and adds nothing, nobody else's candidate can reach the evidence, every
 * page passes axe, and the whole thing works without JavaScript.
 *
 * Each test makes its own candidate (tests/e2e/support/people.ts), so the tests are independent
 * and can run in any order, in parallel, and again.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import type { Locator } from "@playwright/test";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/connection";
import { declarations, evidence as evidenceTable } from "../../db/schema";
import * as files from "../support/files";
import { ChooseKindPage, UploadFilePage, WrittenEvidencePage } from "./pages/AddEvidencePages";
import { NotFoundPage } from "./pages/ErrorPages";
import { EvidenceListPage } from "./pages/EvidenceListPage";
import { EvidencePage } from "./pages/EvidencePage";
import { MapEvidencePage } from "./pages/MapEvidencePage";
import { MissingCriteriaPage } from "./pages/MissingCriteriaPage";
import { NewEnrolmentPage, personOption } from "./pages/NewEnrolmentPage";
import { FRAMEWORKS, PortfolioListPage, PortfolioPage, SHORT_TITLES } from "./pages/PortfolioPage";
import { SubmitPage } from "./pages/SubmitPage";
import { DEMO_SECOND_PROVIDER, EXTRA_ACCOUNTS, databasePath } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { press } from "./support/buttons";
import { expect, signInAs, test } from "./support/fixtures";
import { PROGRAMMES, addCandidate, candidateNumber, enrolThroughPortal, newContext } from "./support/people";

const SUPERVISOR_TITLE = "Supervisor competency check";
const SECTION_E = "Section E: Case supervisors";
const QA_UNIT = "E1 Maintain quality assurance of restorative processes";
/** Every criterion of the supervisor competency check: E.1–E.7, P1–P11 and K1–K15. */
const SUPERVISOR_CRITERIA = 33;

const pdfFile = (name = "supervision-notes.pdf") => ({ name, mimeType: "application/pdf", buffer: files.pdf("Notes from a case supervision session") });

/** A reflective account with a heading, paragraphs, a list, and text that must be shown, never run. */
const REFLECTIVE_TEXT = [
  "# Supporting a practitioner",
  "",
  "I supervised a practitioner preparing a restorative meeting. We went through the risk assessment together.",
  "",
  "## What I checked",
  "",
  "- that the risk assessment was up to date",
  "- that the practitioner had support for the emotional impact of the case",
  "- <script>window.injected = true</script> is shown as text",
  "",
  "I learnt to ask open questions before giving advice.",
].join("\n");

/** The codes in "N criteria with the evidence mapped to them: A, B.", sorted (the page interleaves the frameworks). */
async function submittedCodes(paragraph: Locator, n: number): Promise<string[]> {
  await expect(paragraph).toHaveText(new RegExp(`^${n} criteria with the evidence mapped to them: .+\\.$`));
  return (await paragraph.innerText()).replace(/^.*: /, "").replace(/\.$/, "").split(", ").sort();
}

const evidenceDir = () => join(process.env.E2E_DATA_DIR!, "evidence");
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** Where the portal would keep a file with these bytes (EVIDENCE_DIR/ab/abcdef…). */
const storedPath = (b: Buffer) => join(evidenceDir(), sha256(b).slice(0, 2), sha256(b));

test.describe("A supervisor's portfolio, from enrolment to submission", () => {
  test("the provider admin enrols the candidate; the candidate adds a PDF and a reflective account, maps them to two frameworks, sees the progress move and submits", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const candidate = await addCandidate("Kim Journey");

    // 1. The provider admin enrols the candidate through the form, with an assessor and an IQA.
    await test.step("the provider admin enrols the candidate", async () => {
      const adminContext = await newContext(browser);
      try {
        const admin = await adminContext.newPage();
        await signInAs(admin, "provider_admin");
        const form = await NewEnrolmentPage.visit(admin);
        await expectAccessible(admin, "the enrolment form");
        await press(form.enrolButton);
        await form.errorSummary.waitFor();
        await expect(form.errorSummary.getByRole("listitem")).toHaveText([
          "Select the candidate",
          "Select the programme",
          "Enter the candidate number",
          "Select the assessor",
          "Select the internal quality assurer",
        ]);
        await expectAccessible(admin, "the enrolment form with errors");
        const number = candidateNumber();
        const enrolment = await form.enrol({
          candidate,
          programme: PROGRAMMES.supervisor,
          candidateNumber: number,
          assessor: EXTRA_ACCOUNTS.portfolioAssessor,
          iqa: EXTRA_ACCOUNTS.portfolioIqa,
        });
        await expect(enrolment.summaryValue("Candidate number")).toHaveText(number);
        // Enrolling pins both frameworks the programme's requirements come from.
        await expect(enrolment.summaryValue("Assessed against")).toContainText(`${FRAMEWORKS.guidance} (version 2004-12)`);
        await expect(enrolment.summaryValue("Assessed against")).toContainText(`${FRAMEWORKS.nosQa} (version 1)`);
        await expect(enrolment.summaryValue("Assessor")).toHaveText(EXTRA_ACCOUNTS.portfolioAssessor.name);
        await expect(enrolment.summaryValue("Internal quality assurer")).toHaveText(EXTRA_ACCOUNTS.portfolioIqa.name);
        await expectAccessible(admin, "the new enrolment's page");
        // The candidate is not offered twice for the same programme.
        const again = await NewEnrolmentPage.visit(admin);
        await again.candidate.selectOption({ label: personOption(candidate) });
        await again.programme.selectOption({ label: PROGRAMMES.supervisor });
        await again.candidateNumber.fill(candidateNumber());
        await again.assessor.selectOption({ label: personOption(EXTRA_ACCOUNTS.portfolioAssessor) });
        await again.iqa.selectOption({ label: personOption(EXTRA_ACCOUNTS.portfolioIqa) });
        await press(again.enrolButton);
        await expect(again.errorSummary.getByRole("listitem")).toHaveText(["This candidate is already enrolled on this programme"]);
      } finally {
        await adminContext.close();
      }
    });

    // 2. The candidate finds the portfolio, with nothing in it yet.
    await signInAs(page, candidate);
    const list = await PortfolioListPage.visit(page);
    await expect(list.entry(SUPERVISOR_TITLE)).toContainText(`0 of ${SUPERVISOR_CRITERIA} criteria have evidence · 0 ready to submit · 0 submitted · 0 met`);
    await expectAccessible(page, "the candidate's list of portfolios");
    let portfolio = await list.open(SUPERVISOR_TITLE);
    const enrolmentId = portfolio.enrolmentId();
    await expect(portfolio.progressHeading).toHaveText(`0 of ${SUPERVISOR_CRITERIA} criteria have evidence`);
    await expect(portfolio.sectionCounts(FRAMEWORKS.guidance, SECTION_E)).toHaveText("0 of 7 criteria have evidence · 0 met");
    await expect(portfolio.sectionCounts(FRAMEWORKS.nosQa, QA_UNIT)).toHaveText("0 of 26 criteria have evidence · 0 met");
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.1": "No evidence", "E.4": "No evidence" });
    await portfolio.expectStatuses(FRAMEWORKS.nosQa, { P6: "No evidence", P7: "No evidence", K10: "No evidence" });
    await expect(portfolio.allStatuses(FRAMEWORKS.guidance)).toHaveText(Array(7).fill("No evidence"));
    await expect(portfolio.submitButton).toHaveCount(0);
    await expect(portfolio.missingLink).toHaveText(`Criteria still without evidence (${SUPERVISOR_CRITERIA})`);
    await expectAccessible(page, "the empty task list");

    await portfolio.missingLink.click();
    let missing = await MissingCriteriaPage.verifyOnPage(page);
    await expect(missing.criteria).toHaveCount(SUPERVISOR_CRITERIA);
    await expect(missing.intro).toContainText(`${SUPERVISOR_CRITERIA} of the ${SUPERVISOR_CRITERIA} criteria you need have no evidence mapped to them yet.`);
    await expectAccessible(page, "the criteria still without evidence");

    const evidenceList = await EvidenceListPage.visit(page, enrolmentId);
    await expect(evidenceList.emptyMessage).toContainText("There is no evidence in this portfolio yet.");
    await expectAccessible(page, "the empty evidence list");

    // 3. An uploaded PDF, mapped to E.1 of the guidance and, as the crosswalk suggests, P6 of the QA unit.
    const pdf = pdfFile();
    const pdfTitle = "Case supervision notes";
    await test.step("the candidate uploads a PDF and maps it to E.1 and P6", async () => {
      await evidenceList.addEvidenceButton.click();
      const choose = await ChooseKindPage.verifyOnPage(page);
      await expectAccessible(page, "the choice of evidence kind");
      await press(choose.continueButton);
      await choose.errors.expectSummary(["Select the kind of evidence you are adding"]);
      await expect(choose.errors.field("kind")).toContainText("Select the kind of evidence you are adding");
      await expectAccessible(page, "the choice of evidence kind with an error");

      const upload = await choose.chooseFile();
      await expectAccessible(page, "the upload form");
      await upload.save();
      await upload.errors.expectSummary(["Select a file", "Enter a title"]);
      await expect(upload.errors.field("file")).toContainText("Select a file");
      await expect(upload.errors.field("title")).toContainText("Enter a title");
      await expectAccessible(page, "the upload form with errors");

      const map = await upload.upload({ file: pdf, title: pdfTitle, description: "My notes from supervising a practitioner", date: { day: "14", month: "3", year: "2025" } });
      await expect(map.successBanner).toContainText("Evidence E1 saved. Now map it to the criteria it shows.");
      await expect(map.caption).toHaveText("E1 · Uploaded file");
      await expectAccessible(page, "the mapping page of new evidence");

      await press(map.addMappingButton);
      await map.errors.expectSummary(["Select a criterion", "Enter a note saying how this evidence shows the criterion"]);
      await expectAccessible(page, "the mapping page with errors");

      await map.map(SHORT_TITLES.guidance, "E.1", "Pages 1 and 2 show how I checked the practitioner's risk assessment");
      // The crosswalk links P6 of the QA unit to E.1: the page suggests it, with its own note.
      await expect(map.suggestion(SHORT_TITLES.nosQa, "P6")).toContainText("(linked from E.1)");
      await expectAccessible(page, "the mapping page with crosswalk suggestions");
      await map.mapSuggestion(SHORT_TITLES.nosQa, "P6", "The notes record a case supervision session I led");
      await expect(map.mappedRow("E.1")).toContainText("Pages 1 and 2 show how I checked the practitioner's risk assessment");
      await expect(map.mappedRow("P6")).toContainText("The notes record a case supervision session I led");
      // Once mapped, a criterion is no longer suggested or offered again.
      await expect(map.suggestion(SHORT_TITLES.nosQa, "P6")).toHaveCount(0);

      await map.doneLink.click();
      const evidencePage = await EvidencePage.verifyOnPage(page, pdfTitle);
      await expect(evidencePage.caption).toHaveText("E1 · Uploaded file");
      await expect(evidencePage.summaryValue("Type and size")).toHaveText(/^application\/pdf, \d+ bytes$/);
      await expect(evidencePage.summaryValue("Date of the evidence")).toHaveText("14 March 2025");
      await expect(evidencePage.mappedRow("E.1")).toContainText(SHORT_TITLES.guidance);
      await expect(evidencePage.mappedRow("P6")).toContainText(SHORT_TITLES.nosQa);
      await expectAccessible(page, "the page of an uploaded file");

      // The file comes back as uploaded, privately, never sniffed into something else.
      const href = (await evidencePage.fileLink(pdf.name).getAttribute("href"))!;
      expect(href).toMatch(/^\/evidence\/[0-9a-f-]{36}\/versions\/[0-9a-f-]{36}\/file$/);
      const response = await page.request.get(href);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toMatch(/^application\/pdf/);
      expect(response.headers()["cache-control"]).toBe("private, no-store");
      expect(response.headers()["x-content-type-options"]).toBe("nosniff");
      expect(response.headers()["content-disposition"]).toContain("supervision-notes.pdf");
      expect(Buffer.from(await response.body()).equals(pdf.buffer)).toBe(true);
      expect(existsSync(storedPath(pdf.buffer)), "the file is stored by its SHA-256").toBe(true);
    });

    // 4. The task list has moved: two criteria, one in each framework.
    portfolio = await PortfolioPage.visit(page, enrolmentId, SUPERVISOR_TITLE);
    await expect(portfolio.progressHeading).toHaveText(`2 of ${SUPERVISOR_CRITERIA} criteria have evidence`);
    await expect(portfolio.summary).toContainText("2 ready to submit");
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.1": "Evidence added", "E.4": "No evidence" });
    await portfolio.expectStatuses(FRAMEWORKS.nosQa, { P6: "Evidence added", P7: "No evidence" });
    await expect(portfolio.taskHint(FRAMEWORKS.guidance, "E.1")).toContainText("1 piece of evidence");
    await expect(portfolio.sectionCounts(FRAMEWORKS.guidance, SECTION_E)).toHaveText("1 of 7 criteria have evidence · 0 met");
    await expect(portfolio.sectionCounts(FRAMEWORKS.nosQa, QA_UNIT)).toHaveText("1 of 26 criteria have evidence · 0 met");
    await expect(portfolio.missingLink).toHaveText(`Criteria still without evidence (${SUPERVISOR_CRITERIA - 2})`);
    await expectAccessible(page, "the task list with evidence added");

    // 5. A reflective account with headings and a list, mapped to E.4 of the guidance and P7 of the QA unit.
    const reflectiveTitle = "Supporting a practitioner after a difficult meeting";
    let reflectiveId = "";
    await test.step("the candidate writes a reflective account and maps it to E.4 and P7", async () => {
      await portfolio.addEvidenceButton.click();
      const choose = await ChooseKindPage.verifyOnPage(page);
      const form = await choose.chooseWritten("Reflective account");
      await expectAccessible(page, "the reflective account form");
      await form.save();
      await form.errors.expectSummary(["Enter a title", "Enter the date you wrote it", "Enter your reflective account"]);
      await expectAccessible(page, "the reflective account form with errors");
      await form.fillReflectiveAccount({ title: reflectiveTitle, date: { day: "3", month: "2", year: "2025" }, text: REFLECTIVE_TEXT });
      const map = await form.saveAndMap(reflectiveTitle);
      await expect(map.successBanner).toContainText("Evidence E2 saved.");
      reflectiveId = map.evidenceId();
      await map.map(SHORT_TITLES.guidance, "E.4", "I describe the pastoral support I gave the practitioner");
      await map.map(SHORT_TITLES.nosQa, "P7", "The second paragraph shows I recognised the emotional impact of the case");
      await expect(map.mappingsTable.locator("tbody tr")).toHaveCount(2);

      const evidencePage = await EvidencePage.visit(page, reflectiveId, reflectiveTitle);
      await expect(evidencePage.caption).toHaveText("E2 · Reflective account");
      await expect(evidencePage.summaryValue("Date written")).toHaveText("3 February 2025");
      // The account's own markup becomes headings (one level below the evidence's title, the h1),
      // paragraphs and a list; nothing in it runs.
      const main = page.locator("main");
      await expect(main.getByRole("heading", { level: 2, name: "Supporting a practitioner" })).toBeVisible();
      await expect(main.getByRole("heading", { level: 3, name: "What I checked" })).toBeVisible();
      await expect(main.getByRole("listitem").filter({ hasText: "that the risk assessment was up to date" })).toBeVisible();
      await expect(main.getByText("<script>window.injected = true</script> is shown as text")).toBeVisible();
      expect(await page.evaluate(() => "injected" in window)).toBe(false);
      await expect(evidencePage.mappedRow("E.4")).toContainText("I describe the pastoral support I gave the practitioner");
      await expect(evidencePage.mappedRow("P7")).toContainText("recognised the emotional impact");
      await expectAccessible(page, "the page of a reflective account");
    });

    // 6. Four criteria have evidence now; the view of what is missing has shrunk by four.
    portfolio = await PortfolioPage.visit(page, enrolmentId);
    await expect(portfolio.progressHeading).toHaveText(`4 of ${SUPERVISOR_CRITERIA} criteria have evidence`);
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.1": "Evidence added", "E.2": "No evidence", "E.4": "Evidence added" });
    await portfolio.expectStatuses(FRAMEWORKS.nosQa, { P6: "Evidence added", P7: "Evidence added", P8: "No evidence" });
    await expect(portfolio.sectionCounts(FRAMEWORKS.guidance, SECTION_E)).toHaveText("2 of 7 criteria have evidence · 0 met");
    await expect(portfolio.sectionCounts(FRAMEWORKS.nosQa, QA_UNIT)).toHaveText("2 of 26 criteria have evidence · 0 met");
    await portfolio.missingLink.click();
    missing = await MissingCriteriaPage.verifyOnPage(page);
    await expect(missing.criteria).toHaveCount(SUPERVISOR_CRITERIA - 4);
    await expect(missing.intro).toContainText(`${SUPERVISOR_CRITERIA - 4} of the ${SUPERVISOR_CRITERIA} criteria you need have no evidence mapped to them yet.`);
    await expect(missing.codesIn(FRAMEWORKS.guidance)).toHaveText(["E.2", "E.3", "E.5", "E.6", "E.7"]);
    for (const code of ["E.1", "E.4", "P6", "P7"]) await expect(missing.codes.filter({ hasText: new RegExp(`^${code.replace(".", "\\.")}$`) })).toHaveCount(0);
    await expect(missing.codesIn(FRAMEWORKS.nosQa).filter({ hasText: /^P8$/ })).toHaveCount(1);
    await expectAccessible(page, "the criteria still without evidence, after adding evidence");

    // 7. The evidence list, and one criterion's evidence reached from its task.
    const all = await EvidenceListPage.visit(page, enrolmentId);
    await expect(all.caption).toHaveText("2 pieces of evidence");
    await expect(all.cell("E1", "criteria")).toHaveText("E.1, P6");
    await expect(all.cell("E1", "kind")).toHaveText("Uploaded file");
    await expect(all.cell("E2", "criteria")).toHaveText("E.4, P7");
    await expect(all.cell("E2", "date")).toHaveText("3 February 2025");
    await expectAccessible(page, "the evidence list");
    portfolio = await PortfolioPage.visit(page, enrolmentId);
    await portfolio.openTask(FRAMEWORKS.guidance, "E.1");
    const forE1 = await EvidenceListPage.verifyOnPage(page, "E.1");
    await expect(forE1.caption).toHaveText("1 piece of evidence mapped to E.1");
    await expect(forE1.cell("E1", "criteria")).toHaveText("Pages 1 and 2 show how I checked the practitioner's risk assessment");
    await expectAccessible(page, "the evidence for one criterion");

    // 8. Submit the whole portfolio, with the declaration.
    await test.step("the candidate submits the portfolio with the declaration", async () => {
      portfolio = await PortfolioPage.visit(page, enrolmentId);
      await press(portfolio.submitButton);
      const submit = await SubmitPage.verifyOnPage(page);
      await expect(page.locator("main")).toContainText("4 criteria have evidence added and not yet submitted.");
      await expect(submit.declarationPoints).toHaveCount(3);
      await expect(submit.scope("The whole portfolio")).toBeVisible();
      await expectAccessible(page, "the submit page");
      await press(submit.submitButton);
      await submit.errors.expectSummary(["Select what you want to submit", "Confirm the declaration before you submit"]);
      await expectAccessible(page, "the submit page with errors");
      const before = Date.now();
      const done = await submit.submit("The whole portfolio");
      await expect(done.panel).toContainText("Whole portfolio");
      expect(await submittedCodes(done.whatYouSubmitted, 4)).toEqual(["E.1", "E.4", "P6", "P7"]);
      await expect(page.locator("main")).toContainText("Your declaration that the evidence is your own work and anonymised was recorded with the submission.");
      await expectAccessible(page, "the submission confirmation");

      // The declaration is stored, with its date.
      const db = openDatabase(databasePath(), { readonly: true });
      try {
        const stored = db.select().from(declarations).where(eq(declarations.enrolmentId, enrolmentId)).all();
        expect(stored).toHaveLength(1);
        expect(stored[0].statement).toContain("my own work");
        expect(stored[0].statement).toContain("anonymised");
        expect(stored[0].declaredAt).toBeGreaterThanOrEqual(before - 5_000);
      } finally {
        db.$client.close();
      }
    });

    // 9. The task list says what was submitted; nothing is left to submit.
    portfolio = await PortfolioPage.visit(page, enrolmentId);
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.1": "Submitted", "E.4": "Submitted", "E.2": "No evidence" });
    await portfolio.expectStatuses(FRAMEWORKS.nosQa, { P6: "Submitted", P7: "Submitted", P1: "No evidence" });
    await expect(portfolio.taskHint(FRAMEWORKS.guidance, "E.1")).toContainText(/1 piece of evidence, submitted \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)/);
    await expect(portfolio.summary).toContainText("0 ready to submit");
    await expect(portfolio.summary).toContainText("4 submitted and waiting for assessment");
    await expect(portfolio.sectionCounts(FRAMEWORKS.guidance, SECTION_E)).toHaveText("2 of 7 criteria have evidence · 2 submitted · 0 met");
    await expect(portfolio.submitButton).toHaveCount(0);
    await expect(portfolio.submissionsTable.locator("tbody tr")).toHaveCount(1);
    await expect(portfolio.submissionsTable.locator("tbody tr td").nth(1)).toHaveText("Whole portfolio");
    expect((await portfolio.submissionsTable.locator("tbody tr td").nth(2).innerText()).split(", ").sort()).toEqual(["E.1", "E.4", "P6", "P7"]);
    await expectAccessible(page, "the task list after submitting");
    const nothingLeft = await SubmitPage.visit(page, enrolmentId);
    await expect(nothingLeft.submitButton).toHaveCount(0);
    await expect(page.locator("main")).toContainText("There is nothing to submit yet");
  });

  test("evidence mapped to a criterion the programme does not require shows under ‘Also evidenced’, and the task list still passes axe", async ({ page, browser }) => {
    const candidate = await addCandidate("Lou Also-Evidenced");
    const enrolmentId = await enrolThroughPortal(browser, candidate, "supervisor");
    await signInAs(page, candidate);
    const form = await WrittenEvidencePage.visit(page, enrolmentId, "reflective-account");
    await form.fillReflectiveAccount({ title: "Explaining restorative justice to a new practitioner", date: { day: "10", month: "1", year: "2025" }, text: "I explained what restorative justice is and why it works." });
    const map = await form.saveAndMap("Explaining restorative justice to a new practitioner");
    // Section A of the guidance is not part of the supervisor check, but the guidance is pinned.
    await map.map(SHORT_TITLES.guidance, "A1(a).1", "I gave a definition of restorative justice");
    await map.map(SHORT_TITLES.guidance, "E.7", "I applied restorative principles in supervision");

    const portfolio = await PortfolioPage.visit(page, enrolmentId);
    await expect(portfolio.progressHeading).toHaveText(`1 of ${SUPERVISOR_CRITERIA} criteria have evidence`);
    await expect(portfolio.alsoEvidenced.getByRole("heading", { level: 2, name: "Also evidenced" })).toBeVisible();
    await expect(portfolio.task(FRAMEWORKS.guidance, "A1(a).1", portfolio.alsoEvidenced).locator(".govuk-task-list__status")).toHaveText("Evidence added");
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.7": "Evidence added" });
    await expectAccessible(page, "the task list with ‘Also evidenced’ criteria");
  });
});

test.describe("Personal data in written evidence", () => {
  test("an email address or a UK phone number is flagged and nothing is saved until it is anonymised or a reason is given", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const candidate = await addCandidate("Lee Personal-Data");
    const enrolmentId = await enrolThroughPortal(browser, candidate, "level4");
    await signInAs(page, candidate);
    const title = "Preparing for a restorative meeting";
    const date = { day: "20", month: "1", year: "2025" };
    const form = await WrittenEvidencePage.visit(page, enrolmentId, "reflective-account");

    // An email address: flagged, not saved; what was typed is kept.
    const withEmail = "I arranged the meeting by writing to the harmed person at sam.harmed@example.org and agreed a date.";
    await form.fillReflectiveAccount({ title, date, text: withEmail });
    await form.save();
    await form.errors.expectSummary(["Remove or replace the personal data listed, or say why it must stay"]);
    await expect(form.personalData.getByRole("heading", { name: "This may contain personal data" })).toBeVisible();
    expect(await form.findings()).toEqual([["Email address", "sam.harmed@example.org", "Reflective account"]]);
    await expect(form.field("Your reflective account")).toHaveValue(withEmail);
    await expect(form.title).toHaveValue(title);
    await expect(page).toHaveURL(/\/evidence\/new\/reflective-account$/);
    await expectAccessible(page, "the reflective account form with personal data found");

    // Swapping the email for a mobile number: still flagged.
    const withPhone = "I arranged the meeting by phoning the harmed person on 07700 900 982 and agreed a date.";
    await form.field("Your reflective account").fill(withPhone);
    await form.save();
    await form.errors.expectSummary(["Remove or replace the personal data listed, or say why it must stay"]);
    expect(await form.findings()).toEqual([["Phone number", "07700 900 982", "Reflective account"]]);

    // Nothing was saved by either attempt.
    let list = await EvidenceListPage.visit(page, enrolmentId);
    await expect(list.emptyMessage).toContainText("There is no evidence in this portfolio yet.");
    const db = openDatabase(databasePath(), { readonly: true });
    try {
      expect(db.select().from(evidenceTable).where(eq(evidenceTable.enrolmentId, enrolmentId)).all()).toHaveLength(0);
    } finally {
      db.$client.close();
    }

    // Anonymised: saved.
    const again = await WrittenEvidencePage.visit(page, enrolmentId, "reflective-account");
    await again.fillReflectiveAccount({ title, date, text: "I arranged the meeting by phoning the harmed person and agreed a date." });
    await again.saveAndMap(title);

    // Or kept, with a reason the assessor will see: saved, with the finding and the reason shown.
    const office = await WrittenEvidencePage.visit(page, enrolmentId, "reflective-account");
    const officeTitle = "How participants contact the service";
    await office.fillReflectiveAccount({ title: officeTitle, date, text: "Participants call the service's public office line, 0117 496 0123, to book a meeting." });
    await office.save();
    // The POST's response can arrive before the page shows it: wait for the summary, as above.
    await office.errors.expectSummary(["Remove or replace the personal data listed, or say why it must stay"]);
    expect(await office.findings()).toEqual([["Phone number", "0117 496 0123", "Reflective account"]]);
    await office.personalDataReason.fill("This is the public office number of the service, not a participant's");
    const map = await office.saveAndMap(officeTitle);
    const evidencePage = await EvidencePage.visit(page, map.evidenceId(), officeTitle);
    await expect(page.locator("main .govuk-inset-text")).toContainText("Personal data kept: Phone number (Reflective account).");
    await expect(page.locator("main .govuk-inset-text")).toContainText("Reason given: This is the public office number of the service, not a participant's");
    await expect(evidencePage.caption).toHaveText("E2 · Reflective account");

    list = await EvidenceListPage.visit(page, enrolmentId);
    await expect(list.caption).toHaveText("2 pieces of evidence");
  });
});

test.describe("Rejected uploads", () => {
  const rejections = [
    { what: "a Windows program renamed to .pdf", file: { name: "reflection.pdf", mimeType: "application/pdf", buffer: files.windowsExe() }, message: "The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT), PNG, JPEG, plain text, MP3 or M4A file" },
    { what: "a truncated PDF", file: { name: "session-notes.pdf", mimeType: "application/pdf", buffer: files.truncatedPdf() }, message: "The selected PDF is damaged or incomplete" },
  ];
  for (const r of rejections) {
    test(`${r.what} gets the error summary with the reason, and adds no evidence and no file`, async ({ page, browser }) => {
      const candidate = await addCandidate("Max Upload");
      const enrolmentId = await enrolThroughPortal(browser, candidate, "level4");
      await signInAs(page, candidate);
      const upload = await UploadFilePage.visit(page, enrolmentId);
      await upload.fill({ file: r.file, title: "Notes from my training day" });
      await upload.save();
      await upload.errors.expectSummary([r.message]);
      await expect(upload.errors.field("file")).toContainText(r.message);
      // The other fields are kept; the file must be chosen again.
      await expect(upload.title).toHaveValue("Notes from my training day");
      await expect(page).toHaveURL(/\/evidence\/new\/file$/);
      await expectAccessible(page, `the upload form after ${r.what}`);

      const list = await EvidenceListPage.visit(page, enrolmentId);
      await expect(list.emptyMessage).toContainText("There is no evidence in this portfolio yet.");
      expect(existsSync(storedPath(r.file.buffer)), "the rejected file is not kept").toBe(false);
    });
  }
});

test.describe("Nobody else's candidate can reach a candidate's evidence", () => {
  test("another candidate of the same provider, and a candidate of another provider, get 404 for the evidence file, the evidence and the portfolio", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const owner = await addCandidate("Ola Owner");
    const sameProvider = await addCandidate("Ray Same-Provider");
    const otherProvider = await addCandidate("Sam Other-Provider", DEMO_SECOND_PROVIDER.name);
    const enrolmentId = await enrolThroughPortal(browser, owner, "supervisor");
    // The same-provider candidate has a portfolio of their own, so they are not turned away for having none.
    await enrolThroughPortal(browser, sameProvider, "supervisor");

    await signInAs(page, owner);
    const upload = await UploadFilePage.visit(page, enrolmentId);
    const map = await upload.upload({ file: pdfFile("private-notes.pdf"), title: "Private supervision notes" });
    const evidenceId = map.evidenceId();
    const evidencePage = await EvidencePage.visit(page, evidenceId, "Private supervision notes");
    const fileUrl = (await evidencePage.fileLink("private-notes.pdf").getAttribute("href"))!;
    const urls = [
      fileUrl,
      `/evidence/${evidenceId}`,
      `/evidence/${evidenceId}/map`,
      `/evidence/${evidenceId}/edit`,
      `/evidence/${evidenceId}/delete`,
      `/portfolio/${enrolmentId}`,
      `/portfolio/${enrolmentId}/evidence`,
      `/portfolio/${enrolmentId}/evidence/new`,
      `/portfolio/${enrolmentId}/evidence/new/file`,
      `/portfolio/${enrolmentId}/evidence/new/reflective-account`,
      `/portfolio/${enrolmentId}/missing`,
      `/portfolio/${enrolmentId}/submit`,
    ];
    // The owner can open every one of them.
    for (const url of urls) expect((await page.request.get(url, { maxRedirects: 0 })).status(), `${url} for its owner`).toBe(200);

    for (const stranger of [sameProvider, otherProvider]) {
      const context = await newContext(browser);
      try {
        const strangerPage = await context.newPage();
        await signInAs(strangerPage, stranger);
        for (const url of urls) {
          const response = await strangerPage.request.get(url, { maxRedirects: 0 });
          expect(response.status(), `${url} for ${stranger.name}`).toBe(404);
          expect(await response.text(), `${url} for ${stranger.name} says nothing of the evidence`).not.toContain("Private supervision notes");
        }
        // In the browser: the portal's own "Page not found".
        const response = await strangerPage.goto(`/evidence/${evidenceId}`);
        expect(response?.status()).toBe(404);
        await NotFoundPage.verifyOnPage(strangerPage);
        // A change sent to the evidence is refused the same way, and changes nothing.
        const csrf = await strangerPage.locator('input[name="csrf"]').first().inputValue();
        const post = await strangerPage.request.post(`/evidence/${evidenceId}/map`, { form: { csrf, intent: "map", source: "main", itemId: "x", note: "Not mine" }, maxRedirects: 0 });
        expect(post.status(), `mapping another candidate's evidence, for ${stranger.name}`).toBe(404);
      } finally {
        await context.close();
      }
    }
    const mapAfter = await MapEvidencePage.visit(page, evidenceId);
    await expect(mapAfter.mappingsTable).toHaveCount(0);

    // Staff: the allocated assessor and IQA and the provider's admin may open the file; an assessor
    // of the same provider who is not allocated to this candidate may not.
    const staff = [
      { who: EXTRA_ACCOUNTS.portfolioAssessor, status: 200 },
      { who: EXTRA_ACCOUNTS.portfolioIqa, status: 200 },
      { who: "provider_admin" as const, status: 200 },
      { who: "assessor" as const, status: 404 },
    ];
    for (const { who, status } of staff) {
      const context = await newContext(browser);
      try {
        const staffPage = await context.newPage();
        await signInAs(staffPage, who);
        const response = await staffPage.request.get(fileUrl, { maxRedirects: 0 });
        expect(response.status(), `the file for ${typeof who === "string" ? `the demo ${who}` : who.name}`).toBe(status);
        if (status === 200) expect(response.headers()["cache-control"]).toBe("private, no-store");
      } finally {
        await context.close();
      }
    }
  });
});

test.describe("Every kind of written evidence", () => {
  const kinds = [
    { slug: "observation", heading: "Add observation record", errors: ["Enter a title", "Enter the observer's name", "Enter the observer's role", "Enter the date of the observation", "Describe the setting", "Enter what was observed"] },
    { slug: "professional-discussion", heading: "Add professional discussion record", errors: ["Enter a title", "Enter the date of the discussion", "Enter who took part", "Enter a summary of the discussion"] },
    { slug: "question-answer", heading: "Add question and answer record", errors: ["Enter a title", "Enter the date of the questions", "Enter at least one question and its answer"] },
  ];
  test("each form, and each form with its errors, passes axe", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const candidate = await addCandidate("Pip Every-Kind");
    const enrolmentId = await enrolThroughPortal(browser, candidate, "level4");
    await signInAs(page, candidate);
    for (const kind of kinds) {
      const form = await WrittenEvidencePage.visit(page, enrolmentId, kind.slug);
      await expect(form.heading).toHaveText(kind.heading);
      await expectAccessible(page, `the ${kind.slug} form`);
      await form.save();
      await form.errors.expectSummary(kind.errors);
      await expectAccessible(page, `the ${kind.slug} form with errors`);
    }
    const list = await EvidenceListPage.visit(page, enrolmentId);
    await expect(list.emptyMessage).toContainText("There is no evidence in this portfolio yet.");
  });
});

test.describe("Without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the candidate adds a reflective account and a file, maps them and submits, all through plain forms", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const candidate = await addCandidate("Ivo No-Script-Portfolio");
    const enrolmentId = await enrolThroughPortal(browser, candidate, "supervisor");
    // Every form below must be sent by the browser itself, as a whole-page POST.
    const posts: { url: string; type: string }[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push({ url: new URL(r.url()).pathname, type: r.resourceType() });
    });
    await signInAs(page, candidate);

    const list = await PortfolioListPage.visit(page);
    let portfolio = await list.open(SUPERVISOR_TITLE);
    await portfolio.addEvidenceButton.click();
    const choose = await ChooseKindPage.verifyOnPage(page);
    await press(choose.continueButton);
    await choose.errors.expectSummary(["Select the kind of evidence you are adding"], { focused: false });
    const form = await choose.chooseWritten("Reflective account");
    await form.save();
    await form.errors.expectSummary(["Enter a title", "Enter the date you wrote it", "Enter your reflective account"], { focused: false });
    const title = "Reviewing a practitioner's risk assessment";
    await form.fillReflectiveAccount({ title, date: { day: "5", month: "3", year: "2025" }, text: "# Review\n\nI reviewed the risk assessment with the practitioner.\n\n- what had changed\n- what to do next" });
    const map = await form.saveAndMap(title);
    await expect(map.successBanner).toContainText("Evidence E1 saved.");
    await press(map.addMappingButton);
    await map.errors.expectSummary(["Select a criterion", "Enter a note saying how this evidence shows the criterion"], { focused: false });
    await map.map(SHORT_TITLES.guidance, "E.1", "I describe how I assessed whether the practitioner's risk assessment was adequate");
    await map.mapSuggestion(SHORT_TITLES.nosQa, "P2", "I checked the risk assessment was in place and kept up to date");

    // A file too: the upload is a plain multipart form.
    const upload = await UploadFilePage.visit(page, enrolmentId);
    await upload.upload({ file: { name: "risk-checklist.png", mimeType: "image/png", buffer: files.png() }, title: "Risk checklist I use in supervision" });

    portfolio = await PortfolioPage.visit(page, enrolmentId);
    await expect(portfolio.progressHeading).toHaveText(`2 of ${SUPERVISOR_CRITERIA} criteria have evidence`);
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.1": "Evidence added" });
    await portfolio.expectStatuses(FRAMEWORKS.nosQa, { P2: "Evidence added" });
    await press(portfolio.submitButton);
    const submit = await SubmitPage.verifyOnPage(page);
    await press(submit.submitButton);
    await submit.errors.expectSummary(["Select what you want to submit", "Confirm the declaration before you submit"], { focused: false });
    const done = await submit.submit("The whole portfolio");
    expect(await submittedCodes(done.whatYouSubmitted, 2)).toEqual(["E.1", "P2"]);

    portfolio = await PortfolioPage.visit(page, enrolmentId);
    await portfolio.expectStatuses(FRAMEWORKS.guidance, { "E.1": "Submitted" });
    await portfolio.expectStatuses(FRAMEWORKS.nosQa, { P2: "Submitted" });
    // (axe itself needs JavaScript in the page; the same pages pass it in the tests above.)
    const db = openDatabase(databasePath(), { readonly: true });
    try {
      expect(db.select().from(declarations).where(eq(declarations.enrolmentId, enrolmentId)).all()).toHaveLength(1);
    } finally {
      db.$client.close();
    }
    expect(posts.length).toBeGreaterThanOrEqual(10);
    expect(posts.filter((p) => p.type !== "document"), "form posts that were not whole-page navigations").toEqual([]);
  });
});
