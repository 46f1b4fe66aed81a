/**
 * Issue 8, end to end: the demo commissioner reviews the coverage heatmap of the providers it
 * commissions (a figure in every cell, never colour alone, with a key), drills down to a provider's
 * uncovered criteria, downloads the CSV and finds exactly the figures on screen, for the same
 * filters. Both pages pass axe; the tables are reachable with the keyboard and have table semantics
 * a screen reader navigates by. A provider admin may not see the report, and no candidate is ever
 * named on the commissioner's pages or in the CSV.
 */
import { parse } from "csv-parse/sync";
import type { Locator, Page } from "@playwright/test";
import { ForbiddenPage } from "./pages/ErrorPages";
import { CoveragePage, ProviderCoveragePage, type HeatmapFigures } from "./pages/CoveragePages";
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER, demoAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expect, test } from "./support/fixtures";

const SECTIONS_CAPTION = "Criteria taught and assessed, by section";
const PARTS_CAPTION = "Section A criteria taught and assessed, by part";
const ACHIEVEMENT_CAPTION = "Candidates enrolled, in progress and achieved";
const TRAINERS_CAPTION = "Trainers and their practice experience";

/** Names of candidates in the demo data: none may reach a commissioner. */
const CANDIDATE_NAMES = [demoAccount("candidate").name, "Gus Demo-Trainee"];

type CsvRow = { Table: string; Provider: string; Row: string; Column: string; Figure: string; Count: string; "Out of": string; Percent: string };
const parseCsv = (text: string): CsvRow[] => parse(text, { bom: true, columns: true, skip_empty_lines: true });

/** The CSV's heatmap rows in the page's shape: "provider|measure|column" → "15 of 113 (13%)". */
function csvHeatmap(rows: CsvRow[], caption: string): HeatmapFigures {
  return new Map(rows.filter((r) => r.Table === caption).map((r) => [`${r.Provider}|${r.Row}|${r.Column}`, r.Figure]));
}

/** A plain table's figures (achievement, trainers): "row headers|column header" → cell text. */
async function tableFigures(table: Locator): Promise<Map<string, string>> {
  const rows: [string, string][] = await table.evaluate((t: HTMLTableElement) => {
    const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
    const cols = [...t.querySelectorAll("thead th")].map(text);
    const out: [string, string][] = [];
    for (const tr of t.querySelectorAll("tbody tr")) {
      const heads = [...tr.querySelectorAll("th")].map(text);
      [...tr.querySelectorAll("td")].forEach((td, i) => out.push([[...heads, cols[heads.length + i]].join("|"), text(td)]));
    }
    return out;
  });
  return new Map(rows);
}

/** Every cell shows a figure: "n of m (p%)", and n/m really is p% (rounded). */
async function expectFigureInEveryCell(page: CoveragePage | ProviderCoveragePage, table: Locator) {
  const figures = await page.heatmap(table);
  expect(figures.size).toBeGreaterThan(0);
  for (const [key, text] of figures) {
    const m = /^(\d+) of (\d+) \((\d+)%\)$/.exec(text);
    expect(m, `the cell ${key} should show "n of m (p%)", not only a colour: got "${text}"`).not.toBeNull();
    const [n, of, percent] = m!.slice(1).map(Number);
    expect(n).toBeLessThanOrEqual(of);
    expect(Math.abs((of ? (100 * n) / of : 0) - percent), `the percentage of ${key}`).toBeLessThan(1);
  }
  // The colour comes from a class; the figure is in the cell's text, so the colour only repeats it.
  const cells = table.locator("td");
  await expect(cells.first()).toHaveClass(/app-heatmap__cell--[0-4]/);
}

