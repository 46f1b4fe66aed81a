/**
 * Finds likely personal data in text a candidate saves or uploads, so the portal can ask them to
 * anonymise it or say why it must stay. Pure: no server imports, safe in the browser too.
 *
 * What is looked for, and what deliberately is not:
 * - email addresses;
 * - UK phone numbers: mobiles (07…, 11 digits), geographic and non-geographic landlines (01…, 02…,
 *   03…, 10 or 11 digits), written with spaces, dashes or brackets, also as +44 / 0044 with or
 *   without "(0)". Freephone and premium numbers (08…, 09…) are organisations', not people's, and
 *   are not flagged. A number must start with 0 or +44 and have exactly the right count of digits,
 *   so criterion codes ("A2(c).17"), times ("10:30"), year ranges ("2004-2005") and dates are not
 *   taken for phone numbers;
 * - UK postcodes in the Royal Mail format (area, district, sector, unit; also "GIR 0AA"), written in
 *   capitals, or in lower case with the space ("sw1a 1aa"); mixed case ("Sw1A 1aA") is ignored;
 * - National Insurance numbers: two prefix letters, six digits, a suffix A–D, with or without
 *   spaces, upper case. The first letter is never D, F, I, Q, U or V; the second never D, F, I, O,
 *   Q, U or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued, so HMRC's example
 *   "QQ 12 34 56 C" is not flagged;
 * - dates of birth: a date (31/12/1990, 31-12-90, 31.12.1990, 1990-12-31, 31 December 1990,
 *   31st Dec 1990, December 31, 1990, or a day and month without a year) only when a cue – "born",
 *   "DOB", "D.O.B.", "date of birth", "birth date", "birthday" – comes within a few words before
 *   it, or "(DOB)" right after it. Evidence is full of dates of sessions and meetings, so a date
 *   on its own is not flagged, and an age ("aged 34") is not personal data on its own either.
 */

export type PersonalDataKind = "email" | "phone" | "postcode" | "ni_number" | "date_of_birth";
export type PersonalDataFinding = { kind: PersonalDataKind; match: string; index: number };

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;

/**
 * A phone number candidate: "+44"/"0044" then 9–10 digits, or "0" then 9–10 digits, each digit
 * optionally preceded by one separator (space, dash, or a bracket around the area code).
 * Digits are counted and the prefix checked afterwards.
 */
const PHONE = /(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?(?:[ -]?\)?[ -]?\d){9,10}|\(?0(?:[ -]?\)?[ -]?\d){9,10})(?![\d\w])/g;

/** Royal Mail format: outward code (area + district), space optional, inward code (sector + unit). */
const POSTCODE = /(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])/gi;

const NI_NUMBER = /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;

const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DAY = "(?:0?[1-9]|[12]\\d|3[01])";
const MONTH_NUM = "(?:0?[1-9]|1[0-2])";
const DATE = new RegExp(
  "(?<![\\w/.-])(?:" +
  [
    `${DAY}[/.-]${MONTH_NUM}[/.-](?:\\d{4}|\\d{2})`, // 31/12/1990, 31-12-90, 31.12.1990
    `(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])`, // 1990-12-31
    `${DAY}(?:st|nd|rd|th)?(?: of)? (?:${MONTHS})\\b\\.?(?:,? (?:19|20)\\d{2})?`, // 31 December 1990, 3rd of March
    `(?:${MONTHS})\\b\\.? ${DAY}(?:st|nd|rd|th)?(?:,? (?:19|20)\\d{2})?`, // December 31, 1990
    `${DAY}/${MONTH_NUM}(?![/.\\d-])`, // 31/12 (a birthday without the year)
  ].join("|") +
    ")(?![\\w/])",
  "gi",
);
/** Words that say a date is someone's date of birth. */
const DOB_CUE = /\bborn\b|\bd\.? ?o\.? ?b\b\.?|\bdate of birth\b|\bbirth ?date\b|\bbirthday\b/gi;
/** At most this many words between the cue and the date. */
const DOB_CUE_WORDS = 6;
const DOB_CUE_AFTER = /^[\s,;:([-]*(?:d\.?o\.?b\b|date of birth|born)/i;

function* matches(text: string, re: RegExp): Generator<{ match: string; index: number }> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield { match: m[0], index: m.index };
    if (m[0] === "") re.lastIndex++;
  }
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

function isUkPhone(candidate: string): boolean {
  let digits = digitsOf(candidate);
  if (/^\s*(?:\+|00)44/.test(candidate)) {
    digits = digits.replace(/^(?:00)?44/, "");
    digits = digits.startsWith("0") ? digits : "0" + digits;
  }
  if (/^07\d{9}$/.test(digits)) return !/^070/.test(digits); // 070 is personal numbering, 07[1-9] mobiles and pagers
  return /^0[123]\d{8,9}$/.test(digits);
}

function isPlausiblePostcode(candidate: string): boolean {
  if (candidate === candidate.toUpperCase()) return true;
  return candidate === candidate.toLowerCase() && candidate.includes(" ");
}

function isDateOfBirth(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 80), index);
  let last: RegExpExecArray | undefined;
  for (const m of before.matchAll(DOB_CUE)) last = m;
  if (last) {
    const between = before.slice(last.index + last[0].length);
    // Words only, in the same sentence and bracket: "born on the", "DOB:", not "DOB 1/2/90) at 10:30 on".
    const onlyWords = !/[\d!?\n)\]]|\.\s/.test(between);
    if (onlyWords && between.split(/\s+/).filter(Boolean).length <= DOB_CUE_WORDS) return true;
  }
  return DOB_CUE_AFTER.test(text.slice(index + length, index + length + 25));
}

/** Likely personal data in `text`, in order of where it appears. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of matches(text, EMAIL)) found.push({ kind: "email", ...m });
  for (const m of matches(text, PHONE)) if (isUkPhone(m.match)) found.push({ kind: "phone", ...m });
  for (const m of matches(text, POSTCODE)) if (isPlausiblePostcode(m.match)) found.push({ kind: "postcode", ...m });
  for (const m of matches(text, NI_NUMBER)) found.push({ kind: "ni_number", ...m });
  for (const m of matches(text, DATE)) if (isDateOfBirth(text, m.index, m.match.length)) found.push({ kind: "date_of_birth", ...m });

  // Keep the first and longest of overlapping findings (a postcode inside an email address is part of the address).
  found.sort((a, b) => a.index - b.index || b.match.length - a.match.length);
  const kept: PersonalDataFinding[] = [];
  let end = -1;
  for (const f of found) {
    if (f.index < end) continue;
    kept.push(f);
    end = f.index + f.match.length;
  }
  return kept;
}
