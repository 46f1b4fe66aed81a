/**
 * What an uploaded file is, decided from its bytes and never from its name: the types the portal
 * accepts, the messages a refusal gives, and the checks that a file of each type is complete and
 * carries nothing else (a truncated image, a PDF with a ZIP riding along, a script named .txt).
 */
import { fileTypeFromFile } from "file-type";
import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { checkOfficeDocument, type OfficeCheck } from "./docx-text.server";

/** A file received into a temporary path, with its size, hash and first bytes. */
export type ReceivedFile = { tempPath: string; size: number; sha256: string; fileName: string; head: Buffer };
type Received = ReceivedFile;

/** What may be uploaded, in words; the media types stored. */
export const ACCEPTED_FILES = "PDF, Word (DOCX), OpenDocument text (ODT), PNG, JPEG, plain text, MP3 or M4A";
/** For the file input's `accept` attribute: a hint to the browser's file picker, never trusted. */
export const ACCEPT_ATTRIBUTE = ".pdf,.docx,.odt,.png,.jpg,.jpeg,.txt,.mp3,.m4a,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text,image/png,image/jpeg,text/plain,audio/mpeg,audio/mp4,audio/x-m4a";

export const MEDIA_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  png: "image/png",
  jpeg: "image/jpeg",
  text: "text/plain",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
} as const;

/** Largest file name accepted, in characters. */
export const MAX_FILE_NAME = 255;
/** Text taken from a file for the personal-data check (characters). */
export const MAX_TEXT_CHARS = 5_000_000;

export const messages = {
  none: "Select a file",
  notAllowed: `The selected file must be a ${ACCEPTED_FILES} file`,
  tooLarge: (maxBytes: number) => `The selected file must be smaller than ${formatLimit(maxBytes)}`,
  empty: "The selected file is empty",
  onlyOne: "Select only one file",
  pdfDamaged: "The selected PDF is damaged or incomplete",
  documentDamaged: "The selected document is damaged or incomplete",
  documentTooLarge: "The selected document expands to too large a size when opened, so it cannot be checked. Save it as a PDF and upload that instead",
  documentEncrypted: "The selected document is protected by a password. Remove the password and upload it again",
  documentMacros: "The selected document contains macros. Save it without macros, or as a PDF, and upload it again",
  audioDamaged: "The selected audio file is damaged or incomplete",
  imageDamaged: "The selected image is damaged or incomplete",
  video: "The selected file is a video. Upload an audio recording (MP3 or M4A) instead",
  markup: "The selected file is a web page or an SVG image, which cannot be uploaded. Save it as a PDF instead",
  textEncoding: "The selected text file must be saved with UTF-8 encoding. Save it again as UTF-8, or as a PDF",
  nameSeparators: "The file name must not contain / or \\",
  nameControl: "The file name must not contain control characters",
  nameLength: `The file name must be ${MAX_FILE_NAME} characters or fewer`,
  nameEmpty: "The selected file must have a name",
} as const;

function formatLimit(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  return kb >= 1 ? `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB` : `${bytes} bytes`;
}

// ---- deciding the type -----------------------------------------------------------------------

export type TypeDecision = { ok: true; mediaType: string; text?: string } | { ok: false; message: string };

async function readTail(path: string, size: number, length: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const n = Math.min(size, length);
    const buffer = Buffer.alloc(n);
    await fh.read(buffer, 0, n, size - n);
    return buffer;
  } finally {
    await fh.close();
  }
}

const officeRefusal = (check: Exclude<OfficeCheck, { ok: true }>): TypeDecision => ({
  ok: false,
  message: { not_zip: messages.notAllowed, not_document: messages.notAllowed, damaged: messages.documentDamaged, bomb: messages.documentTooLarge, encrypted: messages.documentEncrypted, macros: messages.documentMacros }[check.problem],
});

