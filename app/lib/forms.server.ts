/**
 * Reading a posted form in an action: the CSRF check first, then zod validation through conform.
 * Returns the validated value, or the errors to show in the GOV.UK error summary and beside fields.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { requireCsrf } from "./csrf.server";

/** Largest urlencoded form accepted (uploads go through their own streaming handler). */
const MAX_FORM_BYTES = 256 * 1024;

export type FormErrors = Record<string, string[]>;

export async function readForm(request: Request): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_FORM_BYTES) throw new Response("The form was too large to accept, so nothing was changed.", { status: 413 });
  const form = await request.formData();
  await requireCsrf(request, form);
  return form;
}

/**
 * Largest list index a field name may carry ("items[49].question"). conform turns "items[999999999]"
 * into an array that long, and validating it exhausted the server's memory: one POST stopped the portal.
 */
export const MAX_FIELD_INDEX = 1000;
const FIELD_INDEX = /\[(\d+)\]/g;

export function validate<S extends z.ZodType>(form: FormData, schema: S): { ok: true; value: z.output<S> } | { ok: false; errors: FormErrors; values: Record<string, unknown> } {
  for (const name of new Set(form.keys()))
    for (const m of name.matchAll(FIELD_INDEX))
      if (m[1].length > 4 || Number(m[1]) > MAX_FIELD_INDEX) return { ok: false, errors: { form: ["The form has more entries than it can take, so nothing was changed. Go back, reload the page and try again."] }, values: {} };
  const submission = parseWithZod(form, { schema });
  if (submission.status === "success") return { ok: true, value: submission.value as z.output<S> };
  const errors = Object.fromEntries(Object.entries(submission.error ?? {}).filter(([, v]) => v && v.length)) as FormErrors;
  return { ok: false, errors, values: Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && k !== "password" && typeof v === "string")) };
}
