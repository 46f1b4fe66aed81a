import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, Textarea, firstError } from "~/components/forms";
import { Success } from "~/components/page";
import { requireUser } from "~/lib/auth.server";
import { KIND_LABELS, LIMITS } from "~/lib/evidence-kinds";
import { EvidenceError, mapEvidence, mapInput, mappingView, unmapEvidence } from "~/lib/evidence.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Map ${data ? data.evidence.reference : "evidence"} to criteria – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return json(mappingView(actor, params.evidenceId!));
}

type ActionData = { errors: Record<string, string[]>; values: Record<string, unknown>; source: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = await readForm(request);
  const source = String(form.get("source") ?? "main");
  const here = `/evidence/${params.evidenceId}/map`;
  try {
    if (form.get("intent") === "unmap") {
      const { code, shortTitle } = unmapEvidence(actor, params.evidenceId!, String(form.get("itemId") ?? ""));
      return redirect(`${here}?${new URLSearchParams({ removed: `${code} of ${shortTitle}` })}`);
    }
    const parsed = validate(form, mapInput);
    if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values: parsed.values, source }, { status: 400 });
    const { code, shortTitle } = mapEvidence(actor, params.evidenceId!, parsed.value.itemId, parsed.value.note);
    return redirect(`${here}?${new URLSearchParams({ mapped: `${code} of ${shortTitle}` })}`);
  } catch (e) {
    if (e instanceof EvidenceError)
      return json<ActionData>({ errors: { [e.field]: [e.message] }, values: Object.fromEntries([...form.entries()].filter(([k]) => k !== "csrf")), source }, { status: 400 });
    throw e;
  }
}

