/**
 * An admin erases an account: a confirmation page saying who, what will be erased and whether the
 * retention rules allow it now (if not, why and from when); POST erases.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary } from "~/components/forms";
import { formatDate, formatDateTime, Success, SummaryList } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { eraseAccount, ErasureRefused, erasurePreview } from "~/lib/data-rights.server";
import { readForm } from "~/lib/forms.server";
import { ROLE_LABELS } from "~/lib/roles";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.erasedAt ? "Account erased" : `Erase ${data?.user.name ?? "an account"}`} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  return json({ ...erasurePreview(actor, params.userId ?? ""), erased: new URL(request.url).searchParams.has("erased") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  await readForm(request);
  const userId = params.userId ?? "";
  try {
    eraseAccount(actor, userId);
  } catch (e) {
    if (e instanceof ErasureRefused) return json({ reasons: e.reasons }, { status: 409 });
    throw e;
  }
  return redirect(`/admin/users/${encodeURIComponent(userId)}/erase?erased=1`);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function EraseAccount() {
  const { user, roles, check, scope, erased } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const back = (
    <Link to="/users" className="govuk-back-link">
      Back to users
    </Link>
  );
  if (user.erasedAt)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {back}
          {erased ? (
            <Success>
              <p className="govuk-notification-banner__heading">The account has been erased.</p>
            </Success>
          ) : null}
          <h1 className="govuk-heading-l">Account erased</h1>
          <p className="govuk-body">This account was erased on {formatDateTime(user.erasedAt)}. Its name, email address and password, and the personal content of its evidence, have been removed.</p>
          <p className="govuk-body">
            The account is kept as &lsquo;{user.name}&rsquo; so that the audit trail and the assessment records that refer to it stay complete and verifiable.
          </p>
        </div>
      </div>
    );
  const c = scope.content;
  const erases = [
    "their name and email address (replaced by ‘Erased user’ and an address that cannot receive mail)",
    "their password: they can no longer sign in",
    scope.sessions ? `${plural(scope.sessions, "session", "sessions")}, which end at once` : null,
    scope.passwordLinks ? `${plural(scope.passwordLinks, "unused set-password link", "unused set-password links")}` : null,
    scope.notifications ? plural(scope.notifications, "notification", "notifications") : null,
    c.versions ? `the titles, text and file names of ${plural(c.versions, "evidence version", "evidence versions")} in their portfolio` : null,
    c.files ? `${plural(c.files, "evidence file", "evidence files")}` : null,
    c.decisions ? `the feedback on ${plural(c.decisions, "assessment decision", "assessment decisions")} about them` : null,
    c.samples ? `the comments of ${plural(c.samples, "quality assurance sample", "quality assurance samples")} on those decisions` : null,
    c.mappings ? `${plural(c.mappings, "mapping note", "mapping notes")}` : null,
    c.witnessRequests ? `the witness details of ${plural(c.witnessRequests, "witness request", "witness requests")}` : null,
  ].filter(Boolean) as string[];
  const reasons = data?.reasons ?? (check.allowed ? [] : check.reasons);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {back}
        {data?.reasons ? <ErrorSummary errors={{ form: ["The account cannot be erased yet. See why below."] }} /> : null}
        <span className="govuk-caption-l">Erase an account</span>
        <h1 className="govuk-heading-l">{check.allowed && !data?.reasons ? `Are you sure you want to erase ${user.name}?` : `${user.name} cannot be erased yet`}</h1>
        <SummaryList
          rows={[
            { key: "Name", value: user.name },
            { key: "Email address", value: user.email },
            { key: "Roles", value: roles.length ? roles.map((r) => `${ROLE_LABELS[r.role]}${r.providerName ? `, ${r.providerName}` : r.commissionerName ? `, ${r.commissionerName}` : ""}`).join("; ") : "None" },
            { key: "Account added", value: formatDate(user.createdAt) },
          ]}
        />
        {reasons.length ? (
          <>
            <h2 className="govuk-heading-m">Why not</h2>
            <p className="govuk-body">The retention rules keep assessment and quality assurance records for a set time after an enrolment ends. Until then:</p>
            <ul className="govuk-list govuk-list--bullet">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            {check.possibleFrom ? <p className="govuk-body">The account can be erased from {formatDate(check.possibleFrom)}.</p> : null}
            {check.dateUnknown ? <p className="govuk-body">The date it can be erased is not known yet: it depends on when the active enrolments end.</p> : null}
          </>
        ) : (
          <>
            <h2 className="govuk-heading-m">What will be erased</h2>
            <ul className="govuk-list govuk-list--bullet">
              {erases.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            <h2 className="govuk-heading-m">What is kept</h2>
            <p className="govuk-body">
              The account&apos;s id, its enrolments&apos; candidate numbers, outcomes and dates, the content hashes of their evidence, and the audit trail. These hold no name or text
              and keep the records and the audit trail verifiable.
            </p>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                You cannot undo this.
              </strong>
            </div>
            <Form method="post">
              <CsrfInput />
              <div className="govuk-button-group">
                <Button warning>Erase this account</Button>
                <Link className="govuk-link" to="/users">
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
