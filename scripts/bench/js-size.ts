/**
 * The JavaScript a browser loads for a page: every <script src> and <link rel="modulepreload"> of the
 * page's HTML, and every module those import (followed recursively), read from public/ and gzipped
 * one file at a time (level 9, as a static file server would precompress). Inline scripts (Remix's
 * loader data) are reported separately: they are the page's data, not code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { gzipSync } from "node:zlib";

export type JsSize = { files: { path: string; bytes: number; gzip: number }[]; gzipKb: number; inlineGzipKb: number };

const TAG = /<script\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g;
const IMPORT = /(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
const INLINE = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

function fileOf(root: string, url: string): string {
  const path = url.split(/[?#]/)[0];
  if (path.startsWith("/build/")) return join(root, "public/build", path.slice("/build/".length));
  return join(root, "public", path.slice(1));
}

export function pageJs(root: string, html: string): JsSize {
  const queue: string[] = [];
  for (const m of html.matchAll(TAG)) queue.push(m[1] ?? m[2] ?? m[3]);
  const seen = new Set<string>();
  const files: JsSize["files"] = [];
  while (queue.length) {
    const url = queue.shift()!;
    if (!url.startsWith("/") || seen.has(url)) continue;
    seen.add(url);
    const file = fileOf(root, url);
    if (!existsSync(file)) throw new Error(`The page loads ${url}, but ${file} does not exist`);
    const bytes = readFileSync(file);
    files.push({ path: url, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    for (const m of bytes.toString("utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith("/")) queue.push(spec);
      else if (spec.startsWith(".")) queue.push(posix.normalize(posix.join(posix.dirname(url), spec)));
    }
  }
  const inline = [...html.matchAll(INLINE)].map((m) => m[1]).join("\n");
  const kb = (n: number) => n / 1024;
  return { files, gzipKb: kb(files.reduce((n, f) => n + f.gzip, 0)), inlineGzipKb: kb(gzipSync(Buffer.from(inline), { level: 9 }).length) };
}

