/**
 * batchOutput (app/lib/pdf/batched-output.ts): pdfkit's output gathered into fewer, larger pieces
 * must be the very bytes pdfkit writes unhooked — tagged text in several embedded fonts over many
 * pages, with bookmarks, links and deflated or plain content — and still read back with pdftotext.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { batchOutput } from "../../app/lib/pdf/batched-output";
import { pdfinfo, pdftotext } from "../support/pdf";

const fonts = join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
const words = "Restorative practitioners bring victims and offenders together; the assessor’s decision — met — rests on évidence mapped to criteria".split(" ");

async function make(hooked: boolean, compress: boolean) {
  const doc = new PDFDocument({ autoFirstPage: false, compress, tagged: true, lang: "en-GB", pdfVersion: "1.7", info: { Title: "Batched output", CreationDate: new Date(Date.UTC(2026, 11, 8)) } });
  if (hooked) batchOutput(doc);
  const pieces: Buffer[] = [];
  doc.on("data", (b: Buffer) => pieces.push(b));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  doc.registerFont("body", join(fonts, "DejaVuSans.ttf"));
  doc.registerFont("bold", join(fonts, "DejaVuSans-Bold.ttf"));
  doc.registerFont("mono", join(fonts, "DejaVuSansMono.ttf"));
  const root = doc.struct("Document");
  doc.addStructure(root);
  for (let page = 1; page <= 12; page++) {
    doc.addPage();
    doc.outline.addItem(`Section ${page}`);
    doc.addNamedDestination(`s${page}`);
    root.add(
      doc.struct("H1", {}, () => {
        doc.font("bold").fontSize(14).text(`Section ${page}`, { goTo: `s${(page % 12) + 1}` });
      }),
    );
    for (let p = 0; p < 25; p++) {
      const text = Array.from({ length: 30 }, (_, i) => words[(page * 7 + p * 3 + i) % words.length]).join(" ");
      root.add(
        doc.struct("P", {}, () => {
          doc.font(p % 5 ? "body" : "mono").fontSize(8).fillColor(p % 2 ? "#0b0c0c" : "#1d3f72").text(`${p + 1}. ${text}`);
        }),
      );
    }
    doc.markContent("Artifact", { type: "Pagination" });
    doc.moveTo(50, 800).lineTo(545, 800).stroke();
    doc.endMarkedContent();
  }
  root.end();
  doc.end();
  await ended;
  return { bytes: Buffer.concat(pieces), pieces: pieces.length };
}

describe("pdfkit's output, batched", () => {
  for (const compress of [true, false]) {
    it(`is byte for byte what pdfkit writes unhooked, in far fewer pieces (${compress ? "deflated" : "plain"} content)`, async () => {
      const plain = await make(false, compress);
      const batched = await make(true, compress);
      expect(batched.bytes.length).toBeGreaterThan(20_000);
      expect(batched.bytes.equals(plain.bytes)).toBe(true);
      expect(batched.pieces * 20).toBeLessThan(plain.pieces);

      const file = join(mkdtempSync(join(tmpdir(), "batched-")), "doc.pdf");
      writeFileSync(file, batched.bytes);
      const text = pdftotext(file);
      expect(text).toContain("Section 12");
      expect(text).toContain("assessor’s decision — met — rests on évidence");
      expect(pdfinfo(file).Pages).toBe("12");
    });
  }
});
