import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, Select, Textarea, firstError } from "~/components/forms";
import { formatDateTime, Success, SummaryList } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { allocate, allocateInput, EnrolmentError, enrolmentDetail } from "~/lib/enrolments.server";
import { readForm, validate } from "~/lib/forms.server";
import { statusLabel } from "~/lib/enrolment-status";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.enrolment.candidateName}, ${data.enrolment.programmeTitle}` : "Enrolment"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin", "assessor", "iqa"]);
  const url = new URL(request.url);
  return json({
    ...enrolmentDetail(actor, params.enrolmentId ?? ""),
    notice: url.searchParams.has("enrolled") ? "enrolled" : url.searchParams.has("reallocated") ? "reallocated" : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, allocateInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const id = params.enrolmentId ?? "";
  try {
    allocate(actor, id, parsed.value);
  } catch (e) {
    if (e instanceof EnrolmentError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value as Record<string, unknown> }, { status: 400 });
    throw e;
  }
  return redirect(`/enrolments/${id}?reallocated=1#allocation`);
}

export default function EnrolmentPage() {
  const { enrolment: e, frameworks, current, history, canAllocate, assessors, iqas, notice, record } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;
  const person = (p: { id: string; name: string; email: string }) => ({ value: p.id, label: `${p.name} (${p.email})` });
  return (
    <>
      <Link to="/enrolments" className="govuk-back-link">Back to enrolments</Link>
      <ErrorSummary errors={errors} order={["assessorId", "iqaId", "reason"]} />
      {notice === "enrolled" && !data ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            {e.candidateName} is enrolled on {e.programmeTitle}.
          </p>
        </Success>
      ) : null}
      {notice === "reallocated" && !data ? (
        <Success>
          <p className="govuk-notification-banner__heading">The allocation has changed. The previous allocation is kept in the history below.</p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">{e.programmeTitle}</span>
      <h1 className="govuk-heading-l">{e.candidateName}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              { key: "Candidate", value: `${e.candidateName} (${e.candidateEmail})` },
              { key: "Candidate number", value: e.candidateNumber },
              { key: "Programme", value: `${e.programmeTitle} (version ${e.programmeVersion})` },
              { key: "Status", value: statusLabel(e.status, e.programmeSlug) },
              { key: "Enrolled", value: `${formatDateTime(e.enrolledAt)}${e.enrolledByName ? ` by ${e.enrolledByName}` : ""}` },
              {
                key: "Assessed against",
                value: frameworks.length ? (
                  <ul className="govuk-list">
                    {frameworks.map((f) => (
                      <li key={`${f.framework}@${f.version}`}>
                        <Link className="govuk-link" to={`/standards/${encodeURIComponent(f.framework)}/${encodeURIComponent(f.version)}`}>
                          {f.title}
                        </Link>{" "}
                        (version {f.version})
                      </li>
                    ))}
                  </ul>
                ) : (
                  "No framework versions are pinned"
                ),
              },
            ]}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/portfolio/${e.id}`}>
              View {e.candidateName}'s portfolio
            </Link>
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/portfolio/${e.id}/pdf`} reloadDocument download>
              Download {e.candidateName}'s portfolio as a PDF
            </Link>
          </p>

          <h2 className="govuk-heading-m" id="allocation">
            Allocation
          </h2>
          {current ? (
            <SummaryList
              rows={[
                { key: "Assessor", value: current.assessorName },
                { key: "Internal quality assurer", value: current.iqaName },
                { key: "Since", value: formatDateTime(current.fromAt) },
              ]}
            />
          ) : (
            <p className="govuk-body">No assessor or internal quality assurer is allocated.</p>
          )}

          {canAllocate ? (
            <>
              <h2 className="govuk-heading-m">Change the allocation</h2>
              <Form method="post" noValidate>
                <CsrfInput />
                <Select name="assessorId" label="Assessor" options={assessors.map(person)} defaultValue={values.assessorId ?? current?.assessorId} error={firstError(errors, "assessorId")} />
                <Select
                  name="iqaId"
                  label="Internal quality assurer"
                  hint="Must be a different person from the assessor"
                  options={iqas.map(person)}
                  defaultValue={values.iqaId ?? current?.iqaId}
                  error={firstError(errors, "iqaId")}
                />
                <Textarea name="reason" label="Why is the allocation changing?" hint="This is kept in the allocation history. Up to 500 characters." rows={3} defaultValue={values.reason} error={firstError(errors, "reason")} />
                <Button>Change allocation</Button>
              </Form>
            </>
          ) : null}

          <h2 className="govuk-heading-m">Allocation history</h2>
          <table className="govuk-table">
            <caption className="govuk-visually-hidden">Allocation history, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">From</th>
                <th scope="col" className="govuk-table__header">To</th>
                <th scope="col" className="govuk-table__header">Assessor</th>
                <th scope="col" className="govuk-table__header">Internal quality assurer</th>
                <th scope="col" className="govuk-table__header">Changed by and why</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {history.map((h) => (
                <tr className="govuk-table__row" key={h.id}>
                  <td className="govuk-table__cell">{formatDateTime(h.fromAt)}</td>
                  <td className="govuk-table__cell">{h.toAt ? formatDateTime(h.toAt) : "Current"}</td>
                  <td className="govuk-table__cell">{h.assessorName}</td>
                  <td className="govuk-table__cell">{h.iqaName}</td>
                  <td className="govuk-table__cell">
                    {h.changedByName ?? "Unknown"}
                    {h.reason ? `: ${h.reason}` : h === history.at(-1) ? " (at enrolment)" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          {canAllocate ? (
            <>
              <h2 className="govuk-heading-m">Record history</h2>
              <p className="govuk-body">Everything done to this candidate's record, from the audit trail.</p>
              <table className="govuk-table">
                <caption className="govuk-visually-hidden">Record history, oldest first</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">When</th>
                    <th scope="col" className="govuk-table__header">Who</th>
                    <th scope="col" className="govuk-table__header">What</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {record.map((r) => (
                    <tr className="govuk-table__row" key={r.seq}>
                      <td className="govuk-table__cell app-no-wrap">{formatDateTime(r.at)}</td>
                      <td className="govuk-table__cell">{r.actorName ?? "A witness or the system"}</td>
                      <td className="govuk-table__cell">{r.action.replace(/-/g, " ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
