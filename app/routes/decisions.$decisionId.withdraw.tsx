import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DecisionDetails } from "~/components/assessment";
import { Button, CsrfInput, ErrorSummary, Textarea, firstError } from "~/components/forms";
import { AssessmentError, decisionForWithdrawal, withdrawDecision } from "~/lib/assessment.server";
import { requireRole } from "~/lib/auth.server";
import { readForm } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Withdraw your decision on ${data.decision.code}` : "Withdraw a decision"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["assessor"]);
  return json(decisionForWithdrawal(actor, params.decisionId ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["assessor"]);
  const form = await readForm(request);
  const reason = String(form.get("reason") ?? "");
  try {
    const done = withdrawDecision(actor, params.decisionId ?? "", reason);
    return redirect(`/assess/${done.enrolmentId}/${done.itemId}?withdrawn=1`);
  } catch (e) {
    if (e instanceof AssessmentError) return json({ errors: { [e.field]: [e.message] }, reason }, { status: 400 });
    throw e;
  }
}

export default function WithdrawDecision() {
  const { decision: d, enrolmentId, candidateName, candidateNumber, refusal } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const back = `/assess/${enrolmentId}/${d.itemId}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={back} className="govuk-back-link">
          Back to {d.code}
        </Link>
        <ErrorSummary errors={errors} order={["reason", "form"]} />
        <span className="govuk-caption-l">
          {candidateName} ({candidateNumber})
        </span>
        <h1 className="govuk-heading-l">Withdraw your decision on {d.code}</h1>
        <p className="govuk-body">{d.statement}</p>
        <DecisionDetails d={d} />
        {refusal ? (
          <>
            <div className="govuk-inset-text">{refusal}</div>
            <p className="govuk-body">
              <Link className="govuk-link" to={back}>
                Back to {d.code}
              </Link>
            </p>
          </>
        ) : (
          <>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                The decision stays on record as withdrawn, with your reason. {d.code} goes back to waiting for a decision, and the candidate is told.
              </strong>
            </div>
            <Form method="post" noValidate>
              <CsrfInput />
              <Textarea name="reason" label="Why are you withdrawing this decision?" hint="For example, ‘recorded against the wrong criterion’. The candidate and the internal quality assurer can see this." rows={4} defaultValue={data?.reason} error={firstError(errors, "reason")} />
              <div className="govuk-button-group">
                <Button warning>Withdraw decision</Button>
                <Link className="govuk-link" to={back}>
                  Cancel
                </Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
