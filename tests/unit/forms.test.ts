/**
 * Validating a posted form: a field name with a huge list index ("items[999999999]") is refused
 * before conform builds an array that long (one such POST once exhausted the server's memory).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_FIELD_INDEX, validate } from "../../app/lib/forms.server";

const schema = z.object({ items: z.array(z.object({ question: z.string() })).max(50) });

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("validate", () => {
  it("reads list fields by index", () => {
    const result = validate(form([["items[0].question", "What happened?"], ["items[1].question", "Who was affected?"]]), schema);
    expect(result).toEqual({ ok: true, value: { items: [{ question: "What happened?" }, { question: "Who was affected?" }] } });
  });

  it.each(["items[999999999].question", `items[${MAX_FIELD_INDEX + 1}].question`, "items[00001].question"])("refuses the field name %s with a form-level error", (name) => {
    const result = validate(form([[name, "x"]]), schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.form?.[0]).toMatch(/more entries than it can take/);
  });

  it("passes the largest index allowed on to the schema, which judges it", () => {
    const result = validate(form([[`items[${MAX_FIELD_INDEX}].question`, "x"]]), schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.form).toBeUndefined();
  });
});
