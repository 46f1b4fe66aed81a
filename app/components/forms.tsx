/** GOV.UK form markup: error summary, text inputs, selects, checkboxes, buttons, and the CSRF field. */
import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

export type FieldErrors = Record<string, string[] | undefined> | undefined;

/** The first error for a field, whatever shape conform gave it. */
export const firstError = (errors: FieldErrors, name: string) => errors?.[name]?.[0];

export function CsrfInput() {
  const data = useRouteLoaderData("root") as { csrf?: string } | undefined;
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}

/** GOV.UK error summary: moves focus to itself so screen reader users hear the errors first. */
export function ErrorSummary({ errors, order }: { errors: FieldErrors; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {})
    .filter(([, v]) => v && v.length)
    .sort(([a], [b]) => (order ? order.indexOf(a) - order.indexOf(b) : 0));
  // Every new set of errors (each failed submission) moves focus here, not only the first.
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors, entries.length]);
  if (!entries.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.map(([name, messages]) => (
              <li key={name}>{name === "" || name === "form" ? messages![0] : <a href={`#${name}`}>{messages![0]}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

type FieldProps = { name: string; label: ReactNode; hint?: ReactNode; error?: string; labelIsHeading?: boolean };

function FieldGroup({ name, error, children }: { name: string; error?: string; children: ReactNode }) {
  return <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`} data-field={name}>{children}</div>;
}

function Label({ name, label, asHeading }: { name: string; label: ReactNode; asHeading?: boolean }) {
  const el = (
    <label className={`govuk-label${asHeading ? " govuk-label--l" : ""}`} htmlFor={name}>
      {label}
    </label>
  );
  return asHeading ? <h1 className="govuk-label-wrapper">{el}</h1> : el;
}

const describedBy = (name: string, hint?: ReactNode, error?: string) =>
  [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

function HintAndError({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? <div id={`${name}-hint`} className="govuk-hint">{hint}</div> : null}
      {error ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
    </>
  );
}

export function TextInput({
  name,
  label,
  hint,
  error,
  labelIsHeading,
  type = "text",
  defaultValue,
  autoComplete,
  width,
  spellCheck,
  inputMode,
  suffix,
}: FieldProps & {
  type?: string;
  defaultValue?: string;
  autoComplete?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30";
  spellCheck?: boolean;
  inputMode?: "numeric" | "text";
  /** GOV.UK input suffix, e.g. "%". */
  suffix?: string;
}) {
  const input = (
    <input
      className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
      id={name}
      name={name}
      type={type}
      defaultValue={defaultValue}
      autoComplete={autoComplete}
      spellCheck={spellCheck}
      inputMode={inputMode}
      aria-describedby={describedBy(name, hint, error)}
    />
  );
  return (
    <FieldGroup name={name} error={error}>
      <Label name={name} label={label} asHeading={labelIsHeading} />
      <HintAndError name={name} hint={hint} error={error} />
      {suffix ? (
        <div className="govuk-input__wrapper">
          {input}
          <div className="govuk-input__suffix" aria-hidden="true">
            {suffix}
          </div>
        </div>
      ) : (
        input
      )}
    </FieldGroup>
  );
}

export function Select({
  name,
  label,
  hint,
  error,
  options,
  defaultValue,
}: FieldProps & { options: { value: string; label: string }[]; defaultValue?: string }) {
  return (
    <FieldGroup name={name} error={error}>
      <Label name={name} label={label} />
      <HintAndError name={name} hint={hint} error={error} />
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={name} name={name} defaultValue={defaultValue ?? ""} aria-describedby={describedBy(name, hint, error)}>
        <option value="">Select</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldGroup>
  );
}

export function Checkboxes({
  name,
  legend,
  hint,
  error,
  options,
  defaultValues = [],
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  defaultValues?: string[];
}) {
  return (
    <FieldGroup name={name} error={error}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        <div className="govuk-checkboxes" data-module="govuk-checkboxes">
          {options.map((o, i) => (
            <div className="govuk-checkboxes__item" key={o.value}>
              <input
                className="govuk-checkboxes__input"
                id={i === 0 ? name : `${name}-${i}`}
                name={name}
                type="checkbox"
                value={o.value}
                defaultChecked={defaultValues.includes(o.value)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={i === 0 ? name : `${name}-${i}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </FieldGroup>
  );
}

export function Textarea({
  name,
  label,
  hint,
  error,
  labelIsHeading,
  defaultValue,
  rows = 5,
  spellCheck,
}: FieldProps & { defaultValue?: string; rows?: number; spellCheck?: boolean }) {
  return (
    <FieldGroup name={name} error={error}>
      <Label name={name} label={label} asHeading={labelIsHeading} />
      <HintAndError name={name} hint={hint} error={error} />
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        spellCheck={spellCheck}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldGroup>
  );
}

/** GOV.UK radios; the first input takes the field's id so the error summary link lands on it. */
export function Radios({
  name,
  legend,
  hint,
  error,
  options,
  defaultValue,
  legendSize = "m",
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
  defaultValue?: string;
  legendSize?: "s" | "m" | "l";
}) {
  return (
    <FieldGroup name={name} error={error}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        <div className="govuk-radios" data-module="govuk-radios">
          {options.map((o, i) => {
            const id = i === 0 ? name : `${name}-${i}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input className="govuk-radios__input" id={id} name={name} type="radio" value={o.value} defaultChecked={defaultValue === o.value} aria-describedby={o.hint ? `${id}-item-hint` : undefined} />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {o.label}
                </label>
                {o.hint ? (
                  // "-item-hint", as GOV.UK Frontend names it: the first option's id is the field's, and "<name>-hint" is the whole question's hint.
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </FieldGroup>
  );
}

/**
 * GOV.UK date input: day, month and year fields named `<name>.day` … (conform reads them as one
 * object). The day field takes the field's id, so the error summary link lands on it.
 */
export function DateInput({
  name,
  legend,
  hint,
  error,
  defaultValue,
  legendSize = "s",
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** "YYYY-MM-DD", or the fields as typed. */
  defaultValue?: string | { day?: string; month?: string; year?: string } | null;
  legendSize?: "s" | "m" | "l";
}) {
  const parts =
    typeof defaultValue === "string"
      ? (([year, month, day]) => ({ day: day ? String(Number(day)) : "", month: month ? String(Number(month)) : "", year: year ?? "" }))(defaultValue.split("-"))
      : (defaultValue ?? {});
  const field = (part: "day" | "month" | "year", label: string, width: "2" | "4") => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={part === "day" ? name : `${name}-${part}`}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
          id={part === "day" ? name : `${name}-${part}`}
          name={`${name}.${part}`}
          type="text"
          inputMode="numeric"
          defaultValue={parts[part] ?? ""}
        />
      </div>
    </div>
  );
  return (
    <FieldGroup name={name} error={error}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(name, hint, error)}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        <div className="govuk-date-input">
          {field("day", "Day", "2")}
          {field("month", "Month", "2")}
          {field("year", "Year", "4")}
        </div>
      </fieldset>
    </FieldGroup>
  );
}

/** GOV.UK file upload (the plain input: it works without JavaScript). The form needs encType="multipart/form-data". */
export function FileUpload({ name, label, hint, error, labelIsHeading, accept }: FieldProps & { accept?: string }) {
  return (
    <FieldGroup name={name} error={error}>
      <Label name={name} label={label} asHeading={labelIsHeading} />
      <HintAndError name={name} hint={hint} error={error} />
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id={name} name={name} type="file" accept={accept} aria-describedby={describedBy(name, hint, error)} />
    </FieldGroup>
  );
}

export function Button({ children, secondary, warning, name, value }: { children: ReactNode; secondary?: boolean; warning?: boolean; name?: string; value?: string }) {
  return (
    <button
      type="submit"
      className={`govuk-button${secondary ? " govuk-button--secondary" : ""}${warning ? " govuk-button--warning" : ""}`}
      data-module="govuk-button"
      data-prevent-double-click="true"
      name={name}
      value={value}
    >
      {children}
    </button>
  );
}