export async function decideType(r: Received): Promise<TypeDecision> {
  const detected = await fileTypeFromFile(r.tempPath).catch(() => undefined);
  switch (detected?.mime) {
    case "application/pdf": {
      if (r.head.subarray(0, 5).toString("latin1") !== "%PDF-") return { ok: false, message: messages.notAllowed };
      if (!(await pdfComplete(r))) return { ok: false, message: messages.pdfDamaged };
      return withoutMarkup(r, { ok: true, mediaType: MEDIA_TYPES.pdf });
    }
    case "image/png":
      return (await pngComplete(r)) ? withoutMarkup(r, { ok: true, mediaType: MEDIA_TYPES.png }) : { ok: false, message: messages.imageDamaged };
    case "image/jpeg":
      return (await jpegComplete(r)) ? withoutMarkup(r, { ok: true, mediaType: MEDIA_TYPES.jpeg }) : { ok: false, message: messages.imageDamaged };
    case "audio/mpeg": {
      // A frame-sync pattern alone is weak evidence (0xFF 0xFE also starts UTF-16 text): the frames must be real.
      const mp3 = await mp3Frames(r);
      if (mp3 === "tagged-damaged") return { ok: false, message: messages.audioDamaged };
      if (mp3 === "not-mp3") return decideText(r);
      return withoutMarkup(r, { ok: true, mediaType: MEDIA_TYPES.mp3 });
    }
    case "audio/x-m4a":
    case "audio/mp4":
    case "video/mp4": {
      const decision = await decideMp4(r);
      return decision.ok ? withoutMarkup(r, decision) : decision;
    }
    case MEDIA_TYPES.docx:
    case MEDIA_TYPES.odt:
    case "application/zip": {
      const first = await checkOfficeDocument(r.tempPath, detected.mime === MEDIA_TYPES.odt ? "odt" : "docx");
      const check = !first.ok && first.problem === "not_document" && detected.mime === "application/zip" ? await checkOfficeDocument(r.tempPath, "odt") : first;
      if (!check.ok) return officeRefusal(check);
      return { ok: true, mediaType: check.kind === "docx" ? MEDIA_TYPES.docx : MEDIA_TYPES.odt, text: check.text.slice(0, MAX_TEXT_CHARS) };
    }
    case "application/vnd.ms-word.document.macroenabled.12":
      return { ok: false, message: messages.documentMacros };
    case undefined:
      return decideText(r);
    default:
      return { ok: false, message: messages.notAllowed };
  }
}

/**
 * A complete PDF ends with %%EOF, followed by nothing but line breaks or padding (anything else
 * appended is another file riding along: a PDF+ZIP polyglot), and just before it a startxref whose
 * offset points, inside the file, at a cross-reference table ("xref") or stream ("N G obj").
 */
async function pdfComplete(r: Received): Promise<boolean> {
  const tail = (await readTail(r.tempPath, r.size, 1024)).toString("latin1");
  const eof = tail.lastIndexOf("%%EOF");
  if (eof === -1 || !/^[\s\0]*$/.test(tail.slice(eof + 5))) return false;
  const m = /startxref\s+(\d{1,12})\s*$/.exec(tail.slice(0, eof));
  if (!m) return false;
  const offset = Number(m[1]);
  if (offset < 8 || offset >= r.size) return false;
  const fh = await open(r.tempPath, "r");
  try {
    const at = Buffer.alloc(64);
    const { bytesRead } = await fh.read(at, 0, 64, offset);
    const text = at.toString("latin1", 0, bytesRead).replace(/^[\s\0]+/, "");
    return text.startsWith("xref") || /^\d+\s+\d+\s+obj\b/.test(text);
  } finally {
    await fh.close();
  }
}

/** How much of a file the structure checks hold at once. */
const WINDOW = 64 * 1024;

/** A file read by position through one window of WINDOW bytes, so a check can walk it without holding it whole. */
class FileWindow {
  private buf = Buffer.alloc(0);
  private at = 0;
  constructor(private fh: FileHandle, readonly size: number) {}

  /** Up to n bytes (n ≤ WINDOW) from p; fewer at the end of the file. */
  async bytes(p: number, n: number): Promise<Buffer> {
    if (p < this.at || p + n > this.at + this.buf.length) {
      const b = Buffer.alloc(Math.max(0, Math.min(WINDOW, this.size - p)));
      const { bytesRead } = await this.fh.read(b, 0, b.length, p);
      this.buf = b.subarray(0, bytesRead);
      this.at = p;
    }
    return this.buf.subarray(p - this.at, p - this.at + n);
  }

  async byte(p: number): Promise<number | undefined> {
    return p < this.size ? (await this.bytes(p, 1))[0] : undefined;
  }

  /** The position of the next byte equal to value at or after from, or -1. */
  async indexOf(value: number, from: number): Promise<number> {
    for (let p = from; p < this.size; ) {
      const chunk = await this.bytes(p, WINDOW);
      if (!chunk.length) break;
      const i = chunk.indexOf(value);
      if (i !== -1) return p + i;
      p += chunk.length;
    }
    return -1;
  }
}

async function withWindow<T>(r: Received, check: (w: FileWindow) => Promise<T>): Promise<T> {
  const fh = await open(r.tempPath, "r");
  try {
    return await check(new FileWindow(fh, r.size));
  } finally {
    await fh.close();
  }
}

