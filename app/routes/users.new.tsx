import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, Select, TextInput, firstError } from "~/components/forms";
import { SetPasswordLinkPanel } from "~/components/set-password-link";
import { createUser, DuplicateError, listCommissioners, listProviders, PROVIDER_ROLES, ROLE_LABELS, userInput } from "~/lib/accounts.server";
import { requireRole } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";
import { ROLES } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Add a user – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin", "provider_admin"]);
  const admin = actor.role === "admin";
  return json({
    admin,
    roles: (admin ? ROLES : PROVIDER_ROLES).map((r) => ({ value: r, label: ROLE_LABELS[r] })),
    providers: listProviders(actor).map((p) => ({ value: p.id, label: p.name })),
    commissioners: admin ? listCommissioners(actor).map((c) => ({ value: c.id, label: c.name })) : [],
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin", "provider_admin"]);
  const form = await readForm(request);
  // A provider admin's users always belong to their own provider.
  if (actor.role === "provider_admin") form.set("providerId", actor.providerId!);
  const parsed = validate(form, userInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values, created: null }, { status: 400 });
  try {
    const { token } = createUser(actor, parsed.value);
    const link = `${new URL(request.url).origin}/set-password/${token}`;
    return json({ errors: undefined, values: undefined, created: { name: parsed.value.name, email: parsed.value.email, link } });
  } catch (e) {
    if (e instanceof DuplicateError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value as Record<string, unknown>, created: null }, { status: 400 });
    throw e;
  }
}

export default function NewUser() {
  const { admin, roles, providers, commissioners } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (data?.created)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <SetPasswordLinkPanel heading="User added" {...data.created} />
          <p className="govuk-body">
            <Link className="govuk-link" to="/users/new">Add another user</Link> or <Link className="govuk-link" to="/users">go back to users</Link>.
          </p>
        </div>
      </div>
    );
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/users" className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} order={["name", "email", "role", "providerId", "commissionerId"]} />
        <h1 className="govuk-heading-l">Add a user</h1>
        <Form method="post" noValidate>
          <CsrfInput />
          <TextInput name="name" label="Full name" autoComplete="off" defaultValue={values.name} error={firstError(errors, "name")} />
          <TextInput name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} defaultValue={values.email} error={firstError(errors, "email")} />
          <Select name="role" label="Role" options={roles} defaultValue={values.role} error={firstError(errors, "role")} />
          {admin ? (
            <>
              <Select name="providerId" label="Provider" hint="For candidates, assessors, internal quality assurers and provider admins" options={providers} defaultValue={values.providerId} error={firstError(errors, "providerId")} />
              <Select name="commissionerId" label="Commissioner" hint="For commissioners only" options={commissioners} defaultValue={values.commissionerId} error={firstError(errors, "commissionerId")} />
            </>
          ) : (
            <p className="govuk-body">They will be a member of {providers[0]?.label}.</p>
          )}
          <Button>Add user</Button>
        </Form>
      </div>
    </div>
  );
}
