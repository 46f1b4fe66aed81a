/**
 * The enrolment's portfolio PDF (the Level 4 award portfolio or the supervisor competency check),
 * issued with a verification code and streamed as it is made. For the candidate, their allocated
 * assessor and IQA, and their provider's admin; 404 for anyone else. A download abandoned before its
 * last byte stops the worker making it (the document stays recorded as not completed).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { pdfResponse, portfolioPdf } from "~/lib/pdf.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return pdfResponse(await portfolioPdf(actor, params.enrolmentId ?? "", { baseUrl: new URL(request.url).origin, signal: request.signal }));
}
