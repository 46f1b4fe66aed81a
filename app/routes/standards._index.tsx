import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listStandards } from "~/lib/standards.server";

export const meta: MetaFunction = () => [{ title: "Standards – Restorative Practice Competency Portal" }];

export async function loader() {
  return json(listStandards());
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2004-12" → "December 2004"; "2004" → "2004"; "2004-12-01" → "1 December 2004". */
function formatPublished(value: string | null) {
  if (!value) return "Not given";
  const [y, m, d] = value.split("-");
  if (!m) return y;
  return `${d ? `${Number(d)} ` : ""}${MONTHS[Number(m) - 1]} ${y}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const frameworkHref = (framework: string, version?: string) => `/standards/${encodeURIComponent(framework)}${version ? `/${encodeURIComponent(version)}` : ""}`;

export default function StandardsIndex() {
  const { frameworks, programmes } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Standards</h1>
          <p className="govuk-body-l">The national standards and role profiles that restorative justice practitioners are assessed against, and the programmes built on them.</p>
          <Form method="get" action="/standards/search" role="search" className="app-standards-search">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="q">
                Search the standards
              </label>
              <div id="q-hint" className="govuk-hint">
                Words, a phrase or a criterion code, for example risk assessment or A2(a).1
              </div>
              <div className="app-standards-search__row">
                <input className="govuk-input app-standards-search__input" id="q" name="q" type="search" maxLength={200} aria-describedby="q-hint" spellCheck={false} />
                <button type="submit" className="govuk-button govuk-button--secondary app-standards-search__button" data-module="govuk-button">
                  Search
                </button>
              </div>
            </div>
          </Form>
        </div>
      </div>

      <h2 className="govuk-heading-l">Frameworks</h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Frameworks, with the latest version of each</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Framework</th>
            <th scope="col" className="govuk-table__header">Publisher</th>
            <th scope="col" className="govuk-table__header">Published</th>
            <th scope="col" className="govuk-table__header">Version</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Items to assess</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">All items</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {frameworks.map((f) => (
            <tr className="govuk-table__row" key={f.framework}>
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" to={frameworkHref(f.framework)}>
                  {f.title}
                </Link>
              </th>
              <td className="govuk-table__cell">{f.publisher}</td>
              <td className="govuk-table__cell app-no-wrap">{formatPublished(f.published)}</td>
              <td className="govuk-table__cell app-no-wrap">
                {f.versions.length === 1 ? (
                  f.version
                ) : (
                  <ul className="govuk-list govuk-!-margin-bottom-0">
                    {f.versions.map((v) => (
                      <li key={v.version}>
                        <Link className="govuk-link" to={frameworkHref(f.framework, v.version)}>
                          {v.version}
                          {v.version === f.version ? " (latest)" : ""}
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{f.assessable}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{f.items}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="govuk-body-s">
        Items to assess are the criteria, performance criteria, knowledge, learning outcomes, objectives, accountabilities and person specification entries; the other items are sections, parts and headings.
      </p>

      <h2 className="govuk-heading-l">Programmes</h2>
      <p className="govuk-body">What a candidate enrols on, and the items they must meet to achieve it.</p>
      {programmes.map((p) => (
        <div className="app-programme" key={`${p.slug}@${p.version}`}>
          <h3 className="govuk-heading-m">{p.title}</h3>
          <p className="govuk-body">{p.description}</p>
          {p.prerequisite ? (
            <div className="govuk-inset-text">
              <strong>Before you start:</strong> {p.prerequisite}
            </div>
          ) : null}
          <dl className="govuk-summary-list">
            {p.groups.map((g) => (
              <div className="govuk-summary-list__row" key={`${g.title}-${g.framework}-${g.version}`}>
                <dt className="govuk-summary-list__key">{g.title}</dt>
                <dd className="govuk-summary-list__value">
                  {plural(g.items, "item", "items")} from{" "}
                  <Link className="govuk-link" to={frameworkHref(g.framework, g.version)}>
                    {g.shortTitle}
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </>
  );
}
