/**
 * Full-text search over every item of every framework: /standards/search?q=…
 * Matches come back as segments and are rendered as <mark> elements; no HTML is ever built from text.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/forms";
import { itemHref, shownCode } from "~/components/standards";
import { MAX_QUERY_LENGTH, searchStandards, type Segment } from "~/lib/standards.server";

const query = z.object({
  q: z
    .string()
    .trim()
    .min(1, "Enter a word, phrase or criterion code to search for")
    .max(MAX_QUERY_LENGTH, `Search terms must be ${MAX_QUERY_LENGTH} characters or fewer`),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const raw = params.get("q");
  if (raw === null) return json({ q: "", error: null, result: null });
  const parsed = query.safeParse({ q: raw });
  if (!parsed.success) return json({ q: raw.slice(0, MAX_QUERY_LENGTH * 2), error: parsed.error.issues[0].message, result: null }, { status: 400 });
  return json({ q: parsed.data.q, error: null, result: searchStandards({ q: parsed.data.q }) });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const suffix = "Search the standards – Restorative Practice Competency Portal";
  if (data?.error) return [{ title: `Error: ${suffix}` }];
  if (data?.result) return [{ title: `${data.result.total} ${data.result.total === 1 ? "result" : "results"} for ‘${data.q}’ – ${suffix}` }];
  return [{ title: suffix }];
};

const parentLabel = (p: { code: string; type: string; title: string }) =>
  p.type === "Section" ? `Section ${p.code}: ${p.title}` : shownCode(p.code) ? `${p.code} ${p.title}` : p.title;

function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          <mark className="app-search-highlight" key={i}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

export default function SearchStandards() {
  const { q, error, result } = useLoaderData<typeof loader>();
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to="/standards">
              Standards
            </Link>
          </li>
        </ol>
      </nav>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={error ? { q: [error] } : undefined} />
          <h1 className="govuk-heading-l">Search the standards</h1>
          <Form method="get" action="/standards/search" role="search" noValidate className="app-standards-search">
            <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor="q">
                Search words or criterion code
              </label>
              <div id="q-hint" className="govuk-hint">
                For example risk assessment, co-working or A2(a).1
              </div>
              {error ? (
                <p id="q-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {error}
                </p>
              ) : null}
              <div className="app-standards-search__row">
                <input
                  className={`govuk-input app-standards-search__input${error ? " govuk-input--error" : ""}`}
                  id="q"
                  name="q"
                  type="search"
                  defaultValue={q}
                  key={q}
                  spellCheck={false}
                  aria-describedby={error ? "q-hint q-error" : "q-hint"}
                />
                <button type="submit" className="govuk-button app-standards-search__button" data-module="govuk-button">
                  Search
                </button>
              </div>
            </div>
          </Form>
        </div>
      </div>

      {result ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-full">
            <h2 className="govuk-heading-m" aria-live="polite">
              {result.total} {result.total === 1 ? "result" : "results"} for ‘{result.query}’
            </h2>
            {result.total === 0 ? (
              <>
                <p className="govuk-body">There are no matching results.</p>
                <p className="govuk-body">Improve your search results by:</p>
                <ul className="govuk-list govuk-list--bullet">
                  <li>double-checking your spelling</li>
                  <li>using fewer words</li>
                  <li>searching for something less specific, for example risk rather than risk assessment tool</li>
                  <li>searching for a criterion code exactly as the standards give it, for example A2(a).1 or P4</li>
                </ul>
                <p className="govuk-body">
                  You can also <Link className="govuk-link" to="/standards">browse the standards</Link>.
                </p>
              </>
            ) : (
              <>
                {result.total > result.hits.length ? (
                  <p className="govuk-body">Showing the best {result.hits.length}. Add more words to narrow your search.</p>
                ) : null}
                <ol className="govuk-list app-search-results">
                  {result.hits.map((h) => (
                    <li className="app-search-results__item" key={`${h.framework}-${h.version}-${h.code}`}>
                      <p className="govuk-body govuk-!-margin-bottom-1">
                        <Link className="govuk-link app-criterion-code" to={itemHref(h.framework, h.version, h.code)}>
                          {shownCode(h.code) ? <Marked segments={h.codeSegments} /> : h.type}
                        </Link>{" "}
                        <span className="govuk-body-s app-search-results__meta">
                          {h.type} in {h.shortTitle}
                          {h.isLatest ? "" : ` (version ${h.version})`}
                          {h.parent ? `, ${parentLabel(h.parent)}` : ""}
                        </span>
                      </p>
                      <p className="govuk-body app-search-results__text">
                        <Marked segments={h.textSegments} />
                      </p>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </div>
        </div>
      ) : null}
    </>
  );
}
