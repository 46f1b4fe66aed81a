import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CoverageFilters, ProviderCoverageView } from "~/components/coverage-report";
import { requireRole } from "~/lib/auth.server";
import { filterQuery, parseFilters, providerCoverage } from "~/lib/coverage.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.provider.name ?? "Provider"}: coverage of the standards – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["commissioner"]);
  const detail = providerCoverage(actor, params.providerId!, parseFilters(new URL(request.url).searchParams));
  return json({ detail, query: filterQuery(detail.filters) });
}

export default function ProviderCoverage() {
  const { detail: d, query } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/coverage${query}`} className="govuk-back-link app-no-print">
        Back to all providers
      </Link>
      <span className="govuk-caption-l">Coverage of the standards</span>
      <h1 className="govuk-heading-l">{d.provider.name}</h1>
      <CoverageFilters action={`/coverage/${d.provider.id}`} filters={d.filters} programmes={d.options.programmes} periods={d.options.periods} />
      <p className="govuk-body app-no-print">
        <Link reloadDocument className="govuk-link" to={`/coverage/csv${query ? `${query}&` : "?"}provider=${d.provider.id}`}>
          Download these figures (CSV)
        </Link>
      </p>
      <ProviderCoverageView detail={d} query={query} />
    </>
  );
}
