import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { createProvider, DuplicateError, providerInput } from "~/lib/accounts.server";
import { requireRole } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Add a provider – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const parsed = validate(form, providerInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    createProvider(actor, parsed.value);
  } catch (e) {
    if (e instanceof DuplicateError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value }, { status: 400 });
    throw e;
  }
  return redirect(`/admin/providers?created=${encodeURIComponent(parsed.value.name)}`);
}

export default function NewProvider() {
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/providers" className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} order={["name", "centreNumber"]} />
        <h1 className="govuk-heading-l">Add a training provider</h1>
        <Form method="post" noValidate>
          <CsrfInput />
          <TextInput name="name" label="Provider name" defaultValue={values.name} error={firstError(errors, "name")} />
          <TextInput name="centreNumber" label="Centre number (optional)" hint="The awarding body's centre number, like 02298" width="10" defaultValue={values.centreNumber} error={firstError(errors, "centreNumber")} />
          <Button>Add provider</Button>
        </Form>
      </div>
    </div>
  );
}
