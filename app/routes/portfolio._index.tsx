import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/lib/auth.server";
import { myEnrolments } from "~/lib/progress.server";
import { statusLabel } from "~/lib/enrolment-status";

export const meta: MetaFunction = () => [{ title: "Your portfolio – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["candidate"]);
  return json({ enrolments: myEnrolments(actor) });
}

export default function Portfolios() {
  const { enrolments } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{enrolments.length > 1 ? "Your portfolios" : "Your portfolio"}</h1>
        {enrolments.length ? (
          <>
            <p className="govuk-body">
              {enrolments.length === 1
                ? "You are enrolled on one programme. Open its portfolio to add evidence and see your progress."
                : `You are enrolled on ${enrolments.length} programmes, each with its own portfolio. Choose one to add evidence and see your progress.`}
            </p>
            <ul className="govuk-list app-portfolio-list">
              {enrolments.map((e) => (
                <li key={e.id} className="app-portfolio-list__item">
                  <h2 className="govuk-heading-m">
                    <Link className="govuk-link" to={`/portfolio/${e.id}`}>
                      {e.programmeTitle}
                    </Link>
                  </h2>
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    {e.providerName}, candidate number {e.candidateNumber}
                    {e.status !== "active" ? ` · ${statusLabel(e.status, e.programmeSlug)}` : ""}
                  </p>
                  <p className="govuk-body">
                    {e.withEvidence} of {e.total} criteria have evidence · {e.ready} ready to submit · {e.submitted} submitted · {e.met} met
                    {e.notYetMet ? ` · ${e.notYetMet} not yet met` : ""}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="govuk-body">
            You are not enrolled on a programme yet. Your provider admin enrols you on the Level 4 award or a supervisor competency check; your portfolio will appear here. Meanwhile you can{" "}
            <Link className="govuk-link" to="/standards">read the standards</Link>.
          </p>
        )}
      </div>
    </div>
  );
}
