import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceFields, PersonalDataSection, valuesFromStored, type Finding, type FormValues } from "~/components/evidence-form";
import { Button, CsrfInput, ErrorSummary } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { KIND_LABELS, PERSONAL_DATA_ERROR } from "~/lib/evidence-kinds";
import { evidenceForEdit, EvidenceError, formSchemaFor, updateEvidence } from "~/lib/evidence.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Change ${data ? data.evidence.reference : "evidence"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json(evidenceForEdit(actor, params.evidenceId!));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = await readForm(request);
  const kind = form.get("kind");
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string")) as FormValues;
  if (typeof kind !== "string" || !(kind in KIND_LABELS)) return json({ errors: { form: ["This form is for a different kind of evidence."] }, values, findings: null }, { status: 400 });
  const parsed = validate(form, formSchemaFor(kind as keyof typeof KIND_LABELS));
  if (!parsed.ok) return json({ errors: parsed.errors, values, findings: null }, { status: 400 });
  try {
    const result = updateEvidence(actor, params.evidenceId!, parsed.value);
    if (result.ok) return redirect(`/evidence/${params.evidenceId}?updated=${result.version}${result.newVersion ? "&new=1" : ""}`);
    if (result.personalData) return json({ errors: { personalDataReason: [PERSONAL_DATA_ERROR] }, values, findings: result.personalData as Finding[] }, { status: 400 });
    return json({ errors: result.errors, values, findings: null }, { status: 400 });
  } catch (e) {
    if (e instanceof EvidenceError) return json({ errors: { [e.field]: [e.message] }, values, findings: null }, { status: 400 });
    throw e;
  }
}

export default function EditEvidence() {
  const { evidence, active, title, evidenceDate, body, fileName, locked, version, witnessConfirmed } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values as FormValues | undefined) ?? valuesFromStored(evidence.kind, title, evidenceDate, body);
  const back = `/evidence/${evidence.id}`;
  if (!active || witnessConfirmed)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link to={back} className="govuk-back-link">Back</Link>
          <h1 className="govuk-heading-l">You cannot change {evidence.reference}</h1>
          {witnessConfirmed ? (
            <p className="govuk-body">
              A witness has confirmed this testimony, so it cannot be changed. If it needs correcting, make a new link for the witness on the{" "}
              <Link className="govuk-link" to={back}>evidence page</Link> and ask them to confirm it again.
            </p>
          ) : (
            <p className="govuk-body">This enrolment is no longer active, so its evidence can no longer be changed.</p>
          )}
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">
          {evidence.reference} · {KIND_LABELS[evidence.kind]}
        </span>
        <h1 className="govuk-heading-l">{locked ? `Add a new version of ${evidence.reference}` : `Change ${evidence.reference}`}</h1>
        {locked ? (
          <div className="govuk-inset-text">
            An assessor&apos;s decision relies on version {version}, so it stays as it is. Saving makes version {version + 1}, which becomes the current one.
          </div>
        ) : null}
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="kind" value={evidence.kind} />
          <PersonalDataSection findings={data?.findings} values={values} errors={errors} />
          <EvidenceFields kind={evidence.kind} values={values} errors={errors} editing fileName={fileName} />
          <Button>{locked ? "Save as a new version" : "Save changes"}</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={back}>Cancel</Link>
        </p>
      </div>
    </div>
  );
}
