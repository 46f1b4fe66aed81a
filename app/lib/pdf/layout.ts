/**
 * Layout primitives for the portfolio PDFs, on top of pdfkit: A4 pages with a running head, a
 * footer carrying the verification code and "Page N of M" and, on a draft, the draft mark; headings
 * that become bookmarks (the PDF outline) and link targets; paragraphs, criteria with their
 * sub-bullets, label–value lists, and grid tables whose rows never split across pages and whose
 * header row repeats on every page.
 *
 * Tagged PDF: everything is drawn inside structure elements (Document › Sect › H1–H3, P, L/LI,
 * Table/TR/TH/TD); page furniture (running head, footer, rules, cell shading, repeated table
 * headers) is marked as artifacts.
 *
 * The layout is deterministic: the same data gives the same pages. The document is rendered twice
 * (see worker.ts): first to learn the page count and the page of each contents entry, then for
 * real with "Page N of M" and the contents filled in. Nothing printed differently in the two passes
 * (page numbers, the total) changes where anything else goes. Pages are flushed as they fill, so
 * memory does not grow with the number of pages.
 */
import PDFDocument from "pdfkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Bullet } from "../../../standards/schema";
import { batchOutput } from "./batched-output";

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** pdfkit's text state, saved around the page furniture drawn when a page is added mid-paragraph. */
type TextState = { _font: unknown; _fontSize: number; _fontFamily: unknown; _fontSource: unknown; _fillColor: unknown };
/** pdfkit's open fonts, by the name each was asked for (and by PostScript name), with their shaping caches. */
type PdfkitFont = { layoutCache?: Record<string, unknown> };
type FontFamilies = { _font: PdfkitFont; _fontFamilies: Record<string, PdfkitFont> };
type OutlineNode = { addItem(title: string, options?: Record<string, unknown>): OutlineNode };

function fontDir(): string {
  try {
    return join(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json"), "..", "ttf");
  } catch {
    return join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
  }
}

/** pdfkit's own font engine, to parse each font once per process rather than once per document. */
type FontkitFont = { layout: (...args: unknown[]) => unknown };
let parsedFonts: Map<FontName, FontkitFont> | undefined;
function fonts(): Map<FontName, FontkitFont> {
  if (!parsedFonts) {
    const fontkit = createRequire(createRequire(import.meta.url).resolve("pdfkit"))("fontkit") as { create(buffer: Buffer): FontkitFont };
    const dir = fontDir();
    parsedFonts = new Map((Object.entries(FONTS) as [FontName, string][]).map(([name, file]) => [name, fontkit.create(readFileSync(join(dir, file)))]));
  }
  return parsedFonts;
}

export const FONTS = {
  body: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  narrow: "DejaVuSansCondensed.ttf",
  narrowBold: "DejaVuSansCondensed-Bold.ttf",
  mono: "DejaVuSansMono.ttf",
} as const;
export type FontName = keyof typeof FONTS;

export const COLOURS = {
  text: "#0b0c0c",
  muted: "#505a5f",
  rule: "#b1b4b6",
  faint: "#e6e7e8",
  shade: "#f3f2f1",
  accent: "#1d3f72",
  draft: "#b10e1e",
  draftShade: "#fbe9ea",
  met: "#005a30",
  notMet: "#942514",
} as const;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 92, bottom: 66, left: 56, right: 56 };
const SIZES = { body: 9, small: 7.5, table: 8, h1: 16, h2: 12.5, h3: 10.5 };
const LINE_GAP = 1.6;
/** Words whose shaping a font keeps cached (see forgetLayouts). */
const LAYOUT_CACHE_WORDS = 400;

/**
 * Heights of measured text (font, size, width, text → points), shared by both passes of a document
 * and by the next documents a warm worker makes. Bounded: emptied when it reaches MEASURED_MAX
 * entries (a few MB at most).
 */
const MEASURED = new Map<string, number>();
const MEASURED_MAX = 20_000;

/** Where the bytes go, and how the writer waits so that memory stays bounded. */
export type Sink = {
  write(chunk: Uint8Array): void;
  /** Resolves when more output may be produced (the reader has caught up). */
  ready(): Promise<void>;
};

