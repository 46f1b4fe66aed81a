/**
 * Test files built in code: small valid files of each accepted type, and the malformed or hostile
 * ones an upload must refuse. No fixtures from elsewhere; every byte is written here.
 */
import { crc32, deflateRawSync, deflateSync } from "node:zlib";

const ascii = (s: string) => Buffer.from(s, "latin1");

/** A one-page PDF with "text" on it, with a correct cross-reference table and %%EOF. */
export function pdf(text = "Reflective account"): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return ascii(body);
}

/** The first part of a PDF, as an interrupted download leaves it: no %%EOF at the end. */
export function truncatedPdf(): Buffer {
  const whole = pdf("A longer page of text so that the cut falls well before the end of the file");
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([ascii(type), data])) >>> 0);
  return Buffer.concat([length, ascii(type), data, crc]);
}

/** A 2×2 red PNG. */
export function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", deflateSync(rows)), pngChunk("IEND", Buffer.alloc(0))]);
}

function jpegSegment(marker: number, data: number[]): number[] {
  const length = data.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...data];
}

/**
 * An 8×8 mid-grey baseline JPEG: one component, one block whose DC difference is 0 and whose AC
 * coefficients are all zero, with one-symbol Huffman tables (code "0" for each), so the entropy-
 * coded data is the two bits "00", padded with ones.
 */
export function jpeg(): Buffer {
  const jfif = jpegSegment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = jpegSegment(0xdb, [0x00, ...new Array(64).fill(1)]);
  const sof = jpegSegment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
  const counts = (n: number) => [1, ...new Array(15).fill(0)].map((c, i) => (i === 0 ? n : c));
  const dhtDc = jpegSegment(0xc4, [0x00, ...counts(1), 0x00]);
  const dhtAc = jpegSegment(0xc4, [0x10, ...counts(1), 0x00]);
  const sos = jpegSegment(0xda, [1, 1, 0x00, 0, 63, 0]);
  return Buffer.from([0xff, 0xd8, ...jfif, ...dqt, ...sof, ...dhtDc, ...dhtAc, ...sos, 0x3f, 0xff, 0xd9]);
}

/** An ID3v2 tag and a few silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz). */
export function mp3(frames = 8): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([id3, ...new Array(frames).fill(frame)]);
}

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

function hdlr(handler: string): Buffer {
  return box("hdlr", Buffer.alloc(8), ascii(handler), Buffer.alloc(12), Buffer.from("handler\0"));
}

/** An MP4-family file: ftyp with the brands, a moov with one track per handler ("soun", "vide"), and an mdat. */
export function mp4(brands: string[], handlers: string[]): Buffer {
  const ftyp = box("ftyp", ascii(brands[0]), Buffer.from([0, 0, 2, 0]), ...brands.map(ascii));
  const moov = box("moov", box("mvhd", Buffer.alloc(100)), ...handlers.map((h) => box("trak", box("mdia", box("mdhd", Buffer.alloc(24)), hdlr(h)))));
  return Buffer.concat([ftyp, moov, box("mdat", Buffer.alloc(256))]);
}

/** An M4A voice recording as an iPhone writes it. */
export const m4a = () => mp4(["M4A ", "isom", "mp42"], ["soun"]);

/** `declaredSize`, `crc`, `flags` and `centralOffset` override what is written, to build broken or hostile archives. */
export type ZipInput = { name: string; data: Buffer | string; store?: boolean; declaredSize?: number; crc?: number; flags?: number; centralOffset?: number };

/** A ZIP archive written by hand: local headers, data (deflated unless `store`), central directory. */
export function zip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : e.data;
    const packed = e.store ? data : deflateRawSync(data);
    const name = Buffer.from(e.name, "utf8");
    const crc = e.crc ?? crc32(data) >>> 0;
    const flags = 0x800 | (e.flags ?? 0);
    const size = e.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(e.centralOffset ?? offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const CONTENT_TYPES = (main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

export function documentXml(paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A Word document with one paragraph per string. */
export function docx(paragraphs: string[] = ["My reflective account."], extra: ZipInput[] = []): Buffer {
  return zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES() }, { name: "_rels/.rels", data: RELS }, { name: "word/document.xml", data: documentXml(paragraphs) }, ...extra]);
}

/** A macro-enabled Word document (DOCM) with a .docx name's content. */
export function docm(): Buffer {
  return zip([
    { name: "[Content_Types].xml", data: CONTENT_TYPES("application/vnd.ms-word.document.macroEnabled.main+xml") },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: documentXml(["Macro"]) },
    { name: "word/vbaProject.bin", data: Buffer.alloc(64, 1) },
  ]);
}

/** A DOCX whose document part inflates to `megabytes` of repeated bytes: an honest zip bomb. */
export function docxBomb(megabytes = 40): Buffer {
  const huge = Buffer.alloc(megabytes * 1024 * 1024, 0x20);
  return zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES() }, { name: "_rels/.rels", data: RELS }, { name: "word/document.xml", data: huge }]);
}

/** A DOCX whose document part declares a small size but inflates to far more: a lying zip bomb. */
export function docxLyingBomb(): Buffer {
  const xml = documentXml(["x".repeat(3 * 1024 * 1024)]);
  return zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES() }, { name: "_rels/.rels", data: RELS }, { name: "word/document.xml", data: xml, declaredSize: 1000 }]);
}

/** A DOCX whose parts are marked as encrypted (password protected). */
export function encryptedDocx(): Buffer {
  return zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES(), flags: 1 }, { name: "_rels/.rels", data: RELS, flags: 1 }, { name: "word/document.xml", data: documentXml(["Secret"]), flags: 1 }]);
}

/** A DOCX whose document part fails its CRC check (damaged in transit). */
export function corruptDocx(): Buffer {
  return zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES() }, { name: "_rels/.rels", data: RELS }, { name: "word/document.xml", data: documentXml(["Damaged"]), crc: 12345 }]);
}

/** Many central-directory entries pointing at the same data: the "overlapping files" zip bomb. */
export function overlappingZipBomb(): Buffer {
  const big = Buffer.alloc(512 * 1024, 0x41);
  return zip([
    { name: "[Content_Types].xml", data: CONTENT_TYPES() },
    { name: "word/document.xml", data: big },
    ...Array.from({ length: 50 }, (_, i) => ({ name: `word/header${i + 1}.xml`, data: big, centralOffset: 0 })),
  ]);
}

/** A ZIP that is not a Word document at all, named .docx. */
export function plainZip(): Buffer {
  return zip([{ name: "notes.txt", data: "Just a zip" }]);
}

/** An OpenDocument text file with one paragraph per string. */
export function odt(paragraphs: string[] = ["My observation record."]): Buffer {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>${paragraphs.map((p) => `<text:p>${xmlEscape(p)}</text:p>`).join("")}</office:text></office:body></office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  return zip([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true },
    { name: "content.xml", data: content },
    { name: "META-INF/manifest.xml", data: manifest },
  ]);
}

/** The start of a Linux executable (ELF, x86-64). */
export function elf(): Buffer {
  const b = Buffer.alloc(512);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  b.writeUInt16LE(2, 16); // executable
  b.writeUInt16LE(0x3e, 18); // x86-64
  return b;
}

/** The start of a Windows executable (MZ header pointing at a PE header). */
export function windowsExe(): Buffer {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}

export const text = (s: string) => Buffer.from(s, "utf8");
export const svg = () => text(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>`);
export const html = () => text(`<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>`);
/** Latin-1 text (é as one byte): not valid UTF-8. */
export const latin1Text = () => Buffer.from("Caf\xe9 conversation notes\n", "latin1");