/** A complete PNG: IHDR first, every chunk inside the file with a correct CRC, at least one IDAT, IEND last and nothing after it. */
function pngComplete(r: Received): Promise<boolean> {
  return withWindow(r, async (w) => {
    let p = 8;
    let chunks = 0;
    let idat = false;
    while (p + 12 <= r.size) {
      const header = await w.bytes(p, 8);
      const length = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      if (length > 0x7fffffff || p + 12 + length > r.size || !/^[A-Za-z]{4}$/.test(type)) return false;
      if (chunks === 0 && (type !== "IHDR" || length !== 13)) return false;
      let crc = crc32(header.subarray(4, 8));
      const end = p + 8 + length;
      for (let q = p + 8; q < end; ) {
        const piece = await w.bytes(q, Math.min(WINDOW, end - q));
        crc = crc32(piece, crc);
        q += piece.length;
      }
      if (crc >>> 0 !== (await w.bytes(end, 4)).readUInt32BE(0)) return false;
      if (type === "IDAT") idat = true;
      chunks++;
      p = end + 4;
      if (type === "IEND") return idat && p === r.size;
    }
    return false;
  });
}

/**
 * A complete JPEG: from the start-of-image marker, segments whose lengths stay inside the file, at
 * least one scan, and an end-of-image marker after the scans. (Data after the end-of-image marker
 * is allowed: phones append motion-photo video there. Web pages hidden anywhere are refused by the
 * markup check.)
 */
function jpegComplete(r: Received): Promise<boolean> {
  return withWindow(r, async (w) => {
    if ((await w.byte(0)) !== 0xff || (await w.byte(1)) !== 0xd8) return false;
    let p = 2;
    let scans = 0;
    while (p < r.size) {
      if ((await w.byte(p)) !== 0xff) return false;
      while (p < r.size && (await w.byte(p)) === 0xff) p++; // fill bytes
      const marker = await w.byte(p++);
      if (marker === undefined) return false;
      if (marker === 0xd9) return scans > 0;
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
      if (marker === 0xd8 || marker === 0x00) return false;
      if (p + 2 > r.size) return false;
      const length = (await w.bytes(p, 2)).readUInt16BE(0);
      if (length < 2 || p + length > r.size) return false;
      p += length;
      if (marker === 0xda) {
        scans++;
        // Entropy-coded data: runs to the next marker that is not a stuffed 0x00 or a restart marker.
        for (;;) {
          const next = await w.indexOf(0xff, p);
          if (next === -1 || next + 1 >= r.size) return false;
          const after = (await w.byte(next + 1))!;
          if (after === 0x00 || (after >= 0xd0 && after <= 0xd7) || after === 0xff) {
            p = next + (after === 0xff ? 1 : 2);
            continue;
          }
          p = next;
          break;
        }
      }
    }
    return false;
  });
}

