import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PrevNext, formatDateTime } from "~/components/page";
import { auditTrail } from "~/lib/audit.server";
import { requireRole } from "~/lib/auth.server";
import { ROLE_LABELS } from "~/lib/roles";
import type { Role } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Audit trail – Restorative Practice Competency Portal" }];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const filters = z.object({
  action: z.string().max(100).optional().catch(undefined),
  actor: z.string().trim().max(100).optional().catch(undefined),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin", "admin"]);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const f = filters.parse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== "")));
  return json({ filters: f, trail: auditTrail(actor, f) });
}

/** A short, readable summary of an event's recorded details. */
function summary(details: string): string {
  try {
    const d = JSON.parse(details) as Record<string, unknown>;
    return Object.entries(d)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join("; ");
  } catch {
    return "";
  }
}

export default function Audit() {
  const { filters: f, trail } = useLoaderData<typeof loader>();
  const query = (page: number) => {
    const p = new URLSearchParams(Object.entries({ ...f, page: String(page) }).filter(([, v]) => v !== undefined && v !== "") as [string, string][]);
    return `?${p}`;
  };
  return (
    <>
      <h1 className="govuk-heading-l">Audit trail</h1>
      <p className="govuk-body">Every change made in the portal is recorded here, in the same transaction as the change, on a chain that shows if any record is altered.</p>
      <Form method="get" className="app-filter-form">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="action">Action</label>
              <select className="govuk-select app-full-width" id="action" name="action" defaultValue={f.action ?? ""}>
                <option value="">Any action</option>
                {trail.actions.map((a) => (
                  <option key={a} value={a}>{a.replace(/-/g, " ")}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="actor">Person</label>
              <input className="govuk-input" id="actor" name="actor" type="text" defaultValue={f.actor ?? ""} />
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="from">From</label>
              <input className="govuk-input" id="from" name="from" type="date" defaultValue={f.from ?? ""} />
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="to">To</label>
              <input className="govuk-input" id="to" name="to" type="date" defaultValue={f.to ?? ""} />
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Apply filters</button>{" "}
        <Link className="govuk-link govuk-body" to="/audit">Clear filters</Link>
      </Form>
      {trail.rows.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {trail.total === 1 ? "1 event" : `${trail.total} events`}
            {trail.pages > 1 ? `, page ${trail.page} of ${trail.pages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Record</th>
              <th scope="col" className="govuk-table__header">Details</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {trail.rows.map((r) => (
              <tr className="govuk-table__row" key={r.seq}>
                <td className="govuk-table__cell app-no-wrap">{formatDateTime(r.at)}</td>
                <td className="govuk-table__cell">
                  {r.actorName ?? (r.actorRole ? "" : "System or witness")}
                  {r.actorRole ? <span className="govuk-hint govuk-!-margin-0"> {ROLE_LABELS[r.actorRole as Role] ?? r.actorRole}</span> : null}
                </td>
                <td className="govuk-table__cell">{r.action.replace(/-/g, " ")}</td>
                <td className="govuk-table__cell">{r.entity}</td>
                <td className="govuk-table__cell app-break-words">{summary(r.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No events match these filters. Try a wider date range or clear the filters.</p>
      )}
      <PrevNext page={trail.page} pages={trail.pages} href={query} label="Pages of events" prev="Newer events" next="Older events" />
    </>
  );
}
