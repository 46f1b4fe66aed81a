/**
 * The commissioner's figures as CSV: exactly the figures of the overview (or, with ?provider=, of
 * that provider's drill-down) for the same filters. A provider it does not commission is 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { coverageReport, parseFilters, providerCoverage, providerCsv, reportCsv } from "~/lib/coverage.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["commissioner"]);
  const url = new URL(request.url);
  const filters = parseFilters(url.searchParams);
  const providerId = url.searchParams.get("provider");
  const body = providerId ? providerCsv(providerCoverage(actor, providerId, filters)) : reportCsv(coverageReport(actor, filters));
  const name = ["coverage", providerId ? "provider" : "providers", filters.period, new Date().toISOString().slice(0, 10)].join("-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