export type WriterOptions = {
  info: { title: string; author: string; subject: string; keywords: string; creationDate: Date };
  /** Printed at the top of every page but the first. */
  runningHead: { left: string; right: string };
  code: string;
  /** Where to check the code, e.g. "https://portal.example/verify". */
  verifyAt: string;
  /** "Draft: not yet achieved", printed on every page; null when the outcome is achieved. */
  draftMark: string | null;
  /** From the first pass; null during it. */
  totalPages: number | null;
  /** Page of each anchor, from the first pass; null during it. */
  anchorPages: ReadonlyMap<string, number> | null;
  sink: Sink;
  /** Deflate the page contents (default). The first pass only counts bytes, so it skips this. */
  compress?: boolean;
};

export type Column = { header: string; width?: number; align?: "left" | "center" | "right"; font?: FontName; size?: number; /** Horizontal padding (narrow columns use less). */ pad?: number };
export type Cell = string | { text: string; font?: FontName; colour?: string; size?: number; align?: "left" | "center" | "right"; alt?: string };
export type Row = { cells: Cell[]; /** Full-width lines under the cells (e.g. hashes). */ details?: { label: string; text: string; font?: FontName }[] };

export type ContentsEntry = { anchor: string; title: string; level: 1 | 2 };

export class Writer {
  readonly doc: Doc;
  /** The page being drawn, from 1. */
  page = 0;
  /** Page of each anchor in this pass. */
  readonly anchors = new Map<string, number>();
  readonly root: Struct;
  private readonly outline: OutlineNode;
  private ops = 0;

