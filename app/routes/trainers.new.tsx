import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { requireRole } from "~/lib/auth.server";
import { createTrainer, trainerInput } from "~/lib/courses.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Add a trainer – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["provider_admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, trainerInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const id = createTrainer(actor, parsed.value);
  return redirect(`/trainers/${id}?added=1`);
}

export default function NewTrainer() {
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values = (data?.values ?? {}) as Record<string, string>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/trainers" className="govuk-back-link">
          Back
        </Link>
        <ErrorSummary errors={errors} order={["name"]} />
        <h1 className="govuk-heading-l">Add a trainer</h1>
        <p className="govuk-body">Trainers do not need an account. After adding them you can record their restorative practice experience.</p>
        <Form method="post" noValidate>
          <CsrfInput />
          <TextInput name="name" label="Full name" autoComplete="off" spellCheck={false} defaultValue={values.name} error={firstError(errors, "name")} />
          <Button>Add trainer</Button>
        </Form>
      </div>
    </div>
  );
}
