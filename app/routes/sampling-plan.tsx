import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { formatDateTime, Success, SummaryList } from "~/components/page";
import { SamplingCoverage } from "~/components/sampling-coverage";
import { requireRole } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";
import { getSamplingPlan, PLAN_LIMITS, SamplingPlanError, samplingCoverage, samplingPlanInput, setSamplingPlan } from "~/lib/quality.server";

export const meta: MetaFunction = () => [{ title: "Sampling plan – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin", "iqa"]);
  return json({ ...getSamplingPlan(actor), limits: PLAN_LIMITS, coverage: samplingCoverage(actor), iqa: actor.role === "iqa", saved: new URL(request.url).searchParams.has("saved") });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, samplingPlanInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    setSamplingPlan(actor, parsed.value);
  } catch (e) {
    if (e instanceof SamplingPlanError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value as Record<string, unknown> }, { status: 400 });
    throw e;
  }
  return redirect("/sampling-plan?saved=1");
}

export default function SamplingPlanPage() {
  const { provider, plan, updatedAt, updatedByName, canEdit, coverage, iqa, saved, limits } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string | number>;
  const value = (name: "fullSampleUntilAgreed" | "samplePercent") => String(values[name] ?? plan[name]);
  return (
    <>
      {iqa ? (
        <Link to="/iqa" className="govuk-back-link">
          Back to sampling
        </Link>
      ) : null}
      <ErrorSummary errors={errors} order={["fullSampleUntilAgreed", "samplePercent"]} />
      {saved && !data ? (
        <Success>
          <p className="govuk-notification-banner__heading">The sampling plan is saved. Internal quality assurers&apos; queues follow it from now on.</p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">{provider.name}</span>
      <h1 className="govuk-heading-l">Sampling plan</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            The plan says which assessment decisions your internal quality assurers must sample. It is based on risk: new assessors are sampled in full, everyone else by a
            percentage, and over the life of each programme the sampling must reach every assessor, every unit and every candidate&apos;s final decision.
          </p>
          <SummaryList
            rows={[
              { key: "Full sampling", value: `A new assessor, or an assessor new to a programme, has every decision sampled until ${plan.fullSampleUntilAgreed} of their decisions on that programme are agreed` },
              { key: "Percentage", value: `Then ${plan.samplePercent}% of their decisions are sampled, chosen at random` },
              {
                key: "Set by",
                value: plan.isDefault ? "The portal's default: your provider has not set its own plan" : `${updatedByName ?? "A provider admin"}, ${updatedAt ? formatDateTime(updatedAt) : ""}`,
              },
            ]}
          />

          {canEdit ? (
            <Form method="post" noValidate>
              <CsrfInput />
              <h2 className="govuk-heading-m">Change the plan</h2>
              <TextInput
                name="fullSampleUntilAgreed"
                label="How many agreed decisions end full sampling of a new assessor"
                hint={`A whole number from ${limits.fullSampleUntilAgreed.min} to ${limits.fullSampleUntilAgreed.max}. Counted for each assessor on each programme.`}
                width="3"
                inputMode="numeric"
                spellCheck={false}
                defaultValue={value("fullSampleUntilAgreed")}
                error={firstError(errors, "fullSampleUntilAgreed")}
              />
              <TextInput
                name="samplePercent"
                label="Percentage of other decisions to sample"
                hint={`A whole number from ${limits.samplePercent.min} to ${limits.samplePercent.max}`}
                width="3"
                inputMode="numeric"
                spellCheck={false}
                suffix="%"
                defaultValue={value("samplePercent")}
                error={firstError(errors, "samplePercent")}
              />
              <Button>Save the plan</Button>
            </Form>
          ) : (
            <p className="govuk-body">Your provider admin sets the plan.</p>
          )}

          <h2 className="govuk-heading-m">How decisions are chosen</h2>
          <p className="govuk-body">A decision is required when any of these applies; the queue shows which:</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>
              <strong>New assessor</strong>: the assessor has fewer than {plan.fullSampleUntilAgreed} decisions on the programme that an internal quality assurer has agreed with.
            </li>
            <li>
              <strong>Random sample</strong>: the decision falls in the {plan.samplePercent}%. The choice is made from the decision itself, so it does not change when the page is
              reloaded.
            </li>
            <li>
              <strong>Coverage</strong>: no decision by this assessor on the programme has been sampled yet; or none in this unit (the quality assurance unit and the Level 4
              award are one unit each; the best practice guidance counts each section, A to F, as a unit); or it is the candidate&apos;s final decision (the decision that
              completed the programme, or the latest decision once every criterion is decided).
            </li>
          </ul>
          <p className="govuk-body">Internal quality assurers can sample any other decision too.</p>
        </div>
      </div>

      <h2 className="govuk-heading-l">What is still to sample</h2>
      {iqa ? <p className="govuk-body">Candidates shown are those allocated to you; assessors and units count every sample at your provider.</p> : null}
      <SamplingCoverage programmes={coverage} canSample={iqa} headingLevel={3} />
      <p className="govuk-body">
        <Link className="govuk-link" to="/iqa/reports">
          See the quality assurance report
        </Link>
      </p>
    </>
  );
}
