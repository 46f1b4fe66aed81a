import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, Success } from "~/components/page";
import { listProviders } from "~/lib/accounts.server";
import { requireRole } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Providers – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  return json({ providers: listProviders(actor) });
}

export default function Providers() {
  const { providers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("created") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Provider {params.get("created")} added</p>
        </Success>
      ) : null}
      <h1 className="govuk-heading-l">Training providers</h1>
      <Link className="govuk-button" to="/admin/providers/new">
        Add a provider
      </Link>
      {providers.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{providers.length === 1 ? "1 provider" : `${providers.length} providers`}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Centre number</th>
              <th scope="col" className="govuk-table__header">Added</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {providers.map((p) => (
              <tr className="govuk-table__row" key={p.id}>
                <td className="govuk-table__cell">{p.name}</td>
                <td className="govuk-table__cell">{p.centreNumber ?? "Not recorded"}</td>
                <td className="govuk-table__cell">{formatDate(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">There are no providers yet. Add the first training provider to start enrolling candidates.</p>
      )}
    </>
  );
}
