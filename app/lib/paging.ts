/** Reading long lists a page at a time, and searching them. */
import { z } from "zod";

export type PageWindow = { page: number; pages: number; offset: number; size: number; first: number; last: number; total: number };

/** The page asked for, kept within the pages there are (past the last shows the last), and its rows' range. */
export function pageWindow(total: number, size: number, requested?: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(requested ?? 1) || 1), pages);
  const offset = (page - 1) * size;
  return { page, pages, offset, size, total, first: total ? offset + 1 : 0, last: Math.min(offset + size, total) };
}

/** ?page= from a query string: anything that is not a page number is the first page. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

/** A LIKE pattern (with ESCAPE '\') matching text that contains `text` literally, wildcards included. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
