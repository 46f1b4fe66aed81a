import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { EvidenceContent, type EvidenceVersionData } from "~/components/assessment";
import { Button, CsrfInput, ErrorSummary } from "~/components/forms";
import { formatDate, formatDateTime, Success } from "~/components/page";
import { requireUser } from "~/lib/auth.server";
import { KIND_LABELS, WITNESS_LINK_DAYS } from "~/lib/evidence-kinds";
import { EvidenceError, getEvidence } from "~/lib/evidence.server";
import { readForm } from "~/lib/forms.server";
import { requestWitness } from "~/lib/witness.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.evidence.reference}: ${data.current.title}` : "Evidence"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json({ ...getEvidence(actor, params.evidenceId!), staff: actor.role !== "candidate" });
}

/** The one thing this page changes: a new single-use link for the witness, shown once. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  await readForm(request);
  try {
    const { token, expiresAt, witnessName } = requestWitness(actor, params.evidenceId!);
    return json({ link: `${new URL(request.url).origin}/witness/${token}`, expiresAt, witnessName, error: null });
  } catch (e) {
    if (e instanceof EvidenceError) return json({ link: null, expiresAt: null, witnessName: null, error: e.message }, { status: 400 });
    throw e;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export default function EvidencePage() {
  const data = useLoaderData<typeof loader>();
  const { enrolment, evidence, current, versions, mappings, witnessRequests, locked, witnessConfirmed, can, staff } = data;
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const older = versions.filter((v) => !v.current);
  const now = Date.now();

  if (result?.link)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Link for the witness made</h1>
            <div className="govuk-panel__body">
              {evidence.reference}: {current.title}
              <br />
              for {result.witnessName}
            </div>
          </div>
          <h2 className="govuk-heading-m">Give this link to {result.witnessName}</h2>
          <p className="govuk-body">
            <code className="app-secret-link" data-testid="witness-link">
              {result.link}
            </code>
          </p>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Copy the link now: it is shown only once. It works once and expires on {formatDateTime(result.expiresAt!)} ({WITNESS_LINK_DAYS} days). Send it to the witness
              privately, not in a shared channel. Any earlier link for this testimony no longer works.
            </strong>
          </div>
          <p className="govuk-body">The witness does not need an account. They read your description, confirm or correct it, and add their details.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/evidence/${evidence.id}`}>
              Back to {evidence.reference}
            </Link>
          </p>
        </div>
      </div>
    );

  return (
    <>
      <Link to={`/portfolio/${enrolment.id}/evidence`} className="govuk-back-link">
        Back to all evidence
      </Link>
      {result?.error ? <ErrorSummary errors={{ form: [result.error] }} /> : null}
      {params.get("updated") ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            {params.get("new") ? `Saved as version ${params.get("updated")}. The earlier version is kept, because an assessor's decision relies on it.` : "Your changes have been saved."}
          </p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">
        {evidence.reference} · {KIND_LABELS[evidence.kind]}
        {staff ? ` · ${enrolment.candidateName} (${enrolment.candidateNumber})` : null}
      </span>
      <h1 className="govuk-heading-l">{current.title}</h1>

      {locked ? (
        <div className="govuk-inset-text">
          An assessor&apos;s decision relies on {versions.filter((v) => v.lockedAt).length === 1 ? `version ${versions.find((v) => v.lockedAt)!.version}` : "earlier versions"} of this evidence, so
          it cannot be deleted{current.lockedAt ? " and a change makes a new version; the old one stays" : ""}.
        </div>
      ) : null}
      {can.edit || can.delete || can.map ? (
        <div className="govuk-button-group">
          {can.map ? (
            <Link className="govuk-button" to={`/evidence/${evidence.id}/map`}>
              Map to criteria
            </Link>
          ) : null}
          {can.edit ? (
            <Link className="govuk-button govuk-button--secondary" to={`/evidence/${evidence.id}/edit`}>
              {current.lockedAt ? "Add a new version" : "Change"}
            </Link>
          ) : null}
          {can.delete ? (
            <Link className="govuk-button govuk-button--warning" to={`/evidence/${evidence.id}/delete`}>
              Delete
            </Link>
          ) : null}
        </div>
      ) : null}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EvidenceContent kind={evidence.kind} version={current as EvidenceVersionData} evidenceId={evidence.id} headingLevel={2} />
        </div>
      </div>

      {evidence.kind === "witness_testimony" ? (
        <>
          <h2 className="govuk-heading-m">Witness confirmation</h2>
          {witnessRequests.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Links sent to witnesses</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Link made</th>
                  <th scope="col" className="govuk-table__header">For</th>
                  <th scope="col" className="govuk-table__header">Status</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {witnessRequests.map((r) => (
                  <tr className="govuk-table__row" key={r.id}>
                    <td className="govuk-table__cell">{formatDateTime(r.createdAt)}</td>
                    <td className="govuk-table__cell">{r.witnessName}</td>
                    <td className="govuk-table__cell">
                      {r.usedAt ? `Confirmed ${formatDateTime(r.usedAt)}` : r.expiresAt <= now ? "No longer works" : `Waiting – works until ${formatDateTime(r.expiresAt)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">{can.requestWitness ? "No link has been made yet. Make one and pass it on to the witness so they can confirm this testimony." : "No witness has been asked to confirm this yet."}</p>
          )}
          {can.requestWitness ? (
            <Form method="post">
              <CsrfInput />
              {witnessConfirmed ? <p className="govuk-body">The witness has confirmed this testimony, so you cannot change it. If it needs correcting, ask them to confirm it again with a new link.</p> : null}
              <Button secondary={witnessConfirmed || witnessRequests.length > 0}>{witnessRequests.length ? "Make a new link for the witness" : "Make a link for the witness"}</Button>
            </Form>
          ) : null}
        </>
      ) : null}

      <h2 className="govuk-heading-m">Criteria this evidence shows</h2>
      {mappings.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Criteria this evidence is mapped to</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Criterion</th>
              <th scope="col" className="govuk-table__header">How it shows it</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {mappings.map((m) => (
              <tr className="govuk-table__row" key={m.itemId}>
                <td className="govuk-table__cell">
                  <span className="app-criterion-code">{m.code}</span> <span className="govuk-body-s">{m.frameworkShortTitle}</span>
                  <br />
                  <span className="govuk-body-s">{m.statement}</span>
                </td>
                <td className="govuk-table__cell">{m.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">
          Not mapped to any criterion yet.{" "}
          {can.map ? (
            <Link className="govuk-link" to={`/evidence/${evidence.id}/map`}>
              Map it to the criteria it shows
            </Link>
          ) : null}
        </p>
      )}

      <h2 className="govuk-heading-m">Versions</h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Versions of this evidence</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Version</th>
            <th scope="col" className="govuk-table__header">Saved</th>
            <th scope="col" className="govuk-table__header">By</th>
            <th scope="col" className="govuk-table__header">Content fingerprint (SHA-256)</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {versions.map((v) => (
            <tr className="govuk-table__row" key={v.id}>
              <td className="govuk-table__cell">
                {v.version}
                {v.current ? " (current)" : null}
              </td>
              <td className="govuk-table__cell">{formatDateTime(v.createdAt)}</td>
              <td className="govuk-table__cell">{v.createdByName ?? (evidence.kind === "witness_testimony" ? `The witness, ${str(v.body.witnessName)}` : "Not recorded")}</td>
              <td className="govuk-table__cell">
                <code className="app-hash" title={v.contentHash}>
                  {v.contentHash.slice(0, 16)}…
                </code>
              </td>
              <td className="govuk-table__cell">
                {v.lockedAt ? <strong className="govuk-tag govuk-tag--blue">Relied on since {formatDate(v.lockedAt)}</strong> : v.current ? "Not relied on yet" : "Superseded"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {older.map((v) => (
        <details className="govuk-details" key={v.id}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Version {v.version}: {v.title}</span>
          </summary>
          <div className="govuk-details__text">
            <EvidenceContent kind={evidence.kind} version={v as EvidenceVersionData} evidenceId={evidence.id} headingLevel={3} />
          </div>
        </details>
      ))}
    </>
  );
}
