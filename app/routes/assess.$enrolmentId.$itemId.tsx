import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CriterionText, DecisionDetails, displayIsoDate, EvidenceContent, kindLabel } from "~/components/assessment";
import { Button, Checkboxes, CsrfInput, DateInput, ErrorSummary, Radios, Textarea, firstError } from "~/components/forms";
import { formatDateTime, Success } from "~/components/page";
import { METHOD_LABELS, OUTCOME_LABELS, VARCS_LABELS } from "~/lib/assessment-labels";
import { criterionForAssessment, decide, decisionForm } from "~/lib/assessment.server";
import { requireRole } from "~/lib/auth.server";
import type { EvidenceKindName } from "~/lib/evidence-kinds";
import { readForm, validate } from "~/lib/forms.server";
import type { AssessmentMethod } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Assess ${data.item.code} for ${data.enrolment.candidateName}` : "Assess a criterion"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["assessor"]);
  return json({ ...criterionForAssessment(actor, params.enrolmentId ?? "", params.itemId ?? ""), me: actor.userId });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["assessor"]);
  const form = await readForm(request);
  const enrolmentId = params.enrolmentId ?? "";
  const itemId = params.itemId ?? "";
  const parsed = validate(form, decisionForm);
  const values = {
    outcome: String(form.get("outcome") ?? ""),
    methods: form.getAll("methods").map(String),
    checks: form.getAll("checks").map(String),
    feedback: String(form.get("feedback") ?? ""),
    decidedOn: { day: String(form.get("decidedOn.day") ?? ""), month: String(form.get("decidedOn.month") ?? ""), year: String(form.get("decidedOn.year") ?? "") },
  };
  if (!parsed.ok) return json({ errors: { form: ["The form could not be read. Reload the page and try again."] }, conflict: null, values }, { status: 400 });
  const result = decide(actor, enrolmentId, itemId, parsed.value);
  if (result.ok) return redirect(`/assess/${enrolmentId}?decided=${result.decisionId}${result.achieved ? "&achieved=1" : ""}`);
  if (result.conflict) return json({ errors: null, conflict: result.conflict, values }, { status: 409 });
  return json({ errors: result.errors, conflict: null, values }, { status: 400 });
}

const ORDER = ["form", "outcome", "methods", "checks", "feedback", "decidedOn"];
const METHOD_OPTIONS = (Object.keys(METHOD_LABELS) as AssessmentMethod[]).map((m) => ({ value: m, label: METHOD_LABELS[m] }));
const VARCS_OPTIONS = (Object.keys(VARCS_LABELS) as (keyof typeof VARCS_LABELS)[]).map((c) => ({ value: c, label: `${VARCS_LABELS[c].label}: ${VARCS_LABELS[c].hint}` }));

const STATUS_TEXT: Record<string, string> = {
  no_evidence: "No evidence",
  evidence_added: "Evidence added, not submitted",
  submitted: "Submitted, waiting for your decision",
  met: "Met",
  not_yet_met: "Not yet met",
};

export default function AssessCriterion() {
  const { enrolment: e, item, progress, evidence, history, standingId, canDecide, reopened, cannotDecideReason, today, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data?.errors ?? undefined;
  const values = data?.values;
  const conflict = data?.conflict;
  const standing = history.find((h) => h.id === standingId);
  const disagreed = standing?.sample?.outcome === "disagree" ? standing.sample : null;

  return (
    <>
      <Link to={`/assess/${e.id}`} className="govuk-back-link">
        Back to {e.candidateName}&apos;s criteria
      </Link>
      {params.get("withdrawn") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Your decision was withdrawn. {item.code} is waiting for a decision again.</p>
        </Success>
      ) : null}
      {conflict ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1} data-module="govuk-error-summary">
          <h2 className="govuk-error-summary__title">Another decision was recorded while you were working</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">
              {conflict.status === "standing" ? (
                <>
                  {conflict.assessorName} decided {OUTCOME_LABELS[conflict.outcome].toLowerCase()} on {displayIsoDate(conflict.decidedOn)} (recorded {formatDateTime(conflict.createdAt)}). Review it before deciding again. Your decision was not recorded.
                </>
              ) : (
                <>The decision you were looking at has since been withdrawn. Review the history below before deciding again. Your decision was not recorded.</>
              )}
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href="#history">
                Go to the decision history
              </a>
            </p>
          </div>
        </div>
      ) : (
        <ErrorSummary errors={errors} order={ORDER} />
      )}
      <span className="govuk-caption-l">
        {e.candidateName} ({e.candidateNumber}) · {e.programmeTitle}
      </span>
      <h1 className="govuk-heading-l">
        Assess <span className="app-criterion-code">{item.code}</span>
      </h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body app-standards-framework-name">
            {item.frameworkShortTitle} (version {item.frameworkVersion}){item.parent ? ` · ${item.parent}` : ""} · {item.type}
          </p>
          <CriterionText statement={item.statement} bullets={item.bullets} large />
          {item.performanceCriterion ? (
            <div className="govuk-inset-text">
              This is a performance criterion of the National Occupational Standard. It cannot be met on knowledge evidence alone (questioning, professional discussion or a reflective account): you need observation, a work product or witness testimony.
            </div>
          ) : null}
          <p className="govuk-body">
            Status: <strong>{reopened ? "Reopened by the internal quality assurer" : STATUS_TEXT[progress.status]}</strong>
            {progress.status === "submitted" && progress.submittedAt ? `, submitted ${formatDateTime(progress.submittedAt)}` : ""}
          </p>
          {disagreed ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                The internal quality assurer disagreed with the decision on {item.code}: {disagreed.comments}
                {disagreed.actionRequired ? ` Action required${disagreed.actionDue ? ` by ${displayIsoDate(disagreed.actionDue)}` : ""}: ${disagreed.actionRequired}` : ""}
              </strong>
            </div>
          ) : null}
        </div>
      </div>

      <h2 className="govuk-heading-l govuk-!-margin-top-6">Evidence mapped to {item.code}</h2>
      {evidence.length ? (
        evidence.map((ev) => (
          <section key={ev.id} className="app-assess-evidence" aria-labelledby={`ev-${ev.id}`}>
            <h3 className="govuk-heading-m" id={`ev-${ev.id}`}>
              {ev.reference}: {ev.current.title}
            </h3>
            <p className="govuk-body-s app-assess-evidence__meta">
              {kindLabel(ev.kind)} · version {ev.current.version}
              {ev.versions > 1 ? ` of ${ev.versions}` : ""} · saved {formatDateTime(ev.current.createdAt)}
              {ev.current.lockedAt ? " · relied on by a decision" : ""}
            </p>
            <div className="govuk-inset-text">
              <strong>How the candidate says it shows {item.code}:</strong> {ev.note}
            </div>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-two-thirds">
                <EvidenceContent kind={ev.kind as EvidenceKindName} version={ev.current} evidenceId={ev.id} headingLevel={4} />
              </div>
            </div>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/evidence/${ev.id}`}>
                {ev.reference} in full, with every version<span className="govuk-visually-hidden">: {ev.current.title}</span>
              </Link>
            </p>
          </section>
        ))
      ) : (
        <p className="govuk-body">No evidence is mapped to this criterion yet. The candidate maps evidence to criteria in their portfolio.</p>
      )}

      <h2 className="govuk-heading-l govuk-!-margin-top-6" id="history">
        Decision history
      </h2>
      {history.length ? (
        history.map((d) => (
          <div key={d.id} className="app-decision">
            <h3 className="govuk-heading-s">
              {d.status === "standing" ? "Standing decision" : d.status === "withdrawn" ? "Withdrawn decision" : "Earlier decision"}, {displayIsoDate(d.decidedOn)}
            </h3>
            <DecisionDetails d={d} showHashes />
            {d.status === "standing" && d.assessorId === me && !d.sample ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/decisions/${d.id}/withdraw`}>
                  Withdraw this decision<span className="govuk-visually-hidden"> on {item.code}</span>
                </Link>
              </p>
            ) : null}
          </div>
        ))
      ) : (
        <p className="govuk-body">No decision has been made on this criterion yet.</p>
      )}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-l govuk-!-margin-top-6" id="decision">
            Your decision
          </h2>
          {canDecide ? (
            <Form method="post" noValidate>
              <CsrfInput />
              <input type="hidden" name="expectedDecisionId" value={standingId} />
              {reopened ? <p className="govuk-body">Review the evidence and the internal quality assurer&apos;s comments, then decide again. Your new decision replaces the standing one.</p> : null}
              <Radios
                name="outcome"
                legend={`Is ${item.code} met?`}
                options={[
                  { value: "met", label: "Met", hint: "All five evidence checks must be confirmed" },
                  { value: "not_yet_met", label: "Not yet met", hint: "Give feedback saying what the candidate needs to do" },
                ]}
                defaultValue={values?.outcome}
                error={firstError(errors, "outcome")}
              />
              <Checkboxes
                name="methods"
                legend="How did you assess it?"
                hint={item.performanceCriterion ? "Select all that apply. To record this performance criterion as met, include observation, examination of work product or witness testimony." : "Select all that apply."}
                options={METHOD_OPTIONS}
                defaultValues={values?.methods ?? []}
                error={firstError(errors, "methods")}
              />
              <Checkboxes
                name="checks"
                legend="Evidence checks (VARCS)"
                hint="Confirm each check the evidence meets. All five are needed to record the criterion as met."
                options={VARCS_OPTIONS}
                defaultValues={values?.checks ?? []}
                error={firstError(errors, "checks")}
              />
              <Textarea
                name="feedback"
                label="Feedback for the candidate"
                hint="Needed if the criterion is not yet met: say what is missing and what the candidate should do. The candidate sees this."
                rows={6}
                defaultValue={values?.feedback}
                error={firstError(errors, "feedback")}
              />
              <DateInput name="decidedOn" legend="Date of the assessment" hint="For example, 27 3 2025. It cannot be in the future." defaultValue={values?.decidedOn ?? today} error={firstError(errors, "decidedOn")} />
              <Button>Record decision</Button>
            </Form>
          ) : (
            <div className="govuk-inset-text">{cannotDecideReason}</div>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/assess/${e.id}`}>
              Back to {e.candidateName}&apos;s criteria
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
