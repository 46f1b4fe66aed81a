import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, Success } from "~/components/page";
import { requireUser } from "~/lib/auth.server";
import { KIND_LABELS } from "~/lib/evidence-kinds";
import { listEvidence } from "~/lib/evidence.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.criterion ? `Evidence for ${data.criterion.code}` : "Evidence"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const criterion = new URL(request.url).searchParams.get("criterion");
  const data = listEvidence(actor, params.enrolmentId!, criterion);
  return json({ ...data, staff: actor.role !== "candidate" });
}

const STATUS_WORDS: Record<string, string> = {
  no_evidence: "No evidence",
  evidence_added: "Evidence added",
  submitted: "Submitted",
  met: "Met",
  not_yet_met: "Not yet met",
};

type Bullet = string | { text: string; bullets: Bullet[] };
function Bullets({ bullets }: { bullets: Bullet[] }) {
  return (
    <ul className="govuk-list govuk-list--bullet">
      {bullets.map((b, i) =>
        typeof b === "string" ? (
          <li key={i}>{b}</li>
        ) : (
          <li key={i}>
            {b.text}
            <Bullets bullets={b.bullets} />
          </li>
        ),
      )}
    </ul>
  );
}

const displayDate = (iso: string | null) => (iso ? formatDate(Date.parse(`${iso}T12:00:00Z`)) : "Not given");

export default function EvidenceList() {
  const { enrolment, canChange, criterion, evidence, staff } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const deleted = params.get("deleted");
  const base = `/portfolio/${enrolment.id}/evidence`;
  const addHref = criterion ? `${base}/new?criterion=${encodeURIComponent(criterion.id)}` : `${base}/new`;
  return (
    <>
      <Link to={`/portfolio/${enrolment.id}`} className="govuk-back-link">
        Back to the portfolio
      </Link>
      {deleted ? (
        <Success>
          <p className="govuk-notification-banner__heading">Evidence {deleted} deleted. It no longer counts towards any criterion.</p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">
        {staff ? `${enrolment.candidateName} (${enrolment.candidateNumber}) · ` : null}
        {enrolment.programmeTitle}
      </span>
      {criterion ? (
        <>
          <h1 className="govuk-heading-l">Evidence for {criterion.code}</h1>
          <div className="govuk-inset-text app-criterion-text">
            <p className="govuk-body">
              <span className="app-criterion-code">{criterion.code}</span> of {criterion.frameworkShortTitle}
              {criterion.status ? (
                <>
                  {" "}
                  · <strong className="govuk-tag govuk-tag--grey">{STATUS_WORDS[criterion.status] ?? criterion.status}</strong>
                </>
              ) : null}
            </p>
            <p className="govuk-body">{criterion.statement}</p>
            {criterion.bullets ? <Bullets bullets={criterion.bullets as Bullet[]} /> : null}
          </div>
          <p className="govuk-body">
            <Link className="govuk-link" to={base}>
              See all evidence in this portfolio
            </Link>
          </p>
        </>
      ) : (
        <h1 className="govuk-heading-l">Evidence</h1>
      )}
      {canChange ? (
        <Link className="govuk-button" to={addHref}>
          {criterion ? `Add evidence for ${criterion.code}` : "Add evidence"}
        </Link>
      ) : null}
      {evidence.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {evidence.length === 1 ? "1 piece of evidence" : `${evidence.length} pieces of evidence`}
            {criterion ? ` mapped to ${criterion.code}` : null}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Title</th>
              <th scope="col" className="govuk-table__header">Kind</th>
              <th scope="col" className="govuk-table__header">Date</th>
              <th scope="col" className="govuk-table__header">{criterion ? "How it shows the criterion" : "Criteria"}</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {evidence.map((e) => (
              <tr className="govuk-table__row" key={e.id}>
                <td className="govuk-table__cell app-no-wrap">
                  <Link className="govuk-link" to={`/evidence/${e.id}`}>
                    {e.reference}
                    <span className="govuk-visually-hidden">: {e.title}</span>
                  </Link>
                </td>
                <td className="govuk-table__cell">{e.title}</td>
                <td className="govuk-table__cell">{KIND_LABELS[e.kind]}</td>
                <td className="govuk-table__cell app-no-wrap">{displayDate(e.evidenceDate)}</td>
                <td className="govuk-table__cell">
                  {criterion ? (
                    e.note
                  ) : e.codes.length ? (
                    e.codes.join(", ")
                  ) : canChange ? (
                    <Link className="govuk-link" to={`/evidence/${e.id}/map`}>
                      Not mapped yet<span className="govuk-visually-hidden">: map {e.reference} to criteria</span>
                    </Link>
                  ) : (
                    "Not mapped yet"
                  )}
                </td>
                <td className="govuk-table__cell">
                  {e.locked ? <strong className="govuk-tag govuk-tag--blue app-tag-block">Relied on</strong> : null}
                  {e.kind === "witness_testimony" ? (
                    e.witnessConfirmed ? (
                      <strong className="govuk-tag govuk-tag--green app-tag-block">Witness confirmed</strong>
                    ) : (
                      <strong className="govuk-tag govuk-tag--yellow app-tag-block">Awaiting witness</strong>
                    )
                  ) : null}
                  <span className="govuk-body-s">{e.versions === 1 ? "1 version" : `${e.versions} versions`}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : criterion ? (
        <p className="govuk-body">
          No evidence is mapped to {criterion.code} yet.{" "}
          {canChange ? (
            <>
              <Link className="govuk-link" to={addHref}>
                Add evidence for {criterion.code}
              </Link>
              , or map evidence you have already added to it from that evidence&apos;s page.
            </>
          ) : null}
        </p>
      ) : (
        <p className="govuk-body">
          {canChange ? (
            <>
              There is no evidence in this portfolio yet. <Link className="govuk-link" to={addHref}>Add evidence</Link>, then map it to the criteria it shows.
            </>
          ) : (
            "The candidate has not added any evidence yet."
          )}
        </p>
      )}
    </>
  );
}