/** Screen-reader table semantics, through the accessibility tree (roles and names) and the DOM (scope). */
async function expectTableSemantics(page: Page, caption: string) {
  const table = page.getByRole("table", { name: caption, exact: true });
  await expect(table, `a table named by its caption "${caption}"`).toHaveCount(1);
  await expect(table.locator("caption")).toHaveText(caption);
  expect(await table.getByRole("columnheader").count()).toBeGreaterThan(1);
  expect(await table.getByRole("rowheader").count()).toBeGreaterThan(0);
  const scopes = await table.evaluate((t: HTMLTableElement) => ({
    head: [...t.querySelectorAll("thead th")].map((th) => th.getAttribute("scope")),
    body: [...t.querySelectorAll("tbody th")].map((th) => th.getAttribute("scope")),
    bodyCellsWithoutRowHeader: [...t.querySelectorAll("tbody tr")].filter((tr) => !tr.querySelector("th")).length,
  }));
  expect(new Set(scopes.head), `column headers of "${caption}" have scope="col"`).toEqual(new Set(["col"]));
  expect(new Set(scopes.body), `row headers of "${caption}" have scope="row"`).toEqual(new Set(["row"]));
  expect(scopes.bodyCellsWithoutRowHeader, `every row of "${caption}" has a row header`).toBe(0);
  // The scrolling wrapper is a named region (a landmark a screen reader can jump to).
  await expect(page.getByRole("region", { name: caption, exact: true })).toHaveCount(1);
}

