import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getActor, signOut } from "~/lib/auth.server";
import { readForm } from "~/lib/forms.server";

export async function loader() {
  return redirect("/dashboard");
}

export async function action({ request }: ActionFunctionArgs) {
  // A session that has already ended has nothing to sign out of.
  if (!(await getActor(request))) return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": await signOut(request) } });
  await readForm(request);
  return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": await signOut(request) } });
}
