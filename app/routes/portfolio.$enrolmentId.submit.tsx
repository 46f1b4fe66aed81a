import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Checkboxes, CsrfInput, ErrorSummary, Radios, firstError } from "~/components/forms";
import { formatDateTime, Panel } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";
import { submissionFor, submissionOptions, submit, SubmissionError, submitInput } from "~/lib/progress.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.submitted ? "Submitted for assessment" : "Submit for assessment"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["candidate"]);
  const enrolmentId = params.enrolmentId ?? "";
  const options = submissionOptions(actor, enrolmentId);
  const submittedId = new URL(request.url).searchParams.get("submitted");
  return json({ ...options, submitted: submittedId ? submissionFor(actor, enrolmentId, submittedId) : null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["candidate"]);
  const form = await readForm(request);
  const parsed = validate(form, submitInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const enrolmentId = params.enrolmentId ?? "";
  try {
    const id = submit(actor, enrolmentId, parsed.value);
    return redirect(`/portfolio/${enrolmentId}/submit?submitted=${id}`);
  } catch (e) {
    if (e instanceof SubmissionError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value as Record<string, unknown> }, { status: 400 });
    throw e;
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function SubmitPortfolio() {
  const { enrolment: e, canEdit, ready, scopes, declaration, submitted } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;

  if (submitted)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title="Submitted for assessment">
            {submitted.scopeLabel}
            <br />
            <strong>{formatDateTime(submitted.submittedAt)}</strong>
          </Panel>
          <h2 className="govuk-heading-m">What you submitted</h2>
          <p className="govuk-body">
            {plural(submitted.criteria.length, "criterion", "criteria")} with the evidence mapped to {submitted.criteria.length === 1 ? "it" : "them"}: {submitted.criteria.join(", ")}.
          </p>
          <p className="govuk-body">Your declaration that the evidence is your own work and anonymised was recorded with the submission.</p>
          <h2 className="govuk-heading-m">What happens next</h2>
          <p className="govuk-body">Your assessor will judge each criterion as met or not yet met, and give you feedback. You can follow each criterion's status in your portfolio.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/portfolio/${e.id}`}>
              Back to your portfolio
            </Link>
          </p>
        </div>
      </div>
    );

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/portfolio/${e.id}`} className="govuk-back-link">Back to your portfolio</Link>
        <ErrorSummary errors={errors} order={["scope", "declaration"]} />
        <span className="govuk-caption-l">{e.programmeTitle}</span>
        <h1 className="govuk-heading-l">Submit for assessment</h1>
        {!canEdit ? (
          <p className="govuk-body">This enrolment is no longer active, so nothing more can be submitted.</p>
        ) : !ready ? (
          <>
            <p className="govuk-body">There is nothing to submit yet: no criterion has new evidence waiting to be submitted.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/portfolio/${e.id}/evidence/new`}>Add evidence</Link> and map it to the criteria it shows, then come back to submit.
            </p>
          </>
        ) : (
          <Form method="post" noValidate>
            <CsrfInput />
            <p className="govuk-body">
              {plural(ready, "criterion has", "criteria have")} evidence added and not yet submitted. Once submitted, your assessor sees them in their queue. You can go on adding evidence to other criteria.
            </p>
            <Radios
              name="scope"
              legend="What do you want to submit?"
              options={[
                { value: "all", label: "The whole portfolio", hint: `${plural(ready, "criterion", "criteria")} ready to submit` },
                ...scopes.map((s) => ({ value: s.value, label: s.label, hint: `${plural(s.ready, "criterion", "criteria")} ready to submit` })),
              ]}
              defaultValue={values.scope}
              error={firstError(errors, "scope")}
            />
            <h2 className="govuk-heading-m">Declaration</h2>
            <p className="govuk-body">I declare that:</p>
            <ul className="govuk-list govuk-list--bullet">
              {declaration.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
            <Checkboxes
              name="declaration"
              legend="Confirm your declaration"
              options={[{ value: "yes", label: "I confirm this declaration is true" }]}
              defaultValues={values.declaration ? [values.declaration] : []}
              error={firstError(errors, "declaration")}
            />
            <Button>Submit for assessment</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
