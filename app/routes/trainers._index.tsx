import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { listTrainers } from "~/lib/courses.server";

export const meta: MetaFunction = () => [{ title: "Trainers – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json({ trainers: listTrainers(actor) });
}

export default function Trainers() {
  const { trainers } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Trainers</h1>
      <p className="govuk-body app-measure">
        The people who deliver your courses, and their restorative practice experience. The guidance asks commissioners to check that trainers have practice experience, so they see how many
        of your trainers have it recorded and how much, in total (not their names).
      </p>
      <Link className="govuk-button" to="/trainers/new">
        Add a trainer
      </Link>
      {trainers.length ? (
        <div className="app-scroll-table" role="region" aria-labelledby="trainers-caption" tabIndex={0}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m" id="trainers-caption">
              {trainers.length === 1 ? "1 trainer" : `${trainers.length} trainers`}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Name</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Years of practice</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cases facilitated</th>
                <th scope="col" className="govuk-table__header">Accreditation</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Courses</th>
                <th scope="col" className="govuk-table__header">Experience recorded</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {trainers.map((t) => (
                <tr className="govuk-table__row" key={t.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/trainers/${t.id}`}>
                      {t.name}
                    </Link>
                  </th>
                  {t.recordedAt === null ? (
                    <td className="govuk-table__cell" colSpan={3}>
                      <strong className="govuk-tag govuk-tag--yellow">No experience recorded</strong>
                    </td>
                  ) : (
                    <>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{t.years}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{t.casesFacilitated?.toLocaleString("en-GB")}</td>
                      <td className="govuk-table__cell">{t.accreditation ?? "None"}</td>
                    </>
                  )}
                  <td className="govuk-table__cell govuk-table__cell--numeric">{t.courses}</td>
                  <td className="govuk-table__cell">{t.recordedAt === null ? "Never" : formatDate(t.recordedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="govuk-body">You have not recorded any trainers yet. Add a trainer, then record their practice experience.</p>
      )}
    </>
  );
}
