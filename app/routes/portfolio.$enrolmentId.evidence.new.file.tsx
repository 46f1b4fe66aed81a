import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceFields, PersonalDataSection, type Finding, type FormValues } from "~/components/evidence-form";
import { Button, CsrfInput, ErrorSummary, FileUpload, firstError } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { config } from "~/lib/config.server";
import { PERSONAL_DATA_ERROR } from "~/lib/evidence-kinds";
import { addEvidence, EvidenceError, fileDetailsForm, newEvidenceContext } from "~/lib/evidence.server";
import { validate } from "~/lib/forms.server";
import { ACCEPT_ATTRIBUTE, ACCEPTED_FILES, discardIfUnreferenced, receiveUpload } from "~/lib/uploads.server";

export const meta: MetaFunction = () => [{ title: "Upload a file – Restorative Practice Competency Portal" }];

const maxMegabytes = () => Math.round((config().maxUploadBytes / (1024 * 1024)) * 10) / 10;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json({
    ...newEvidenceContext(actor, params.enrolmentId!, new URL(request.url).searchParams.get("criterion")),
    maxMegabytes: maxMegabytes(),
    acceptedFiles: ACCEPTED_FILES,
    accept: ACCEPT_ATTRIBUTE,
  });
}

type ActionData = { errors: Record<string, string[]>; values: FormValues; findings: Finding[] | null; reselect: boolean };
const refuse = (data: ActionData) => json(data, { status: 400 });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  // Who may add evidence here is checked before the file is read, so a refused request stores nothing.
  const context = newEvidenceContext(actor, params.enrolmentId!, null);
  if (!context.active) return refuse({ errors: { form: ["This enrolment is no longer active, so evidence cannot be added to it."] }, values: {}, findings: null, reselect: false });

  const upload = await receiveUpload(request);
  if (!upload.ok && !upload.form) return refuse({ errors: { file: [upload.message] }, values: {}, findings: null, reselect: false });
  const form = upload.form!;
  form.set("kind", "file");
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && k !== "kind" && typeof v === "string")) as FormValues;
  const criterion = typeof values.criterion === "string" && values.criterion ? values.criterion : null;
  const stored = upload.ok ? upload.file : null;
  // A refused form keeps nothing: the file is discarded, and the candidate selects it again.
  const discard = async () => {
    if (stored) await discardIfUnreferenced(stored.sha256);
  };

  const parsed = validate(form, fileDetailsForm);
  const errors: Record<string, string[]> = parsed.ok ? {} : { ...parsed.errors };
  if (!upload.ok) errors.file = [upload.message];
  if (!parsed.ok || !stored) {
    await discard();
    return refuse({ errors, values, findings: null, reselect: !!stored });
  }

  try {
    const result = addEvidence(actor, params.enrolmentId!, { ...parsed.value, kind: "file", file: stored });
    if (result.ok) {
      const query = new URLSearchParams({ added: "1" });
      if (criterion) query.set("criterion", criterion);
      return redirect(`/evidence/${result.evidenceId}/map?${query}`);
    }
    await discard();
    if (result.personalData) return refuse({ errors: { personalDataReason: [PERSONAL_DATA_ERROR] }, values, findings: result.personalData as Finding[], reselect: true });
    return refuse({ errors: result.errors, values, findings: null, reselect: true });
  } catch (e) {
    await discard();
    if (e instanceof EvidenceError) return refuse({ errors: { [e.field]: [e.message] }, values, findings: null, reselect: true });
    throw e;
  }
}

export default function UploadFile() {
  const { enrolment, active, criterion, maxMegabytes, acceptedFiles, accept } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const errors = data?.errors;
  const values = data?.values ?? {};
  const back = `/portfolio/${enrolment.id}/evidence/new${criterion ? `?criterion=${encodeURIComponent(criterion.id)}` : ""}`;
  if (!active)
    return (
      <>
        <Link to={`/portfolio/${enrolment.id}/evidence`} className="govuk-back-link">Back</Link>
        <h1 className="govuk-heading-l">You cannot add evidence to this portfolio</h1>
        <p className="govuk-body">This enrolment is no longer active.</p>
      </>
    );
  const fileHint = data?.findings?.length
    ? "Select an anonymised version of the file. Or, if the personal data must stay and you have said why above, select the same file again."
    : data?.reselect
      ? `If your file is no longer shown as selected, select it again: files are not kept when something on the form needs correcting. ${acceptedFiles}, smaller than ${maxMegabytes} MB.`
      : `${acceptedFiles}, smaller than ${maxMegabytes} MB. Audio recordings of a professional discussion are welcome.`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} order={["form", "personalDataReason", "file", "title", "description", "evidenceDate"]} />
        <span className="govuk-caption-l">
          {enrolment.programmeTitle}
          {criterion ? ` · for ${criterion.code} of ${criterion.frameworkShortTitle}` : null}
        </span>
        <h1 className="govuk-heading-l">Upload a file</h1>
        <p className="govuk-body">Before you upload a file, remove the names and any other details of the people in a case, or anything else that could identify them.</p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <CsrfInput />
          {criterion ? <input type="hidden" name="criterion" value={criterion.id} /> : null}
          <PersonalDataSection findings={data?.findings} values={values} errors={errors} />
          <FileUpload name="file" label="Upload a file" hint={fileHint} accept={accept} error={firstError(errors, "file")} />
          <EvidenceFields kind="file" values={values} errors={errors} />
          <Button>Upload and save</Button>
        </Form>
      </div>
    </div>
  );
}
