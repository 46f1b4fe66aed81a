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
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [entries.length]);
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
}: FieldProps & { type?: string; defaultValue?: string; autoComplete?: string; width?: "10" | "20" | "30"; spellCheck?: boolean }) {
  return (
    <FieldGroup name={name} error={error}>
      <Label name={name} label={label} asHeading={labelIsHeading} />
      <HintAndError name={name} hint={hint} error={error} />
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        aria-describedby={describedBy(name, hint, error)}
      />
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
