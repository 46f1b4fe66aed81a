import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/lib/auth.server";
import { courseDates } from "~/lib/coverage-tables";
import { listCourses } from "~/lib/courses.server";

export const meta: MetaFunction = () => [{ title: "Courses – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json({ courses: listCourses(actor) });
}

export default function Courses() {
  const { courses } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Courses</h1>
      <p className="govuk-body app-measure">
        Record the training you deliver and which criteria of the standards each course teaches and assesses. Commissioners who commission your training see how much of the standards your
        courses cover, in total.
      </p>
      <Link className="govuk-button" to="/courses/new">
        Add a course
      </Link>
      {courses.length ? (
        <div className="app-scroll-table" role="region" aria-labelledby="courses-caption" tabIndex={0}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m" id="courses-caption">
              {courses.length === 1 ? "1 course" : `${courses.length} courses`}, newest first
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Course</th>
                <th scope="col" className="govuk-table__header">Dates</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Hours</th>
                <th scope="col" className="govuk-table__header">Programme</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Trainers</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Criteria taught</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Criteria assessed</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {courses.map((c) => (
                <tr className="govuk-table__row" key={c.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/courses/${c.id}`}>
                      {c.title}
                    </Link>
                  </th>
                  <td className="govuk-table__cell">{courseDates(c.startsOn, c.endsOn)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.hours}</td>
                  <td className="govuk-table__cell">{c.programmeTitle ?? "Not for a particular programme"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.trainers}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.taught}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.assessed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="govuk-body">You have not recorded any courses yet. Add your first course, then record which criteria it teaches and assesses.</p>
      )}
    </>
  );
}
