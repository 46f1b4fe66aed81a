import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AchievementSummary, DecisionDetails, DecisionTag } from "~/components/assessment";
import { decisionsFor } from "~/lib/assessment.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? (data.mine ? "Your assessment decisions" : `Assessment decisions for ${data.enrolment.candidateName}`) : "Assessment decisions"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json({ ...decisionsFor(actor, params.enrolmentId ?? ""), assessor: actor.role === "assessor" });
}

export default function Decisions() {
  const { enrolment: e, mine, decisions, achievement, assessor } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={assessor ? `/assess/${e.id}` : `/portfolio/${e.id}`} className="govuk-back-link">
        {assessor ? `Back to ${e.candidateName}'s criteria` : mine ? "Back to your portfolio" : "Back to the portfolio"}
      </Link>
      <span className="govuk-caption-l">
        {e.programmeTitle}
        {mine ? "" : ` · ${e.candidateName} (${e.candidateNumber})`}
      </span>
      <h1 className="govuk-heading-l">{mine ? "Your assessment decisions" : "Assessment decisions"}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <AchievementSummary a={achievement} mine={mine} />

          <h2 className="govuk-heading-m govuk-!-margin-top-6">Decisions, newest first</h2>
          {decisions.length ? (
            decisions.map((d) => (
              <section key={d.id} className="app-decision" aria-labelledby={`d-${d.id}`}>
                <h3 className="govuk-heading-s" id={`d-${d.id}`}>
                  <span className="app-task-code">{d.code}</span> {d.statement} <DecisionTag outcome={d.outcome} status={d.status} />
                </h3>
                <p className="govuk-body-s app-standards-framework-name">{d.frameworkShortTitle}</p>
                <DecisionDetails d={d} />
              </section>
            ))
          ) : (
            <p className="govuk-body">
              {mine
                ? "No decisions yet. When you submit criteria for assessment, your assessor judges each one as met or not yet met, and their decisions and feedback appear here."
                : "No decisions have been made on this portfolio yet."}
            </p>
          )}
          {mine && e.status === "active" ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/portfolio/${e.id}`}>
                Go to your portfolio
              </Link>{" "}
              to add evidence and submit criteria for assessment.
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}
