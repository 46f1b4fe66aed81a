import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Button, CsrfInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { formatTime } from "~/components/page";
import { getActor, safeRedirect, sessionCookie, signIn } from "~/lib/auth.server";
import { readForm, validate } from "~/lib/forms.server";
import { clientAddress } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Restorative Practice Competency Portal" }];

const schema = z.object({
  email: z.string({ message: "Enter your email address" }).trim().max(254, "Email address must be 254 characters or fewer"),
  password: z.string({ message: "Enter your password" }).max(1024, "Password must be 1024 characters or fewer"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = validate(form, schema);
  if (!parsed.ok) return json({ errors: parsed.errors, email: String(form.get("email") ?? "") }, { status: 400 });
  const { email, password, redirectTo } = parsed.value;
  const previousToken = await sessionCookie().parse(request.headers.get("Cookie"));
  const result = await signIn({ email, password, ip: clientAddress(request), previousToken: typeof previousToken === "string" ? previousToken : null });
  if (result.ok) return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": result.cookie } });
  const message =
    result.reason === "throttled"
      ? `There have been too many failed attempts to sign in. Try again after ${formatTime(result.retryAt)}.`
      : "Your email address or password is incorrect";
  return json({ errors: { email: [message] }, email }, { status: result.reason === "throttled" ? 429 : 400 });
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data?.errors as Record<string, string[]> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["email", "password"]} />
        <h1 className="govuk-heading-l">Sign in</h1>
        {params.get("signedOut") ? <p className="govuk-body">You have signed out.</p> : null}
        {params.get("passwordSet") ? <p className="govuk-body">Your password has been set. Sign in with it now.</p> : null}
        {params.get("expired") ? <p className="govuk-body">Your session has ended. Sign in again to continue.</p> : null}
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextInput name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} defaultValue={data?.email} error={firstError(errors, "email")} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={firstError(errors, "password")} />
          <Button>Sign in</Button>
        </Form>
        <h2 className="govuk-heading-m">If you do not have a password yet</h2>
        <p className="govuk-body">Your provider admin creates your account and gives you a link to set your password. Ask them for a new link if yours has expired.</p>
      </div>
    </div>
  );
}
