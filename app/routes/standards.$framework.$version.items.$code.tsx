/**
 * One item of a framework version (usually a criterion): its full text, its notes as guidance,
 * where it sits, and how it relates to items of other frameworks (both directions).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { Bullets, itemHref, Notes, shownCode } from "~/components/standards";
import { getActor } from "~/lib/auth.server";
import { myEvidenceForItem } from "~/lib/evidence.server";
import { KIND_LABELS, type EvidenceKindName } from "~/lib/evidence-kinds";
import { notFound } from "~/lib/http.server";
import { getItem, type CrosswalkEntry, type TreeItem } from "~/lib/standards.server";

const params = z.object({
  framework: z.string().regex(/^[a-z0-9-]{1,100}$/),
  version: z.string().regex(/^[0-9A-Za-z.-]{1,50}$/),
  code: z.string().regex(/^[A-Za-z0-9().:-]{1,50}$/),
});

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw notFound();
  const page = getItem(parsed.data);
  // A signed-in candidate also sees their own evidence for this criterion.
  return json({ ...page, myEvidence: page.item.assessable ? myEvidenceForItem(await getActor(request), page.item.caseId) : [] });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${title(data.item)} – ${data.framework.shortTitle} – Restorative Practice Competency Portal` : "Standards" },
];


function title(item: { type: string; code: string; title: string | null; assessable: boolean }) {
  const code = shownCode(item.code);
  if (item.type === "Section") return `Section ${item.code}: ${item.title ?? ""}`;
  if (item.assessable) return `${item.type} ${item.code}`;
  return code ? `${code} ${item.title ?? ""}` : (item.title ?? "");
}

function crumb(a: { type: string; code: string; title: string }) {
  if (a.type === "Section") return `Section ${a.code}: ${a.title}`;
  return shownCode(a.code) ? `${a.code} ${a.title}` : a.title;
}



function OtherItem({ entry }: { entry: CrosswalkEntry }) {
  const i = entry.item;
  return (
    <>
      <Link className="govuk-link" to={itemHref(i.framework, i.version, i.code)}>
        {i.code}
      </Link>{" "}
      <span className="govuk-body-s app-standards-framework-name">({i.shortTitle})</span>
      <br />
      {i.text}
    </>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const COLUMN_CLASS: Record<string, string> = { Item: "app-crosswalk-table__item", Relationship: "app-crosswalk-table__relation", Why: "app-crosswalk-table__item" };

function LinksTable({ caption, children, head }: { caption: string; head: [string, string, string]; children: ReactNode }) {
  return (
    <table className="govuk-table app-crosswalk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((h) => (
            <th scope="col" className={`govuk-table__header ${COLUMN_CLASS[h]}`} key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">{children}</tbody>
    </table>
  );
}

/** The items below a structural item: headings link to their own page, criteria are listed in full. */
function Contents({ items, framework, version, level }: { items: TreeItem[]; framework: string; version: string; level: 3 | 4 | 5 }) {
  const out: ReactNode[] = [];
  let run: TreeItem[] = [];
  const flush = () => {
    if (!run.length) return;
    out.push(
      <ul className="govuk-list app-criteria" key={`run-${out.length}`}>
        {run.map((c) => (
          <li className="app-criteria__item" key={c.code}>
            <Link className="govuk-link app-criterion-code" to={itemHref(framework, version, c.code)}>
              <span className="govuk-visually-hidden">{c.type} </span>
              {c.code}
            </Link>{" "}
            {c.statement}
            {c.bullets ? <Bullets bullets={c.bullets} className="govuk-list govuk-list--bullet app-statement-bullets" /> : null}
          </li>
        ))}
      </ul>,
    );
    run = [];
  };
  for (const c of items) {
    if (c.assessable) {
      run.push(c);
      continue;
    }
    flush();
    const Heading = `h${level}` as "h3" | "h4" | "h5";
    out.push(
      <div key={c.code} className="app-item-contents__group">
        <Heading className="govuk-heading-s">
          <Link className="govuk-link" to={itemHref(framework, version, c.code)}>
            {title(c)}
          </Link>
        </Heading>
        <Contents items={c.children} framework={framework} version={version} level={level === 3 ? 4 : 5} />
      </div>,
    );
  }
  flush();
  return <>{out}</>;
}

