/**
 * Verification codes printed on every page of an issued portfolio PDF: "RJP-" and 12 random
 * characters in three groups of four, from an alphabet without the characters people confuse
 * (0/O, 1/I): 32 symbols, so 60 bits of randomness and no modulo bias. Pure: no server imports.
 */
import { randomBytes } from "node:crypto";

/** 32 symbols: digits 2–9 and the capital letters except I and O. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const CODE_PREFIX = "RJP";
const GROUPS = 3;
const GROUP_LENGTH = 4;
const LENGTH = GROUPS * GROUP_LENGTH;

/** A new random code, e.g. "RJP-7KQD-M2XW-HB9F". */
export function newVerificationCode(): string {
  const bytes = randomBytes(LENGTH);
  let chars = "";
  for (const b of bytes) chars += CODE_ALPHABET[b & 31];
  return format(chars);
}

const format = (chars: string) => `${CODE_PREFIX}-${chars.match(new RegExp(`.{${GROUP_LENGTH}}`, "g"))!.join("-")}`;

/** The shape every code has, for quick checks. */
export const CODE_PATTERN = new RegExp(`^${CODE_PREFIX}(-[${CODE_ALPHABET}]{${GROUP_LENGTH}}){${GROUPS}}$`);

/**
 * A code as someone typed it, in the canonical form, or null when it cannot be one: case, spaces
 * and hyphens do not matter and the "RJP" prefix may be left out.
 */
export function normaliseCode(input: string): string | null {
  let s = input.toUpperCase().replace(/[\s\u2010-\u2015-]+/g, "");
  if (s.startsWith(CODE_PREFIX) && s.length === CODE_PREFIX.length + LENGTH) s = s.slice(CODE_PREFIX.length);
  if (s.length !== LENGTH) return null;
  for (const c of s) if (!CODE_ALPHABET.includes(c)) return null;
  return format(s);
}
