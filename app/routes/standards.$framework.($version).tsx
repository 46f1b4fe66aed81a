/**
 * A framework version: its attributes and its whole tree. /standards/<framework> shows the latest
 * version; /standards/<framework>/<version> any version. Parts and groups are GOV.UK details, so the
 * tree opens and closes without JavaScript.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { Bullets, itemHref, Notes, shownCode } from "~/components/standards";
import { notFound } from "~/lib/http.server";
import { getFramework, type TreeItem } from "~/lib/standards.server";

const params = z.object({
  framework: z.string().regex(/^[a-z0-9-]{1,100}$/),
  version: z.string().regex(/^[0-9A-Za-z.-]{1,50}$/).optional(),
});

export async function loader({ params: raw }: LoaderFunctionArgs) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw notFound();
  return json(getFramework(parsed.data));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.shortTitle}${data.isLatest ? "" : ` (version ${data.version})`} – Standards – Restorative Practice Competency Portal` : "Standards" },
];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
function formatPublished(value: string | null) {
  if (!value) return "Not given in the source";
  const [y, m, d] = value.split("-");
  if (!m) return y;
  return `${d ? `${Number(d)} ` : ""}${MONTHS[Number(m) - 1]} ${y}`;
}






const countAssessable = (item: TreeItem): number => item.children.reduce((n, c) => n + (c.assessable ? 1 : 0) + countAssessable(c), 0);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Ctx = { framework: string; version: string };

/** Assessable children as a list: code (a link to the criterion page), statement, sub-bullets, notes. */
function Criteria({ items, ctx }: { items: TreeItem[]; ctx: Ctx }) {
  if (!items.length) return null;
  return (
    <ul className="govuk-list app-criteria">
      {items.map((c) => (
        <li className="app-criteria__item" key={c.code} id={`item-${c.code}`}>
          <p className="govuk-body govuk-!-margin-bottom-1">
            <Link className="govuk-link app-criterion-code" to={itemHref(ctx.framework, ctx.version, c.code)}>
              <span className="govuk-visually-hidden">{c.type} </span>
              {c.code}
            </Link>{" "}
            {c.statement}
          </p>
          {c.bullets ? <Bullets bullets={c.bullets} className="govuk-list govuk-list--bullet app-statement-bullets" /> : null}
          <Notes notes={c.notes} />
        </li>
      ))}
    </ul>
  );
}

/** The children of a structural item, in document order: runs of criteria as lists, structural children as details or headings. */
function Children({ item, ctx, level }: { item: TreeItem; ctx: Ctx; level: 3 | 4 }) {
  const out: ReactNode[] = [];
  let run: TreeItem[] = [];
  const flush = () => {
    if (run.length) out.push(<Criteria key={`run-${out.length}`} items={run} ctx={ctx} />);
    run = [];
  };
  for (const c of item.children) {
    if (c.assessable) run.push(c);
    else {
      flush();
      out.push(<Structural key={c.code} item={c} ctx={ctx} level={level} />);
    }
  }
  flush();
  return <>{out}</>;
}

function label(item: TreeItem) {
  const code = shownCode(item.code);
  return code ? `${code} ${item.title ?? ""}` : (item.title ?? "");
}

/**
 * A structural item below a section. A heading that only groups other headings (A1, A2 …) stays open
 * as a heading; anything holding criteria is a details component the reader opens.
 */
function Structural({ item, ctx, level }: { item: TreeItem; ctx: Ctx; level: 3 | 4 }) {
  const onlyHeadings = item.children.length > 0 && item.children.every((c) => !c.assessable);
  if (onlyHeadings && level === 3)
    return (
      <div className="app-standards-group" id={`item-${item.code}`}>
        <h3 className="govuk-heading-m">
          <Link className="govuk-link govuk-link--no-visited-state" to={itemHref(ctx.framework, ctx.version, item.code)}>
            {label(item)}
          </Link>
        </h3>
        <Notes notes={item.notes} />
        <Children item={item} ctx={ctx} level={4} />
      </div>
    );
  const n = countAssessable(item);
  return (
    <details className="govuk-details app-standards-details" id={`item-${item.code}`}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          {label(item)} <span className="app-standards-details__count">({plural(n, "item", "items")})</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        {shownCode(item.code) ? (
          <p className="govuk-body-s">
            <Link className="govuk-link" to={itemHref(ctx.framework, ctx.version, item.code)}>
              View {item.type.toLowerCase()} {item.code} on its own page
            </Link>
          </p>
        ) : null}
        <Notes notes={item.notes} />
        <Children item={item} ctx={ctx} level={4} />
      </div>
    </details>
  );
}

