/**
 * Dates in Europe/London, the portal's time zone. The formatters are built once: building one costs
 * far more than formatting with it, and these run on every report and form check.
 */
const ISO_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
const HOUR = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" });
const CALENDAR_DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "2026-05-12" → "12 May 2026" (a calendar date: no time zone shift). */
export const displayIsoDate = (iso: string) => {
  const t = Date.parse(`${iso}T12:00:00Z`);
  return Number.isNaN(t) ? iso : CALENDAR_DATE.format(new Date(t));
};

/** The London date (YYYY-MM-DD) at `ms`; today by default. */
export const londonToday = (ms = Date.now()) => ISO_DATE.format(new Date(ms));

/** London midnight at the start of a YYYY-MM-DD date, in epoch milliseconds. */
export function londonMidnight(date: string): number {
  const utc = Date.parse(`${date}T00:00:00Z`);
  // London is UTC or UTC+1: try both and keep the one that is midnight in London.
  for (const offset of [0, 1]) {
    const ms = utc - offset * 3600_000;
    if (HOUR.format(new Date(ms)) === "00") return ms;
  }
  return utc;
}
