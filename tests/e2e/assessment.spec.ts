/**
 * Issue 6, end-to-end: the assessment and quality assurance cycle as its users meet it. A candidate
 * submits; the assessor decides met and not yet met; the candidate reads the feedback and resubmits
 * new evidence; the IQA samples and disagrees; the assessor revisits; the IQA agrees; the Level 4
 * award is achieved. axe runs on every page of the journey.
 *
 * To keep it short, the candidate adds and maps evidence for LO1 and LO2 in the browser, and the
 * evidence and "met" decisions for LO3–LO6 are made with the domain functions (support/domain.ts).
 * Each test makes its own candidate, enrolled with the portfolio tests' assessor and IQA.
 */
import type { Page } from "@playwright/test";
import { decide } from "../../app/lib/assessment.server";
import { addEvidence, mapEvidence } from "../../app/lib/evidence.server";
import { submit } from "../../app/lib/progress.server";
import { decisions } from "../../db/schema";
import { and, eq } from "drizzle-orm";
import { WrittenEvidencePage } from "./pages/AddEvidencePages";
import { PortfolioPage, SHORT_TITLES } from "./pages/PortfolioPage";
import { SubmitPage } from "./pages/SubmitPage";
import { EXTRA_ACCOUNTS } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { press } from "./support/buttons";
import { actorFor, level4Item, londonDate, standingDecisionId, withDomain } from "./support/domain";
import { expect, signInAs, test } from "./support/fixtures";
import { addCandidate, enrolThroughPortal, newContext } from "./support/people";

const VARCS = ["Valid", "Authentic", "Reliable", "Current", "Sufficient"];
const AWARD = "BTEC Level 4 Professional Award in Restorative Justice Approaches";

/** The candidate's evidence and "met" decisions on the other learning outcomes, made with the domain functions. */
function setUpOtherOutcomes(candidateEmail: string, enrolmentId: string, codes: string[]) {
  withDomain((db) => {
    const candidate = actorFor(db, candidateEmail, "candidate");
    const saved = addEvidence(candidate, enrolmentId, {
      kind: "reflective_account",
      title: "Frameworks, strategies and partners in my service",
      evidenceDate: londonDate().iso,
      text: "I describe the statutory setting of the work, the strategies we use, how practitioners are supported and monitored, and how referrals arrive from partner agencies.\n\nEach part is tied to a case I worked on this year, anonymised.",
    });
    if (!saved.ok) throw new Error(`Setting up evidence was refused: ${JSON.stringify(saved)}`);
    for (const code of codes) mapEvidence(candidate, saved.evidenceId, level4Item(code), `Covers ${code}.`);
  });
}

function decideMetThroughDomain(enrolmentId: string, codes: string[]) {
  withDomain((db) => {
    const assessor = actorFor(db, EXTRA_ACCOUNTS.portfolioAssessor.email, "assessor");
    for (const code of codes) {
      const r = decide(assessor, enrolmentId, level4Item(code), {
        outcome: "met",
        methods: ["reflective_account", "questioning"],
        checks: ["valid", "authentic", "reliable", "current", "sufficient"],
        feedback: "",
        decidedOn: londonDate().iso,
        expectedDecisionId: standingDecisionId(db, enrolmentId, level4Item(code)),
      });
      if (!r.ok) throw new Error(`Setting up the decision on ${code} was refused: ${JSON.stringify(r)}`);
    }
  });
}

/** Opens the assessment page of a learning outcome and checks it (and axe). */
async function openCriterion(page: Page, enrolmentId: string, code: string) {
  await page.goto(`/assess/${enrolmentId}/${level4Item(code)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Assess ${code}`);
  await expectAccessible(page, `the assessment page of ${code}`);
}

/** Fills in the decision form on an open assessment page. */
async function fillDecision(page: Page, o: { outcome: "Met" | "Not yet met"; methods: string[]; checks?: string[]; feedback?: string }) {
  await page.getByRole("radio", { name: o.outcome, exact: true }).check();
  const methods = page.getByRole("group", { name: "How did you assess it?" });
  for (const m of o.methods) await methods.getByRole("checkbox", { name: m, exact: true }).check();
  const checks = page.getByRole("group", { name: "Evidence checks (VARCS)" });
  for (const c of o.checks ?? []) await checks.getByRole("checkbox", { name: new RegExp(`^${c}:`) }).check();
  if (o.feedback) await page.getByLabel("Feedback for the candidate").fill(o.feedback);
}

