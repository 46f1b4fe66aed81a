/**
 * Issue 7, end to end: the demo candidate downloads their achieved Level 4 award portfolio as a
 * PDF from their portfolio page; the file is a PDF with their candidate number, the accredited
 * centre 02298, every learning outcome's code, and the verification code on every page. Then
 * anyone, signed out, checks the code on /verify: it shows the award, outcome and provider, never
 * the candidate; the downloaded file matches; the same file with one byte changed does not; an
 * unknown code gets a clear answer; axe passes in every state. The assessor, the IQA and the
 * provider admin can download it too.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { openDatabase } from "../../db/connection";
import { decisions, enrolments, providers } from "../../db/schema";
import { VerifyPage } from "./pages/VerifyPage";
import { DEMO_PROVIDER, databasePath, demoAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expect, signInAs, test } from "./support/fixtures";
import { newContext } from "./support/people";

const AWARD_TITLE = "BTEC Level 4 Professional Award in Restorative Justice Approaches";
const CANDIDATE_NUMBER = "NRT-0001";
const CANDIDATE_NAME = demoAccount("candidate").name;
const LEARNING_OUTCOMES = ["LO1", "LO2", "LO3", "LO4", "LO5", "LO6"];
const CODE = /Verification code (RJP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/;

/** The demo candidate's award enrolment (and one of its decisions), read from the test database. */
function demoAward(): { enrolmentId: string; decisionId: string } {
  const db = openDatabase(databasePath());
  try {
    const row = db
      .select({ enrolmentId: enrolments.id })
      .from(enrolments)
      .innerJoin(providers, eq(providers.id, enrolments.providerId))
      .where(and(eq(enrolments.candidateNumber, CANDIDATE_NUMBER), eq(providers.name, DEMO_PROVIDER.name)))
      .get();
    if (!row) throw new Error(`No enrolment ${CANDIDATE_NUMBER} in the demo provider`);
    const decision = db.select({ id: decisions.id }).from(decisions).where(eq(decisions.enrolmentId, row.enrolmentId)).get();
    if (!decision) throw new Error(`No decision on ${CANDIDATE_NUMBER}`);
    return { enrolmentId: row.enrolmentId, decisionId: decision.id };
  } finally {
    db.$client.close();
  }
}

/** The text of each page of a PDF, by pdftotext (pages are separated by form feeds). */
function pdfPages(path: string): string[] {
  const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"], { encoding: "utf8" });
  return text.split("\f").filter((p, i, all) => i < all.length - 1 || p.trim() !== "");
}

function pdfPageCount(path: string): number {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  return Number(/^Pages:\s+(\d+)$/m.exec(info)![1]);
}

