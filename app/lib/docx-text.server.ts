/**
 * Reading the uploaded office documents that are ZIP archives (Word DOCX, OpenDocument ODT):
 * checking that the archive is what it says and is safe to open, and taking out its text for the
 * personal-data check.
 *
 * Only the central directory is trusted for the list of entries, and it is checked before anything
 * is decompressed: a limited number of entries, no encrypted entries, only stored or deflated data,
 * no two entries with the same name, no entries overlapping one another (the "overlapping files"
 * zip bomb), and declared uncompressed sizes and compression ratios within limits (the classic zip
 * bomb). Declared sizes can lie, so every entry that is inflated is inflated with an output limit of
 * its declared size and its CRC-32 is checked. Nothing is written to disk.
 */
import { open, type FileHandle } from "node:fs/promises";
import { crc32, inflateRawSync } from "node:zlib";

/** Limits for an archive to be opened at all. */
export const ZIP_LIMITS = {
  entries: 5_000,
  centralDirectoryBytes: 2 * 1024 * 1024,
  /** All entries together, as declared. */
  totalUncompressedBytes: 512 * 1024 * 1024,
  /** One entry whose text is read. */
  entryUncompressedBytes: 32 * 1024 * 1024,
  /** Uncompressed ÷ compressed, for entries over `ratioFromBytes`; real XML stays well below. */
  ratio: 200,
  ratioFromBytes: 1024 * 1024,
} as const;

export type ZipEntry = { name: string; method: number; flags: number; crc: number; compressedSize: number; uncompressedSize: number; localHeaderOffset: number };

export type ZipProblem = "not_zip" | "damaged" | "bomb" | "encrypted";
export class ZipError extends Error {
  constructor(readonly problem: ZipProblem, detail: string) {
    super(detail);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipError("damaged", "unexpected end of file");
  return buffer;
}

/** The entries of the archive at `path`, from its central directory, after the safety checks. */
export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, "r");
  try {
    return await readCentralDirectory(fh);
  } finally {
    await fh.close();
  }
}

