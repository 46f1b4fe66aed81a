import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PersonalDataSection, type Finding, type FormValues } from "~/components/evidence-form";
import { Button, Checkboxes, CsrfInput, ErrorSummary, TextInput, Textarea, firstError } from "~/components/forms";
import { formatDate, formatDateTime, SummaryList } from "~/components/page";
import { PERSONAL_DATA_ERROR, WITNESS_LINK_DAYS } from "~/lib/evidence-kinds";
import { readForm, validate } from "~/lib/forms.server";
import { PlainText } from "~/lib/rich-text";
import { confirmTestimony, witnessInput, witnessView } from "~/lib/witness.server";

export const meta: MetaFunction = () => [{ title: "Confirm a witness testimony – Restorative Practice Competency Portal" }, { name: "robots", content: "noindex, nofollow" }];

/**
 * The link is a secret: never indexed. (The portal-wide Referrer-Policy, same-origin, already keeps
 * it from other sites; "no-referrer" would make browsers send "Origin: null", which Remix refuses.)
 */
export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow" });

const STATUS = { unknown: 404, used: 410, expired: 410 } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = witnessView(params.token ?? "");
  const confirmed = new URL(request.url).searchParams.get("confirmed") === "1";
  if (view.status === "used" && confirmed) return json({ view: { status: "confirmed" as const } });
  return json({ view }, { status: view.status === "open" ? 200 : STATUS[view.status] });
}

type ActionData = { errors: Record<string, string[]>; values: FormValues; findings: Finding[] | null; gone?: "unknown" | "used" | "expired" };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readForm(request);
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string")) as FormValues;
  const parsed = validate(form, witnessInput);
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values, findings: null }, { status: 400 });
  const result = confirmTestimony(token, parsed.value);
  if (result.ok) return redirect(`/witness/${token}?confirmed=1`);
  if (result.status !== "open") return json<ActionData>({ errors: {}, values, findings: null, gone: result.status }, { status: STATUS[result.status] });
  if ("personalData" in result) return json<ActionData>({ errors: { personalDataReason: [PERSONAL_DATA_ERROR] }, values, findings: result.personalData as Finding[] }, { status: 400 });
  return json<ActionData>({ errors: result.errors, values, findings: null }, { status: 400 });
}

const displayDate = (iso: string | null) => (iso ? formatDate(Date.parse(`${iso}T12:00:00Z`)) : "Not given");

function Gone({ status }: { status: "unknown" | "used" | "expired" | "confirmed" }) {
  const content = {
    confirmed: {
      title: "Thank you: your testimony has been confirmed",
      body: "The candidate and their assessor can now see it. You do not need to do anything else, and this link no longer works.",
    },
    used: { title: "This link has already been used", body: "The testimony has been confirmed. Each link works only once. If something needs correcting, ask the candidate to send you a new link." },
    expired: { title: "This link has expired", body: `Links to confirm a testimony work for ${WITNESS_LINK_DAYS} days, and stop working when the candidate makes a new one. Ask the candidate to send you a new link.` },
    unknown: { title: "This link is not recognised", body: "Check that you copied the whole link. If it still does not work, ask the candidate to send you a new link." },
  }[status];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {status === "confirmed" ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">{content.title}</h1>
          </div>
        ) : (
          <h1 className="govuk-heading-l">{content.title}</h1>
        )}
        <p className="govuk-body">{content.body}</p>
      </div>
    </div>
  );
}

export default function WitnessConfirm() {
  const { view } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  if (data?.gone) return <Gone status={data.gone} />;
  if (view.status !== "open") return <Gone status={view.status} />;
  const errors = data?.errors;
  const values: FormValues = data?.values ?? { testimony: view.testimony, witnessName: view.witnessName, witnessRole: view.witnessRole, relationship: view.relationship };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["personalDataReason", "testimony", "witnessName", "witnessRole", "relationship", "declaration"]} />
        <span className="govuk-caption-l">{view.providerName}</span>
        <h1 className="govuk-heading-l">Confirm a witness testimony</h1>
        <p className="govuk-body">
          A candidate training in restorative practice with {view.providerName} has named you as someone who saw their work. They have asked you to confirm what you
          saw. You do not need an account.
        </p>
        <p className="govuk-body">Their assessor will read your testimony as evidence of the candidate&apos;s competence.</p>
        <SummaryList
          rows={[
            { key: "Evidence", value: view.title },
            { key: "When you saw it", value: displayDate(view.evidenceDate) },
          ]}
        />
        <h2 className="govuk-heading-m">What the candidate says you saw</h2>
        <div className="govuk-inset-text">
          <PlainText text={view.whatWitnessed} />
        </div>
        <Form method="post" noValidate>
          <CsrfInput />
          <PersonalDataSection findings={data?.findings} values={values} errors={errors} />
          <Textarea
            name="testimony"
            label="Your testimony"
            hint="This starts as the candidate’s description. Keep it if it is accurate, or correct it in your own words. Do not name or identify anyone involved in the case."
            rows={10}
            defaultValue={values.testimony}
            error={firstError(errors, "testimony")}
          />
          <TextInput name="witnessName" label="Your full name" defaultValue={values.witnessName} error={firstError(errors, "witnessName")} autoComplete="name" />
          <TextInput name="witnessRole" label="Your role" hint="For example, youth justice officer" defaultValue={values.witnessRole} error={firstError(errors, "witnessRole")} autoComplete="organization-title" />
          <TextInput name="relationship" label="How you know the candidate’s work" defaultValue={values.relationship} error={firstError(errors, "relationship")} autoComplete="off" />
          <Checkboxes
            name="declaration"
            legend="Declaration"
            options={[{ value: "confirmed", label: "I saw this practice myself, and my testimony is accurate to the best of my knowledge" }]}
            defaultValues={values.declaration ? [values.declaration] : []}
            error={firstError(errors, "declaration")}
          />
          <Button>Confirm testimony</Button>
        </Form>
        <p className="govuk-body-s">This link works once and stops working on {formatDateTime(view.expiresAt)}.</p>
      </div>
    </div>
  );
}
