import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput } from "~/components/forms";
import { formatDateTime, Success } from "~/components/page";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/forms.server";
import { listNotifications, markAllRead, unreadCount } from "~/lib/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json({ notifications: listNotifications(actor), unread: unreadCount(actor), marked: new URL(request.url).searchParams.has("read") });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  await readForm(request);
  markAllRead(actor);
  return redirect("/notifications?read=1");
}

export default function Notifications() {
  const { notifications, unread, marked } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {marked ? (
          <Success>
            <p className="govuk-notification-banner__heading">All your notifications are marked as read.</p>
          </Success>
        ) : null}
        <h1 className="govuk-heading-l">Notifications</h1>
        {notifications.length ? (
          <>
            <p className="govuk-body">{unread === 0 ? "You have no unread notifications." : unread === 1 ? "You have 1 unread notification." : `You have ${unread} unread notifications.`} Newest first.</p>
            {unread ? (
              <Form method="post">
                <CsrfInput />
                <Button secondary>Mark all as read</Button>
              </Form>
            ) : null}
            <ul className="govuk-list app-notifications">
              {notifications.map((n) => (
                <li key={n.id} className={`app-notifications__item${n.readAt === null ? " app-notifications__item--unread" : ""}`}>
                  {n.readAt === null ? <strong className="govuk-tag govuk-tag--blue app-notifications__tag">Unread</strong> : null}
                  <p className="govuk-body govuk-!-margin-bottom-1">{n.message}</p>
                  <p className="govuk-body-s app-notifications__meta">
                    {formatDateTime(n.createdAt)}
                    {n.link ? (
                      <>
                        {" · "}
                        <Link className="govuk-link" to={n.link}>
                          View<span className="govuk-visually-hidden">: {n.message}</span>
                        </Link>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <p className="govuk-body">You have no notifications yet.</p>
            <p className="govuk-body">
              You will be told here when something needs your attention: a decision on your portfolio, a sample of your decisions, or work sent back to you. There is no email:
              check this page, or the count beside &ldquo;Notifications&rdquo; at the top of every page.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/dashboard">
                Go to your dashboard
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
