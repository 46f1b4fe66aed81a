/**
 * The reflective-account markup: headings, paragraphs, bullet and numbered lists, and nothing
 * else; everything else is text, escaped by React (no HTML string is ever built).
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseRichText, PlainText, RichText } from "../../app/lib/rich-text";

const render = (text: string, headingLevel?: number) => renderToStaticMarkup(createElement(RichText, { text, headingLevel }));

describe("parseRichText", () => {
  it("splits headings, paragraphs and lists", () => {
    const text = "# What happened\nI met the person harmed.\nWe talked.\n\n## What I did\n- listened\n- explained\n  the options\n\n3. first\n4. second\nAfter the list";
    expect(parseRichText(text)).toEqual([
      { type: "heading", level: 1, text: "What happened" },
      { type: "paragraph", lines: ["I met the person harmed.", "We talked."] },
      { type: "heading", level: 2, text: "What I did" },
      { type: "bullets", items: ["listened", "explained the options"] },
      { type: "numbers", items: ["first", "second"], start: 3 },
      { type: "paragraph", lines: ["After the list"] },
    ]);
  });

  it("treats other markup as text", () => {
    expect(parseRichText("### three hashes\n#no space\n*emphasis* [link](http://example.org)")).toEqual([
      { type: "paragraph", lines: ["### three hashes", "#no space", "*emphasis* [link](http://example.org)"] },
    ]);
    expect(parseRichText("\r\n\r\n  \n")).toEqual([]);
  });
});

describe("RichText", () => {
  it("renders headings and lists as GOV.UK elements under the page's own headings", () => {
    const html = render("# Heading\n\n## Smaller\n\nText\nnext line\n\n- a\n- b\n\n1. one\n2. two");
    expect(html).toBe(
      '<div class="app-rich-text"><h3 class="govuk-heading-m">Heading</h3><h4 class="govuk-heading-s">Smaller</h4>' +
        '<p class="govuk-body">Text<br/>next line</p><ul class="govuk-list govuk-list--bullet"><li>a</li><li>b</li></ul>' +
        '<ol class="govuk-list govuk-list--number"><li>one</li><li>two</li></ol></div>',
    );
    expect(render("# Top", 2)).toContain('<h2 class="govuk-heading-m">Top</h2>');
  });

  it("escapes HTML: a script tag, attributes and entities show as the characters typed", () => {
    const html = render('<script>alert("x")</script>\n\n# <img src=x onerror=alert(1)>\n\n- <b>bold</b> & co');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; co");
  });

  it("PlainText keeps paragraphs and line breaks, escaped", () => {
    expect(renderToStaticMarkup(createElement(PlainText, { text: "One\ntwo\n\n<i>three</i>" }))).toBe('<p class="govuk-body">One<br/>two</p><p class="govuk-body">&lt;i&gt;three&lt;/i&gt;</p>');
  });
});