const MP3_BITRATES: Record<string, number[]> = {
  "1-1": [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  "1-2": [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  "1-3": [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  "2-1": [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  "2-2": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  "2-3": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** The length of the MPEG audio frame whose header is at `p`, or 0 if there is no valid header there. */
function mp3FrameLength(b: Buffer, p: number): number {
  if (p + 4 > b.length || b[p] !== 0xff || (b[p + 1] & 0xe0) !== 0xe0) return 0;
  const version = (b[p + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
  const layer = 4 - ((b[p + 1] >> 1) & 3); // 1, 2, 3 (4 = reserved)
  const bitrateIndex = b[p + 2] >> 4;
  const rateIndex = (b[p + 2] >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return 0;
  const bitrate = MP3_BITRATES[`${version === 3 ? 1 : 2}-${layer}`][bitrateIndex] * 1000;
  const rate = MP3_RATES[version][rateIndex];
  const padding = (b[p + 2] >> 1) & 1;
  if (layer === 1) return (Math.floor((12 * bitrate) / rate) + padding) * 4;
  return Math.floor(((layer === 3 && version !== 3 ? 72 : 144) * bitrate) / rate) + padding;
}

/**
 * Whether the file is MPEG audio: after any ID3v2 tag, a valid frame header followed by another
 * (or by the end of the file, or an ID3v1 tag). "tagged-damaged": an ID3 tag with no audio after it.
 */
async function mp3Frames(r: Received): Promise<"ok" | "not-mp3" | "tagged-damaged"> {
  const fh = await open(r.tempPath, "r");
  try {
    const head = Buffer.alloc(10);
    await fh.read(head, 0, 10, 0);
    let start = 0;
    const tagged = head.toString("latin1", 0, 3) === "ID3";
    if (tagged) {
      if (head.subarray(6, 10).some((x) => x & 0x80)) return "tagged-damaged";
      start = 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]) + (head[5] & 0x10 ? 10 : 0);
    }
    const frames = Buffer.alloc(2 * 2890 + 4);
    const { bytesRead } = await fh.read(frames, 0, frames.length, start);
    const b = frames.subarray(0, bytesRead);
    const first = mp3FrameLength(b, 0);
    const ok = first > 0 && (first === r.size - start || (first + 3 <= b.length && (mp3FrameLength(b, first) > 0 || b.toString("latin1", first, first + 3) === "TAG")));
    return ok ? "ok" : tagged ? "tagged-damaged" : "not-mp3";
  } finally {
    await fh.close();
  }
}

/** Markup a browser would run, hidden in a binary file (a JPEG comment, a PNG text chunk, after a PDF): a polyglot. */
const HIDDEN_MARKUP = /<(?:script|html|svg|iframe|object|embed)[\s>/]|<\?php/i;

async function withoutMarkup(r: Received, decision: TypeDecision): Promise<TypeDecision> {
  let carry = "";
  for await (const chunk of createReadStream(r.tempPath, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    const text = carry + chunk.toString("latin1");
    if (HIDDEN_MARKUP.test(text)) return { ok: false, message: messages.markup };
    carry = text.slice(-16);
  }
  return decision;
}

/**
 * MP4 family: an M4A recording says so in its ftyp brands, but many phone recorders write "mp42"
 * or "isom"; so the movie box is read as well: it must have a sound track and no video track.
 */
async function decideMp4(r: Received): Promise<TypeDecision> {
  const fh = await open(r.tempPath, "r");
  let moovDecision: TypeDecision | undefined;
  try {
    let offset = 0;
    for (let boxes = 0; offset + 8 <= r.size && boxes < 10_000; boxes++) {
      const header = Buffer.alloc(16);
      await fh.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) boxSize = r.size - offset;
      if (boxSize < headerSize || offset + boxSize > r.size) return { ok: false, message: messages.audioDamaged };
      if (type === "moov") {
        if (moovDecision || boxSize > 32 * 1024 * 1024) return { ok: false, message: messages.audioDamaged };
        const moov = Buffer.alloc(boxSize);
        await fh.read(moov, 0, boxSize, offset);
        const handlers = new Set<string>();
        for (let i = moov.indexOf("hdlr"); i !== -1 && i + 16 <= moov.length; i = moov.indexOf("hdlr", i + 4)) handlers.add(moov.toString("latin1", i + 12, i + 16));
        if (handlers.has("vide")) return { ok: false, message: messages.video };
        moovDecision = handlers.has("soun") ? { ok: true, mediaType: MEDIA_TYPES.m4a } : { ok: false, message: messages.notAllowed };
      }
      offset += boxSize;
    }
    // Every top-level box must fit the file exactly: a recording cut short (an interrupted copy) is damaged.
    if (!moovDecision || offset !== r.size) return { ok: false, message: messages.audioDamaged };
    return moovDecision;
  } finally {
    await fh.close();
  }
}

/** Markup that a browser could run, if it were ever shown as a page: refused even though it is text. */
const MARKUP_START = /^\s*<(?:\?xml|!doctype|!--|svg|html|head|body|script|iframe|object|embed|math|style)\b/i;
const MARKUP_NEAR_START = /<(?:svg|html|script|iframe|object|embed)\b/i;

/**
 * No magic number: plain text if it is valid UTF-8 with no control characters other than tab,
 * carriage return and line feed (a byte-order mark is allowed), and is not HTML or SVG.
 */
async function decideText(r: Received): Promise<TypeDecision> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const parts: string[] = [];
  let chars = 0;
  let controls = false;
  let valid = true;
  for await (const chunk of createReadStream(r.tempPath, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    if (!controls && /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(chunk.toString("latin1"))) controls = true;
    if (controls) break;
    if (!valid) continue;
    try {
      const text = decoder.decode(chunk, { stream: true });
      if (chars < MAX_TEXT_CHARS) parts.push(text);
      chars += text.length;
    } catch {
      valid = false;
    }
  }
  if (controls) return { ok: false, message: messages.notAllowed };
  if (valid)
    try {
      parts.push(decoder.decode());
    } catch {
      valid = false;
    }
  if (!valid) return { ok: false, message: messages.textEncoding };
  const text = parts.join("").slice(0, MAX_TEXT_CHARS);
  // A script for a Unix shell or interpreter ("#!/bin/sh"): a program, not notes.
  if (/^\ufeff?#!/.test(text)) return { ok: false, message: messages.notAllowed };
  if (/[\u0080-\u009f]/.test(text)) return { ok: false, message: messages.notAllowed };
  const start = text.slice(0, 1024);
  if (MARKUP_START.test(start) || (start.trimStart().startsWith("<") && MARKUP_NEAR_START.test(start))) return { ok: false, message: messages.markup };
  return { ok: true, mediaType: MEDIA_TYPES.text, text };
}
