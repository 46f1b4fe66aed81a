import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireRole } from "~/lib/auth.server";
import { iqaReport, REPORT_PERIODS, type ReportFigures, type ReportPeriod } from "~/lib/quality.server";

export const meta: MetaFunction = () => [{ title: "Quality assurance report – Restorative Practice Competency Portal" }];

const PERIOD_LABELS: Record<ReportPeriod, string> = { all: "All time", "30": "Last 30 days", "90": "Last 90 days", "365": "Last 12 months" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["iqa", "provider_admin"]);
  const url = new URL(request.url);
  const param = (name: string) => (url.searchParams.get(name) ?? "").trim().slice(0, 64) || null;
  const period = param("period");
  const report = iqaReport(actor, {
    programmeId: param("programme"),
    assessorId: param("assessor"),
    period: period && Object.hasOwn(REPORT_PERIODS, period) ? (period as ReportPeriod) : "all",
  });
  return json({ ...report, iqa: actor.role === "iqa" });
}

const percent = (n: number | null) =>
  n === null ? (
    <>
      <span aria-hidden="true">–</span>
      <span className="govuk-visually-hidden">none sampled</span>
    </>
  ) : (
    `${n}%`
  );

function FigureCells({ r }: { r: ReportFigures }) {
  const cell = (v: ReactNode, key: string) => (
    <td className="govuk-table__cell govuk-table__cell--numeric" key={key}>
      {v}
    </td>
  );
  return (
    <>
      {cell(r.decisions, "decisions")}
      {cell(r.met, "met")}
      {cell(r.notYetMet, "notYetMet")}
      {cell(r.sampled, "sampled")}
      {cell(percent(r.sampleRate), "sampleRate")}
      {cell(r.agreed, "agreed")}
      {cell(r.disagreed, "disagreed")}
      {cell(percent(r.agreementRate), "agreementRate")}
    </>
  );
}

function FigureHeaders({ first }: { first: string }) {
  const h = (label: ReactNode, key: string) => (
    <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={key}>
      {label}
    </th>
  );
  return (
    <tr className="govuk-table__row">
      <th scope="col" className="govuk-table__header">
        {first}
      </th>
      {h("Decisions made", "decisions")}
      {h("Met", "met")}
      {h("Not yet met", "notYetMet")}
      {h("Sampled", "sampled")}
      {h("Sample rate", "sampleRate")}
      {h("Agreed", "agreed")}
      {h("Disagreed", "disagreed")}
      {h("Agreement rate", "agreementRate")}
    </tr>
  );
}

export default function IqaReport() {
  const { providerName, filters, byAssessor, byProgramme, total, assessorOptions, programmeOptions, iqa } = useLoaderData<typeof loader>();
  const filtered = !!(filters.programmeId || filters.assessorId || filters.period !== "all");
  return (
    <>
      {iqa ? (
        <Link to="/iqa" className="govuk-back-link">
          Back to sampling
        </Link>
      ) : null}
      <span className="govuk-caption-l">{providerName}</span>
      <h1 className="govuk-heading-l">Quality assurance report</h1>
      <p className="govuk-body">
        Assessment decisions and how many the internal quality assurers sampled, agreed and disagreed with. Withdrawn decisions are not counted; decisions later replaced by a
        newer one are. The sample rate is sampled out of decisions made; the agreement rate is agreed out of sampled.
      </p>

      <Form method="get" className="app-report-filters">
        <h2 className="govuk-heading-m">Filter</h2>
        <div className="app-report-filters__row">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="programme">
              Programme
            </label>
            <select className="govuk-select" id="programme" name="programme" defaultValue={filters.programmeId ?? ""}>
              <option value="">All programmes</option>
              {programmeOptions.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} (version {p.version})
                </option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="assessor">
              Assessor
            </label>
            <select className="govuk-select" id="assessor" name="assessor" defaultValue={filters.assessorId ?? ""}>
              <option value="">All assessors</option>
              {assessorOptions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="period">
              Decided in
            </label>
            <select className="govuk-select" id="period" name="period" defaultValue={filters.period}>
              {(Object.keys(PERIOD_LABELS) as ReportPeriod[]).map((p) => (
                <option key={p} value={p}>
                  {PERIOD_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <Link className="govuk-link" to="/iqa/reports">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      {total.decisions === 0 ? (
        <>
          <h2 className="govuk-heading-m">No decisions</h2>
          <p className="govuk-body">
            {filtered
              ? "No decisions match these filters. Choose other filters or clear them."
              : "Assessors have not made any decisions yet. The report fills in as assessors decide criteria and internal quality assurers sample their decisions."}
          </p>
        </>
      ) : (
        <>
          <table className="govuk-table app-report-table">
            <caption className="govuk-table__caption govuk-table__caption--m">By assessor</caption>
            <thead className="govuk-table__head">
              <FigureHeaders first="Assessor" />
            </thead>
            <tbody className="govuk-table__body">
              {byAssessor.map((r) => (
                <tr className="govuk-table__row" key={r.assessorId}>
                  <th scope="row" className="govuk-table__header">
                    {r.assessorName}
                  </th>
                  <FigureCells r={r} />
                </tr>
              ))}
              <tr className="govuk-table__row app-report-table__total">
                <th scope="row" className="govuk-table__header">
                  Total
                </th>
                <FigureCells r={total} />
              </tr>
            </tbody>
          </table>

          <table className="govuk-table app-report-table">
            <caption className="govuk-table__caption govuk-table__caption--m">By programme</caption>
            <thead className="govuk-table__head">
              <FigureHeaders first="Programme" />
            </thead>
            <tbody className="govuk-table__body">
              {byProgramme.map((r) => (
                <tr className="govuk-table__row" key={r.programmeId}>
                  <th scope="row" className="govuk-table__header">
                    {r.programmeTitle} <span className="govuk-body-s">(version {r.programmeVersion})</span>
                  </th>
                  <FigureCells r={r} />
                </tr>
              ))}
              <tr className="govuk-table__row app-report-table__total">
                <th scope="row" className="govuk-table__header">
                  Total
                </th>
                <FigureCells r={total} />
              </tr>
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
