import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { missingCriteria } from "~/lib/progress.server";

export const meta: MetaFunction = () => [{ title: "Criteria still without evidence – Restorative Practice Competency Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const m = missingCriteria(actor, params.enrolmentId ?? "");
  return json({ ...m, mine: actor.userId === m.enrolment.candidateId });
}

export default function MissingCriteria() {
  const { enrolment: e, canEdit, counts, missing, frameworks, mine } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/portfolio/${e.id}`} className="govuk-back-link">Back to the portfolio</Link>
      <span className="govuk-caption-l">{e.programmeTitle}</span>
      <h1 className="govuk-heading-l">Criteria still without evidence</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {missing ? (
            <p className="govuk-body">
              {missing} of the {counts.total} criteria {mine ? "you need" : `${e.candidateName} needs`} have no evidence mapped to them yet.
              {canEdit ? " Add a piece of evidence and map it to the criteria it shows." : ""}
            </p>
          ) : (
            <p className="govuk-body">Every criterion has at least one piece of evidence mapped to it.{canEdit && counts.ready ? " Submit them for assessment when you are ready." : ""}</p>
          )}
          {canEdit ? (
            <div className="govuk-button-group">
              <Link className="govuk-button" to={`/portfolio/${e.id}/evidence/new`}>
                Add evidence
              </Link>
              {counts.ready ? (
                <Link className="govuk-button govuk-button--secondary" to={`/portfolio/${e.id}/submit`}>
                  Submit for assessment
                </Link>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
      {frameworks.map((f) => (
        <section key={f.id} aria-labelledby={`fw-${f.id}`} className="app-portfolio-framework">
          <h2 className="govuk-heading-m" id={`fw-${f.id}`}>
            {f.title} <span className="govuk-caption-m">Version {f.version}</span>
          </h2>
          {f.sections.map((s) => (
            <div key={s.id} className="app-portfolio-section">
              <h3 className="govuk-heading-s">{s.label}</h3>
              {s.groups.map((g) => (
                <div key={g.id ?? "direct"}>
                  {g.title ? <h4 className="govuk-heading-s app-portfolio-group">{g.title}</h4> : null}
                  <ul className="govuk-list app-missing-list">
                    {g.tasks.map((t) => (
                      <li key={t.itemId}>
                        <span className="app-task-code">{t.code}</span> {t.text}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
