/** CSV writing and reading: RFC 4180 quoting, CRLF records, a BOM, and the formula-injection guard. */
import { describe, expect, it } from "vitest";
import { BOM, csvCell, toCsv } from "../../app/lib/csv";
import { parseCsv } from "../support/csv";

describe("csvCell", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvCell("Northvale")).toBe("Northvale");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("quotes fields with commas, quotes, carriage returns or line feeds, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hello"')).toBe('"say ""hello"""');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell("12 of 15 (80%)")).toBe("12 of 15 (80%)");
  });

  it.each(["=SUM(A1:A2)", "+1", "-1", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://example.org","x")'])("puts an apostrophe before a cell starting %j", (value) => {
    const cell = csvCell(value);
    const unquoted = cell.startsWith('"') ? parseCsv(cell)[0][0] : cell;
    expect(unquoted.startsWith("'")).toBe(true);
    expect(unquoted.slice(1)).toBe(value);
  });

  it("does not guard numbers, nor text with a formula character later on", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("A1(a) – core")).toBe("A1(a) – core");
    expect(csvCell("1+1")).toBe("1+1");
  });
});

describe("toCsv", () => {
  it("starts with a BOM and ends every record with CRLF", () => {
    expect(toCsv([["a", "b"], ["c", 1]])).toBe(`${BOM}a,b\r\nc,1\r\n`);
  });

  it("round-trips through parseCsv, awkward cells included", () => {
    const rows = [
      ["Table", "Provider", "Figure"],
      ["Criteria taught, by section", 'The "Best" Provider, Ltd', "12 of 15 (80%)"],
      ["multi\nline", "", "fewer than 5"],
      ["", "", ""],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it("round-trips a guarded cell as the guarded text", () => {
    expect(parseCsv(toCsv([["=1+1", "ok"]]))).toEqual([["'=1+1", "ok"]]);
  });
});

describe("parseCsv", () => {
  it("reads LF-only files and a last record without a line break", () => {
    expect(parseCsv("a,b\nc,d")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("reads empty fields at the ends of a record", () => {
    expect(parseCsv(",x,\r\n")).toEqual([["", "x", ""]]);
  });
});
