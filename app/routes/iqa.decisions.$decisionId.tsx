import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, DateInput, ErrorSummary, Radios, Textarea, firstError } from "~/components/forms";
import { formatDateTime, SummaryList } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { KIND_LABELS, type EvidenceKindName } from "~/lib/evidence-kinds";
import { readForm, validate } from "~/lib/forms.server";
import { AlreadySampledError, formatIsoDate, SAMPLE_LIMITS, sampleDecision, sampleInput, SamplingError, sampleView } from "~/lib/quality.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Sample the decision on ${data.itemCode} for ${data.candidateName}` : "Sample a decision"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["iqa"]);
  const view = sampleView(actor, params.decisionId ?? "");
  return json({
    ...view,
    decidedOnText: formatIsoDate(view.decision.decidedOn),
    commentsLimit: SAMPLE_LIMITS.comments,
    sample: view.sample ? { ...view.sample, actionDueText: view.sample.actionDue ? formatIsoDate(view.sample.actionDue) : null } : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["iqa"]);
  const form = await readForm(request);
  const parsed = validate(form, sampleInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const decisionId = params.decisionId ?? "";
  let code: string;
  try {
    code = sampleDecision(actor, decisionId, parsed.value).itemCode;
  } catch (e) {
    if (e instanceof AlreadySampledError) {
      const s = e.sample;
      const message = `${s.iqaName} already sampled this decision on ${formatDateTime(s.createdAt)} and ${s.outcome === "agree" ? "agreed" : "disagreed"} with it. A decision is sampled once, so yours was not saved.`;
      return json({ errors: { outcome: [message] }, values: parsed.value as Record<string, unknown> }, { status: 409 });
    }
    if (e instanceof SamplingError) return json({ errors: { [e.field]: [e.message] }, values: Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string")) }, { status: 400 });
    throw e;
  }
  return redirect(`/iqa?sampled=${parsed.value.outcome}&code=${encodeURIComponent(code)}`);
}

const OUTCOME = { met: { label: "Met", tag: "govuk-tag--green" }, not_yet_met: { label: "Not yet met", tag: "govuk-tag--red" } } as const;
const METHOD_WORDS: Record<string, string> = {
  observation: "Observation",
  work_product: "Examination of work product",
  professional_discussion: "Professional discussion",
  questioning: "Questioning",
  witness_testimony: "Witness testimony",
  reflective_account: "Reflective account",
};
const VARCS_WORDS: Record<string, string> = { valid: "Valid", authentic: "Authentic", reliable: "Reliable", current: "Current", sufficient: "Sufficient" };
const STATUS_WORDS = { standing: "Stands", withdrawn: "Withdrawn by the assessor", superseded: "Replaced by a newer decision" } as const;
const opensInBrowser = (mediaType: string | null) => !!mediaType && (mediaType === "application/pdf" || mediaType.startsWith("image/"));

export default function SampleDecision() {
  const v = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;
  const due = values.actionDue && /^\d{4}-\d{2}-\d{2}$/.test(values.actionDue) ? values.actionDue : { day: values["actionDue.day"], month: values["actionDue.month"], year: values["actionDue.year"] };
  const d = v.decision;
  return (
    <>
      <Link to="/iqa" className="govuk-back-link">
        Back to sampling
      </Link>
      <ErrorSummary errors={errors} order={["outcome", "comments", "actionRequired", "actionDue"]} />
      <span className="govuk-caption-l">
        {v.candidateName} ({v.candidateNumber}), {v.programmeTitle}
      </span>
      <h1 className="govuk-heading-l">Sample the decision on {v.itemCode}</h1>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            <Link className="govuk-link" to={`/portfolio/${v.decision.enrolmentId}/pdf`} reloadDocument download>
              Download {v.candidateName}&apos;s portfolio as a PDF
            </Link>
          </p>
          {v.reasons.length ? (
            <div className="govuk-inset-text">
              <p className="govuk-body govuk-!-margin-bottom-1">The sampling plan requires this decision:</p>
              <ul className="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
                {v.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          ) : null}

          <h2 className="govuk-heading-m">The criterion</h2>
          <p className="govuk-body app-criterion-text">
            <span className="app-criterion-code">{v.itemCode}</span> {v.itemText}
          </p>
          <p className="govuk-body-s app-standards-framework-name">
            {v.unitLabel} ·{" "}
            <Link className="govuk-link" to={`/standards/${v.framework}/${v.frameworkVersion}/items/${encodeURIComponent(v.itemCode)}`}>
              Read {v.itemCode} in the standard<span className="govuk-visually-hidden"> ({v.frameworkTitle})</span>
            </Link>
          </p>

          <h2 className="govuk-heading-m">The assessor&apos;s decision</h2>
          <SummaryList
            rows={[
              { key: "Assessor", value: v.assessorName },
              { key: "Decision", value: <strong className={`govuk-tag ${OUTCOME[d.outcome].tag}`}>{OUTCOME[d.outcome].label}</strong> },
              { key: "Date of the assessment", value: v.decidedOnText },
              {
                key: "Assessment methods",
                value: d.methods.length ? (
                  <ul className="govuk-list">
                    {d.methods.map((m) => (
                      <li key={m}>{METHOD_WORDS[m] ?? m}</li>
                    ))}
                  </ul>
                ) : (
                  "None recorded"
                ),
              },
              { key: "Evidence checks confirmed", value: d.checks.length ? d.checks.map((c) => VARCS_WORDS[c] ?? c).join(", ") : "None" },
              { key: "Feedback to the candidate", value: d.feedback ? <span className="app-pre-line">{d.feedback}</span> : "None given" },
              { key: "Recorded", value: formatDateTime(d.createdAt) },
              { key: "Status", value: STATUS_WORDS[d.status] },
            ]}
          />
        </div>
      </div>

      <h2 className="govuk-heading-m">Evidence the decision relied on</h2>
      {v.evidence.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">The exact evidence versions recorded with the decision, and their content hashes</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Evidence</th>
              <th scope="col" className="govuk-table__header">Version</th>
              <th scope="col" className="govuk-table__header">Content hash (SHA-256) recorded</th>
              <th scope="col" className="govuk-table__header">Check</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {v.evidence.map((e) => (
              <tr className="govuk-table__row" key={e.versionId}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/evidence/${e.evidenceId}`}>
                    {e.reference}: {e.title}
                  </Link>
                  <span className="govuk-body-s app-queue__text">{KIND_LABELS[e.kind as EvidenceKindName] ?? e.kind}</span>
                  {e.fileName ? (
                    <a className="govuk-link govuk-body-s app-queue__text" href={`/evidence/${e.evidenceId}/versions/${e.versionId}/file`}>
                      {opensInBrowser(e.mediaType) ? "Open" : "Download"} {e.fileName}
                      <span className="govuk-visually-hidden"> (version {e.version})</span>
                    </a>
                  ) : null}
                </td>
                <td className="govuk-table__cell">
                  {e.version}
                  {e.isCurrent ? "" : " (since superseded)"}
                </td>
                <td className="govuk-table__cell">
                  <span className="app-hash">{e.recordedHash}</span>
                  {e.recordedFileSha256 ? (
                    <span className="govuk-body-s app-queue__text">
                      File: <span className="app-hash">{e.recordedFileSha256}</span>
                    </span>
                  ) : null}
                </td>
                <td className="govuk-table__cell">
                  {e.hashMatches ? (
                    <strong className="govuk-tag govuk-tag--green">Unchanged</strong>
                  ) : (
                    <strong className="govuk-tag govuk-tag--red">Does not match</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No evidence versions were recorded with this decision.</p>
      )}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {v.sample ? (
            <>
              <h2 className="govuk-heading-m">Sample</h2>
              <SummaryList
                rows={[
                  { key: "Sampled by", value: `${v.sample.iqaName}, ${formatDateTime(v.sample.createdAt)}` },
                  { key: "Outcome", value: v.sample.outcome === "agree" ? "Agreed with the decision" : "Disagreed with the decision" },
                  ...(v.sample.comments ? [{ key: "Comments", value: <span className="app-pre-line">{v.sample.comments}</span> }] : []),
                  ...(v.sample.actionRequired ? [{ key: "Action required", value: <span className="app-pre-line">{v.sample.actionRequired}</span> }] : []),
                  ...(v.sample.actionDueText ? [{ key: "Action due", value: v.sample.actionDueText }] : []),
                ]}
              />
              <p className="govuk-body">A decision is sampled once.</p>
            </>
          ) : v.canSample ? (
            <Form method="post" noValidate>
              <CsrfInput />
              <h2 className="govuk-heading-m">Your sample</h2>
              <Radios
                name="outcome"
                legend="Do you agree with the assessor's decision?"
                defaultValue={values.outcome}
                error={firstError(errors, "outcome")}
                options={[
                  { value: "agree", label: "Yes, I agree" },
                  { value: "disagree", label: "No, I disagree", hint: "The criterion goes back to the assessor with the action you set. The assessor and the candidate are told." },
                ]}
              />
              <Textarea name="comments" label="Comments (optional)" hint={`For the assessor. Up to ${v.commentsLimit.toLocaleString("en-GB")} characters.`} defaultValue={values.comments} error={firstError(errors, "comments")} />
              <h3 className="govuk-heading-s">If you disagree</h3>
              <Textarea
                name="actionRequired"
                label="Action the assessor must take"
                hint="For example, check the observation covers the whole conference, then decide again."
                rows={3}
                defaultValue={values.actionRequired}
                error={firstError(errors, "actionRequired")}
              />
              <DateInput name="actionDue" legend="Date the action is due" hint="A date in the future, for example 27 3 2026" defaultValue={due} error={firstError(errors, "actionDue")} />
              <Button>Save sample</Button>
            </Form>
          ) : (
            <div className="govuk-inset-text">
              {d.status === "withdrawn" ? "The assessor withdrew this decision, so there is nothing to sample." : "A newer decision has replaced this one. Sample the newer decision instead."}
            </div>
          )}
        </div>
      </div>
    </>
  );
}
