/** The page frame: skip link, header with the service name and role-aware navigation, footer. */
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "../../db/schema";
import { CsrfInput } from "./forms";

export const SERVICE_NAME = "Restorative Practice Competency Portal";

export type LayoutUser = { name: string; role: Role; roleLabel: string } | null;

const NAV: Record<Role | "anonymous", { to: string; label: string }[]> = {
  anonymous: [{ to: "/standards", label: "Standards" }],
  candidate: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/portfolio", label: "Your portfolio" },
    { to: "/standards", label: "Standards" },
  ],
  assessor: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/caseload", label: "Caseload" },
    { to: "/standards", label: "Standards" },
  ],
  iqa: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/iqa", label: "Sampling" },
    { to: "/iqa/reports", label: "Reports" },
    { to: "/standards", label: "Standards" },
  ],
  provider_admin: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/enrolments", label: "Enrolments" },
    { to: "/users", label: "Users" },
    { to: "/courses", label: "Courses" },
    { to: "/trainers", label: "Trainers" },
    { to: "/sampling-plan", label: "Sampling plan" },
    { to: "/audit", label: "Audit trail" },
    { to: "/retention", label: "Retention" },
    { to: "/standards", label: "Standards" },
  ],
  commissioner: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/coverage", label: "Coverage" },
    { to: "/standards", label: "Standards" },
  ],
  admin: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/admin/providers", label: "Providers" },
    { to: "/admin/commissioners", label: "Commissioners" },
    { to: "/users", label: "Users" },
    { to: "/audit", label: "Audit trail" },
    { to: "/standards", label: "Standards" },
  ],
};

export function Header({ user, unreadNotifications = 0 }: { user: LayoutUser; unreadNotifications?: number }) {
  const items = NAV[user?.role ?? "anonymous"];
  const { pathname } = useLocation();
  return (
    <header className="app-header" role="banner">
      <section aria-label="Service information" className="govuk-service-navigation" data-module="govuk-service-navigation">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to={user ? "/dashboard" : "/"} className="govuk-service-navigation__link">
                {SERVICE_NAME}
              </Link>
            </span>
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <button type="button" className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden>
                Menu
              </button>
              <ul className="govuk-service-navigation__list" id="navigation">
                {items.map((item) => {
                  const matches = (to: string) => pathname === to || pathname.startsWith(to + "/");
                  // The most specific item is the active one (/iqa/reports is "Reports", not "Sampling").
                  const active = matches(item.to) && !items.some((other) => other.to.length > item.to.length && matches(other.to));
                  return (
                    <li key={item.to} className={`govuk-service-navigation__item${active ? " govuk-service-navigation__item--active" : ""}`}>
                      <Link className="govuk-service-navigation__link" to={item.to} aria-current={active ? "page" : undefined}>
                        {active ? <strong className="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
          </div>
        </div>
      </section>
      <div className="govuk-width-container app-account-bar">
        {user ? (
          <Form method="post" action="/sign-out" className="app-account-bar__form">
            <CsrfInput />
            <span className="govuk-body-s app-account-bar__who">
              Signed in as <strong>{user.name}</strong> ({user.roleLabel})
            </span>{" "}
            <Link to="/notifications" className="govuk-link govuk-body-s app-account-bar__notifications">
              Notifications
              {unreadNotifications ? (
                <>
                  {" "}({unreadNotifications}
                  <span className="govuk-visually-hidden"> unread</span>)
                </>
              ) : null}
            </Link>{" "}
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-account-bar__button">
              Sign out
            </button>
          </Form>
        ) : (
          <Link to="/sign-in" className="govuk-link govuk-body-s">
            Sign in
          </Link>
        )}
      </div>
    </header>
  );
}

export function Footer() {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/accessibility">
                  Accessibility statement
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/privacy">
                  Privacy notice
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/verify">
                  Check a portfolio document
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/standards">
                  Standards
                </Link>
              </li>
            </ul>
            <p className="govuk-body-s">Competency and accreditation for restorative justice practitioners in England and Wales.</p>
          </div>
        </div>
      </div>
    </footer>
  );
}

export function Main({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-width-container">
      <main className="govuk-main-wrapper" id="main-content" role="main">
        {children}
      </main>
    </div>
  );
}