/** Records the decision and returns its id, from the page it lands on (the candidate's criteria). */
async function recordDecision(page: Page, enrolmentId: string): Promise<string> {
  await press(page.getByRole("button", { name: "Record decision" }));
  await page.waitForURL((u) => u.pathname === `/assess/${enrolmentId}` && u.searchParams.has("decided"));
  await expectAccessible(page, "the candidate's criteria after a decision");
  return new URL(page.url()).searchParams.get("decided")!;
}

test.describe("Assessment and quality assurance (issue 6)", () => {
  test("submit, met and not yet met, feedback, resubmit, IQA disagrees, assessor revisits, IQA agrees, award achieved", async ({ browser }) => {
    test.setTimeout(240_000);
    const candidate = await addCandidate("Rae Journey-Candidate");
    const enrolmentId = await enrolThroughPortal(browser, candidate, "level4");
    const today = londonDate();

    const candidateContext = await newContext(browser);
    const assessorContext = await newContext(browser);
    const iqaContext = await newContext(browser);
    try {
      // ---- The candidate adds evidence for LO1 and LO2, maps it and submits ------------------------
      const cp = await candidateContext.newPage();
      await signInAs(cp, candidate);
      const title = "Defining and preparing restorative meetings";
      const form = await WrittenEvidencePage.visit(cp, enrolmentId, "reflective-account");
      await expectAccessible(cp, "adding a reflective account");
      await form.fillReflectiveAccount({
        title,
        date: today,
        text: "Restorative justice brings those harmed and those responsible into communication so that the harm can be repaired.\n\nI prepare each meeting by seeing every participant separately, explaining their choices and assessing risk.",
      });
      const map = await form.saveAndMap(title);
      await map.map(SHORT_TITLES.level4, "LO1", "My definition and the principles I work to.");
      await map.map(SHORT_TITLES.level4, "LO2", "How I prepare a meeting.");
      await expectAccessible(cp, "mapping evidence");
      setUpOtherOutcomes(candidate.email, enrolmentId, ["LO3", "LO4", "LO5", "LO6"]);
      const submitPage = await SubmitPage.visit(cp, enrolmentId);
      await expectAccessible(cp, "the submit page");
      const submitted = await submitPage.submit("The whole portfolio");
      await expect(submitted.panel).toBeVisible();
      await expectAccessible(cp, "the submitted confirmation");

      // ---- The assessor: caseload, LO1 met, LO2 not yet met ---------------------------------------
      const ap = await assessorContext.newPage();
      await signInAs(ap, EXTRA_ACCOUNTS.portfolioAssessor);
      await ap.goto("/caseload");
      await expect(ap.getByRole("heading", { level: 1 })).toHaveText("Your caseload");
      await expect(ap.locator(`main a[href="/assess/${enrolmentId}/${level4Item("LO1")}"]`).first()).toBeVisible();
      await expect(ap.locator("main")).toContainText(candidate.name);
      await expectAccessible(ap, "the assessor's caseload");
      await ap.goto(`/assess/${enrolmentId}`);
      await expect(ap.locator("main")).toContainText(candidate.name);
      await expectAccessible(ap, "the candidate's criteria");

      await openCriterion(ap, enrolmentId, "LO1");
      await expect(ap.locator("main")).toContainText(title);
      await fillDecision(ap, { outcome: "Met", methods: ["Reflective account"], checks: VARCS });
      await recordDecision(ap, enrolmentId);

      const lo2Feedback = "Describe how you decided a direct meeting was safe, and what you would have done if it was not.";
      await openCriterion(ap, enrolmentId, "LO2");
      await fillDecision(ap, { outcome: "Not yet met", methods: ["Reflective account"], feedback: lo2Feedback });
      await recordDecision(ap, enrolmentId);
      decideMetThroughDomain(enrolmentId, ["LO3", "LO4", "LO5", "LO6"]);

      // ---- The candidate reads the feedback, adds new evidence for LO2 and resubmits --------------
      await cp.goto(`/portfolio/${enrolmentId}/decisions`);
      await expect(cp.getByRole("heading", { level: 1 })).toHaveText("Your assessment decisions");
      await expect(cp.locator("main")).toContainText(lo2Feedback);
      await expect(cp.locator("main")).toContainText("Not yet met");
      await expectAccessible(cp, "the candidate's decisions and feedback");
      await cp.goto("/dashboard");
      await expect(cp.locator(".app-dashboard-enrolment", { hasText: AWARD })).toContainText("5 met · 1 not yet met");

      const again = "Deciding whether a direct meeting is safe";
      const second = await WrittenEvidencePage.visit(cp, enrolmentId, "reflective-account");
      await second.fillReflectiveAccount({
        title: again,
        date: today,
        text: "Before a direct meeting I assess the risk to each participant, including the emotional impact.\n\nWhere a meeting would not be safe I offer shuttle communication instead, and I explain why to everyone involved.",
      });
      const map2 = await second.saveAndMap(again);
      await map2.map(SHORT_TITLES.level4, "LO2", "Answers the assessor's feedback on LO2.");
      const resubmit = await SubmitPage.visit(cp, enrolmentId);
      await expectAccessible(cp, "the submit page, resubmitting");
      await resubmit.submit("The whole portfolio");

      // ---- The assessor decides LO2 met on the new evidence ----------------------------------------
      await ap.goto("/caseload");
      await expect(ap.locator(`main a[href="/assess/${enrolmentId}/${level4Item("LO2")}"]`).first()).toBeVisible();
      await openCriterion(ap, enrolmentId, "LO2");
      await expect(ap.locator("main")).toContainText(again);
      await fillDecision(ap, { outcome: "Met", methods: ["Reflective account"], checks: VARCS, feedback: "The new account shows how you judge safety." });
      const lo2Met = await recordDecision(ap, enrolmentId);
      // Every learning outcome is met, but the IQA has not sampled the portfolio: not achieved yet.
      await cp.goto("/dashboard");
      await expect(cp.locator(".app-dashboard-enrolment", { hasText: AWARD })).toContainText("6 met");
      await expect(cp.locator(".app-dashboard-enrolment", { hasText: AWARD })).not.toContainText("Achieved");

      // ---- The IQA samples the LO2 decision and disagrees -------------------------------------------
      const ip = await iqaContext.newPage();
      await signInAs(ip, EXTRA_ACCOUNTS.portfolioIqa);
      await ip.goto("/iqa");
      await expect(ip.getByRole("heading", { level: 1 })).toHaveText("Sampling");
      // The queue links the decision by its criterion and by the candidate.
      const sampleLink = ip.locator("main").getByRole("link", { name: /^LO2\s*: sample the decision/ });
      await expect(sampleLink).toHaveAttribute("href", `/iqa/decisions/${lo2Met}`);
      await expect(ip.locator("main").getByRole("link", { name: new RegExp(`^${candidate.name} \\(`) })).toHaveAttribute("href", `/iqa/decisions/${lo2Met}`);
      await expectAccessible(ip, "the IQA's sampling queue");
      await sampleLink.click();
      await expect(ip.getByRole("heading", { level: 1 })).toHaveText("Sample the decision on LO2");
      await expectAccessible(ip, "sampling a decision");
      const action = "Record how the candidate's risk assessment was checked against the evidence.";
      const due = londonDate(14);
      await ip.getByRole("radio", { name: "No, I disagree" }).check();
      await ip.getByLabel("Comments (optional)").fill("The evidence does not show the risk assessment itself.");
      await ip.getByLabel("Action the assessor must take").fill(action);
      const dueGroup = ip.getByRole("group", { name: "Date the action is due" });
      await dueGroup.getByLabel("Day").fill(due.day);
      await dueGroup.getByLabel("Month").fill(due.month);
      await dueGroup.getByLabel("Year").fill(due.year);
      await press(ip.getByRole("button", { name: "Save sample" }));
      await ip.waitForURL((u) => u.pathname === "/iqa" && u.searchParams.get("sampled") === "disagree");
      await expectAccessible(ip, "the sampling queue after disagreeing");

      // ---- The assessor revisits: the decision is due on the caseload -------------------------------
      await ap.goto("/dashboard");
      await expect(ap.locator("main .govuk-summary-list__row", { hasText: "Decisions due after quality assurance" }).locator("dd")).not.toHaveText("0");
      await ap.goto("/caseload");
      await expect(ap.locator(`main a[href="/assess/${enrolmentId}/${level4Item("LO2")}"]`).first()).toBeVisible();
      await expectAccessible(ap, "the caseload with a decision due");
      await openCriterion(ap, enrolmentId, "LO2");
      await expect(ap.locator(".govuk-warning-text")).toContainText(`The internal quality assurer disagreed with the decision on LO2`);
      await expect(ap.locator(".govuk-warning-text")).toContainText(action);
      await fillDecision(ap, { outcome: "Met", methods: ["Reflective account", "Questioning"], checks: VARCS, feedback: "Confirmed in questioning: you checked the risk assessment with each participant." });
      const revisited = await recordDecision(ap, enrolmentId);
      expect(revisited).not.toBe(lo2Met);

      // ---- The IQA agrees: the award is achieved --------------------------------------------------
      await ip.goto(`/iqa/decisions/${revisited}`);
      await expect(ip.getByRole("heading", { level: 1 })).toHaveText("Sample the decision on LO2");
      await expectAccessible(ip, "sampling the revisited decision");
      await ip.getByRole("radio", { name: "Yes, I agree" }).check();
      await press(ip.getByRole("button", { name: "Save sample" }));
      await ip.waitForURL((u) => u.pathname === "/iqa" && u.searchParams.get("sampled") === "agree");
      await expectAccessible(ip, "the sampling queue after agreeing");

      await cp.goto("/dashboard");
      await expect(cp.locator(".app-dashboard-enrolment", { hasText: AWARD })).toContainText("6 of 6 criteria have evidence · 0 submitted · 6 met · Achieved");
      await expectAccessible(cp, "the candidate's dashboard, achieved");
      await PortfolioPage.visit(cp, enrolmentId);
      await expectAccessible(cp, "the achieved portfolio");
      await cp.goto(`/portfolio/${enrolmentId}/decisions`);
      await expect(cp.locator("main")).toContainText("Confirmed in questioning: you checked the risk assessment with each participant.");
      await expectAccessible(cp, "the candidate's decisions, achieved");
    } finally {
      await Promise.all([candidateContext.close(), assessorContext.close(), iqaContext.close()]);
    }
  });

  test("two assessors' pages on one criterion: the second decision is refused and told who decided", async ({ browser }) => {
    test.setTimeout(120_000);
    const candidate = await addCandidate("Sol Concurrent-Candidate");
    const enrolmentId = await enrolThroughPortal(browser, candidate, "level4");
    setUpOtherOutcomes(candidate.email, enrolmentId, ["LO1"]);
    withDomain((db) => {
      submit(actorFor(db, candidate.email, "candidate"), enrolmentId, { scope: "all", declaration: "yes" });
    });

    const context = await newContext(browser);
    try {
      const first = await context.newPage();
      await signInAs(first, EXTRA_ACCOUNTS.portfolioAssessor);
      const second = await context.newPage();
      await openCriterion(first, enrolmentId, "LO1");
      await openCriterion(second, enrolmentId, "LO1");

      await fillDecision(first, { outcome: "Met", methods: ["Reflective account"], checks: VARCS });
      await fillDecision(second, { outcome: "Not yet met", methods: ["Reflective account"], feedback: "Say which principles you apply, with an example." });
      await recordDecision(first, enrolmentId);

      await press(second.getByRole("button", { name: "Record decision" }));
      const conflict = second.locator(".govuk-error-summary");
      await expect(conflict.getByRole("heading")).toHaveText("Another decision was recorded while you were working");
      await expect(conflict).toContainText(`${EXTRA_ACCOUNTS.portfolioAssessor.name} decided met on`);
      await expect(conflict).toContainText("Your decision was not recorded.");
      await expectAccessible(second, "the assessment page with a concurrent decision");

      // Exactly one decision was recorded, the first one: met.
      const recorded = withDomain((db) => db.select({ outcome: decisions.outcome, status: decisions.status }).from(decisions).where(and(eq(decisions.enrolmentId, enrolmentId), eq(decisions.itemId, level4Item("LO1")))).all());
      expect(recorded).toEqual([{ outcome: "met", status: "standing" }]);
    } finally {
      await context.close();
    }
  });
});
