/**
 * Accessibility checks with axe-core. The portal's Content-Security-Policy blocks inline scripts,
 * so axe is not added as a <script> tag: its source is evaluated through the DevTools protocol,
 * which the page's CSP does not govern.
 */
import { expect, type Page } from "@playwright/test";
import type { AxeResults, Result } from "axe-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type Violation = Pick<Result, "id" | "impact" | "help" | "helpUrl"> & { nodes: { target: string; html: string; summary: string }[] };

export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => [`${v.id} (${v.impact ?? "no impact given"}): ${v.help}`, `  ${v.helpUrl}`, ...v.nodes.map((n) => `  - ${n.target}\n      ${n.html}\n      ${n.summary.replace(/\n/g, "\n      ")}`)].join("\n"))
    .join("\n\n");
}

/**
 * Colour contrast and target size are only meaningful with the portal's stylesheet applied; if it
 * did not load (public/assets rebuilt while the server runs, say), say so rather than report
 * violations of an unstyled page.
 */
async function expectStylesheetApplied(page: Page, what: string) {
  const applied = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    return document.body.classList.contains("govuk-template__body") && body.marginTop === "0px" && /arial/i.test(getComputedStyle(document.querySelector("h1") ?? document.body).fontFamily);
  });
  expect(applied, `the GOV.UK stylesheet (/assets/portal.css) was not applied on ${what}, so axe's results would be meaningless`).toBe(true);
}

/** Runs axe over the whole document and fails with a readable list of any violations. */
export async function expectNoAxeViolations(page: Page, what: string) {
  await expectStylesheetApplied(page, what);
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations: Violation[] = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html, summary: n.failureSummary ?? "" })),
    }));
  }, WCAG_TAGS);
  expect(violations, `axe found ${violations.length} violation(s) on ${what}:\n\n${formatViolations(violations)}\n`).toEqual([]);
}

/**
 * No two elements share an id. axe only asks for a review of duplicate ids that ARIA refers to
 * (duplicate-id-aria is "needs review", never a violation), yet aria-labelledby, aria-describedby
 * and the error summary's links all depend on ids being unique.
 */
export async function expectNoDuplicateIds(page: Page, what: string) {
  const duplicates = await page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
  });
  expect(duplicates, `ids used more than once on ${what}`).toEqual([]);
}

/** axe's WCAG 2.2 A and AA checks, and unique ids. */
export async function expectAccessible(page: Page, what: string) {
  await expectNoAxeViolations(page, what);
  await expectNoDuplicateIds(page, what);
}
