/** Dates and times shown on pages, in Europe/London, the same on the server and in the browser. */
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime } from "../../app/components/page";

describe("formatDateTime", () => {
  it("says 12 for the hour after noon and after midnight, never 0", () => {
    // Node's ICU gives "0:15 pm" for en-GB with hour12; Chromium gives "12:15 pm": the page then fails to hydrate.
    expect(formatDateTime(Date.UTC(2025, 10, 26, 12, 15))).toBe("26 November 2025 at 12:15pm");
    expect(formatDateTime(Date.UTC(2025, 10, 26, 0, 15))).toBe("26 November 2025 at 12:15am");
    expect(formatTime(Date.UTC(2025, 10, 26, 12, 5))).toBe("12:05pm");
  });

  it("is London time: British Summer Time in June", () => {
    expect(formatDateTime(Date.UTC(2026, 5, 1, 23, 30))).toBe("2 June 2026 at 12:30am");
    expect(formatDate(Date.UTC(2026, 5, 1, 23, 30))).toBe("2 June 2026");
    expect(formatTime(Date.UTC(2026, 0, 1, 17, 41))).toBe("5:41pm");
  });
});
