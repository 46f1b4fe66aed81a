import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SummaryList } from "~/components/page";
import { ROLE_LABELS } from "~/lib/accounts.server";
import { requireUser } from "~/lib/auth.server";
import { dashboardFor } from "~/lib/dashboard.server";
import { statusLabel } from "~/lib/enrolment-status";

export const meta: MetaFunction = () => [{ title: "Dashboard – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json({ name: actor.name, roleLabel: ROLE_LABELS[actor.role], dashboard: dashboardFor(actor) });
}

const n = (value: number | undefined) => String(value ?? 0);

export default function Dashboard() {
  const { name, roleLabel, dashboard: d } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{roleLabel}</span>
      <h1 className="govuk-heading-l">Welcome, {name}</h1>
      {d.role === "admin" ? (
        <>
          <SummaryList
            rows={[
              { key: "Training providers", value: n(d.providers) },
              { key: "Commissioners", value: n(d.commissioners) },
              { key: "User accounts", value: n(d.users) },
              { key: "Accounts waiting for a password", value: n(d.accounts.waitingForPassword) },
            ]}
          />
          <ul className="govuk-list">
            <li><Link className="govuk-link" to="/admin/providers">Manage providers</Link></li>
            <li><Link className="govuk-link" to="/admin/commissioners">Manage commissioners</Link></li>
            <li><Link className="govuk-link" to="/users">Manage users</Link></li>
            <li><Link className="govuk-link" to="/standards">Browse the standards</Link></li>
          </ul>
        </>
      ) : null}
      {d.role === "provider_admin" ? (
        <>
          <p className="govuk-body">
            You manage <strong>{d.provider?.name}</strong>
            {d.provider?.centreNumber ? ` (centre ${d.provider.centreNumber})` : ""}.
          </p>
          <SummaryList
            rows={[
              { key: "Candidates", value: n(d.accounts.byRole.candidate) },
              { key: "Assessors", value: n(d.accounts.byRole.assessor) },
              { key: "Internal quality assurers", value: n(d.accounts.byRole.iqa) },
              { key: "Provider admins", value: n(d.accounts.byRole.provider_admin) },
              { key: "Accounts waiting for a password", value: n(d.accounts.waitingForPassword) },
            ]}
          />
          <h2 className="govuk-heading-m">Enrolments</h2>
          {d.enrolments.total ? (
            <SummaryList
              rows={[
                { key: "Active enrolments", value: n(d.enrolments.active) },
                { key: "Achieved", value: n(d.enrolments.achieved) },
                { key: "Withdrawn", value: n(d.enrolments.withdrawn) },
              ]}
            />
          ) : (
            <p className="govuk-body">No candidates are enrolled yet. Add candidates, assessors and internal quality assurers as users, then enrol each candidate on a programme.</p>
          )}
          <div className="govuk-button-group">
            <Link className="govuk-button" to="/enrolments/new">Enrol a candidate</Link>
            <Link className="govuk-button govuk-button--secondary" to="/users/new">Add a user</Link>
            <Link className="govuk-link" to="/enrolments">View all enrolments</Link>
          </div>
        </>
      ) : null}
      {d.role === "commissioner" ? (
        <>
          <p className="govuk-body">
            You audit training commissioned by <strong>{d.commissioner?.name}</strong>.
          </p>
          <h2 className="govuk-heading-m">Providers you commission</h2>
          {d.providers.length ? (
            <ul className="govuk-list govuk-list--bullet">
              {d.providers.map((p) => (
                <li key={p.id}>
                  {p.name}
                  {p.centreNumber ? ` (centre ${p.centreNumber})` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p className="govuk-body">No providers are recorded as commissioned by you yet. Ask the portal admin to add them.</p>
          )}
        </>
      ) : null}
      {d.role === "candidate" || d.role === "assessor" || d.role === "iqa" ? (
        <>
          <p className="govuk-body">
            Your provider is <strong>{d.provider?.name}</strong>.
          </p>
          {d.role === "candidate" ? (
            d.enrolments.length ? (
              <>
                <h2 className="govuk-heading-m">Your portfolios</h2>
                {d.enrolments.map((e) => (
                  <div className="app-dashboard-enrolment" key={e.id}>
                    <h3 className="govuk-heading-s">
                      <Link className="govuk-link" to={`/portfolio/${e.id}`}>
                        {e.programmeTitle}
                      </Link>
                    </h3>
                    <p className="govuk-body">
                      {e.withEvidence} of {e.total} criteria have evidence · {e.submitted} submitted · {e.met} met
                      {e.notYetMet ? ` · ${e.notYetMet} not yet met` : ""}
                      {e.status !== "active" ? ` · ${statusLabel(e.status, e.programmeSlug)}` : ""}
                    </p>
                    <p className="govuk-body">
                      <Link className="govuk-link" to={`/portfolio/${e.id}/decisions`}>
                        Decisions and feedback<span className="govuk-visually-hidden"> for {e.programmeTitle}</span>
                      </Link>
                    </p>
                  </div>
                ))}
              </>
            ) : (
              <p className="govuk-body">You are not enrolled on a programme yet. Your provider admin enrols you on the Level 4 award or a supervisor competency check; your portfolio will appear here.</p>
            )
          ) : d.role === "assessor" || d.role === "iqa" ? (
            d.role === "assessor" && d.caseload.candidates ? (
              <>
                <SummaryList
                  rows={[
                    { key: "Candidates allocated to you to assess", value: n(d.caseload.candidates) },
                    { key: "Submissions waiting for your decision", value: n(d.caseload.waiting) },
                    { key: "Decisions due after quality assurance", value: n(d.caseload.due) },
                  ]}
                />
                <p className="govuk-body">
                  <Link className="govuk-link" to="/caseload">Go to your caseload</Link>
                </p>
              </>
            ) : d.allocated.active ? (
              <>
                <SummaryList rows={[{ key: d.role === "assessor" ? "Candidates allocated to you to assess" : "Candidates allocated to you to quality-assure", value: n(d.allocated.active) }]} />
                <p className="govuk-body">
                  <Link className="govuk-link" to="/enrolments">View the candidates allocated to you</Link>
                </p>
              </>
            ) : (
              <p className="govuk-body">No candidates are allocated to you yet. Your provider admin allocates candidates; they will appear here.</p>
            )
          ) : null}
          <p className="govuk-body">
            {(d.role === "candidate" && d.enrolments.length) || ((d.role === "assessor" || d.role === "iqa") && d.allocated.active) ? "You can also" : "Meanwhile you can"}{" "}
            <Link className="govuk-link" to="/standards">read the standards</Link>.
          </p>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Your data</h2>
      <p className="govuk-body">
        <Link reloadDocument className="govuk-link" to="/account/data">
          Download your data (ZIP file)
        </Link>
        : your account{d.role === "candidate" ? ", your portfolio records, decisions and feedback, and your evidence files" : " and your notifications"}.
      </p>
    </>
  );
}
