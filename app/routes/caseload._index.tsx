import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { displayIsoDate } from "~/components/assessment";
import { PrevNext, formatDateTime } from "~/components/page";
import { caseload } from "~/lib/assessment.server";
import { requireRole } from "~/lib/auth.server";
import { pageParam } from "~/lib/paging";
import { statusLabel, STATUS_TAGS } from "~/lib/enrolment-status";

export const meta: MetaFunction = () => [{ title: "Your caseload – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["assessor"]);
  const page = pageParam.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  return json(caseload(actor, { page }));
}

export default function Caseload() {
  const { counts, enrolments, waiting, waitingPage, due } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Your caseload</h1>
      {enrolments.length === 0 ? (
        <p className="govuk-body">No candidates are allocated to you yet. Your provider admin allocates candidates to you; they will appear here with the criteria they submit for assessment.</p>
      ) : (
        <>
          <ul className="govuk-list app-caseload-counts" aria-label="Caseload in numbers">
            <li className="app-caseload-counts__item">
              <span className="app-caseload-counts__number">{counts.waiting}</span> {counts.waiting === 1 ? "criterion" : "criteria"} waiting
            </li>
            <li className="app-caseload-counts__item">
              <span className="app-caseload-counts__number">{counts.due}</span> {counts.due === 1 ? "decision" : "decisions"} due after quality assurance
            </li>
            <li className="app-caseload-counts__item">
              <span className="app-caseload-counts__number">{counts.candidates}</span> {counts.candidates === 1 ? "candidate" : "candidates"}
            </li>
            <li className="app-caseload-counts__item">
              <span className="app-caseload-counts__number">{counts.decided}</span> {counts.decided === 1 ? "criterion" : "criteria"} decided
            </li>
            <li className="app-caseload-counts__item">
              <span className="app-caseload-counts__number">{counts.notYetMet}</span> not yet met
            </li>
          </ul>

          <h2 className="govuk-heading-m" id="due">
            Decisions due
          </h2>
          {due.length ? (
            <>
              <p className="govuk-body">An internal quality assurer disagreed with these decisions. Review each one and decide again.</p>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-visually-hidden">Decisions reopened by an internal quality assurer, soonest due first</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Due by</th>
                    <th scope="col" className="govuk-table__header">Candidate</th>
                    <th scope="col" className="govuk-table__header">Criterion</th>
                    <th scope="col" className="govuk-table__header">Action required</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {due.map((d) => (
                    <tr className="govuk-table__row" key={`${d.enrolmentId}-${d.itemId}`}>
                      <td className="govuk-table__cell">{d.actionDue ? displayIsoDate(d.actionDue) : "No date set"}</td>
                      <td className="govuk-table__cell">
                        {d.candidateName}
                        <br />
                        <span className="govuk-body-s">{d.candidateNumber}</span>
                      </td>
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={`/assess/${d.enrolmentId}/${d.itemId}`}>
                          <span className="app-task-code">{d.code}</span>
                          <span className="govuk-visually-hidden"> for {d.candidateName}</span>
                        </Link>{" "}
                        <span className="govuk-body-s">{d.frameworkShortTitle}</span>
                        <br />
                        <span className="govuk-body-s">{d.text}</span>
                      </td>
                      <td className="govuk-table__cell">{d.actionRequired ?? "Review the decision"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p className="govuk-body">No decisions are due. When an internal quality assurer disagrees with one of your decisions, it appears here with the action required.</p>
          )}

          <h2 className="govuk-heading-m" id="waiting">
            Submissions waiting (oldest first)
          </h2>
          {waiting.length ? (
            <>
            {waitingPage.pages > 1 ? (
              <p className="govuk-body" id="waiting-range">
                Showing {waitingPage.first} to {waitingPage.last} of {counts.waiting} criteria waiting
              </p>
            ) : null}
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Criteria submitted for assessment, oldest first{waitingPage.pages > 1 ? `, page ${waitingPage.page} of ${waitingPage.pages}` : ""}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Submitted</th>
                  <th scope="col" className="govuk-table__header">Candidate</th>
                  <th scope="col" className="govuk-table__header">Criterion</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {waiting.map((w) => (
                  <tr className="govuk-table__row" key={`${w.enrolmentId}-${w.itemId}`}>
                    <td className="govuk-table__cell">{w.submittedAt ? formatDateTime(w.submittedAt) : "Not recorded"}</td>
                    <td className="govuk-table__cell">
                      {w.candidateName}
                      <br />
                      <span className="govuk-body-s">{w.candidateNumber}</span>
                    </td>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/assess/${w.enrolmentId}/${w.itemId}`}>
                        <span className="app-task-code">{w.code}</span>
                        <span className="govuk-visually-hidden"> for {w.candidateName}</span>
                      </Link>{" "}
                      <span className="govuk-body-s">{w.frameworkShortTitle}</span>
                      <br />
                      <span className="govuk-body-s">{w.text}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PrevNext page={waitingPage.page} pages={waitingPage.pages} href={(p) => `?page=${p}#waiting`} label="Pages of submissions waiting" prev="Earlier submissions" next="Later submissions" />
            </>
          ) : (
            <p className="govuk-body">Nothing is waiting for your decision. When a candidate submits criteria for assessment, they appear here, oldest first.</p>
          )}

          <h2 className="govuk-heading-m" id="candidates">
            Your candidates
          </h2>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Candidates allocated to you, with the state of their assessment</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Candidate</th>
                <th scope="col" className="govuk-table__header">Programme</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Waiting</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Due</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Decided</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Not yet met</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {enrolments.map((e) => (
                <tr className="govuk-table__row" key={e.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/assess/${e.id}`}>
                      {e.candidateName}
                    </Link>
                    <br />
                    <span className="govuk-body-s">{e.candidateNumber}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {e.programmeTitle}
                    {e.status !== "active" ? (
                      <>
                        {" "}
                        <strong className={`govuk-tag ${STATUS_TAGS[e.status]}`}>{statusLabel(e.status, e.programmeSlug)}</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{e.waiting}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{e.due}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {e.decided} of {e.total}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{e.notYetMet}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
