/** CASE 1.0: GET /ims/case/v1p0/CFPackages/{sourcedId} — a framework version as a CFPackage; 404 JSON if unknown. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { caseFrameworkPackage } from "~/lib/standards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const result = caseFrameworkPackage({ sourcedId: params.sourcedId ?? "", baseUrl: new URL(request.url).origin });
  return json(result.body, {
    status: result.status,
    headers: { "Access-Control-Allow-Origin": "*" },
  });
}
