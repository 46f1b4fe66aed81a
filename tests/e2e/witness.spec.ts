/**
 * Issue 5, end to end: witness testimony. The candidate describes what a colleague saw and makes a
 * single-use link; the witness, in a browser with no account, reads it, confirms it with their
 * details, and the link then says it has been used. A newer link stops the older one working.
 */
import type { Browser, Page } from "@playwright/test";
import { ChooseKindPage, WrittenEvidencePage } from "./pages/AddEvidencePages";
import { EvidenceListPage } from "./pages/EvidenceListPage";
import { EvidencePage } from "./pages/EvidencePage";
import { SHORT_TITLES } from "./pages/PortfolioPage";
import { WitnessPage } from "./pages/WitnessPage";
import { DEMO_PROVIDER, type Account } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { press } from "./support/buttons";
import { expect, signInAs, test } from "./support/fixtures";
import { addCandidate, enrolThroughPortal, newContext } from "./support/people";

const TESTIMONY = {
  title: "Co-facilitating a restorative meeting",
  date: { day: "12", month: "2", year: "2025" },
  whatWitnessed: "I prepared both participants separately, agreed ground rules at the start of the meeting, and kept the discussion on the harm done and how to repair it.",
  witnessName: "Dana Co-Facilitator",
  witnessRole: "Youth justice officer",
  relationship: "Co-facilitated the meeting with me",
};

/** The witness's own browser: no cookies, no account. */
async function asWitness<T>(browser: Browser, act: (page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(browser);
  try {
    return await act(await context.newPage());
  } finally {
    await context.close();
  }
}

/** A candidate with a new supervisor enrolment and a witness testimony waiting for its witness; returns the evidence page. */
async function candidateWithTestimony(page: Page, browser: Browser, name: string): Promise<{ candidate: Account; enrolmentId: string; evidenceId: string }> {
  const candidate = await addCandidate(name);
  const enrolmentId = await enrolThroughPortal(browser, candidate, "supervisor");
  await signInAs(page, candidate);
  const form = await WrittenEvidencePage.visit(page, enrolmentId, "witness-testimony");
  await form.fillWitnessTestimony(TESTIMONY);
  const map = await form.saveAndMap(TESTIMONY.title);
  return { candidate, enrolmentId, evidenceId: map.evidenceId() };
}

test("a witness link works once, for a witness with no account, and then says it has been used", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const candidate = await addCandidate("Nia Witness-Candidate");
  const enrolmentId = await enrolThroughPortal(browser, candidate, "supervisor");
  await signInAs(page, candidate);

  // The candidate describes what the witness saw and names them.
  const choose = await ChooseKindPage.visit(page, enrolmentId);
  const form = await choose.chooseWritten("Witness testimony");
  await expectAccessible(page, "the witness testimony form");
  await form.save();
  await form.errors.expectSummary([
    "Enter a title",
    "Enter the date the witness saw your practice",
    "Describe what the witness saw",
    "Enter the witness's name",
    "Enter the witness's role",
    "Enter how the witness knows your work",
  ]);
  await expectAccessible(page, "the witness testimony form with errors");
  await form.fillWitnessTestimony(TESTIMONY);
  const map = await form.saveAndMap(TESTIMONY.title);
  await map.map(SHORT_TITLES.guidance, "E.7", "My co-facilitator saw me apply restorative principles in the meeting");
  const evidenceId = map.evidenceId();

  const evidencePage = await EvidencePage.visit(page, evidenceId, TESTIMONY.title);
  await expect(evidencePage.caption).toHaveText("E1 · Witness testimony");
  await expect(evidencePage.summaryValue("Witness")).toHaveText(TESTIMONY.witnessName);
  await expect(evidencePage.summaryValue("Confirmed")).toHaveText("Not yet confirmed by the witness");
  await expect(page.locator("main")).toContainText("No link has been made yet.");
  await expectAccessible(page, "a witness testimony waiting for its link");

  // The link is shown once.
  const link = await evidencePage.makeWitnessLink();
  await expect(page.locator("main")).toContainText(`Give this link to ${TESTIMONY.witnessName}`);
  await expectAccessible(page, "the witness link, shown once");
  const waiting = await EvidencePage.visit(page, evidenceId);
  await expect(waiting.witnessRequestsTable.locator("tbody tr")).toHaveCount(1);
  await expect(waiting.witnessRequestsTable.locator("tbody tr td").nth(2)).toHaveText(/^Waiting – works until \d{1,2} \w+ \d{4} at /);
  // The page does not show the link again.
  await expect(page.getByText(link)).toHaveCount(0);

  // The witness opens it in their own browser, with no account.
  const corrected = `${TESTIMONY.whatWitnessed} I also saw them check in with each participant afterwards.`;
  await asWitness(browser, async (witness) => {
    const response = await witness.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
    const witnessPage = await WitnessPage.verifyOnPage(witness);
    await expect(witness.locator("main")).toContainText(`A candidate training in restorative practice with ${DEMO_PROVIDER.name} has named you`);
    await expect(witnessPage.whatWitnessed).toHaveText(TESTIMONY.whatWitnessed);
    // The candidate is "a candidate": their name is not shown to the witness.
    await expect(witness.locator("body")).not.toContainText(candidate.name);
    // The form starts from the candidate's description and the details they gave.
    await expect(witnessPage.testimony).toHaveValue(TESTIMONY.whatWitnessed);
    await expect(witnessPage.name).toHaveValue(TESTIMONY.witnessName);
    await expect(witnessPage.role).toHaveValue(TESTIMONY.witnessRole);
    await expect(witnessPage.relationship).toHaveValue(TESTIMONY.relationship);
    await expect(witnessPage.signOutButton).toHaveCount(0);
    await expectAccessible(witness, "the witness's page");

    // Without the declaration nothing is confirmed.
    await press(witnessPage.confirmButton);
    await witnessPage.errors.expectSummary(["Confirm that this testimony is true and that you saw the practice yourself"]);
    await expectAccessible(witness, "the witness's page with an error");

    await witnessPage.confirm({ testimony: corrected, name: "Dana Co-Facilitator", role: "Senior youth justice officer", relationship: TESTIMONY.relationship });
    await expect(witness.locator("main")).toContainText("this link no longer works");
    await expectAccessible(witness, "the witness's confirmation");

    // Opening the link again: already used.
    const again = await witness.goto(link);
    expect(again?.status()).toBe(410);
    await expect(witnessPage.heading).toHaveText("This link has already been used");
    await expect(witness.locator("main")).not.toContainText(TESTIMONY.whatWitnessed);
    await expectAccessible(witness, "a used witness link");
  });

  // Someone else with the link, later, in another browser: still used, and a confirmation is refused.
  await asWitness(browser, async (other) => {
    const response = await other.goto(link);
    expect(response?.status()).toBe(410);
    await expect(other.getByRole("heading", { level: 1 })).toHaveText("This link has already been used");
    // The used link's page has no form; the sign-in page gives this browser a CSRF token to send with one.
    await other.goto("/sign-in");
    const csrf = await other.locator('input[name="csrf"]').first().inputValue();
    const post = await other.request.post(link, { form: { csrf, testimony: "Something else", witnessName: "Someone else", witnessRole: "Officer", relationship: "None", declaration: "confirmed" }, maxRedirects: 0 });
    expect(post.status()).toBe(410);
  });

  // The candidate sees the witness's words, as a new version by the witness.
  const confirmed = await EvidencePage.visit(page, evidenceId, TESTIMONY.title);
  await expect(confirmed.summaryValue("Confirmed")).toContainText("Confirmed by the witness");
  await expect(confirmed.summaryValue("Witness's role")).toHaveText("Senior youth justice officer");
  await expect(page.getByRole("heading", { level: 2, name: "The witness's testimony" })).toBeVisible();
  await expect(page.locator("main")).toContainText(corrected);
  await expect(confirmed.versionsTable.locator("tbody tr")).toHaveCount(2);
  await expect(confirmed.versionsTable.locator("tbody tr").first().locator("td").nth(2)).toHaveText("The witness, Dana Co-Facilitator");
  await expect(confirmed.witnessRequestsTable.locator("tbody tr td").nth(2)).toHaveText(/^Confirmed \d{1,2} \w+ \d{4} at /);
  await expect(confirmed.mappedRow("E.7")).toBeVisible();
  await expectAccessible(page, "a confirmed witness testimony");

  const list = await EvidenceListPage.visit(page, enrolmentId);
  await expect(list.cell("E1", "status")).toContainText("Witness confirmed");
  await expect(list.cell("E1", "status")).toContainText("2 versions");
});

