import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { SetPasswordLinkPanel } from "~/components/set-password-link";
import { issueSetPasswordLink, managedUser } from "~/lib/accounts.server";
import { requireRole } from "~/lib/auth.server";
import { readForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "New set-password link – Restorative Practice Competency Portal" }];

export async function loader() {
  return redirect("/users");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin", "provider_admin"]);
  await readForm(request);
  const user = managedUser(actor, params.userId ?? "");
  if (!user) throw notFound("No such user");
  const token = issueSetPasswordLink(actor, user.id);
  return json({ name: user.name, email: user.email, link: `${new URL(request.url).origin}/set-password/${token}` });
}

export default function NewLink() {
  const data = useActionData<typeof action>();
  if (!data) return null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SetPasswordLinkPanel heading="New link made" {...data} />
        <p className="govuk-body">Any earlier link for this user no longer works.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/users">Back to users</Link>
        </p>
      </div>
    </div>
  );
}