  constructor(private readonly o: WriterOptions) {
    const parsed = fonts();
    this.doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      autoFirstPage: false,
      bufferPages: false,
      compress: o.compress ?? true,
      pdfVersion: "1.7",
      tagged: true,
      lang: "en-GB",
      displayTitle: true,
      font: parsed.get("body") as unknown as string,
      info: { Title: o.info.title, Author: o.info.author, Subject: o.info.subject, Keywords: o.info.keywords, Creator: "Restorative Practice Competency Portal", CreationDate: o.info.creationDate, ModDate: o.info.creationDate },
    });
    batchOutput(this.doc);
    for (const [name, font] of parsed) this.doc.registerFont(name, font as unknown as string);
    // pdfkit files the default font under its PostScript name only, so each font("body") opened the
    // font again and compared the two (their name tables, through JSON) before using the first one:
    // a thousand times a document. Filed under "body" as well, it is found at once like the others.
    const fontState = this.doc as unknown as FontFamilies;
    fontState._fontFamilies.body = fontState._font;
    this.doc.on("data", (chunk: Uint8Array) => o.sink.write(chunk));
    this.doc.on("pageAdded", () => this.furniture());
    this.outline = (this.doc as unknown as { outline: OutlineNode }).outline;
    this.doc.addPage();
    this.root = this.doc.struct("Document");
    this.doc.addStructure(this.root);
  }

  // ---- geometry ------------------------------------------------------------------------------

  get left() {
    return MARGIN.left;
  }
  get width() {
    return PAGE.width - MARGIN.left - MARGIN.right;
  }
  get maxY() {
    return PAGE.height - MARGIN.bottom;
  }
  get contentHeight() {
    return this.maxY - MARGIN.top;
  }
  get y() {
    return this.doc.y;
  }
  set y(value: number) {
    this.doc.y = value;
  }
  spaceLeft() {
    return this.maxY - this.doc.y;
  }
  isTopOfPage() {
    return this.doc.y <= MARGIN.top + 0.5;
  }
  newPage() {
    this.doc.addPage();
  }
  /** Starts a new page unless `height` fits on this one (a block taller than a page starts at the top). */
  ensure(height: number) {
    if (this.doc.y + height > this.maxY && !this.isTopOfPage()) this.newPage();
  }
  gap(points: number) {
    if (!this.isTopOfPage()) this.doc.y = Math.min(this.doc.y + points, this.maxY);
  }

  /** Lets the reader catch up now and then, so output never piles up in memory. */
  async checkpoint() {
    if (++this.ops % 8 === 0) await this.o.sink.ready();
  }

  // ---- text measuring ------------------------------------------------------------------------

  use(font: FontName, size: number, colour: string = COLOURS.text) {
    this.doc.font(font).fontSize(size).fillColor(colour);
    return this.doc;
  }
  /**
   * The height `text` takes wrapped to `width`. Measuring is a full line-breaking layout, and tables
   * measure each cell to place its row before drawing it, in both passes; the answer depends only on
   * the arguments (and the fonts), so it is remembered for the process (see MEASURED).
   */
  heightOf(text: string, font: FontName, size: number, width: number) {
    const key = `${font}\u0000${size}\u0000${width}\u0000${text}`;
    const known = MEASURED.get(key);
    if (known !== undefined) return known;
    this.doc.font(font).fontSize(size);
    const h = this.doc.heightOfString(text, { width, lineGap: LINE_GAP });
    if (MEASURED.size >= MEASURED_MAX) MEASURED.clear();
    MEASURED.set(key, h);
    return h;
  }
  widthOf(text: string, font: FontName, size: number) {
    this.doc.font(font).fontSize(size);
    return this.doc.widthOfString(text);
  }

  // ---- page furniture ------------------------------------------------------------------------

  /** The text, shortened with an ellipsis to fit on one line of `width` in the current font (running heads only). */
  private fit(text: string, width: number) {
    if (this.doc.widthOfString(text) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  /**
   * pdfkit caches the shaping of every distinct word per font for the whole document; hashes, file
   * names and dates make most words distinct, so the cache would grow with the document. A font's
   * cache is emptied when a page starts with more than LAYOUT_CACHE_WORDS words in it, which keeps
   * memory flat and the common words cached.
   */
  private forgetLayouts() {
    const families = (this.doc as unknown as FontFamilies)._fontFamilies;
    for (const font of Object.values(families)) if (font.layoutCache && Object.keys(font.layoutCache).length > LAYOUT_CACHE_WORDS) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }

  private furniture() {
    this.page++;
    this.forgetLayouts();
    const doc = this.doc;
    const d = doc as unknown as TextState;
    const saved: TextState = { _font: d._font, _fontSize: d._fontSize, _fontFamily: d._fontFamily, _fontSource: d._fontSource, _fillColor: d._fillColor };
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent("Artifact", { type: "Pagination" });
    doc.save();
    const right = PAGE.width - MARGIN.right;
    // Running head.
    if (this.page > 1) {
      this.use("body", SIZES.small, COLOURS.muted);
      doc.text(this.fit(this.o.runningHead.left, this.width * 0.6), MARGIN.left, 30, { lineBreak: false });
      const head = this.fit(this.o.runningHead.right, this.width * 0.38);
      doc.text(head, MARGIN.left + this.width - doc.widthOfString(head), 30, { lineBreak: false });
      doc.moveTo(MARGIN.left, 42).lineTo(right, 42).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
    }
    // The draft mark.
    if (this.o.draftMark) {
      const y = this.page > 1 ? 50 : 30;
      doc.rect(MARGIN.left, y, this.width, 20).fillColor(COLOURS.draftShade).fill();
      doc.rect(MARGIN.left, y, 3, 20).fillColor(COLOURS.draft).fill();
      this.use("bold", 9, COLOURS.draft);
      doc.text(this.o.draftMark, MARGIN.left + 10, y + 5.5, { width: this.width - 20, lineBreak: false });
      this.use("body", SIZES.small, COLOURS.draft);
      doc.text("This is not a record of achievement.", MARGIN.left + 10, y + 6.5, { width: this.width - 20, align: "right", lineBreak: false });
    }
    // Footer: the verification code and the page number.
    const fy = PAGE.height - MARGIN.bottom + 18;
    doc.moveTo(MARGIN.left, fy - 6).lineTo(right, fy - 6).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
    this.use("bold", SIZES.small, COLOURS.text);
    const label = "Verification code ";
    doc.text(label, MARGIN.left, fy, { lineBreak: false });
    const lw = doc.widthOfString(label);
    this.use("mono", SIZES.small + 0.5, COLOURS.text);
    doc.text(this.o.code, MARGIN.left + lw, fy - 0.5, { lineBreak: false });
    const total = this.o.totalPages === null ? "?" : String(this.o.totalPages);
    this.use("body", SIZES.small, COLOURS.text);
    doc.text(`Page ${this.page} of ${total}`, MARGIN.left, fy, { width: this.width, align: "right", lineBreak: false });
    this.use("body", SIZES.small - 0.5, COLOURS.muted);
    doc.text(`Check this document and its code at ${this.o.verifyAt}`, MARGIN.left, fy + 11, { width: this.width, lineBreak: false, ellipsis: true });
    doc.restore();
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
    Object.assign(d, saved);
    doc.x = MARGIN.left;
    doc.y = MARGIN.top;
  }

  /** Draws page furniture-like decoration (rules, shading) as an artifact, outside any structure element. */
  artifact(draw: () => void) {
    const doc = this.doc;
    const d = doc as unknown as TextState;
    const saved: TextState = { _font: d._font, _fontSize: d._fontSize, _fontFamily: d._fontFamily, _fontSource: d._fontSource, _fillColor: d._fillColor };
    const { x, y } = doc;
    doc.markContent("Artifact", { type: "Layout" });
    doc.save();
    draw();
    doc.restore();
    doc.endMarkedContent();
    Object.assign(d, saved);
    doc.x = x;
    doc.y = y;
  }

  // ---- structure and headings ----------------------------------------------------------------

  /**
   * A structure element that lets go of its dictionary once written out. The structure tree's
   * parent tree keeps a reference to every element until the document ends; without this each would
   * keep its whole dictionary, and memory would grow with the number of table cells.
   */
  private struct(type: string, options: { alt?: string; actual?: string } = {}, draw?: () => void): Struct {
    const el = draw ? this.doc.struct(type, options, draw) : this.doc.struct(type, options);
    const internal = el as unknown as { _flush(): void; _flushed?: boolean; dictionary: { data: Record<string, unknown> } };
    const flush = internal._flush.bind(el);
    internal._flush = () => {
      flush();
      // Written: only its parent (which _isFlushable checks) is still read.
      if (internal._flushed) internal.dictionary.data = { P: internal.dictionary.data.P };
    };
    return el;
  }

  /** A structure element drawn by `draw` (which must not start a page itself), added to `parent`. */
  tag(parent: Struct, type: string, draw: () => void, options: { alt?: string; actual?: string } = {}, attributes?: Record<string, unknown>) {
    const el = this.struct(type, options, draw);
    // Attributes go on before the element is attached: attaching draws it and writes it out.
    if (attributes) setAttributes(el, attributes);
    parent.add(el);
    return el;
  }
  /** An empty structure element to put others in; end it with `.end()`. */
  group(parent: Struct, type: string) {
    const el = this.struct(type);
    parent.add(el);
    return el;
  }

  /**
   * A heading: keeps `keep` points of what follows on the same page, becomes a bookmark (under
   * `under`, or at the top level) and a link target, and is tagged H1–H3.
   */
  heading(parent: Struct, level: 1 | 2 | 3, text: string, options: { anchor?: string; under?: OutlineNode | null; keep?: number; outline?: boolean; outlineTitle?: string; /** A level 1 heading starts a new page unless this is false. */ fresh?: boolean } = {}): OutlineNode | null {
    const size = level === 1 ? SIZES.h1 : level === 2 ? SIZES.h2 : SIZES.h3;
    const before = level === 1 ? 18 : level === 2 ? 14 : 9;
    const h = this.heightOf(text, "bold", size, this.width);
    if (level === 1 && options.fresh !== false && !this.isTopOfPage()) this.newPage();
    else {
      this.ensure(before + h + (options.keep ?? 40));
      this.gap(before);
    }
    const top = this.doc.y;
    if (options.anchor) {
      this.anchors.set(options.anchor, this.page);
      this.doc.addNamedDestination(options.anchor, "XYZ", 0, top, null);
    }
    let node: OutlineNode | null = null;
    if (options.outline !== false) node = (options.under ?? this.outline).addItem(options.outlineTitle ?? text, { expanded: level === 1, top: top - 6, left: PAGE.width });
    this.tag(parent, `H${level}`, () => {
      this.use("bold", size, level === 1 ? COLOURS.accent : COLOURS.text).text(text, this.left, top, { width: this.width, lineGap: LINE_GAP });
    });
    if (level === 1) {
      const y = this.doc.y + 2;
      this.artifact(() => this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1.2).strokeColor(COLOURS.accent).stroke());
      this.doc.y = y + 10;
    } else this.doc.y += level === 2 ? 5 : 3;
    return node;
  }

  // ---- paragraphs ----------------------------------------------------------------------------

  paragraph(parent: Struct, text: string, options: { font?: FontName; size?: number; colour?: string; indent?: number; after?: number; type?: string; keep?: boolean } = {}) {
    const font = options.font ?? "body";
    const size = options.size ?? SIZES.body;
    const x = this.left + (options.indent ?? 0);
    const width = this.width - (options.indent ?? 0);
    const h = this.heightOf(text, font, size, width);
    if (options.keep !== false && h <= this.contentHeight) this.ensure(h);
    else this.ensure(Math.min(h, 3 * size * 1.4));
    const y = this.doc.y;
    this.tag(parent, options.type ?? "P", () => {
      this.use(font, size, options.colour ?? COLOURS.text).text(text, x, y, { width, lineGap: LINE_GAP });
    });
    this.doc.x = this.left;
    this.doc.y += options.after ?? 4;
  }

  /** A bulleted list of plain strings. */
  list(parent: Struct, items: string[], options: { indent?: number; size?: number } = {}) {
    const l = this.group(parent, "L");
    for (const item of items) this.listItem(l, "•", item, options.indent ?? 0, options.size ?? SIZES.body, "body");
    l.end();
    this.doc.y += 2;
  }

  private listItem(l: Struct, mark: string, text: string, indent: number, size: number, font: FontName) {
    const x = this.left + indent;
    const width = this.width - indent - 11;
    const h = this.heightOf(text, font, size, width);
    this.ensure(Math.min(h, this.contentHeight));
    const y = this.doc.y;
    const li = this.group(l, "LI");
    this.tag(li, "Lbl", () => this.use("body", size, COLOURS.muted).text(mark, x, y, { width: 10, lineBreak: false }));
    this.tag(li, "LBody", () => this.use(font, size).text(text, x + 11, y, { width, lineGap: LINE_GAP }));
    li.end();
    this.doc.x = this.left;
    this.doc.y += 1.5;
  }

  // ---- criteria --------------------------------------------------------------------------------

  /** Height of a criterion drawn by `criterion` (to keep it on one page). */
  criterionHeight(item: { statement: string | null; title: string | null; bullets: Bullet[] | null }, o: { indent?: number; codeWidth?: number; size?: number } = {}) {
    const size = o.size ?? SIZES.body;
    const textX = (o.indent ?? 0) + (o.codeWidth ?? 62);
    const width = this.width - textX;
    let h = this.heightOf(item.statement ?? item.title ?? "", "body", size, width) + 2;
    for (const b of item.bullets ?? []) {
      const t = typeof b === "string" ? b : b.text;
      h += this.heightOf(t, "body", size, width - 11) + 1.5;
      if (typeof b !== "string") for (const s of b.bullets) h += this.heightOf(s, "body", size, width - 22) + 1.5;
    }
    return h + 4;
  }

  /**
   * A criterion in full: its code in a column on the left, its statement, and its sub-bullets (and
   * theirs). Kept on one page when it fits on one.
   */
  criterion(parent: Struct, item: { code: string; statement: string | null; title: string | null; bullets: Bullet[] | null }, o: { indent?: number; codeWidth?: number; size?: number; codeColour?: string } = {}) {
    const size = o.size ?? SIZES.body;
    const indent = o.indent ?? 0;
    const codeWidth = o.codeWidth ?? 62;
    const textX = this.left + indent + codeWidth;
    const width = this.width - indent - codeWidth;
    const total = this.criterionHeight(item, o);
    if (total <= this.contentHeight) this.ensure(total);
    const div = this.group(parent, "Div");
    const y = this.doc.y;
    this.tag(div, "P", () => this.use("bold", size, o.codeColour ?? COLOURS.text).text(item.code, this.left + indent, y, { width: codeWidth - 4, lineGap: LINE_GAP }));
    this.doc.y = y;
    this.tag(div, "P", () => this.use("body", size).text(item.statement ?? item.title ?? "", textX, y, { width, lineGap: LINE_GAP }));
    this.doc.y += 2;
    if (item.bullets?.length) {
      const l = this.group(div, "L");
      for (const b of item.bullets) {
        if (typeof b === "string") this.listItem(l, "•", b, indent + codeWidth, size, "body");
        else {
          this.listItem(l, "•", b.text, indent + codeWidth, size, "body");
          const sub = this.group(l, "L");
          for (const s of b.bullets) this.listItem(sub, "–", s, indent + codeWidth + 11, size, "body");
          sub.end();
        }
      }
      l.end();
    }
    div.end();
    this.doc.x = this.left;
    this.doc.y += 4;
  }

  // ---- label–value lists -----------------------------------------------------------------------

  /**
   * Labels and values in two columns (tagged as a table with row headers). A row is kept on one page
   * unless it is taller than a page (long feedback), when its value flows on.
   */
  keyValues(parent: Struct, rows: [string, string | { text: string; font?: FontName; colour?: string }][], o: { labelWidth?: number; indent?: number; size?: number } = {}) {
    const size = o.size ?? SIZES.body;
    const indent = o.indent ?? 0;
    const labelWidth = o.labelWidth ?? 128;
    const valueX = this.left + indent + labelWidth;
    const width = this.width - indent - labelWidth;
    const table = this.group(parent, "Table");
    for (const [label, raw] of rows) {
      const value = typeof raw === "string" ? { text: raw } : raw;
      const font = value.font ?? "body";
      const h = Math.max(this.heightOf(label, "bold", size, labelWidth - 8), this.heightOf(value.text || " ", font, size, width));
      if (h <= this.contentHeight) this.ensure(h + 3);
      else this.ensure(4 * size * 1.4);
      const y = this.doc.y;
      const tr = this.group(table, "TR");
      this.tag(tr, "TH", () => this.use("bold", size, COLOURS.text).text(label, this.left + indent, y, { width: labelWidth - 8, lineGap: LINE_GAP }), {}, { O: "Table", Scope: "Row" });
      const afterLabel = this.doc.y;
      const startPage = this.page;
      this.doc.y = y;
      this.tag(tr, "TD", () => this.use(font, size, value.colour ?? COLOURS.text).text(value.text || " ", valueX, y, { width, lineGap: LINE_GAP }));
      tr.end();
      if (this.page === startPage) this.doc.y = Math.max(this.doc.y, afterLabel);
      this.doc.x = this.left;
      this.doc.y += 3;
    }
    table.end();
    this.doc.y += 2;
  }

  // ---- grid tables -----------------------------------------------------------------------------

  /**
   * A grid table: a shaded header row repeated at the top of every page it continues on, rows that
   * never split across pages, and an optional full-width detail line under a row's cells.
   */
  async table(parent: Struct, columns: Column[], rows: Row[], o: { size?: number; caption?: string } = {}) {
    const size = o.size ?? SIZES.table;
    const padY = 3;
    const fixed = columns.reduce((s, c) => s + (c.width ?? 0), 0);
    const flexible = columns.filter((c) => c.width === undefined).length;
    const widths = columns.map((c) => c.width ?? Math.max(40, (this.width - fixed) / Math.max(1, flexible)));
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const padX = columns.map((c) => c.pad ?? 3.5);
    const inner = (i: number) => widths[i] - 2 * padX[i];
    const fontOf = (c: Cell, col: Column): FontName => (typeof c === "string" ? undefined : c.font) ?? col.font ?? "narrow";
    const sizeOf = (c: Cell, col: Column) => (typeof c === "string" ? undefined : c.size) ?? col.size ?? size;
    const textOf = (c: Cell) => (typeof c === "string" ? c : c.text);
    const detailSize = size - 0.8;
    const detailLabelWidth = (r: Row) => Math.max(0, ...(r.details ?? []).map((d) => this.widthOf(`${d.label} `, "narrowBold", detailSize)));
    const detailHeights = (r: Row) => (r.details ?? []).map((d) => this.heightOf(d.text, d.font ?? "mono", detailSize, this.width - 7 - detailLabelWidth(r)) + 1);
    const headerHeight = Math.max(...columns.map((c, i) => this.heightOf(c.header, "narrowBold", c.size ?? size, inner(i)))) + 2 * padY;
    const cellsHeight = (r: Row) => Math.max(...r.cells.map((c, i) => this.heightOf(textOf(c) || " ", fontOf(c, columns[i]), sizeOf(c, columns[i]), inner(i)))) + 2 * padY;
    const rowHeight = (r: Row) => cellsHeight(r) + detailHeights(r).reduce((s, h) => s + h, 0) + (r.details?.length ? padY : 0);

    const table = this.group(parent, "Table");
    if (o.caption) {
      this.ensure(this.heightOf(o.caption, "italic", size, this.width) + headerHeight + (rows[0] ? rowHeight(rows[0]) : 0) + 4);
      const y = this.doc.y;
      this.tag(table, "Caption", () => this.use("italic", size, COLOURS.muted).text(o.caption!, this.left, y, { width: this.width, lineGap: LINE_GAP }));
      this.doc.y += 3;
    }
    const drawHeader = (repeat: boolean) => {
      const y = this.doc.y;
      this.artifact(() => {
        this.doc.rect(this.left, y, this.width, headerHeight).fillColor(COLOURS.shade).fill();
        this.doc.moveTo(this.left, y + headerHeight).lineTo(this.left + this.width, y + headerHeight).lineWidth(0.8).strokeColor(COLOURS.muted).stroke();
      });
      const drawCell = (c: Column, i: number) => this.use("narrowBold", c.size ?? size).text(c.header, xs[i] + padX[i], y + padY, { width: inner(i), align: c.align ?? "left", lineGap: LINE_GAP });
      if (repeat) this.artifact(() => columns.forEach(drawCell));
      else {
        const tr = this.group(table, "TR");
        columns.forEach((c, i) => this.tag(tr, "TH", () => drawCell(c, i), {}, { O: "Table", Scope: "Column" }));
        tr.end();
      }
      this.doc.x = this.left;
      this.doc.y = y + headerHeight;
    };
    this.ensure(headerHeight + (rows[0] ? rowHeight(rows[0]) : 0));
    drawHeader(false);
    let n = 0;
    for (const r of rows) {
      const h = rowHeight(r);
      if (this.doc.y + h > this.maxY) {
        this.newPage();
        drawHeader(true);
      }
      const y = this.doc.y;
      const tr = this.group(table, "TR");
      r.cells.forEach((c, i) => {
        const td = this.struct("TD", typeof c !== "string" && c.alt ? { alt: c.alt } : {});
        tr.add(td);
        const text = textOf(c);
        if (text)
          td.add(() => {
            this.use(fontOf(c, columns[i]), sizeOf(c, columns[i]), (typeof c === "string" ? undefined : c.colour) ?? COLOURS.text).text(text, xs[i] + padX[i], y + padY, {
              width: inner(i),
              align: (typeof c === "string" ? undefined : c.align) ?? columns[i].align ?? "left",
              lineGap: LINE_GAP,
            });
          });
        td.end();
      });
      tr.end();
      if (r.details?.length) {
        const labelWidth = detailLabelWidth(r);
        const heights = detailHeights(r);
        let dy = y + cellsHeight(r) - 1;
        r.details.forEach((d, i) => {
          const ly = dy;
          const dtr = this.group(table, "TR");
          this.tag(
            dtr,
            "TD",
            () => {
              this.use("narrowBold", detailSize, COLOURS.muted).text(d.label, this.left + 3.5, ly + 0.5, { width: labelWidth, lineBreak: false });
              this.use(d.font ?? "mono", detailSize, COLOURS.text).text(d.text, this.left + 3.5 + labelWidth, ly, { width: this.width - 7 - labelWidth, lineGap: LINE_GAP });
            },
            {},
            { O: "Table", ColSpan: columns.length },
          );
          dtr.end();
          dy += heights[i];
        });
      }
      this.artifact(() => this.doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.4).strokeColor(COLOURS.rule).stroke());
      this.doc.x = this.left;
      this.doc.y = y + h;
      if (++n % 10 === 0) await this.checkpoint();
    }
    table.end();
    this.doc.y += 8;
  }

  // ---- contents and signatures -----------------------------------------------------------------

  /** The contents: each entry with dot leaders, its page (from the first pass) and a link to it. */
  contents(parent: Struct, entries: ContentsEntry[]) {
    const l = this.group(parent, "TOC");
    for (const e of entries) {
      const indent = e.level === 1 ? 0 : 16;
      const font: FontName = e.level === 1 ? "bold" : "body";
      const size = e.level === 1 ? SIZES.body + 0.5 : SIZES.body;
      const page = this.o.anchorPages?.get(e.anchor);
      const pageText = page === undefined ? "…" : String(page);
      const gapBefore = e.level === 1 ? 5 : 1;
      this.ensure(size * 1.6 + gapBefore);
      this.doc.y += gapBefore;
      const y = this.doc.y;
      const titleWidth = this.width - indent - 40;
      const h = this.heightOf(e.title, font, size, titleWidth);
      const item = this.group(l, "TOCI");
      this.tag(item, "Reference", () => {
        this.use(font, size).text(e.title, this.left + indent, y, { width: titleWidth, lineGap: LINE_GAP, goTo: e.anchor });
      });
      // Dot leaders from the end of the title's last line to the page number.
      const lastLine = this.doc.y - size * 1.2 - LINE_GAP;
      const titleEnd = this.left + indent + Math.min(titleWidth, this.lastLineWidth(e.title, font, size, titleWidth)) + 4;
      const numberX = this.left + this.width - 30;
      this.artifact(() => {
        this.use("body", size, COLOURS.rule);
        const dot = this.doc.widthOfString(". ");
        const count = Math.max(0, Math.floor((numberX - titleEnd - 2) / dot));
        if (count) this.doc.text(". ".repeat(count), titleEnd, Math.max(y, lastLine), { lineBreak: false });
      });
      this.tag(item, "Lbl", () => this.use(font, size).text(pageText, numberX, Math.max(y, lastLine), { width: 30, align: "right", lineBreak: false }));
      item.end();
      this.doc.x = this.left;
      this.doc.y = y + h;
    }
    l.end();
  }

  private lastLineWidth(text: string, font: FontName, size: number, width: number) {
    // Greedy word wrap, as pdfkit does, to find where the last line ends.
    this.doc.font(font).fontSize(size);
    let line = "";
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (this.doc.widthOfString(next) > width && line) line = word;
      else line = next;
    }
    return this.doc.widthOfString(line);
  }

  /** Signature lines for a paper copy: name, role and date printed, a line to sign on. */
  signatures(parent: Struct, people: { role: string; name: string; date: string }[]) {
    const colWidth = (this.width - 24) / 2;
    for (let i = 0; i < people.length; i += 2) {
      this.ensure(92);
      const y = this.doc.y;
      people.slice(i, i + 2).forEach((p, j) => {
        const x = this.left + j * (colWidth + 24);
        const div = this.group(parent, "Div");
        this.tag(div, "P", () => this.use("bold", SIZES.body).text(p.role, x, y, { width: colWidth }));
        this.tag(div, "P", () => this.use("body", SIZES.body).text(`Name: ${p.name}`, x, y + 15, { width: colWidth }));
        this.tag(div, "P", () => this.use("body", SIZES.body).text(`Date: ${p.date}`, x, y + 29, { width: colWidth }));
        this.tag(div, "P", () => this.use("body", SIZES.small, COLOURS.muted).text("Signature", x, y + 70, { width: colWidth }));
        div.end();
        this.artifact(() => this.doc.moveTo(x + 44, y + 78).lineTo(x + colWidth, y + 78).lineWidth(0.6).strokeColor(COLOURS.muted).stroke());
      });
      this.doc.x = this.left;
      this.doc.y = y + 92;
    }
  }

  /** A bordered box with a coloured edge, for the outcome on the cover and at the end. */
  statusBox(parent: Struct, title: string, lines: string[], colour: string) {
    const width = this.width;
    const h = 14 + this.heightOf(title, "bold", 13, width - 30) + lines.reduce((s, l) => s + this.heightOf(l, "body", SIZES.body, width - 30) + 2, 0) + 10;
    this.ensure(h);
    const y = this.doc.y;
    this.artifact(() => {
      this.doc.rect(this.left, y, width, h).lineWidth(0.8).strokeColor(colour).stroke();
      this.doc.rect(this.left, y, 5, h).fillColor(colour).fill();
    });
    const div = this.group(parent, "Div");
    this.tag(div, "P", () => this.use("bold", 13, colour).text(title, this.left + 18, y + 10, { width: width - 30, lineGap: LINE_GAP }));
    for (const l of lines) {
      const ly = this.doc.y + 2;
      this.tag(div, "P", () => this.use("body", SIZES.body).text(l, this.left + 18, ly, { width: width - 30, lineGap: LINE_GAP }));
    }
    div.end();
    this.doc.x = this.left;
    this.doc.y = y + h + 10;
  }

  /** Ends the document; the sink receives the last bytes before the returned promise resolves. */
  end(): Promise<void> {
    this.root.end();
    return new Promise((resolve, reject) => {
      this.doc.once("end", resolve);
      this.doc.once("error", reject);
      this.doc.end();
    });
  }
}

/** Sets a structure element's attribute dictionary (table header scope, column span). */
function setAttributes(el: Struct, attributes: Record<string, unknown>) {
  (el as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = attributes;
}

export { SIZES, LINE_GAP };
