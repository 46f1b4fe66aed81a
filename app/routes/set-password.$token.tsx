import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { checkSetPasswordToken, newPasswordInput, setPasswordWithToken } from "~/lib/accounts.server";
import { readForm, validate } from "~/lib/forms.server";
import { PASSWORD_MIN } from "~/lib/password.server";

export const meta: MetaFunction = () => [{ title: "Set your password – Restorative Practice Competency Portal" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const who = checkSetPasswordToken(params.token ?? "");
  return json({ who }, { status: who ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = validate(form, newPasswordInput);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const ok = await setPasswordWithToken(params.token ?? "", parsed.value.password);
  if (!ok) return json({ errors: { form: ["This link has expired or has already been used. Ask your admin for a new one."] } }, { status: 410 });
  return redirect("/sign-in?passwordSet=1");
}

export default function SetPassword() {
  const { who } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors as Record<string, string[]> | undefined;
  if (!who)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This link has expired or has already been used</h1>
          <p className="govuk-body">Links to set a password work once, for 72 hours.</p>
          <p className="govuk-body">Ask the person who created your account for a new link. If you have already set your password, <a className="govuk-link" href="/sign-in">sign in</a>.</p>
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["form", "password", "confirm"]} />
        <h1 className="govuk-heading-l">Set your password</h1>
        <p className="govuk-body">
          This is the account for <strong>{who.name}</strong> ({who.email}).
        </p>
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="username" autoComplete="username" value={who.email} />
          <TextInput name="password" type="password" label="New password" hint={`Use ${PASSWORD_MIN} characters or more. A few unrelated words together make a strong password.`} autoComplete="new-password" error={firstError(errors, "password")} />
          <TextInput name="confirm" type="password" label="Confirm new password" autoComplete="new-password" error={firstError(errors, "confirm")} />
          <Button>Set password</Button>
        </Form>
      </div>
    </div>
  );
}