async function readCentralDirectory(fh: FileHandle): Promise<ZipEntry[]> {
  const size = (await fh.stat()).size;
  if (size < 22) throw new ZipError("not_zip", "too small for a ZIP archive");
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipError("not_zip", "no end of central directory");
  const disk = tail.readUInt16LE(eocd + 4);
  const cdDisk = tail.readUInt16LE(eocd + 6);
  const entriesOnDisk = tail.readUInt16LE(eocd + 8);
  const entries = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== entries) throw new ZipError("damaged", "multi-disk archives are not supported");
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipError("bomb", "ZIP64 archives are not supported");
  if (entries > ZIP_LIMITS.entries) throw new ZipError("bomb", `more than ${ZIP_LIMITS.entries} entries`);
  if (cdSize > ZIP_LIMITS.centralDirectoryBytes) throw new ZipError("bomb", "central directory too large");
  const eocdPosition = size - tailLength + eocd;
  if (cdOffset + cdSize > eocdPosition) throw new ZipError("damaged", "central directory outside the file");

  const cd = await readAt(fh, cdOffset, cdSize);
  const list: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError("damaged", "bad central directory entry");
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    const compressedSize = cd.readUInt32LE(p + 20);
    const uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const localHeaderOffset = cd.readUInt32LE(p + 42);
    if (p + 46 + nameLength > cd.length) throw new ZipError("damaged", "bad central directory entry");
    const name = cd.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1 || flags & 0x40) throw new ZipError("encrypted", `${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipError("damaged", `${name} uses compression method ${method}`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) throw new ZipError("bomb", "ZIP64 entries are not supported");
    if (names.has(name)) throw new ZipError("damaged", `${name} appears twice`);
    names.add(name);
    if (method === 0 && compressedSize !== uncompressedSize) throw new ZipError("damaged", `${name} sizes disagree`);
    if (uncompressedSize > ZIP_LIMITS.ratioFromBytes && uncompressedSize > compressedSize * ZIP_LIMITS.ratio) throw new ZipError("bomb", `${name} expands too much`);
    total += uncompressedSize;
    if (total > ZIP_LIMITS.totalUncompressedBytes) throw new ZipError("bomb", "expands to too much in total");
    if (localHeaderOffset + 30 + compressedSize > cdOffset) throw new ZipError("damaged", `${name} lies outside the archive`);
    list.push({ name, method, flags, crc, compressedSize, uncompressedSize, localHeaderOffset });
  }

  // No entry's data may overlap the next entry's header: that is how overlapping-file bombs make a
  // small archive expand to an enormous size.
  const byOffset = [...list].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i];
    const next = i + 1 < byOffset.length ? byOffset[i + 1].localHeaderOffset : cdOffset;
    if (e.localHeaderOffset + 30 + e.compressedSize > next) throw new ZipError("bomb", `${e.name} overlaps another entry`);
  }
  return list;
}

/** The uncompressed bytes of one entry, inflated no further than its declared size, CRC checked. */
export async function readZipEntry(path: string, entry: ZipEntry): Promise<Buffer> {
  if (entry.uncompressedSize > ZIP_LIMITS.entryUncompressedBytes) throw new ZipError("bomb", `${entry.name} is too large to read`);
  const fh = await open(path, "r");
  let data: Buffer;
  try {
    const header = await readAt(fh, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL) throw new ZipError("damaged", `${entry.name} has no local header`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    data = await readAt(fh, start, entry.compressedSize);
  } finally {
    await fh.close();
  }
  let out: Buffer;
  if (entry.method === 0) out = data;
  else
    try {
      out = entry.uncompressedSize === 0 ? Buffer.alloc(0) : inflateRawSync(data, { maxOutputLength: entry.uncompressedSize });
    } catch (e) {
      const tooLarge = e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw new ZipError(tooLarge ? "bomb" : "damaged", `${entry.name} could not be inflated`);
    }
  if (out.length !== entry.uncompressedSize || crc32(out) >>> 0 !== entry.crc >>> 0) throw new ZipError("damaged", `${entry.name} is corrupt`);
  return out;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] !== "#") return ENTITIES[e.toLowerCase()] ?? "";
    const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

/** Text of a WordprocessingML part: runs of <w:t>, tabs and breaks, a line per paragraph. */
export function wordXmlText(xml: string): string {
  const out: string[] = [];
  const token = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(?:tab|br|cr)\b[^>]*\/?>|<\/w:p>|<w:delText(?:\s[^>]*)?>[^<]*<\/w:delText>/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const t = m[0];
    if (m[1] !== undefined) out.push(decodeXml(m[1]));
    else if (t.startsWith("<w:tab")) out.push("\t");
    else if (t.startsWith("<w:br") || t.startsWith("<w:cr") || t === "</w:p>") out.push("\n");
  }
  return out.join("");
}

/** Text of an OpenDocument content.xml: text nodes, a line per paragraph or heading. */
export function odfXmlText(xml: string): string {
  return decodeXml(
    xml
      .replace(/<text:tab\s*\/>/g, "\t")
      .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n: string | undefined) => " ".repeat(Math.min(Number(n ?? 1), 100)))
      .replace(/<text:line-break\s*\/>|<\/text:(?:p|h)>/g, "\n")
      .replace(/<[^>]*>/g, ""),
  );
}

/** Word parts that hold text a reader sees: the body, headers, footers, notes and comments. */
const WORD_TEXT_PART = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

export type OfficeKind = "docx" | "odt";
export type OfficeCheck = { ok: true; kind: OfficeKind; text: string } | { ok: false; problem: ZipProblem | "not_document" | "macros" };

/**
 * Whether the archive at `path` really is the office document `expected` and is safe; if so,
 * its text. A DOCX needs [Content_Types].xml declaring a Word main document and word/document.xml,
 * and no macros; an ODT needs the "mimetype" entry saying so and content.xml.
 */
export async function checkOfficeDocument(path: string, expected: OfficeKind): Promise<OfficeCheck> {
  try {
    const entries = await zipEntries(path);
    const byName = new Map(entries.map((e) => [e.name, e]));
    if (expected === "docx") {
      const types = byName.get("[Content_Types].xml");
      const document = byName.get("word/document.xml");
      if (!types || !document) return { ok: false, problem: "not_document" };
      const typesXml = (await readZipEntry(path, types)).toString("utf8");
      if (/macroEnabled/i.test(typesXml) || entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) return { ok: false, problem: "macros" };
      if (!typesXml.includes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")) return { ok: false, problem: "not_document" };
      const parts = entries.filter((e) => WORD_TEXT_PART.test(e.name)).sort((a, b) => (a.name === "word/document.xml" ? -1 : b.name === "word/document.xml" ? 1 : a.name.localeCompare(b.name)));
      const texts: string[] = [];
      for (const part of parts) texts.push(wordXmlText((await readZipEntry(path, part)).toString("utf8")));
      return { ok: true, kind: "docx", text: texts.join("\n").trim() };
    }
    const mimetype = byName.get("mimetype");
    const content = byName.get("content.xml");
    if (!mimetype || !content || mimetype.uncompressedSize > 100) return { ok: false, problem: "not_document" };
    if ((await readZipEntry(path, mimetype)).toString("ascii") !== "application/vnd.oasis.opendocument.text") return { ok: false, problem: "not_document" };
    if (entries.some((e) => /^Basic\/|^Scripts\//.test(e.name))) return { ok: false, problem: "macros" };
    return { ok: true, kind: "odt", text: odfXmlText((await readZipEntry(path, content)).toString("utf8")).trim() };
  } catch (e) {
    if (e instanceof ZipError) return { ok: false, problem: e.problem };
    throw e;
  }
}
