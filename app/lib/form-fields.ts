/** Zod fields shared by forms, with GOV.UK-style messages. */
import { z } from "zod";

/** A whole number typed into a form, within [min, max]. */
export const wholeNumber = (missing: string, what: string, min: number, max: number) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, missing)
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${what} must be between ${min} and ${max}`);