export default function ItemPage() {
  const { framework: fw, item, ancestors, sectionAudience, linksFrom, linksTo, myEvidence } = useLoaderData<typeof loader>();
  const parent = ancestors[ancestors.length - 1];
  const noun = shownCode(item.code) ? item.type.toLowerCase() : "heading";
  const frameworkHref = `/standards/${encodeURIComponent(fw.framework)}${fw.isLatest ? "" : `/${encodeURIComponent(fw.version)}`}`;
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to="/standards">
              Standards
            </Link>
          </li>
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to={frameworkHref}>
              {fw.shortTitle}
              {fw.isLatest ? "" : ` (version ${fw.version})`}
            </Link>
          </li>
          {ancestors.map((a) => (
            <li className="govuk-breadcrumbs__list-item" key={a.code}>
              <Link className="govuk-breadcrumbs__link" to={itemHref(fw.framework, fw.version, a.code)}>
                {crumb(a)}
              </Link>
            </li>
          ))}
        </ol>
      </nav>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">
            {fw.shortTitle}
            {fw.isLatest ? "" : `, version ${fw.version}`}
          </span>
          <h1 className="govuk-heading-l">{title(item)}</h1>

          {item.assessable ? (
            <div className="app-criterion-text">
              {parent && !shownCode(parent.code) ? <p className="govuk-body govuk-!-font-weight-bold">{parent.title}</p> : null}
              <p className="govuk-body-l">{item.statement}</p>
              {item.bullets ? <Bullets bullets={item.bullets} className="govuk-list govuk-list--bullet govuk-body-l app-statement-bullets" /> : null}
            </div>
          ) : null}

          {item.audience ? (
            <p className="govuk-body">
              <strong>Who this section is for:</strong> {item.audience}
            </p>
          ) : null}

          {item.notes?.length ? (
            <>
              <h2 className="govuk-heading-m">Guidance</h2>
              <p className="govuk-body-s">Notes from the source document. They explain the {noun}; they are not criteria.</p>
              <Notes notes={item.notes} />
            </>
          ) : null}

          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Framework</dt>
              <dd className="govuk-summary-list__value">
                <Link className="govuk-link" to={frameworkHref}>
                  {fw.title}
                </Link>
                , version {fw.version}
                {fw.isLatest ? "" : " (not the latest)"}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Code</dt>
              <dd className="govuk-summary-list__value">{item.code}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Type</dt>
              <dd className="govuk-summary-list__value">{item.type}</dd>
            </div>
            {parent ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Part of</dt>
                <dd className="govuk-summary-list__value">
                  <Link className="govuk-link" to={itemHref(fw.framework, fw.version, parent.code)}>
                    {crumb(parent)}
                  </Link>
                </dd>
              </div>
            ) : null}
            {sectionAudience && sectionAudience.code !== item.code ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Section {sectionAudience.code} is for</dt>
                <dd className="govuk-summary-list__value">{sectionAudience.audience}</dd>
              </div>
            ) : null}
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">CASE identifier</dt>
              <dd className="govuk-summary-list__value">
                <a className="govuk-link app-case-id" href={`/ims/case/v1p0/CFItems/${item.caseId}`}>
                  {item.caseId}
                </a>
              </dd>
            </div>
          </dl>

          {item.children.length ? (
            <>
              <h2 className="govuk-heading-m">What it contains</h2>
              <Contents items={item.children as TreeItem[]} framework={fw.framework} version={fw.version} level={3} />
            </>
          ) : null}
          {myEvidence.length ? (
            <>
              <h2 className="govuk-heading-m">Your evidence for this criterion</h2>
              <ul className="govuk-list">
                {myEvidence.map((e) => (
                  <li key={e.id}>
                    <Link className="govuk-link" to={`/evidence/${e.id}`}>
                      {e.reference}: {e.title}
                    </Link>{" "}
                    <span className="govuk-hint govuk-!-display-inline">
                      ({KIND_LABELS[e.kind as EvidenceKindName] ?? e.kind}, {e.programmeTitle}): {e.note}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>

      {linksFrom.length || linksTo.length ? (
        <>
          <h2 className="govuk-heading-l">Links to other standards</h2>
          {linksFrom.length ? (
            <LinksTable caption={`What this ${noun} relates to`} head={["Relationship", "Item", "Why"]}>
              {linksFrom.map((l) => (
                <tr className="govuk-table__row" key={`${l.item.framework}-${l.item.version}-${l.item.code}`}>
                  <td className="govuk-table__cell">
                    {capitalise(l.relationWords)}
                  </td>
                  <td className="govuk-table__cell">
                    <OtherItem entry={l} />
                  </td>
                  <td className="govuk-table__cell">{l.rationale}</td>
                </tr>
              ))}
            </LinksTable>
          ) : null}
          {linksTo.length ? (
            <LinksTable caption={`What relates to this ${noun}`} head={["Item", "Relationship", "Why"]}>
              {linksTo.map((l) => (
                <tr className="govuk-table__row" key={`${l.item.framework}-${l.item.version}-${l.item.code}`}>
                  <td className="govuk-table__cell">
                    <OtherItem entry={l} />
                  </td>
                  <td className="govuk-table__cell">
                    {capitalise(l.relationWords)} this
                  </td>
                  <td className="govuk-table__cell">{l.rationale}</td>
                </tr>
              ))}
            </LinksTable>
          ) : null}
        </>
      ) : null}
    </>
  );
}
