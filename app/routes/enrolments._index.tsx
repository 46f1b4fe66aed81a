import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/lib/auth.server";
import { ListSearch, PrevNext, searchPageHref } from "~/components/page";
import { listEnrolments } from "~/lib/enrolments.server";
import { pageParam } from "~/lib/paging";
import { statusLabel, STATUS_TAGS } from "~/lib/enrolment-status";

export const meta: MetaFunction = () => [{ title: "Enrolments – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin", "assessor", "iqa"]);
  const url = new URL(request.url);
  const search = (url.searchParams.get("q") ?? "").slice(0, 200);
  return json({ list: listEnrolments(actor, { search, page: pageParam.parse(url.searchParams.get("page") ?? undefined) }), role: actor.role });
}

export default function Enrolments() {
  const { list, role } = useLoaderData<typeof loader>();
  const enrolments = list.rows;
  const admin = role === "provider_admin";
  return (
    <>
      <h1 className="govuk-heading-l">{admin ? "Enrolments" : "Candidates allocated to you"}</h1>
      {admin ? (
        <Link className="govuk-button" to="/enrolments/new">
          Enrol a candidate
        </Link>
      ) : null}
      {list.total || list.search ? <ListSearch label="Search by candidate name or number" search={list.search} clearTo="/enrolments" /> : null}
      {enrolments.length ? (
        <>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {list.total === 1 ? "1 enrolment" : `${list.total} enrolments`}
            {list.search ? ` matching “${list.search}”` : ""}
            {list.pages > 1 ? `, page ${list.page} of ${list.pages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Candidate</th>
              <th scope="col" className="govuk-table__header">Candidate number</th>
              <th scope="col" className="govuk-table__header">Programme</th>
              <th scope="col" className="govuk-table__header">Assessor</th>
              <th scope="col" className="govuk-table__header">Internal quality assurer</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {enrolments.map((e) => (
              <tr className="govuk-table__row" key={e.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/enrolments/${e.id}`}>
                    {e.candidateName}
                    <span className="govuk-visually-hidden">, {e.programmeTitle}</span>
                  </Link>
                </td>
                <td className="govuk-table__cell">{e.candidateNumber}</td>
                <td className="govuk-table__cell">{e.programmeTitle}</td>
                <td className="govuk-table__cell">{e.assessorName ?? "None"}</td>
                <td className="govuk-table__cell">{e.iqaName ?? "None"}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${STATUS_TAGS[e.status]}`}>{statusLabel(e.status, e.programmeSlug)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <PrevNext page={list.page} pages={list.pages} href={searchPageHref(list.search)} label="Pages of enrolments" prev="Previous page" next="Next page" />
        </>
      ) : list.search ? (
        <p className="govuk-body">No candidate’s name or number contains “{list.search}”. Check the spelling, or search for part of it.</p>
      ) : admin ? (
        <p className="govuk-body">
          No candidates are enrolled yet. <Link className="govuk-link" to="/enrolments/new">Enrol a candidate</Link> on a programme; if the candidate, assessor or internal quality assurer has no account yet,{" "}
          <Link className="govuk-link" to="/users/new">add them as users</Link> first.
        </p>
      ) : (
        <p className="govuk-body">No candidates are allocated to you yet. Your provider admin allocates candidates; they will appear here.</p>
      )}
    </>
  );
}
