/**
 * The small markup candidates write reflective accounts in, and its safe rendering.
 *
 *   # Heading            ## Smaller heading
 *   Paragraphs are separated by a blank line; a single line break is kept as a line break.
 *   - a bullet item      1. a numbered item
 *   (a line indented under an item continues that item)
 *
 * Nothing else is markup: no links, no HTML, no emphasis. Text becomes React text nodes, which React
 * escapes, so "<script>" shows as the characters typed. There is no HTML string anywhere.
 */
import { Fragment, type ReactNode } from "react";

export type RichBlock =
  | { type: "heading"; level: 1 | 2; text: string }
  | { type: "paragraph"; lines: string[] }
  | { type: "bullets"; items: string[] }
  | { type: "numbers"; items: string[]; start: number };

const HEADING = /^(#{1,2}) +(.+?)\s*#*\s*$/;
const BULLET = /^[-–•] +(.*)$/;
const NUMBER = /^(\d{1,4})[.)] +(.*)$/;

/** Splits text into blocks. Pure: used by the renderer and by tests. */
export function parseRichText(text: string): RichBlock[] {
  const blocks: RichBlock[] = [];
  let current: RichBlock | null = null;
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.replace(/\s+$/, "");
    const trimmed = line.trim();
    const indented = /^\s/.test(line);
    const heading = !indented ? HEADING.exec(trimmed) : null;
    const bullet = BULLET.exec(trimmed);
    const number = NUMBER.exec(trimmed);
    if (!trimmed) {
      current = null;
    } else if (heading) {
      current = null;
      blocks.push({ type: "heading", level: heading[1].length as 1 | 2, text: heading[2] });
    } else if (bullet) {
      if (current?.type !== "bullets") blocks.push((current = { type: "bullets", items: [] }));
      current.items.push(bullet[1]);
    } else if (number) {
      if (current?.type !== "numbers") blocks.push((current = { type: "numbers", items: [], start: Number(number[1]) }));
      current.items.push(number[2]);
    } else if ((current?.type === "bullets" || current?.type === "numbers") && indented) {
      // An indented line continues the last item.
      const items: string[] = current.items;
      items[items.length - 1] = `${items[items.length - 1]} ${trimmed}`.trim();
    } else if (current?.type === "paragraph") {
      current.lines.push(trimmed);
    } else {
      blocks.push((current = { type: "paragraph", lines: [trimmed] }));
    }
  }
  return blocks.filter((b) => b.type !== "bullets" && b.type !== "numbers" ? true : b.items.length > 0);
}

type HeadingTag = "h2" | "h3" | "h4" | "h5" | "h6";
const headingTag = (level: number): HeadingTag => `h${Math.min(6, Math.max(2, level))}` as HeadingTag;

/**
 * Renders the markup as GOV.UK-styled React elements. `headingLevel` is the HTML level a "#"
 * heading gets (default 3, under the page's own h1 and h2); "##" is one level below.
 */
export function RichText({ text, headingLevel = 3 }: { text: string; headingLevel?: number }) {
  const blocks = parseRichText(text);
  return (
    <div className="app-rich-text">
      {blocks.map((b, i): ReactNode => {
        switch (b.type) {
          case "heading": {
            const Tag = headingTag(headingLevel + b.level - 1);
            return (
              <Tag key={i} className={b.level === 1 ? "govuk-heading-m" : "govuk-heading-s"}>
                {b.text}
              </Tag>
            );
          }
          case "paragraph":
            return (
              <p key={i} className="govuk-body">
                {b.lines.map((l, j) => (
                  <Fragment key={j}>
                    {j > 0 ? <br /> : null}
                    {l}
                  </Fragment>
                ))}
              </p>
            );
          case "bullets":
            return (
              <ul key={i} className="govuk-list govuk-list--bullet">
                {b.items.map((item, j) => (
                  <li key={j}>{item}</li>
                ))}
              </ul>
            );
          case "numbers":
            return (
              <ol key={i} className="govuk-list govuk-list--number" start={b.start !== 1 ? b.start : undefined}>
                {b.items.map((item, j) => (
                  <li key={j}>{item}</li>
                ))}
              </ol>
            );
        }
      })}
    </div>
  );
}

/** Plain text shown with its paragraphs and line breaks (for fields that are not markup). */
export function PlainText({ text }: { text: string }) {
  const paragraphs = text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <>
      {paragraphs.map((p, i) => (
        <p key={i} className="govuk-body">
          {p.split("\n").map((l, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {l}
            </Fragment>
          ))}
        </p>
      ))}
    </>
  );
}
