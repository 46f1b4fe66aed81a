import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceFields, PersonalDataSection, type Finding, type FormValues } from "~/components/evidence-form";
import { Button, CsrfInput, ErrorSummary } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { KIND_LABELS, PERSONAL_DATA_ERROR, WRITTEN_KINDS, type WrittenKind } from "~/lib/evidence-kinds";
import { addEvidence, EvidenceError, formSchemaFor, newEvidenceContext } from "~/lib/evidence.server";
import { readForm, validate } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";

/** "reflective-account" → "reflective_account", for the written kinds only (files have their own page). */
function kindFrom(slug: string | undefined): WrittenKind {
  const kind = (slug ?? "").replace(/-/g, "_");
  if (!(WRITTEN_KINDS as readonly string[]).includes(kind)) throw notFound();
  return kind as WrittenKind;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Add ${data ? KIND_LABELS[data.kind].toLowerCase() : "evidence"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const kind = kindFrom(params.kind);
  const actor = await requireUser(request);
  return json({ kind, ...newEvidenceContext(actor, params.enrolmentId!, new URL(request.url).searchParams.get("criterion")) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const kind = kindFrom(params.kind);
  const actor = await requireUser(request);
  const form = await readForm(request);
  form.set("kind", kind);
  const criterion = form.get("criterion");
  const parsed = validate(form, formSchemaFor(kind));
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values as FormValues, findings: null }, { status: 400 });
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string")) as FormValues;
  try {
    const result = addEvidence(actor, params.enrolmentId!, parsed.value);
    if (result.ok) {
      const query = new URLSearchParams({ added: "1" });
      if (typeof criterion === "string" && criterion) query.set("criterion", criterion);
      return redirect(`/evidence/${result.evidenceId}/map?${query}`);
    }
    if (result.personalData) return json({ errors: { personalDataReason: [PERSONAL_DATA_ERROR] }, values, findings: result.personalData as Finding[] }, { status: 400 });
    return json({ errors: result.errors, values, findings: null }, { status: 400 });
  } catch (e) {
    if (e instanceof EvidenceError) return json({ errors: { [e.field]: [e.message] }, values, findings: null }, { status: 400 });
    throw e;
  }
}

export default function NewEvidence() {
  const { kind, enrolment, active, criterion } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as FormValues;
  const back = `/portfolio/${enrolment.id}/evidence/new${criterion ? `?criterion=${encodeURIComponent(criterion.id)}` : ""}`;
  if (!active)
    return (
      <>
        <Link to={`/portfolio/${enrolment.id}/evidence`} className="govuk-back-link">Back</Link>
        <h1 className="govuk-heading-l">You cannot add evidence to this portfolio</h1>
        <p className="govuk-body">This enrolment is no longer active.</p>
      </>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">
          {enrolment.programmeTitle}
          {criterion ? ` · for ${criterion.code} of ${criterion.frameworkShortTitle}` : null}
        </span>
        <h1 className="govuk-heading-l">Add {KIND_LABELS[kind].toLowerCase()}</h1>
        {kind === "witness_testimony" ? (
          <p className="govuk-body">
            Describe what a colleague saw you do and name them. After saving, you get a link to pass on to them: they read your description, confirm or correct it, and
            the confirmed testimony becomes part of your evidence.
          </p>
        ) : null}
        <Form method="post" noValidate>
          <CsrfInput />
          {criterion ? <input type="hidden" name="criterion" value={criterion.id} /> : null}
          <PersonalDataSection findings={data?.findings} values={values} errors={errors} />
          <EvidenceFields kind={kind} values={values} errors={errors} />
          <Button>Save evidence</Button>
        </Form>
      </div>
    </div>
  );
}
