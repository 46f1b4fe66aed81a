/** Small GOV.UK building blocks used across pages. */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";

export function SummaryList({ rows }: { rows: { key: ReactNode; value: ReactNode }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((r, i) => (
        <div className="govuk-summary-list__row" key={i}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Panel({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{title}</h1>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

export function Notice({ children, title = "Important" }: { children: ReactNode; title?: string }) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="notice-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="success-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="success-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

/** GOV.UK "previous and next" pagination, for lists read a page at a time; nothing when there is one page. */
export function PrevNext({ page, pages, href, label, prev, next }: { page: number; pages: number; href: (page: number) => string; label: string; prev: string; next: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label={label}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={href(page - 1)} rel="prev">
            <svg className="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span className="govuk-pagination__link-title">{prev}</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">Page {page - 1} of {pages}</span>
          </Link>
        </div>
      ) : null}
      {page < pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={href(page + 1)} rel="next">
            <svg className="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
            <span className="govuk-pagination__link-title">{next}</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">Page {page + 1} of {pages}</span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

/** A GOV.UK search box over a list (GET ?q=), with a way back to the whole list once searching. */
export function ListSearch({ label, search, clearTo }: { label: string; search: string; clearTo: string }) {
  return (
    <Form method="get" role="search" className="app-filter-form">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="q">
          {label}
        </label>
        <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={search} />{" "}
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
          Search
        </button>
        {search ? (
          <>
            {" "}
            <Link className="govuk-link govuk-body" to={clearTo}>
              Clear search
            </Link>
          </>
        ) : null}
      </div>
    </Form>
  );
}

/** `?q=…&page=N` for the pages of a searched list. */
export const searchPageHref = (search: string) => (page: number) => `?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(page) })}`;

const londonDateTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12" });
const londonDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
const londonTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit", hourCycle: "h12" });

/** "23 November 2026 at 5:41pm", in Europe/London. */
export function formatDateTime(ms: number) {
  const parts = londonDateTime.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")} at ${get("hour")}:${get("minute")}${get("dayPeriod").toLowerCase().replace(/\s/g, "")}`;
}
export const formatDate = (ms: number) => londonDate.format(new Date(ms));
export const formatTime = (ms: number) => londonTime.format(new Date(ms)).replace(/\s/g, "").toLowerCase();
