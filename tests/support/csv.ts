/** Reads CSV back (csv-parse), for checking what the portal writes. The formula guard's apostrophe stays: it is part of the cell. */
import { parse } from "csv-parse/sync";

export const parseCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
