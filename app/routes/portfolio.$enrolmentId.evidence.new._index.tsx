import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, Radios, firstError } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { KIND_HINTS, KIND_LABELS, type EvidenceKindName } from "~/lib/evidence-kinds";
import { chooseKindInput, newEvidenceContext } from "~/lib/evidence.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Add evidence – Restorative Practice Competency Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json(newEvidenceContext(actor, params.enrolmentId!, new URL(request.url).searchParams.get("criterion")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = await readForm(request);
  const parsed = validate(form, chooseKindInput);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  // Checks the candidate's access again, and that the criterion belongs to this portfolio.
  const { criterion } = newEvidenceContext(actor, params.enrolmentId!, parsed.value.criterion);
  const query = criterion ? `?criterion=${encodeURIComponent(criterion.id)}` : "";
  return redirect(`/portfolio/${params.enrolmentId}/evidence/new/${parsed.value.kind.replace(/_/g, "-")}${query}`);
}

const ORDER: EvidenceKindName[] = ["file", "reflective_account", "observation", "professional_discussion", "question_answer", "witness_testimony"];

export default function ChooseKind() {
  const { enrolment, active, criterion } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const back = criterion ? `/portfolio/${enrolment.id}/evidence?criterion=${encodeURIComponent(criterion.id)}` : `/portfolio/${enrolment.id}/evidence`;
  if (!active)
    return (
      <>
        <Link to={back} className="govuk-back-link">Back</Link>
        <h1 className="govuk-heading-l">You cannot add evidence to this portfolio</h1>
        <p className="govuk-body">This enrolment is no longer active.</p>
      </>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} />
        <Form method="post" noValidate>
          <CsrfInput />
          {criterion ? <input type="hidden" name="criterion" value={criterion.id} /> : null}
          <span className="govuk-caption-l">
            {enrolment.programmeTitle}
            {criterion ? ` · for ${criterion.code} of ${criterion.frameworkShortTitle}` : null}
          </span>
          <Radios
            name="kind"
            legend={<h1 className="govuk-fieldset__heading">What kind of evidence are you adding?</h1>}
            legendSize="l"
            hint="After saving it, you map it to the criteria it shows."
            options={ORDER.map((k) => ({ value: k, label: k === "file" ? "Upload a file" : KIND_LABELS[k], hint: KIND_HINTS[k] }))}
            error={firstError(errors, "kind")}
          />
          <Button>Continue</Button>
        </Form>
      </div>
    </div>
  );
}