/** Follows a "Download … PDF" link's address with the page's cookies and checks what comes back. */
async function expectPdfLink(page: Page, enrolmentId: string, who: string) {
  const link = page.getByRole("link", { name: /^Download .*portfolio as a PDF$/ });
  await expect(link, `${who} sees the PDF link`).toHaveCount(1);
  await expect(link).toHaveAttribute("href", `/portfolio/${enrolmentId}/pdf`);
  const response = await page.request.get(`/portfolio/${enrolmentId}/pdf`);
  expect(response.status(), `${who} downloads the PDF`).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/pdf/);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="award-portfolio-.*\.pdf"/);
  expect((await response.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
}

test.describe("The award portfolio PDF and its verification", () => {
  test("the candidate downloads the PDF; anyone can check its code and whether a copy is the one issued", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const { enrolmentId } = demoAward();
    const saved = test.info().outputPath("award-portfolio.pdf");
    let code = "";
    let fileName = "";

    await test.step("the candidate downloads the PDF from their portfolio page", async () => {
      await signInAs(page, "candidate");
      await page.goto("/portfolio");
      await page.getByRole("link", { name: AWARD_TITLE, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/portfolio/${enrolmentId}$`));
      const link = page.getByRole("link", { name: "Download the portfolio as a PDF" });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      fileName = download.suggestedFilename();
      expect(fileName).toMatch(new RegExp(`^award-portfolio-${CANDIDATE_NUMBER}-RJP-[A-Z0-9-]+\\.pdf$`));
      await download.saveAs(saved);
    });

    await test.step("the file is a PDF with the candidate number, the centre, the learning outcomes and a code on every page", async () => {
      const bytes = readFileSync(saved);
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const pages = pdfPages(saved);
      expect(pages.length).toBe(pdfPageCount(saved));
      expect(pages.length).toBeGreaterThan(3);
      const all = pages.join("\n");
      expect(all).toContain(CANDIDATE_NUMBER);
      expect(all).toContain("02298");
      for (const lo of LEARNING_OUTCOMES) expect(all, `the PDF names ${lo}`).toMatch(new RegExp(`\\b${lo}\\b`));
      code = CODE.exec(pages[0])?.[1] ?? "";
      expect(code, "the first page carries a verification code").not.toBe("");
      expect(fileName, "the file is named with the code it carries").toContain(code);
      pages.forEach((text, i) => expect(text, `page ${i + 1} of ${pages.length} carries the verification code`).toContain(`Verification code ${code}`));
    });

    const anonymous = await newContext(browser);
    try {
      const visitor = await anonymous.newPage();
      const verify = await VerifyPage.visit(visitor);
      await expectAccessible(visitor, "/verify, empty");

      await test.step("the code shows the award, the outcome and the provider, and not the candidate", async () => {
        await verify.checkCode(code.toLowerCase().replace(/-/g, " "));
        await expect(verify.recordsHeading).toBeVisible();
        await expect(verify.row("Document")).toContainText(AWARD_TITLE);
        await expect(verify.row("Outcome")).toHaveText("Achieved");
        await expect(verify.row("Issued by")).toHaveText(DEMO_PROVIDER.name);
        await expect(verify.row("Verification code")).toHaveText(code);
        const body = (await visitor.locator("body").textContent()) ?? "";
        expect(body).not.toContain(CANDIDATE_NAME);
        expect(body).not.toContain(CANDIDATE_NUMBER);
        expect(await visitor.title()).not.toContain(CANDIDATE_NAME);
        await expectAccessible(visitor, "/verify, a known code");
      });

      await test.step("the downloaded file matches", async () => {
        await verify.checkCopy({ name: "award-portfolio.pdf", mimeType: "application/pdf", buffer: readFileSync(saved) });
        await expect(verify.matches).toBeVisible();
        await expect(verify.matches).toContainText("not one byte has changed");
        await expect(verify.mismatch).toHaveCount(0);
        await expectAccessible(visitor, "/verify, a matching copy");
      });

      await test.step("the same file with one byte changed does not match", async () => {
        const tampered = Buffer.from(readFileSync(saved));
        tampered[Math.floor(tampered.length / 2)] ^= 0x01;
        writeFileSync(test.info().outputPath("tampered.pdf"), tampered);
        await verify.checkCopy({ name: "award-portfolio.pdf", mimeType: "application/pdf", buffer: tampered });
        await expect(verify.mismatch).toBeVisible();
        await expect(verify.mismatch).toContainText("This copy does NOT match");
        await expect(verify.matches).toHaveCount(0);
        await expectAccessible(visitor, "/verify, a changed copy");
      });

      await test.step("an unknown code gets a clear answer", async () => {
        const unknown = await VerifyPage.visit(visitor);
        // A well-formed code no document has (the alphabet has no 0/1/I/O, but 2 and Z are in it).
        const other = code === "RJP-2222-2222-2222" ? "RJP-ZZZZ-ZZZZ-ZZZZ" : "RJP-2222-2222-2222";
        const response = visitor.waitForResponse((r) => r.url().includes("/verify") && r.request().method() === "GET");
        await unknown.checkCode(other);
        await response;
        await expect(unknown.unknown).toBeVisible();
        await expect(unknown.unknown).toContainText(`No portfolio document was issued by this portal with the code ${other}`);
        await expect(unknown.recordsHeading).toHaveCount(0);
        await expectAccessible(visitor, "/verify, an unknown code");
        const direct = await visitor.goto(`/verify?code=${other}`);
        expect(direct?.status()).toBe(404);
      });

      await test.step("a code that cannot be one is an error on the field", async () => {
        const form = await VerifyPage.visit(visitor);
        await form.checkCode("not a code");
        await expect(form.errorSummary).toBeVisible();
        await expect(form.errorSummary.getByRole("link")).toHaveAttribute("href", "#code");
        await expectAccessible(visitor, "/verify, a code in the wrong form");
      });
    } finally {
      await anonymous.close();
    }
  });

  test("the assessor, the IQA and the provider admin can download it too", async ({ page }) => {
    const { enrolmentId, decisionId } = demoAward();
    await signInAs(page, "assessor");
    await page.goto(`/assess/${enrolmentId}`);
    await expectPdfLink(page, enrolmentId, "the assessor");
    await page.context().clearCookies();

    await signInAs(page, "iqa");
    await page.goto(`/iqa/decisions/${decisionId}`);
    await expectPdfLink(page, enrolmentId, "the IQA");
    await page.context().clearCookies();

    await signInAs(page, "provider_admin");
    await page.goto(`/enrolments/${enrolmentId}`);
    await expectPdfLink(page, enrolmentId, "the provider admin");
  });

  test("someone outside the enrolment cannot download it", async ({ page }) => {
    const { enrolmentId } = demoAward();
    const anonymous = await page.request.get(`/portfolio/${enrolmentId}/pdf`, { maxRedirects: 0 });
    expect(anonymous.status(), "signed out: sent to sign in").toBe(302);
    await signInAs(page, "commissioner");
    const response = await page.request.get(`/portfolio/${enrolmentId}/pdf`, { maxRedirects: 0 });
    expect([403, 404]).toContain(response.status());
    expect(response.headers()["content-type"] ?? "").not.toMatch(/application\/pdf/);
  });
});
