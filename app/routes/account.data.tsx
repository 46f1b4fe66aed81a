/**
 * The signed-in user's own data, as one ZIP archive (data.json and their evidence files), streamed
 * as it is made. Only ever the signed-in user's: there is no id in the URL. Linked with
 * `reloadDocument` (a file download, not a page).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { dataArchive } from "~/lib/data-rights.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return dataArchive(actor);
}
