/**
 * The fields of each kind of written evidence, shared by the "add" and "edit" pages, and the
 * personal-data warning shown when saving found likely personal data.
 * Values are the flat form values ("evidenceDate.day", "items[0].question" …) as posted.
 */
import { DateInput, TextInput, Textarea, firstError, type FieldErrors } from "~/components/forms";
import { BLANK_QA_PAIRS, fieldLabel, PERSONAL_DATA_LABELS, type EvidenceKindName, type PersonalDataKindName } from "~/lib/evidence-kinds";

export type FormValues = Record<string, string | undefined>;
export type Finding = { kind: string; match: string; index: number; field: string };

/** Stored content as the flat values a form posts (for the edit page). */
export function valuesFromStored(kind: EvidenceKindName, title: string, evidenceDate: string | null, body: Record<string, unknown>): FormValues {
  const values: FormValues = { title };
  if (evidenceDate) {
    const [year, month, day] = evidenceDate.split("-");
    Object.assign(values, { "evidenceDate.day": String(Number(day)), "evidenceDate.month": String(Number(month)), "evidenceDate.year": year });
  }
  if (kind === "question_answer") {
    ((body.items as { question: string; answer: string }[] | undefined) ?? []).forEach((p, i) => {
      values[`items[${i}].question`] = p.question;
      values[`items[${i}].answer`] = p.answer;
    });
  } else {
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") values[k] = v;
  }
  return values;
}

const dateValue = (values: FormValues) => ({ day: values["evidenceDate.day"], month: values["evidenceDate.month"], year: values["evidenceDate.year"] });

const MARKUP_HINT = (
  <>
    <p className="govuk-hint">Write about what you did, why, and what you learnt. Do not name or identify anyone involved in a case.</p>
    <p className="govuk-hint">
      Leave a blank line between paragraphs. Start a line with <code>#</code> and a space for a heading, <code>##</code> for a smaller heading, <code>-</code> and a space
      for a bullet point, or <code>1.</code> and a space for a numbered list.
    </p>
  </>
);

/** The fields for one kind of evidence. */
export function EvidenceFields({ kind, values, errors, editing = false, fileName }: { kind: EvidenceKindName; values: FormValues; errors: FieldErrors; editing?: boolean; fileName?: string | null }) {
  const v = (name: string) => values[name] ?? undefined;
  const e = (name: string) => firstError(errors, name);
  const title = <TextInput name="title" label="Title" hint="A short name for this evidence, for example ‘Reflection on my first pre-conference visit’" defaultValue={v("title")} error={e("title")} />;
  switch (kind) {
    case "file":
      return (
        <>
          {fileName ? (
            <p className="govuk-body">
              File: <strong>{fileName}</strong>. The file stays the same; to use a different file, upload it as new evidence.
            </p>
          ) : null}
          {title}
          <Textarea name="description" label="Description (optional)" hint="What the file is and what it shows" rows={4} defaultValue={v("description")} error={e("description")} />
          <DateInput name="evidenceDate" legend="Date of the evidence (optional)" hint="For example, 27 3 2025" defaultValue={dateValue(values)} error={e("evidenceDate")} />
        </>
      );
    case "reflective_account":
      return (
        <>
          {title}
          <DateInput name="evidenceDate" legend="Date you wrote it" hint="For example, 27 3 2025" defaultValue={dateValue(values)} error={e("evidenceDate")} />
          <Textarea name="text" label="Your reflective account" hint={MARKUP_HINT} rows={20} defaultValue={v("text")} error={e("text")} />
        </>
      );
    case "observation":
      return (
        <>
          {title}
          <TextInput name="observerName" label="Observer's name" defaultValue={v("observerName")} error={e("observerName")} autoComplete="off" />
          <TextInput name="observerRole" label="Observer's role" hint="For example, assessor or case supervisor" defaultValue={v("observerRole")} error={e("observerRole")} autoComplete="off" />
          <DateInput name="evidenceDate" legend="Date of the observation" hint="For example, 27 3 2025" defaultValue={dateValue(values)} error={e("evidenceDate")} />
          <Textarea
            name="setting"
            label="Setting"
            hint="Describe the setting without identifying anyone, for example ‘a face-to-face restorative meeting in a community centre, with a co-facilitator’"
            rows={3}
            defaultValue={v("setting")}
            error={e("setting")}
          />
          <Textarea name="observed" label="What was observed" hint="What the observer saw you do, in enough detail to show each criterion" rows={12} defaultValue={v("observed")} error={e("observed")} />
        </>
      );
    case "professional_discussion":
      return (
        <>
          {title}
          <DateInput name="evidenceDate" legend="Date of the discussion" hint="For example, 27 3 2025" defaultValue={dateValue(values)} error={e("evidenceDate")} />
          <TextInput name="participants" label="Who took part" hint="Give roles, not the names of anyone in a case: for example ‘candidate and assessor’" defaultValue={v("participants")} error={e("participants")} autoComplete="off" />
          <Textarea name="summary" label="Summary of the discussion" hint="The questions discussed and what you said, in your own words" rows={14} defaultValue={v("summary")} error={e("summary")} />
        </>
      );
    case "question_answer": {
      const filled = Object.keys(values)
        .map((k) => /^items\[(\d+)\]\./.exec(k))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => Number(m[1]) + 1);
      const last = filled.length ? Math.max(...filled) : 0;
      const count = Math.max(BLANK_QA_PAIRS, editing ? last + 2 : last);
      return (
        <>
          {title}
          <DateInput name="evidenceDate" legend="Date of the questions" hint="For example, 27 3 2025" defaultValue={dateValue(values)} error={e("evidenceDate")} />
          <div className={`govuk-form-group${e("items") ? " govuk-form-group--error" : ""}`}>
            <h2 className="govuk-heading-m" id="items">
              Questions and answers
            </h2>
            <p className="govuk-body">Fill in as many as you need. Leave the rest blank: they are ignored.</p>
            {e("items") ? (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {e("items")}
              </p>
            ) : null}
            {Array.from({ length: count }, (_, i) => (
              <fieldset className="govuk-fieldset app-qa-pair" key={i}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Question and answer {i + 1}</legend>
                <Textarea name={`items[${i}].question`} label="Question" rows={2} defaultValue={v(`items[${i}].question`)} error={e(`items[${i}].question`)} />
                <Textarea name={`items[${i}].answer`} label="Answer" rows={5} defaultValue={v(`items[${i}].answer`)} error={e(`items[${i}].answer`)} />
              </fieldset>
            ))}
          </div>
        </>
      );
    }
    case "witness_testimony":
      return (
        <>
          {title}
          <DateInput name="evidenceDate" legend="When the witness saw your practice" hint="For example, 27 3 2025" defaultValue={dateValue(values)} error={e("evidenceDate")} />
          <Textarea
            name="whatWitnessed"
            label="What the witness saw"
            hint="Describe what you did that the witness saw, without identifying anyone in the case. The witness reads this, and confirms or corrects it."
            rows={10}
            defaultValue={v("whatWitnessed")}
            error={e("whatWitnessed")}
          />
          <TextInput name="witnessName" label="Witness's name" defaultValue={v("witnessName")} error={e("witnessName")} autoComplete="off" />
          <TextInput name="witnessRole" label="Witness's role" hint="For example, youth justice officer or police officer" defaultValue={v("witnessRole")} error={e("witnessRole")} autoComplete="off" />
          <TextInput name="relationship" label="How the witness knows your work" hint="For example, ‘co-facilitated the meeting with me’ or ‘my line manager’" defaultValue={v("relationship")} error={e("relationship")} autoComplete="off" />
        </>
      );
  }
}

