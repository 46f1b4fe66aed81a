/** Likely personal data in evidence text: each kind found, and the near misses left alone. */
import { describe, expect, it } from "vitest";
import { findPersonalData, type PersonalDataKind } from "../../app/lib/personal-data";

const kinds = (text: string) => findPersonalData(text).map((f) => `${f.kind}:${f.match}`);
const only = (text: string, kind: PersonalDataKind) => findPersonalData(text).filter((f) => f.kind === kind).map((f) => f.match);

describe("email addresses", () => {
  it.each(["jo.bloggs@example.org", "first+tag@sub.example.co.uk", "A_B-C@example.org"])("finds %s", (email) => {
    expect(only(`Contact: ${email}.`, "email")).toEqual([email]);
  });
  it.each(["@example.org", "user@localhost", "name at example dot org", "the @ sign", "version 2.1@3"])("ignores %s", (text) => {
    expect(only(text, "email")).toEqual([]);
  });
  it("reports where it is", () => {
    expect(findPersonalData("Email a@example.org now")).toEqual([{ kind: "email", match: "a@example.org", index: 6 }]);
  });
});

describe("UK phone numbers", () => {
  it.each([
    "07700 900123",
    "07700900123",
    "07700-900-123",
    "+44 7700 900123",
    "+447700900123",
    "+44 (0)7700 900123",
    "0044 7700 900123",
    "020 7946 0958",
    "(020) 7946 0958",
    "+44 (0)20 7946 0958",
    "0113 496 0000",
    "(01632) 960001",
    "01632 960 001",
    "0300 123 4567",
  ])("finds %s", (phone) => {
    expect(only(`Ring ${phone} after lunch`, "phone")).toEqual([phone]);
  });
  it.each([
    "criterion A2(c).17 is met",
    "the session started at 10:30 and ended at 11:45",
    "between 2004-2005 and 2006-2007",
    "on 01/02/2004",
    "in 2004-05-01",
    "0.5 of a day",
    "reference 123456789012",
    "0800 123 4567 (freephone)",
    "06 1234 5678",
    "071234", // too short
    "077009001234567", // too long
    "1,234,567,890",
    "P4 and K12 of the QA unit, sections 1.2.3 and 4.5.6",
  ])("ignores %s", (text) => {
    expect(only(text, "phone")).toEqual([]);
  });
  it("stops at the end of the number", () => {
    expect(only("call 07700 900123 2 times", "phone")).toEqual(["07700 900123"]);
  });
});

describe("UK postcodes", () => {
  it.each(["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX", "GIR 0AA", "sw1a 1aa", "LS11AB"])("finds %s", (postcode) => {
    expect(only(`They live at 1 Acacia Avenue, ${postcode}, near the park`, "postcode")).toEqual([postcode]);
  });
  it.each([
    "criterion A2(c).17",
    "Section E and P4", // codes, no inward part
    "Q1 1AA", // Q is never a first letter
    "SW1A 1CA", // C is never in the unit
    "AB1 1AAA", // too long
    "Sw1A 1aA", // mixed case
    "sw1a1aa", // lower case without the space
    "level 4 award",
    "K12 and P4",
  ])("ignores %s", (text) => {
    expect(only(text, "postcode")).toEqual([]);
  });
});

describe("National Insurance numbers", () => {
  it.each(["AB 12 34 56 C", "AB123456C", "JG 10 37 59 A", "CE123456D", "AB123456 C"])("finds %s", (ni) => {
    expect(only(`NI number ${ni} on file`, "ni_number")).toEqual([ni]);
  });
  it.each([
    "QQ 12 34 56 C", // HMRC's example: Q is never a prefix letter
    "DA123456A", // D never first
    "FA123456A",
    "IA123456A",
    "UA123456A",
    "VA123456A",
    "AO123456A", // O never second
    "AD123456A",
    "BG123456A", // unallocated prefixes
    "GB123456A",
    "NK123456A",
    "KN123456A",
    "TN123456A",
    "NT123456A",
    "ZZ123456A",
    "AB123456E", // suffix only A–D
    "AB12345C", // five digits
    "AB1234567C",
    "ab123456c", // lower case
  ])("ignores %s", (text) => {
    expect(only(text, "ni_number")).toEqual([]);
  });
});

describe("dates of birth", () => {
  it.each([
    ["DOB: 12/03/1985", "12/03/1985"],
    ["D.O.B. 12.03.1985", "12.03.1985"],
    ["d.o.b 1/3/85", "1/3/85"],
    ["date of birth 1985-03-12", "1985-03-12"],
    ["Date of birth: 12 March 1985", "12 March 1985"],
    ["She was born on the 3rd of March 1985 in Leeds", "3rd of March 1985"],
    ["born March 3, 1985", "March 3, 1985"],
    ["his birthday is 3 March", "3 March"],
    ["birth date 03/03", "03/03"],
    ["the victim (12/03/1985, DOB) said", "12/03/1985"],
  ])("finds it in %j", (text, date) => {
    expect(only(text, "date_of_birth")).toEqual([date]);
  });
  it.each([
    "The conference took place on 12/03/2019 in Leeds.",
    "Observed on 3 March 2021 by my supervisor.",
    "The victim, aged 34, agreed to meet.",
    "He was born in Leeds. The meeting was on 12/03/2019.", // cue in another sentence
    "born and raised in a town where, many years later and after a long career, on 12/03/2019 we met", // too far
    "Grammar 3 was discussed", // not a date
    "criterion A2(c).17",
    "10:30",
  ])("ignores %j", (text) => {
    expect(only(text, "date_of_birth")).toEqual([]);
  });
});

describe("a whole piece of text", () => {
  it("finds each kind once, in order, and nothing inside an email address twice", () => {
    const text =
      "I met the person harmed (DOB 01/02/1990) at 10:30 on 4 May 2023. They gave me sam.jones@example.org and 07700 900123, " +
      "and live at LS1 4AP. Their NI number is AB 12 34 56 C. Criteria A2(c).17 and 2004-2005 guidance.";
    expect(kinds(text)).toEqual(["date_of_birth:01/02/1990", "email:sam.jones@example.org", "phone:07700 900123", "postcode:LS1 4AP", "ni_number:AB 12 34 56 C"]);
  });
  it("does not take a postcode-like local part of an email address for a postcode", () => {
    expect(kinds("write to SW1A1AA@example.org")).toEqual(["email:SW1A1AA@example.org"]);
  });
  it("finds nothing in clean text", () => {
    expect(findPersonalData("I used a restorative conference to help both parties. Criterion A1(a).3 is shown by my notes from session 2 at 10:30.")).toEqual([]);
  });
  it("copes with a long text quickly", () => {
    const text = "word ".repeat(200_000) + "a".repeat(100_000) + "@";
    const started = Date.now();
    expect(findPersonalData(text)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
