/**
 * A provider admin's retention policy: how long evidence files are kept after certification and
 * how long assessment records are kept after an enrolment ends; and what is due for removal now
 * (removed by `npm run retention`).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { formatDate, formatDateTime, Success, SummaryList } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";
import { getRetention, POLICY_LIMITS, RetentionPolicyError, retentionPolicyInput, setRetentionPolicy } from "~/lib/retention.server";
import { statusLabel } from "~/lib/enrolment-status";

export const meta: MetaFunction = () => [{ title: "Retention – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json({ ...getRetention(actor), limits: POLICY_LIMITS, saved: new URL(request.url).searchParams.has("saved") });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, retentionPolicyInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    setRetentionPolicy(actor, parsed.value);
  } catch (e) {
    if (e instanceof RetentionPolicyError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value as Record<string, unknown> }, { status: 400 });
    throw e;
  }
  return redirect("/retention?saved=1");
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function RetentionPage() {
  const { provider, policy, updatedAt, updatedByName, due, limits, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string | number>;
  const value = (name: "evidenceWeeksAfterCertification" | "recordYears") => String(values[name] ?? policy[name]);
  return (
    <>
      <ErrorSummary errors={errors} order={["evidenceWeeksAfterCertification", "recordYears"]} />
      {saved && !data ? (
        <Success>
          <p className="govuk-notification-banner__heading">The retention policy is saved. The next retention run follows it.</p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">{provider.name}</span>
      <h1 className="govuk-heading-l">Retention</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Your policy says how long the portal keeps your candidates&apos; evidence files and their assessment and quality assurance records. When a period ends, the
            portal&apos;s retention run removes what is due and records each removal in the audit trail.
          </p>
          <SummaryList
            rows={[
              { key: "Evidence files", value: `Removed ${plural(policy.evidenceWeeksAfterCertification, "week", "weeks")} after the candidate is certified` },
              { key: "Assessment and quality assurance records", value: `Kept for ${plural(policy.recordYears, "year", "years")} after the enrolment ends, then their personal content is removed` },
              { key: "Set by", value: policy.isDefault ? "The portal's default: your provider has not set its own policy" : `${updatedByName ?? "A provider admin"}, ${updatedAt ? formatDateTime(updatedAt) : ""}` },
            ]}
          />
          <h2 className="govuk-heading-m">What removal means</h2>
          <ul className="govuk-list govuk-list--bullet">
            <li>An evidence file is deleted, unless the same file is still kept for another piece of evidence. The evidence&apos;s title, text and the file&apos;s fingerprint (its SHA-256 hash) stay as the record of what was assessed.</li>
            <li>
              When the records&apos; period ends, the personal content is removed: evidence titles and text, file names, assessors&apos; feedback, quality assurance comments,
              mapping notes and witness details. Outcomes, dates, candidate numbers and fingerprints are kept, so the audit trail stays complete.
            </li>
          </ul>

          <Form method="post" noValidate>
            <CsrfInput />
            <h2 className="govuk-heading-m">Change the policy</h2>
            <TextInput
              name="evidenceWeeksAfterCertification"
              label="How many weeks to keep evidence files after certification"
              hint={`A whole number from ${limits.evidenceWeeksAfterCertification.min} to ${limits.evidenceWeeksAfterCertification.max}. The default is 12.`}
              width="3"
              inputMode="numeric"
              spellCheck={false}
              suffix="weeks"
              defaultValue={value("evidenceWeeksAfterCertification")}
              error={firstError(errors, "evidenceWeeksAfterCertification")}
            />
            <TextInput
              name="recordYears"
              label="How many years to keep assessment and quality assurance records after an enrolment ends"
              hint={`A whole number from ${limits.recordYears.min} to ${limits.recordYears.max}. Records must be kept for at least 3 years.`}
              width="3"
              inputMode="numeric"
              spellCheck={false}
              suffix="years"
              defaultValue={value("recordYears")}
              error={firstError(errors, "recordYears")}
            />
            <Button>Save the policy</Button>
          </Form>
        </div>
      </div>

      <h2 className="govuk-heading-l">Due for removal now</h2>
      {due.files.length === 0 && due.records.length === 0 ? (
        <p className="govuk-body">Nothing is due for removal under your policy.</p>
      ) : (
        <>
          {due.files.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Evidence files</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Candidate number</th>
                  <th scope="col" className="govuk-table__header">Due since</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Files</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {due.files.map((r) => (
                  <tr className="govuk-table__row" key={r.enrolmentId}>
                    <td className="govuk-table__cell">{r.candidateNumber}</td>
                    <td className="govuk-table__cell">{formatDate(r.dueAt)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {r.files}
                      {r.shared ? <span className="govuk-body-s"> ({r.shared} also used by evidence that is kept, so stays stored)</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {due.records.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Assessment and quality assurance records</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Candidate number</th>
                  <th scope="col" className="govuk-table__header">Programme</th>
                  <th scope="col" className="govuk-table__header">Ended</th>
                  <th scope="col" className="govuk-table__header">Personal content to remove</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {due.records.map((r) => (
                  <tr className="govuk-table__row" key={r.enrolmentId}>
                    <td className="govuk-table__cell">{r.candidateNumber}</td>
                    <td className="govuk-table__cell">{r.programmeTitle}</td>
                    <td className="govuk-table__cell">
                      {statusLabel(r.status, r.programmeSlug)} {formatDate(r.endedAt)}
                    </td>
                    <td className="govuk-table__cell">
                      {[
                        r.counts.versions ? plural(r.counts.versions, "evidence version", "evidence versions") : null,
                        r.counts.files ? plural(r.counts.files, "file", "files") : null,
                        r.counts.decisions ? plural(r.counts.decisions, "decision with feedback", "decisions with feedback") : null,
                        r.counts.samples ? plural(r.counts.samples, "quality assurance sample", "quality assurance samples") : null,
                        r.counts.mappings ? plural(r.counts.mappings, "mapping note", "mapping notes") : null,
                        r.counts.witnessRequests ? plural(r.counts.witnessRequests, "witness request", "witness requests") : null,
                      ]
                        .filter(Boolean)
                        .join(", ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p className="govuk-body">The portal&apos;s operator removes these with the retention run (<code>npm run retention</code>), usually on a schedule.</p>
        </>
      )}

      <h2 className="govuk-heading-m">Coming up</h2>
      {due.upcoming.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {due.upcoming.map((u) => (
            <li key={`${u.enrolmentId}-${u.what}`}>
              {u.candidateNumber} ({u.programmeTitle}): {u.what === "files" ? "evidence files" : "records' personal content"} due on {formatDate(u.dueAt)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">Nothing else falls due yet: periods start when a candidate is certified or an enrolment is withdrawn.</p>
      )}
      {due.upcomingTotal > due.upcoming.length ? <p className="govuk-body">And {due.upcomingTotal - due.upcoming.length} more.</p> : null}
    </>
  );
}