function sectionHeading(item: TreeItem) {
  if (item.type === "Section") return `Section ${item.code}: ${item.title ?? ""}`;
  const code = shownCode(item.code);
  return item.title ?? code ?? "";
}

export default function FrameworkPage() {
  const fw = useLoaderData<typeof loader>();
  const ctx = { framework: fw.framework, version: fw.version };
  const others = fw.versions.filter((v) => v.version !== fw.version);
  const tree = fw.tree as TreeItem[];
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
      {!fw.isLatest ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This is version {fw.version}, not the latest.{" "}
            <Link className="govuk-link" to={`/standards/${encodeURIComponent(fw.framework)}`}>
              See the latest version ({fw.latestVersion})
            </Link>
          </strong>
        </div>
      ) : null}
      <span className="govuk-caption-l">{fw.shortTitle}</span>
      <h1 className="govuk-heading-l">{fw.title}</h1>
      <p className="govuk-body-l">{fw.description}</p>

      <dl className="govuk-summary-list">
        <Row label="Publisher">{fw.publisher}</Row>
        <Row label="Published">{formatPublished(fw.published)}</Row>
        <Row label="Version">
          {fw.version}
          {fw.isLatest ? " (latest)" : ""}
        </Row>
        {others.length ? (
          <Row label="Other versions">
            <ul className="govuk-list govuk-!-margin-bottom-0">
              {others.map((v) => (
                <li key={v.version}>
                  <Link className="govuk-link" to={`/standards/${encodeURIComponent(fw.framework)}/${encodeURIComponent(v.version)}`}>
                    Version {v.version}
                    {v.version === fw.latestVersion ? " (latest)" : ""}
                  </Link>
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
        <Row label="Items">
          {plural(fw.assessable, "item to assess", "items to assess")}, {plural(fw.items, "item", "items")} in all
        </Row>
        {fw.hours ? (
          <Row label="Learning hours">
            <p className="govuk-body">{fw.hours.total} hours, made up of:</p>
            <ul className="govuk-list govuk-list--bullet">
              {fw.hours.components.map((c) => (
                <li key={c.title}>
                  {c.title}: {plural(c.hours, "hour", "hours")}
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
        {fw.attributes.map((a) => (
          <Row label={a.label} key={a.key}>
            {a.text ? <p className="govuk-body">{a.text}</p> : null}
            {a.bullets ? <Bullets bullets={a.bullets} /> : null}
          </Row>
        ))}
        <Row label="Transcribed from">Source document {fw.source}</Row>
        <Row label="CASE 1.0 package">
          <a className="govuk-link" href={`/ims/case/v1p0/CFPackages/${fw.caseId}`}>
            Download as JSON<span className="govuk-visually-hidden"> (1EdTech CASE 1.0 CFPackage)</span>
          </a>
        </Row>
      </dl>

      <h2 className="govuk-heading-l">Contents</h2>
      <ul className="govuk-list app-standards-contents">
        {tree.map((s) => (
          <li key={s.code}>
            <a className="govuk-link" href={`#item-${s.code}`}>
              {sectionHeading(s)}
            </a>
          </li>
        ))}
      </ul>

      {tree.map((s) => (
        <section className="app-standards-section" key={s.code} id={`item-${s.code}`} aria-labelledby={`heading-${s.code}`}>
          <h2 className="govuk-heading-l" id={`heading-${s.code}`}>
            {sectionHeading(s)}
          </h2>
          {s.audience ? (
            <p className="govuk-body app-standards-audience">
              <strong>Who this section is for:</strong> {s.audience}
            </p>
          ) : null}
          <Notes notes={s.notes} />
          <Children item={s} ctx={ctx} level={3} />
          <p className="govuk-body-s">
            <a className="govuk-link" href="#main-content">
              Back to top
            </a>
          </p>
        </section>
      ))}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
