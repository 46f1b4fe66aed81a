/**
 * The commissioner's coverage tables: the heatmap (colour AND the figure in every cell, with a key),
 * achievement and trainers. Data tables only: a caption, column headers with scope="col", row
 * headers with scope="row"; wide tables scroll inside a focusable region, so a keyboard can scroll
 * them. The CSV is built from the same report, with the same captions and labels.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { achievementColumns, cellShare, MEASURE_KEYS, MEASURES, NO_PROGRAMME, STEP_LABELS, STEPS, TABLES, TRAINER_COLUMNS, type CoverageColumn, type FigureColumn } from "~/lib/coverage-tables";
import type { AchievementRow, CoverageReport, FilterSummary, Option, ProviderCoverage, ProviderDetail, TrainerRow } from "~/lib/coverage.server";

/** A table that may be wider than the page: scrolls in a region a keyboard can focus. */
export function ScrollTable({ id, caption, children, className = "" }: { id: string; caption: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className="app-scroll-table" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className={`govuk-table ${className}`} id={id}>
        <caption className="govuk-table__caption govuk-table__caption--m" id={`${id}-caption`}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

export function HeatmapKey() {
  return (
    <div className="app-heatmap-key">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-2">Key to the colours</h3>
      <ul className="govuk-list app-heatmap-key__list">
        {STEPS.map((s) => (
          <li key={s} className="app-heatmap-key__item">
            <span className={`app-heatmap-key__swatch app-heatmap__cell--${s}`} aria-hidden="true" />
            {STEP_LABELS[s]} of the criteria
          </li>
        ))}
      </ul>
      <p className="govuk-body-s">Every cell also shows how many criteria, out of how many, and the percentage: the colour only repeats the figure.</p>
    </div>
  );
}

/** Providers (rows, one for taught and one for assessed) against columns (sections, or Section A parts). */
export function HeatmapTable({ id, caption, columns, providers, query, link = true }: { id: string; caption: string; columns: CoverageColumn[]; providers: ProviderCoverage[]; query: string; link?: boolean }) {
  return (
    <ScrollTable id={id} caption={caption} className="app-heatmap">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header app-heatmap__head-name">
            Provider
          </th>
          <th scope="col" className="govuk-table__header app-heatmap__head-measure">
            Criteria
          </th>
          {columns.map((c) => (
            <th scope="col" className="govuk-table__header app-heatmap__col" key={c.key}>
              <span className="app-heatmap__code">{c.code}</span>
              <span className="govuk-visually-hidden">: </span>
              <span className="app-heatmap__title">{c.title}</span>
            </th>
          ))}
        </tr>
      </thead>
      {providers.map((p) => (
        <tbody className="govuk-table__body app-heatmap__provider" key={p.providerId}>
          {MEASURE_KEYS.map((m, i) => (
            <tr className="govuk-table__row" key={m}>
              <th scope="row" className="govuk-table__header app-heatmap__name">
                {link && i === 0 ? (
                  <Link className="govuk-link" to={`/coverage/${p.providerId}${query}`}>
                    {p.providerName}
                  </Link>
                ) : (
                  <span className={i === 0 ? undefined : "app-heatmap__repeat"}>{p.providerName}</span>
                )}
              </th>
              <th scope="row" className="govuk-table__header app-heatmap__measure">
                {MEASURES[m]}
              </th>
              {columns.map((c) => {
                const s = cellShare(p.cells, c, m);
                return (
                  <td className={`app-heatmap__cell--${s.step}`} key={c.key}>
                    {/* One element and one text a cell, styled through .app-heatmap td: a national report has thousands of cells. */}
                    <b>{`${s.n} of ${s.of}`}</b>
                    {` (${s.percent}%)`}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      ))}
    </ScrollTable>
  );
}

function FigureHeaders({ columns }: { columns: FigureColumn[] }) {
  return columns.map((c) => (
    <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={c.key}>
      {c.label}
    </th>
  ));
}

export function AchievementTable({ id, rows, allTime, showProvider = true }: { id: string; rows: AchievementRow[]; allTime: boolean; showProvider?: boolean }) {
  if (!rows.length) return null;
  return (
    <ScrollTable id={id} caption={TABLES.achievement}>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {showProvider ? (
            <th scope="col" className="govuk-table__header">
              Provider
            </th>
          ) : null}
          <th scope="col" className="govuk-table__header">
            Programme
          </th>
          <FigureHeaders columns={achievementColumns(allTime)} />
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={`${r.providerId}-${r.programmeId}`}>
            {showProvider ? (
              <th scope="row" className="govuk-table__header">
                {r.providerName}
              </th>
            ) : null}
            <th scope="row" className="govuk-table__header">
              {r.programmeTitle}
            </th>
            {r.figures.map((f, i) => (
              <td className="govuk-table__cell govuk-table__cell--numeric app-no-wrap" key={i}>
                {f.text}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export function TrainersTable({ id, rows }: { id: string; rows: TrainerRow[] }) {
  if (!rows.length) return null;
  return (
    <ScrollTable id={id} caption={TABLES.trainers}>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Provider
          </th>
          <FigureHeaders columns={TRAINER_COLUMNS} />
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={r.providerId}>
            <th scope="row" className="govuk-table__header">
              {r.providerName}
            </th>
            {r.figures.map((f, i) => (
              <td className="govuk-table__cell govuk-table__cell--numeric" key={i}>
                {f.text}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** The programme and period filters (a GET form: works without JavaScript) and what is shown. */
export function CoverageFilters({ action, filters, programmes, periods }: { action: string; filters: FilterSummary; programmes: Option[]; periods: Option[] }) {
  return (
    <Form method="get" action={action} className="app-report-filters app-no-print">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-2">Filter the figures</h2>
      <div className="app-report-filters__row">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="programme">
            Programme
          </label>
          <select className="govuk-select" id="programme" name="programme" defaultValue={filters.programmeId ?? ""}>
            <option value="">All programmes</option>
            {programmes.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="period">
            Period
          </label>
          <select className="govuk-select" id="period" name="period" defaultValue={filters.period}>
            {periods.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Apply filters
      </button>
    </Form>
  );
}

/** What the figures below are for: shown on screen and in print. */
export function FilterSummaryList({ commissionerName, filters }: { commissionerName: string; filters: FilterSummary }) {
  return (
    <dl className="govuk-summary-list govuk-summary-list--no-border app-filter-summary">
      {[
        ["Commissioner", commissionerName],
        ["Programme", filters.programmeLabel],
        ["Period", filters.periodLabel],
      ].map(([k, v]) => (
        <div className="govuk-summary-list__row" key={k}>
          <dt className="govuk-summary-list__key">{k}</dt>
          <dd className="govuk-summary-list__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SuppressionNote() {
  return (
    <p className="govuk-body">
      To protect candidates, any figure drawn from fewer than 5 candidates is shown as &lsquo;fewer than 5&rsquo;. Where a number would let someone work out a smaller one, it is shown as &lsquo;5 or more&rsquo;. No candidate is ever named.
    </p>
  );
}

/** The overview's figures (everything below the filters): heatmap, achievement, trainers. */
export function CoverageOverview({ report, query }: { report: CoverageReport; query: string }) {
  return (
    <>
      <FilterSummaryList commissionerName={report.commissionerName} filters={report.filters} />
      <h2 className="govuk-heading-m">Coverage of the criteria</h2>
      <p className="govuk-body app-measure">
        Each cell is the number of assessable criteria that at least one of the provider&apos;s courses teaches (or assesses), out of the criteria in that section or part. Courses count when
        their dates overlap the period{report.filters.programmeId ? " and they are for the programme selected" : ""}. Select a provider to see which criteria are left uncovered.
      </p>
      <HeatmapKey />
      <HeatmapTable id="sections" caption={TABLES.sections} columns={report.sectionColumns} providers={report.providers} query={query} />
      <HeatmapTable id="parts" caption={TABLES.parts} columns={report.partColumns} providers={report.providers} query={query} />
      <ul className="govuk-list app-no-print">
        {report.providers.map((p) => (
          <li key={p.providerId}>
            <Link className="govuk-link" to={`/coverage/${p.providerId}${query}`}>
              Criteria and courses of {p.providerName}
            </Link>{" "}
            <span className="govuk-body-s app-secondary-text">
              ({p.courses === 1 ? "1 course" : `${p.courses} courses`} counted, {p.uncovered === 1 ? "1 criterion" : `${p.uncovered} criteria`} not covered)
            </span>
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Candidates</h2>
      <p className="govuk-body app-measure">
        {report.filters.period === "all"
          ? "Enrolled is every candidate ever enrolled; in progress is those still working towards the programme; achieved is those who have achieved it."
          : "Enrolled is candidates enrolled in the period; in progress is those of them still working towards the programme; achieved is candidates who achieved the programme in the period, whenever they enrolled."}
      </p>
      <SuppressionNote />
      <AchievementTable id="achievement" rows={report.achievement} allTime={report.filters.period === "all"} />

      <h2 className="govuk-heading-m">Trainers</h2>
      <p className="govuk-body app-measure">
        Every trainer the provider has recorded, and how many of them are on the courses counted. Experience is each trainer&apos;s most recent record; the median, totals and accreditations are
        of the trainers with experience recorded.
      </p>
      <TrainersTable id="trainers" rows={report.trainers} />
    </>
  );
}

const courseList = (names: string[]) =>
  names.length ? (
    names.length === 1 ? (
      names[0]
    ) : (
      <ul className="govuk-list app-compact-list">
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    )
  ) : (
    <span className="app-secondary-text">No course</span>
  );

/** One provider's figures (everything below the filters): courses, coverage, uncovered criteria, candidates, trainers. */
export function ProviderCoverageView({ detail: d, query }: { detail: ProviderDetail; query: string }) {
  const uncoveredCount = d.uncovered.reduce((n, g) => n + g.criteria.length, 0);
  return (
    <>
      <FilterSummaryList commissionerName={d.commissionerName} filters={d.filters} />
      <nav className="app-no-print" aria-labelledby="contents-heading">
        <h2 className="govuk-heading-s govuk-!-margin-bottom-1" id="contents-heading">
          Contents
        </h2>
        <ul className="govuk-list">
          <li><a className="govuk-link" href="#summary">Summary of coverage</a></li>
          <li><a className="govuk-link" href="#uncovered">Criteria no course covers ({uncoveredCount})</a></li>
          <li><a className="govuk-link" href="#criteria">Criteria and the courses that cover them</a></li>
          <li><a className="govuk-link" href="#candidates">Candidates</a></li>
          <li><a className="govuk-link" href="#trainers-heading">Trainers</a></li>
        </ul>
      </nav>

      <h2 className="govuk-heading-m" id="summary">
        Summary of coverage
      </h2>
      {d.courses.length ? (
        <ScrollTable id="courses" caption={TABLES.courses}>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Course</th>
              <th scope="col" className="govuk-table__header">Programme</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Hours</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.courses.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <th scope="row" className="govuk-table__header">{c.label}</th>
                <td className="govuk-table__cell">{c.programmeTitle ?? NO_PROGRAMME}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.hours.toLocaleString("en-GB")}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p className="govuk-body">This provider has recorded no courses {d.filters.programmeId || d.filters.period !== "all" ? "in these filters. Try all programmes or all time." : "yet."}</p>
      )}
      <HeatmapKey />
      <HeatmapTable id="sections" caption={TABLES.sections} columns={d.sectionColumns} providers={[d.coverage]} query={query} link={false} />
      <HeatmapTable id="parts" caption={TABLES.parts} columns={d.partColumns} providers={[d.coverage]} query={query} link={false} />

      <h2 className="govuk-heading-m" id="uncovered">
        {TABLES.uncovered}
      </h2>
      {d.uncovered.length ? (
        <>
          <p className="govuk-body">
            {uncoveredCount === 1 ? "1 criterion is" : `${uncoveredCount} criteria are`} neither taught nor assessed by any of the courses counted.
          </p>
          {d.uncovered.map((g) => (
            <div key={g.key} className="app-uncovered-group">
              <h3 className="govuk-heading-s">
                {g.code}: {g.title} <span className="app-secondary-text">({g.criteria.length})</span>
              </h3>
              <ul className="govuk-list app-criteria-list">
                {g.criteria.map((c) => (
                  <li key={c.itemId}>
                    <span className="app-criterion-code">{c.code}</span> {c.text}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      ) : (
        <p className="govuk-body">Every criterion is taught or assessed by at least one of the courses counted.</p>
      )}

      <h2 className="govuk-heading-m" id="criteria">
        {TABLES.criteria}
      </h2>
      <p className="govuk-body app-measure">Select a criterion to read it in the standard.</p>
      {d.groups.map((g) => (
        <ScrollTable key={g.key} id={`criteria-${g.key.replace(/[^A-Za-z0-9]/g, "")}`} caption={`${g.code}: ${g.title}`} className="app-criteria-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header app-criteria-table__code">Criterion</th>
              <th scope="col" className="govuk-table__header">Taught by</th>
              <th scope="col" className="govuk-table__header">Assessed by</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {g.criteria.map((c) => (
              <tr className="govuk-table__row" key={c.itemId}>
                <th scope="row" className="govuk-table__header app-criteria-table__code">
                  <Link className="govuk-link" to={c.href}>
                    {c.code}
                  </Link>
                </th>
                <td className="govuk-table__cell">{courseList(c.taughtBy)}</td>
                <td className="govuk-table__cell">{courseList(c.assessedBy)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ))}

      <h2 className="govuk-heading-m" id="candidates">
        Candidates
      </h2>
      <SuppressionNote />
      <AchievementTable id="achievement" rows={d.achievement} allTime={d.filters.period === "all"} showProvider={false} />
      {d.criteriaMet.map((p) => (
        <ScrollTable key={p.programmeId} id={`met-${p.programmeId}`} caption={TABLES.met(p.programmeTitle)} className="app-criteria-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header app-criteria-table__criterion">Criterion</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Met</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {p.criteria.map((c) => (
              <tr className="govuk-table__row" key={c.itemId}>
                <th scope="row" className="govuk-table__header app-criteria-table__criterion">
                  <span className="app-criterion-code">{c.code}</span> <span className="app-criteria-table__text">{c.text}</span>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric app-no-wrap">{c.met.text}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ))}

      <h2 className="govuk-heading-m" id="trainers-heading">
        Trainers
      </h2>
      <TrainersTable id="trainers" rows={[d.trainers]} />
    </>
  );
}
