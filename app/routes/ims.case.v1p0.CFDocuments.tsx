/** CASE 1.0: GET /ims/case/v1p0/CFDocuments — every framework version as a CFDocument. Public, read-only JSON. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { caseDocuments } from "~/lib/standards.server";

const CASE_HEADERS = { "Access-Control-Allow-Origin": "*" };

export async function loader({ request }: LoaderFunctionArgs) {
  return json(caseDocuments({ baseUrl: new URL(request.url).origin }), { headers: CASE_HEADERS });
}
