import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CoverageFilters, CoverageOverview } from "~/components/coverage-report";
import { requireRole } from "~/lib/auth.server";
import { coverageReport, filterQuery, parseFilters } from "~/lib/coverage.server";

export const meta: MetaFunction = () => [{ title: "Coverage of the standards – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["commissioner"]);
  const report = coverageReport(actor, parseFilters(new URL(request.url).searchParams));
  return json({ report, query: filterQuery(report.filters) });
}

export default function Coverage() {
  const { report, query } = useLoaderData<typeof loader>();
  const { filters, providers } = report;
  return (
    <>
      <span className="govuk-caption-l">{report.commissionerName}</span>
      <h1 className="govuk-heading-l">Coverage of the standards</h1>
      <p className="govuk-body app-measure">
        How much of the best practice guidance (sections A to F) and the National Occupational Standard unit on quality assurance the training you commission teaches and assesses, how
        candidates are doing, and the practice experience of the trainers.
      </p>
      {providers.length ? (
        <>
          <CoverageFilters action="/coverage" filters={filters} programmes={report.options.programmes} periods={report.options.periods} />
          <p className="govuk-body app-no-print">
            <Link reloadDocument className="govuk-link" to={`/coverage/csv${query}`}>
              Download these figures (CSV)
            </Link>
            <span className="govuk-body-s app-secondary-text"> · To print this page, use your browser&apos;s print option: it prints the tables without the menus and filters.</span>
          </p>
          <CoverageOverview report={report} query={query} />
        </>
      ) : (
        <div className="govuk-inset-text">
          You do not commission any providers in the portal yet, so there are no figures to show. Ask an administrator of the portal to record which providers you commission.
        </div>
      )}
    </>
  );
}
