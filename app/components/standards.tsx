/** Display pieces shared by the standards pages: item links, bullets and guidance notes. */
import type { Bullet, Note } from "../../standards/schema";

export const NOTE_LABELS: Record<Note["kind"], string> = { introduction: "Introduction", note: "Note", footnote: "Footnote", guidance: "Guidance" };

/** Synthetic codes of unnumbered headings (A2(c):g1) are identifiers, not something to show a reader. */
export const shownCode = (code: string) => (/:g\d+$/.test(code) ? null : code);

export const itemHref = (framework: string, version: string, code: string) =>
  `/standards/${encodeURIComponent(framework)}/${encodeURIComponent(version)}/items/${encodeURIComponent(code)}`;

export function Bullets({ bullets, className = "govuk-list govuk-list--bullet" }: { bullets: Bullet[]; className?: string }) {
  return (
    <ul className={className}>
      {bullets.map((b, i) =>
        typeof b === "string" ? (
          <li key={i}>{b}</li>
        ) : (
          <li key={i}>
            {b.text}
            <Bullets bullets={b.bullets} />
          </li>
        ),
      )}
    </ul>
  );
}

/** Text that is guidance rather than a criterion, shown as inset text. */
export function Notes({ notes }: { notes: Note[] | null }) {
  if (!notes?.length) return null;
  return (
    <>
      {notes.map((n, i) => (
        <div className="govuk-inset-text app-standards-note" key={i}>
          <p className="govuk-body govuk-!-margin-bottom-1">
            <strong>
              {NOTE_LABELS[n.kind]}
              {n.title ? `: ${n.title}` : ""}
            </strong>
          </p>
          {n.text ? <p className="govuk-body">{n.text}</p> : null}
          {n.bullets ? <Bullets bullets={n.bullets} /> : null}
        </div>
      ))}
    </>
  );
}
