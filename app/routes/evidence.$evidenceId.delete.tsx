import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { KIND_NOUNS } from "~/lib/evidence-kinds";
import { deleteEvidence, evidenceForDelete, EvidenceError } from "~/lib/evidence.server";
import { readForm } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Delete ${data ? data.reference : "evidence"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json(evidenceForDelete(actor, params.evidenceId!));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  await readForm(request);
  try {
    const { reference, enrolmentId } = deleteEvidence(actor, params.evidenceId!);
    return redirect(`/portfolio/${enrolmentId}/evidence?deleted=${encodeURIComponent(reference)}`);
  } catch (e) {
    if (e instanceof EvidenceError) return json({ error: e.message }, { status: 409 });
    throw e;
  }
}

export default function DeleteEvidence() {
  const ev = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const back = `/evidence/${ev.id}`;
  if (ev.locked)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link to={back} className="govuk-back-link">Back</Link>
          <h1 className="govuk-heading-l">You cannot delete {ev.reference}</h1>
          <p className="govuk-body">An assessor&apos;s decision relies on this evidence. You can add a new version instead.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/evidence/${ev.id}/edit`}>Add a new version of {ev.reference}</Link>
          </p>
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">Back</Link>
        {data?.error ? <ErrorSummary errors={{ form: [data.error] }} /> : null}
        <span className="govuk-caption-l">{ev.reference}</span>
        <h1 className="govuk-heading-l">Are you sure you want to delete ‘{ev.title}’?</h1>
        <p className="govuk-body">This is {KIND_NOUNS[ev.kind]} in your portfolio.</p>
        {ev.mappings.length ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              It will no longer count towards {ev.mappings.length === 1 ? "criterion" : "criteria"} {ev.mappings.join(", ")}.
            </strong>
          </div>
        ) : null}
        <p className="govuk-body">You cannot undo this. The reference {ev.reference} will not be used again.</p>
        <Form method="post">
          <CsrfInput />
          <div className="govuk-button-group">
            <Button warning>Delete {ev.reference}</Button>
            <Link className="govuk-link" to={back}>Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
