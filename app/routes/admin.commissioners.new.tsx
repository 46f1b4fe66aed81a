import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Checkboxes, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { commissionerInput, createCommissioner, DuplicateError, listProviders } from "~/lib/accounts.server";
import { requireRole } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Add a commissioner – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  return json({ providers: listProviders(actor).map((p) => ({ value: p.id, label: p.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const parsed = validate(form, commissionerInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: { name: String(form.get("name") ?? ""), providerIds: form.getAll("providerIds").map(String) } }, { status: 400 });
  try {
    createCommissioner(actor, parsed.value);
  } catch (e) {
    if (e instanceof DuplicateError) return json({ errors: { [e.field]: [e.message] }, values: parsed.value }, { status: 400 });
    throw e;
  }
  return redirect(`/admin/commissioners?created=${encodeURIComponent(parsed.value.name)}`);
}

export default function NewCommissioner() {
  const { providers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/commissioners" className="govuk-back-link">Back</Link>
        <ErrorSummary errors={errors} order={["name", "providerIds"]} />
        <h1 className="govuk-heading-l">Add a commissioner of training</h1>
        <Form method="post" noValidate>
          <CsrfInput />
          <TextInput name="name" label="Commissioner name" hint="The body that pays for training, like a youth justice partnership" defaultValue={data?.values?.name} error={firstError(errors, "name")} />
          {providers.length ? (
            <Checkboxes name="providerIds" legend="Which providers does it commission?" hint="Select all that apply. It will see coverage figures for these providers only." options={providers} defaultValues={data?.values?.providerIds ?? []} error={firstError(errors, "providerIds")} />
          ) : (
            <p className="govuk-body">There are no providers yet, so none can be selected. You can add providers first.</p>
          )}
          <Button>Add commissioner</Button>
        </Form>
      </div>
    </div>
  );
}
