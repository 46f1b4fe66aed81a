import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Footer, Header, Main, SERVICE_NAME, type LayoutUser } from "./components/layout";
import { ROLE_LABELS } from "./lib/accounts.server";
import { getActor } from "./lib/auth.server";
import { csrfFor } from "./lib/csrf.server";
import { unreadCount } from "./lib/notifications.server";
import { useNonce } from "./lib/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/assets/portal.css" },
  { rel: "icon", href: "/assets/images/favicon.ico", sizes: "48x48" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: SERVICE_NAME }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const heading =
    status === 404
      ? "Page not found"
      : status === 403
        ? "You do not have permission to view this page"
        : status === 400 || status === 413
          ? "There is a problem with your request"
          : "Sorry, there is a problem with the service";
  return [{ title: `${heading} – ${SERVICE_NAME}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const csrf = await csrfFor(request);
  const user: LayoutUser = actor ? { name: actor.name, role: actor.role, roleLabel: ROLE_LABELS[actor.role] } : null;
  const unreadNotifications = actor ? unreadCount(actor) : 0;
  return json({ user, csrf: csrf.token, unreadNotifications }, csrf.setCookie ? { headers: { "Set-Cookie": csrf.setCookie } } : undefined);
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: "document.body.className += ' js-enabled govuk-frontend-supported';" }} />
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <Header user={data?.user ?? null} unreadNotifications={data?.unreadNotifications ?? 0} />
        <Main>{children}</Main>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <script type="module" nonce={nonce} src="/assets/init.js" />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The one error boundary: page not found, no permission, or a problem with the service. */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404)
    return (
      <>
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/dashboard">
            Go to your dashboard
          </a>
        </p>
      </>
    );
  if (status === 403)
    return (
      <>
        <h1 className="govuk-heading-l">You do not have permission to view this page</h1>
        <p className="govuk-body">{isRouteErrorResponse(error) && typeof error.data === "string" && error.data ? error.data : "Your role does not give you access to this page."}</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/dashboard">
            Go to your dashboard
          </a>
        </p>
      </>
    );
  if (status === 400 || status === 413)
    return (
      <>
        <h1 className="govuk-heading-l">There is a problem with your request</h1>
        <p className="govuk-body">{isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : "Nothing was changed. Go back and try again."}</p>
      </>
    );
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later.</p>
      <p className="govuk-body">Nothing you were doing has been half-saved: if you were submitting a form, check whether it went through before trying again.</p>
    </>
  );
}
