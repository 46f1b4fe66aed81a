/** CASE 1.0: GET /ims/case/v1p0/CFItems/{sourcedId} — one item as a CFItem; 404 JSON if unknown. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { caseItem } from "~/lib/standards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const result = caseItem({ sourcedId: params.sourcedId ?? "", baseUrl: new URL(request.url).origin });
  return json(result.body, {
    status: result.status,
    headers: { "Access-Control-Allow-Origin": "*" },
  });
}
