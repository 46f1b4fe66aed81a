import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Success } from "~/components/page";
import { listCommissioners } from "~/lib/accounts.server";
import { requireRole } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Commissioners – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  return json({ commissioners: listCommissioners(actor) });
}

export default function Commissioners() {
  const { commissioners } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("created") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Commissioner {params.get("created")} added</p>
        </Success>
      ) : null}
      <h1 className="govuk-heading-l">Commissioners of training</h1>
      <Link className="govuk-button" to="/admin/commissioners/new">
        Add a commissioner
      </Link>
      {commissioners.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{commissioners.length === 1 ? "1 commissioner" : `${commissioners.length} commissioners`}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Providers it commissions</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {commissioners.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell">{c.name}</td>
                <td className="govuk-table__cell">{c.providers.length ? c.providers.join(", ") : "None yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">There are no commissioners yet. Add one, and the providers whose training it pays for, so it can audit their coverage.</p>
      )}
    </>
  );
}