export default function MapEvidence() {
  const { evidence, active, locked, mappings, groups, suggestions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const mainErrors = data && data.source === "main" ? data.errors : undefined;
  const values = (data?.source === "main" ? data.values : {}) as Record<string, string | undefined>;
  const selected = values.itemId ?? params.get("criterion") ?? "";
  const itemError = firstError(mainErrors, "itemId");
  const done = `/evidence/${evidence.id}`;

  return (
    <>
      <Link to={done} className="govuk-back-link">
        Back to {evidence.reference}
      </Link>
      <ErrorSummary errors={data ? (data.source === "main" ? data.errors : { [`note-${data.source}`]: data.errors.note ?? data.errors.itemId ?? data.errors.form ?? [] }) : undefined} order={["form", "itemId", "note"]} />
      {params.get("added") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Evidence {evidence.reference} saved. Now map it to the criteria it shows.</p>
        </Success>
      ) : null}
      {params.get("mapped") ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            {evidence.reference} now counts towards {params.get("mapped")}.
          </p>
        </Success>
      ) : null}
      {params.get("removed") ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            Removed the mapping to {params.get("removed")}. The evidence itself has not changed.
          </p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">
        {evidence.reference} · {KIND_LABELS[evidence.kind]}
      </span>
      <h1 className="govuk-heading-l">Map ‘{evidence.title}’ to criteria</h1>
      <p className="govuk-body">For each criterion this evidence shows, add a short note saying how it shows it. Your assessor reads these notes.</p>

      <h2 className="govuk-heading-m">Criteria it is mapped to</h2>
      {mappings.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Criteria {evidence.reference} is mapped to</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Criterion</th>
              <th scope="col" className="govuk-table__header">How it shows it</th>
              {active && !locked ? (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Remove</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {mappings.map((m) => (
              <tr className="govuk-table__row" key={m.itemId}>
                <td className="govuk-table__cell">
                  <span className="app-criterion-code">{m.code}</span> <span className="govuk-body-s">{m.frameworkShortTitle}</span>
                  <br />
                  <span className="govuk-body-s">{m.statement}</span>
                </td>
                <td className="govuk-table__cell">{m.note}</td>
                {active && !locked ? (
                  <td className="govuk-table__cell">
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="unmap" />
                      <input type="hidden" name="itemId" value={m.itemId} />
                      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                        Remove<span className="govuk-visually-hidden"> the mapping to {m.code}</span>
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">None yet. Choose a criterion below.</p>
      )}
      {locked && mappings.length ? <p className="govuk-body">An assessor&apos;s decision relies on this evidence, so its mappings cannot be removed. You can still add more.</p> : null}

      {active ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Add a criterion</h2>
            {groups.length ? (
              <Form method="post" noValidate>
                <CsrfInput />
                <input type="hidden" name="intent" value="map" />
                <input type="hidden" name="source" value="main" />
                <div className={`govuk-form-group${itemError ? " govuk-form-group--error" : ""}`}>
                  <label className="govuk-label govuk-label--s" htmlFor="itemId">
                    Criterion
                  </label>
                  <div id="itemId-hint" className="govuk-hint">
                    Grouped by standard and heading. The standards your programme uses come first, then those the crosswalk links to them.
                  </div>
                  {itemError ? (
                    <p id="itemId-error" className="govuk-error-message">
                      <span className="govuk-visually-hidden">Error:</span> {itemError}
                    </p>
                  ) : null}
                  <select
                    className={`govuk-select app-criterion-select${itemError ? " govuk-select--error" : ""}`}
                    id="itemId"
                    name="itemId"
                    defaultValue={selected}
                    aria-describedby={`itemId-hint${itemError ? " itemId-error" : ""}`}
                  >
                    <option value="">Select a criterion</option>
                    {groups.map((g) => (
                      <optgroup key={g.label} label={g.label}>
                        {g.options.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </div>
                <Textarea
                  name="note"
                  label="How this evidence shows it"
                  hint={`For example, ‘paragraphs 2 and 3 describe how I assessed risk before the meeting’. Up to ${LIMITS.note} characters.`}
                  rows={3}
                  defaultValue={values.note}
                  error={firstError(mainErrors, "note")}
                />
                <Button>Add mapping</Button>
              </Form>
            ) : (
              <p className="govuk-body">{mappings.length ? "This evidence is mapped to every criterion it can be." : "There are no criteria to map to."}</p>
            )}
          </div>
        </div>
      ) : null}

      {active && suggestions.length ? (
        <>
          <h2 className="govuk-heading-m">It may also count towards</h2>
          <p className="govuk-body">The crosswalk between the standards links the criteria you mapped to these. Add any this evidence really shows.</p>
          {suggestions.map((s) => {
            const mine = data && data.source === s.itemId ? data : undefined;
            const error = mine ? (mine.errors.note ?? mine.errors.itemId ?? mine.errors.form)?.[0] : undefined;
            const id = `note-${s.itemId}`;
            return (
              <div className="app-suggestion" key={s.itemId}>
                <h3 className="govuk-heading-s">
                  {s.code} of {s.frameworkShortTitle}
                </h3>
                <p className="govuk-body-s">{s.statement}</p>
                <ul className="govuk-list">
                  {s.reasons.map((r, i) => (
                    <li key={i}>
                      {r.text} <span className="govuk-body-s">(linked from {r.viaCode})</span>
                    </li>
                  ))}
                </ul>
                <Form method="post" noValidate>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="map" />
                  <input type="hidden" name="source" value={s.itemId} />
                  <input type="hidden" name="itemId" value={s.itemId} />
                  <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
                    <label className="govuk-label" htmlFor={id}>
                      How this evidence shows {s.code}
                    </label>
                    {error ? (
                      <p id={`${id}-error`} className="govuk-error-message">
                        <span className="govuk-visually-hidden">Error:</span> {error}
                      </p>
                    ) : null}
                    <textarea
                      className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
                      id={id}
                      name="note"
                      rows={2}
                      defaultValue={mine ? String(mine.values.note ?? "") : s.suggestedNote}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                  </div>
                  <Button secondary>Add mapping to {s.code}</Button>
                </Form>
              </div>
            );
          })}
        </>
      ) : null}

      <p className="govuk-body">
        <Link className="govuk-link" to={done}>
          Done: back to {evidence.reference}
        </Link>
      </p>
    </>
  );
}
