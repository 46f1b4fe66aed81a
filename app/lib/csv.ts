/**
 * CSV for spreadsheets, written with csv-stringify: RFC 4180 quoting, CRLF after every record, and
 * a UTF-8 byte order mark so spreadsheets read "–" and "é" correctly.
 *
 * Spreadsheet formula injection (CWE-1236): a text cell that starts with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before reading a formula) would run as a formula
 * when the file is opened, so it gets a leading apostrophe and is shown as text. Numbers are
 * written as numbers: only text can smuggle a formula in.
 */
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
export const BOM = "\uFEFF";

/** Guards text against being read as a formula. */
export const guardFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

/** One cell as it appears in the file (guarded and quoted as needed). */
export function csvCell(value: CsvCell): string {
  return toCsv([[value]]).slice(BOM.length, -2);
}

/** The whole file: a header row and records, CRLF after every record, with a BOM first. */
export function toCsv(rows: CsvCell[][]): string {
  return stringify(rows, { bom: true, record_delimiter: "windows", quoted_match: /[\r\n]/, cast: { string: guardFormula, number: String } });
}
