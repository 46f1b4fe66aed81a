import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getActor } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/dashboard");
  return null;
}

export default function Index() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Restorative Practice Competency Portal</h1>
        <p className="govuk-body-l">Build, assess and quality-assure evidence of competence against the national standards for restorative justice practitioners in England and Wales.</p>
        <p className="govuk-body">Use this service if you are:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>a trainee practitioner building a portfolio for the BTEC Level 4 Professional Award in Restorative Justice Approaches</li>
          <li>a case supervisor having your competence checked</li>
          <li>an assessor or internal quality assurer at a training provider</li>
          <li>an organisation commissioning restorative justice training</li>
        </ul>
        <Link to="/sign-in" className="govuk-button govuk-button--start" role="button" draggable="false">
          Sign in
          <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </Link>
        <h2 className="govuk-heading-m">The standards</h2>
        <p className="govuk-body">
          Anyone can <Link className="govuk-link" to="/standards">read the standards</Link> the portal assesses against: the December 2004 best practice guidance, the National Occupational Standard unit on quality assurance, and the Level 4 award.
        </p>
      </div>
    </div>
  );
}