/** Presses Tab (at most `limit` times) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, what: string, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab did not reach ${what} within ${limit} presses`);
}

test.describe("Coverage of the standards, for a commissioner", () => {
  test("the heatmap shows a figure in every cell with a key, has table semantics, is keyboard usable and passes axe", async ({ page, signInAs }) => {
    await signInAs("commissioner");
    const coverage = await CoveragePage.visit(page);

    await test.step("both commissioned providers are in the heatmap", async () => {
      await expect(coverage.providerLink(DEMO_PROVIDER.name)).toBeVisible();
      await expect(coverage.providerLink(DEMO_SECOND_PROVIDER.name)).toBeVisible();
    });

    await test.step("every cell shows its figure, and there is a key to the colours", async () => {
      await expectFigureInEveryCell(coverage, coverage.sectionsTable);
      await expectFigureInEveryCell(coverage, coverage.partsTable);
      await expect(coverage.key.getByRole("heading", { name: "Key to the colours" })).toBeVisible();
      await expect(coverage.key.getByRole("listitem")).toHaveText(["None (0%) of the criteria", "1% to 49% of the criteria", "50% to 74% of the criteria", "75% to 99% of the criteria", "All (100%) of the criteria"]);
    });

    await test.step("the tables have captions, column and row headers", async () => {
      for (const caption of [SECTIONS_CAPTION, PARTS_CAPTION, ACHIEVEMENT_CAPTION, TRAINERS_CAPTION]) await expectTableSemantics(page, caption);
      // A heatmap cell's headers, as a screen reader announces them when moving through the table.
      const header = coverage.sectionsTable.getByRole("columnheader", { name: /^Section A ?: Core restorative practice$/ });
      await expect(header).toHaveCount(1);
    });

    await test.step("the keyboard reaches the scrollable table and the provider links in it", async () => {
      await coverage.applyFiltersButton.focus();
      const region = page.getByRole("region", { name: SECTIONS_CAPTION, exact: true });
      await tabTo(page, region, "the scrollable heatmap");
      await expect(region).toBeFocused();
      // With the region focused, the arrow keys scroll it (when it is wider than the window).
      await page.keyboard.press("ArrowRight");
      await tabTo(page, coverage.sectionsTable.getByRole("link").first(), "the first provider link in the heatmap", 5);
      const first = await coverage.sectionsTable.getByRole("link").first().textContent();
      await page.keyboard.press("Enter");
      await ProviderCoveragePage.verifyOnPage(page, first!.trim());
    });

    await CoveragePage.visit(page);
    await expectAccessible(page, "the coverage overview (/coverage)");
  });

  test("drilling down to a provider lists the criteria no course covers, and passes axe", async ({ page, signInAs }) => {
    await signInAs("commissioner");
    const coverage = await CoveragePage.visit(page);
    const overview = await coverage.heatmap(coverage.sectionsTable);
    const detail = await coverage.openProvider(DEMO_PROVIDER.name);

    await expect(detail.uncoveredHeading).toBeVisible();
    const codes = await detail.uncoveredCodes();
    expect(codes.length, "the demo provider's courses leave some criteria uncovered").toBeGreaterThan(0);
    await expect(page.locator("main")).toContainText(`${codes.length} criteria are neither taught nor assessed by any of the courses counted.`);
    // Section B is neither taught nor assessed by the demo provider: all its criteria are listed.
    const sectionB = [...overview].filter(([k]) => k.startsWith(`${DEMO_PROVIDER.name}|Taught|Section B`));
    expect(sectionB).toHaveLength(1);
    const [, bTotal] = /^0 of (\d+)/.exec(sectionB[0][1]) ?? [];
    expect(bTotal, "the demo provider teaches nothing of Section B").toBeTruthy();
    expect(codes.filter((c) => /^B/.test(c))).toHaveLength(Number(bTotal));
    // …and a criterion it does cover is not listed.
    const criteriaTables = page.locator("table.app-criteria-table");
    const coveredCode = await criteriaTables.locator("tbody tr").filter({ hasNot: page.locator("td", { hasText: /^No course$/ }) }).first().locator("th").textContent();
    expect(codes).not.toContain(coveredCode!.trim());

    // The drill-down's heatmap shows the same figures as the overview's row for this provider.
    const own = await detail.heatmap(detail.sectionsTable);
    for (const [k, v] of own) expect(overview.get(k.replace(/^[^|]*/, DEMO_PROVIDER.name)), k).toBe(v);
    await expectFigureInEveryCell(detail, detail.partsTable);

    for (const caption of [SECTIONS_CAPTION, PARTS_CAPTION]) await expectTableSemantics(page, caption);
    await tabTo(page, page.getByRole("region", { name: SECTIONS_CAPTION, exact: true }), "the drill-down's heatmap");
    await expectAccessible(page, "a provider's coverage (/coverage/:providerId)");
  });

  test("the CSV has exactly the figures on screen, before and after filtering by programme and period", async ({ page, signInAs }) => {
    await signInAs("commissioner");
    const coverage = await CoveragePage.visit(page);

    await test.step("all programmes, all time", async () => {
      const { download, text } = await coverage.downloadCsv();
      expect(download.suggestedFilename()).toMatch(/^coverage-providers-all-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = parseCsv(text);
      expect(rows.find((r) => r.Table === "Filters" && r.Row === "Programme")?.Figure).toBe("All programmes");
      expect(rows.find((r) => r.Table === "Filters" && r.Row === "Period")?.Figure).toBe("All time");
      expect(csvHeatmap(rows, SECTIONS_CAPTION)).toEqual(await coverage.heatmap(coverage.sectionsTable));
      expect(csvHeatmap(rows, PARTS_CAPTION)).toEqual(await coverage.heatmap(coverage.partsTable));
      const trainers = new Map(rows.filter((r) => r.Table === TRAINERS_CAPTION).map((r) => [`${r.Provider}|${r.Column}`, r.Figure]));
      expect(trainers).toEqual(await tableFigures(page.getByRole("table", { name: TRAINERS_CAPTION })));
    });

    await test.step("the supervisor check, in a past year", async () => {
      const periods = await coverage.periodSelect.locator("option").allTextContents();
      const pastYear = periods.filter((p) => p !== "All time")[1];
      expect(pastYear, "the period filter offers past years").toMatch(/^April \d{4} to March \d{4}$/);
      await coverage.filter("Supervisor competency check", pastYear);
      await expect(coverage.filterSummary("Programme")).toHaveText("Supervisor competency check");
      await expect(coverage.filterSummary("Period")).toHaveText(pastYear);
      await expect(coverage.csvLink).toHaveAttribute("href", /^\/coverage\/csv\?.*programme=.*period=/);

      const { text } = await coverage.downloadCsv();
      const rows = parseCsv(text);
      expect(rows.find((r) => r.Table === "Filters" && r.Row === "Programme")?.Figure).toBe("Supervisor competency check");
      expect(rows.find((r) => r.Table === "Filters" && r.Row === "Period")?.Figure).toBe(pastYear);
      expect(csvHeatmap(rows, SECTIONS_CAPTION)).toEqual(await coverage.heatmap(coverage.sectionsTable));
      expect(csvHeatmap(rows, PARTS_CAPTION)).toEqual(await coverage.heatmap(coverage.partsTable));
      // A past year: enrolments made by other tests today cannot change these between page and CSV.
      const achievement = new Map(rows.filter((r) => r.Table === ACHIEVEMENT_CAPTION).map((r) => [`${r.Provider}|${r.Row}|${r.Column}`, r.Figure]));
      const onPage = page.getByRole("table", { name: ACHIEVEMENT_CAPTION });
      expect(achievement).toEqual((await onPage.count()) ? await tableFigures(onPage) : new Map());
      const trainers = new Map(rows.filter((r) => r.Table === TRAINERS_CAPTION).map((r) => [`${r.Provider}|${r.Column}`, r.Figure]));
      expect(trainers).toEqual(await tableFigures(page.getByRole("table", { name: TRAINERS_CAPTION })));
      await expectAccessible(page, "the coverage overview, filtered");

      // The drill-down keeps the filters, and its CSV matches it too.
      const detail = await coverage.openProvider(DEMO_PROVIDER.name);
      await expect(detail.filterSummary("Programme")).toHaveText("Supervisor competency check");
      await expect(detail.filterSummary("Period")).toHaveText(pastYear);
      const providerCsv = parseCsv((await detail.downloadCsv()).text);
      expect(csvHeatmap(providerCsv, SECTIONS_CAPTION)).toEqual(await detail.heatmap(detail.sectionsTable));
      expect(csvHeatmap(providerCsv, PARTS_CAPTION)).toEqual(await detail.heatmap(detail.partsTable));
      const uncovered = providerCsv.filter((r) => r.Table === "Criteria no course covers").map((r) => r.Row);
      expect(uncovered).toEqual(await detail.uncoveredCodes());
    });
  });

  test("no candidate is named on the commissioner's pages or in the CSVs", async ({ page, signInAs }) => {
    await signInAs("commissioner");
    const coverage = await CoveragePage.visit(page);
    const texts: [string, string][] = [["/coverage", await coverage.mainText()], ["/coverage CSV", (await coverage.downloadCsv()).text]];
    for (const provider of [DEMO_PROVIDER.name, DEMO_SECOND_PROVIDER.name]) {
      const detail = await (await CoveragePage.visit(page)).openProvider(provider);
      texts.push([`${provider} drill-down`, await detail.mainText()], [`${provider} CSV`, (await detail.downloadCsv()).text]);
      texts.push([`${provider} drill-down HTML`, await page.content()]);
    }
    for (const [where, text] of texts) {
      for (const name of CANDIDATE_NAMES) expect(text, `${where} must not name the candidate ${name}`).not.toContain(name);
      expect(text, `${where} must not show a candidate's email address`).not.toMatch(/candidate@demo\.example\.org|trainee@demo\.example\.org/);
    }
  });

  test("a provider admin may not see the coverage report or its CSV", async ({ page, signInAs }) => {
    await signInAs("provider_admin");
    const response = await page.goto("/coverage");
    expect(response?.status()).toBe(403);
    await ForbiddenPage.verifyOnPage(page);
    const csv = await page.request.get("/coverage/csv", { maxRedirects: 0 });
    expect(csv.status()).toBe(403);
    expect(await csv.text()).not.toContain("Criteria taught and assessed");
  });
});