/**
 * The findings, each as its kind in words and the text matched, with where it was found; and the
 * reason field to keep it. Shown above the fields once saving has found something (or a reason was given).
 */
export function PersonalDataSection({ findings, values, errors }: { findings: Finding[] | null | undefined; values: FormValues; errors: FieldErrors }) {
  if (!findings?.length && !values.personalDataReason) return null;
  return (
    <div className="app-personal-data">
      {findings?.length ? (
        <>
          <h2 className="govuk-heading-m">This may contain personal data</h2>
          <p className="govuk-body">Evidence must be anonymised. We found:</p>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Possible personal data found</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">What it looks like</th>
                <th scope="col" className="govuk-table__header">Text found</th>
                <th scope="col" className="govuk-table__header">Where</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {findings.map((f, i) => (
                <tr className="govuk-table__row" key={i}>
                  <td className="govuk-table__cell">{PERSONAL_DATA_LABELS[f.kind as PersonalDataKindName] ?? f.kind}</td>
                  <td className="govuk-table__cell">
                    <code>{f.match}</code>
                  </td>
                  <td className="govuk-table__cell">{fieldLabel(f.field)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="govuk-body">Remove it or replace it (for example with ‘the victim’ or ‘[postcode removed]’), then save again. If it must stay, say why below.</p>
        </>
      ) : null}
      <Textarea
        name="personalDataReason"
        label="Why this personal data must stay (only if it must)"
        hint="For example, ‘this is the office phone number of the service, which is public’. Your assessor will see your reason."
        rows={3}
        defaultValue={values.personalDataReason}
        error={firstError(errors, "personalDataReason")}
      />
    </div>
  );
}

/** Personal data kept on a version, with the candidate's reason (for the evidence page). */
export function KeptPersonalData({ findings, reason }: { findings: Finding[]; reason: string | null }) {
  if (!findings.length) return null;
  return (
    <div className="govuk-inset-text">
      <p className="govuk-body">
        <strong>Personal data kept:</strong> {findings.map((f) => `${PERSONAL_DATA_LABELS[f.kind as PersonalDataKindName] ?? f.kind} (${fieldLabel(f.field)})`).join(", ")}.
      </p>
      {reason ? <p className="govuk-body">Reason given: {reason}</p> : null}
    </div>
  );
}
