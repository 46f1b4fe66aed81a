import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, Select, TextInput, firstError } from "~/components/forms";
import { requireRole } from "~/lib/auth.server";
import { enrol, EnrolmentError, enrolInput, enrolmentOptions } from "~/lib/enrolments.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Enrol a candidate – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const o = enrolmentOptions(actor);
  const person = (p: { id: string; name: string; email: string }) => ({ value: p.id, label: `${p.name} (${p.email})` });
  return json({
    providerName: o.provider.name,
    candidates: o.candidates.map(person),
    assessors: o.assessors.map(person),
    iqas: o.iqas.map(person),
    programmes: o.programmes.map((p) => ({ value: p.id, label: `${p.title} (version ${p.version})` })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, enrolInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const id = enrol(actor, parsed.value);
    return redirect(`/enrolments/${id}?enrolled=1`);
  } catch (e) {
    if (e instanceof EnrolmentError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value as Record<string, unknown> }, { status: 400 });
    throw e;
  }
}

const ORDER = ["candidateId", "programmeId", "candidateNumber", "assessorId", "iqaId"];

export default function NewEnrolment() {
  const { providerName, candidates, assessors, iqas, programmes } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;
  const missing = [!candidates.length && "candidates", !assessors.length && "assessors", !iqas.length && "internal quality assurers"].filter(Boolean);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/enrolments" className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{providerName}</span>
        <h1 className="govuk-heading-l">Enrol a candidate</h1>
        {missing.length ? (
          <div className="govuk-inset-text">
            Your provider has no {missing.join(" or ")} yet. <Link className="govuk-link" to="/users/new">Add them as users</Link>, then come back to enrol.
          </div>
        ) : null}
        <p className="govuk-body">Enrolling pins the versions of the standards the candidate is assessed against, and creates their portfolio.</p>
        <Form method="post" noValidate>
          <CsrfInput />
          <Select name="candidateId" label="Candidate" options={candidates} defaultValue={values.candidateId} error={firstError(errors, "candidateId")} />
          <Select name="programmeId" label="Programme" options={programmes} defaultValue={values.programmeId} error={firstError(errors, "programmeId")} />
          <TextInput
            name="candidateNumber"
            label="Candidate number"
            hint="Your provider's own reference for this candidate, printed on their portfolio. Letters, numbers and hyphens, up to 20 characters."
            width="10"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.candidateNumber}
            error={firstError(errors, "candidateNumber")}
          />
          <Select name="assessorId" label="Assessor" options={assessors} defaultValue={values.assessorId} error={firstError(errors, "assessorId")} />
          <Select name="iqaId" label="Internal quality assurer" hint="Must be a different person from the assessor" options={iqas} defaultValue={values.iqaId} error={firstError(errors, "iqaId")} />
          <Button>Enrol candidate</Button>
        </Form>
      </div>
    </div>
  );
}