test("making a new link stops the earlier one working", async ({ page, browser }) => {
  // Enrols a candidate through the portal, adds testimony and makes two links: more than the default
  // 30 s on a slow machine (it timed out once in a clean clone's run), as for the test above.
  test.setTimeout(90_000);
  const { evidenceId } = await candidateWithTestimony(page, browser, "Oli Two-Links");
  const first = await (await EvidencePage.visit(page, evidenceId)).makeWitnessLink();
  const second = await (await EvidencePage.visit(page, evidenceId)).makeWitnessLink();
  expect(second).not.toBe(first);

  await asWitness(browser, async (witness) => {
    const old = await witness.goto(first);
    expect(old?.status()).toBe(410);
    await expect(witness.getByRole("heading", { level: 1 })).toHaveText("This link has expired");
    await expectAccessible(witness, "an expired witness link");
    const current = await witness.goto(second);
    expect(current?.status()).toBe(200);
    await WitnessPage.verifyOnPage(witness);
  });

  const evidencePage = await EvidencePage.visit(page, evidenceId);
  await expect(evidencePage.witnessRequestsTable.locator("tbody tr")).toHaveCount(2);
  await expect(evidencePage.makeWitnessLinkButton).toHaveText("Make a new link for the witness");
});

test("a link that was never made is not recognised", async ({ page }) => {
  const response = await page.goto("/witness/this-is-not-a-real-witness-token-at-all");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link is not recognised");
  await expectAccessible(page, "an unknown witness link");
});
