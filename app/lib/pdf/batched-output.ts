/**
 * Fewer, larger pieces of output from pdfkit, with the same bytes in the same order.
 *
 * pdfkit 0.20 turns every operator it adds to a page into a Uint8Array of its own (a page of tables
 * is tens of thousands of them, joined into one when the page ends), and pushes every line of every
 * object it writes out (each structure element, each font, the cross-reference table) into its
 * stream as a separate Buffer. Laying out a 115-page portfolio made about a thousand young-generation
 * collections a pass and spent a quarter of its time collecting that garbage (measured 8 December
 * 2026; docs/performance.md, item 23).
 *
 * `batchOutput` keeps a page's operators as strings and converts them once when the page ends, and
 * gathers the document's lines into pieces of about 64 KB. Both conversions are pdfkit's own
 * (`charCodeAt(i) & 0xff` for each character, which is what Buffer's latin1 encoding does), and the
 * byte offsets pdfkit keeps for the cross-reference table advance exactly as before: a document is
 * byte for byte the one pdfkit writes unhooked (tests/unit/pdf-batched-output.test.ts).
 *
 * Call it before the first page is added.
 */
type Content = { write(chunk: string | Uint8Array): unknown; end(chunk?: string | Uint8Array): unknown };
type Hooked = {
  page: { content: Content };
  _offset: number;
  _write(data: string | Uint8Array): void;
  push(chunk: Uint8Array | null): boolean;
  on(event: "pageAdded", listener: () => void): unknown;
};

const PIECE = 64 * 1024;

export function batchOutput(document: object) {
  const doc = document as Hooked;

  // A page's operators: kept as strings until the page's content stream is written out.
  doc.on("pageAdded", () => {
    const content = doc.page.content;
    const write = content.write.bind(content);
    const end = content.end.bind(content);
    let ops: string[] = [];
    const flush = () => {
      if (!ops.length) return;
      ops.push("");
      write(Buffer.from(ops.join("\n"), "latin1"));
      ops = [];
    };
    content.write = (chunk) => {
      if (typeof chunk === "string") ops.push(chunk);
      else {
        flush();
        write(chunk);
      }
    };
    content.end = (chunk) => {
      if (chunk !== undefined) content.write(chunk);
      flush();
      return end();
    };
  });

  // The document's lines: gathered into pieces before they enter the stream.
  const push = doc.push.bind(doc);
  let lines: string[] = [];
  let size = 0;
  const flush = () => {
    if (!size) return;
    push(Buffer.from(lines.join(""), "latin1"));
    lines = [];
    size = 0;
  };
  doc._write = (data) => {
    if (typeof data === "string") {
      const line = `${data}\n`;
      lines.push(line);
      size += line.length;
      doc._offset += line.length;
      if (size >= PIECE) flush();
    } else {
      flush();
      push(data);
      doc._offset += data.length;
    }
  };
  doc.push = (chunk) => {
    flush();
    return push(chunk);
  };
}
