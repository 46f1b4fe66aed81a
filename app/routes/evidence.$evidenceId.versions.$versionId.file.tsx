/** An evidence file, streamed to the people who may see the portfolio it belongs to (404 to anyone else). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { fileResponse } from "~/lib/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return fileResponse(actor, params.versionId!, params.evidenceId!);
}
