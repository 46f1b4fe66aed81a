import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/forms";
import { ListSearch, PrevNext, formatDate, searchPageHref } from "~/components/page";
import { listUsers } from "~/lib/accounts.server";
import { pageParam } from "~/lib/paging";
import { ROLE_LABELS } from "~/lib/roles";
import { requireRole } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Users – Restorative Practice Competency Portal" }];

const query = z.object({
  q: z.string().max(200).optional().catch(undefined),
  page: pageParam,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin", "provider_admin"]);
  const { q, page } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ users: listUsers(actor, { search: q, page }), admin: actor.role === "admin" });
}

export default function Users() {
  const { users: list, admin } = useLoaderData<typeof loader>();
  const users = list.rows;
  const href = searchPageHref(list.search);
  return (
    <>
      <h1 className="govuk-heading-l">Users</h1>
      <Link className="govuk-button" to="/users/new">
        Add a user
      </Link>
      <ListSearch label="Search by name or email" search={list.search} clearTo="/users" />
      {users.length ? (
        <>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {list.total === 1 ? "1 user role" : `${list.total} user roles`}
            {list.search ? ` matching “${list.search}”` : ""}
            {list.pages > 1 ? `, page ${list.page} of ${list.pages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Email</th>
              <th scope="col" className="govuk-table__header">Role</th>
              {admin ? <th scope="col" className="govuk-table__header">Organisation</th> : null}
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {users.map((u) => (
              <tr className="govuk-table__row" key={`${u.id}-${u.role}`}>
                <td className="govuk-table__cell">{u.name}</td>
                <td className="govuk-table__cell">{u.email}</td>
                <td className="govuk-table__cell">{ROLE_LABELS[u.role]}</td>
                {admin ? <td className="govuk-table__cell">{u.providerName ?? u.commissionerName ?? "Whole portal"}</td> : null}
                <td className="govuk-table__cell">
                  {u.erasedAt ? (
                    <strong className="govuk-tag govuk-tag--grey">Erased</strong>
                  ) : u.hasPassword ? (
                    <strong className="govuk-tag govuk-tag--green">Active</strong>
                  ) : (
                    <strong className="govuk-tag govuk-tag--yellow">Waiting for password</strong>
                  )}
                  <span className="govuk-visually-hidden">, added {formatDate(u.createdAt)}</span>
                </td>
                <td className="govuk-table__cell">
                  {u.erasedAt ? null : (
                  <>
                  <Form method="post" action={`/users/${u.id}/link`}>
                    <CsrfInput />
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                      New set-password link<span className="govuk-visually-hidden"> for {u.name}</span>
                    </button>
                  </Form>
                  {admin ? (
                    <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                      <Link className="govuk-link" to={`/admin/users/${u.id}/erase`}>
                        Erase account<span className="govuk-visually-hidden"> of {u.name}</span>
                      </Link>
                    </p>
                  ) : null}
                  </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <PrevNext page={list.page} pages={list.pages} href={href} label="Pages of users" prev="Previous page" next="Next page" />
        </>
      ) : list.search ? (
        <p className="govuk-body">No user’s name or email contains “{list.search}”. Check the spelling, or search for part of it.</p>
      ) : (
        <p className="govuk-body">There are no users yet. Add the first one.</p>
      )}
    </>
  );
}
