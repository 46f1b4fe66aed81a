/** The course details form (add and change): title, dates, hours, programme, trainers. */
import { Form, Link } from "@remix-run/react";
import { Button, Checkboxes, CsrfInput, DateInput, Select, TextInput, firstError, type FieldErrors } from "~/components/forms";

export type CourseFormValues = Record<string, string | string[] | undefined>;
export const COURSE_FIELDS = ["title", "startsOn", "endsOn", "hours", "programmeId", "trainerIds"];

/** The posted values, kept to show the form again (checkbox groups as lists). */
export function courseFormValues(form: FormData): CourseFormValues {
  const values: CourseFormValues = {};
  for (const [k, v] of form.entries()) if (k !== "csrf" && k !== "trainerIds" && typeof v === "string") values[k] = v;
  values.trainerIds = form.getAll("trainerIds").map(String);
  return values;
}

const dateValue = (values: CourseFormValues, name: string) => {
  const iso = values[name];
  if (typeof iso === "string" && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return { day: values[`${name}.day`] as string | undefined, month: values[`${name}.month`] as string | undefined, year: values[`${name}.year`] as string | undefined };
};

export function CourseForm({
  errors,
  values,
  programmes,
  trainers,
  submit,
}: {
  errors: FieldErrors;
  values: CourseFormValues;
  programmes: { value: string; label: string }[];
  trainers: { value: string; label: string }[];
  submit: string;
}) {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return (
    <>
      {/* The route renders the error summary above its heading, with COURSE_FIELDS as the order. */}
      <Form method="post" noValidate>
        <CsrfInput />
        <TextInput name="title" label="Course title" defaultValue={text("title")} error={firstError(errors, "title")} />
        <DateInput name="startsOn" legend="Date the course starts" hint="For example, 27 3 2026" defaultValue={dateValue(values, "startsOn")} error={firstError(errors, "startsOn")} />
        <DateInput name="endsOn" legend="Date the course ends" hint="The same as the start date for a one-day course" defaultValue={dateValue(values, "endsOn")} error={firstError(errors, "endsOn")} />
        <TextInput name="hours" label="Hours of training" hint="A whole number, like 14 for two 7-hour days" width="3" inputMode="numeric" spellCheck={false} defaultValue={text("hours")} error={firstError(errors, "hours")} />
        <Select
          name="programmeId"
          label="Programme it prepares candidates for (optional)"
          hint="Commissioners can filter the figures by programme"
          options={programmes}
          defaultValue={text("programmeId")}
          error={firstError(errors, "programmeId")}
        />
        {trainers.length ? (
          <Checkboxes
            name="trainerIds"
            legend="Who delivers it"
            hint="Select all that apply"
            options={trainers}
            defaultValues={Array.isArray(values.trainerIds) ? values.trainerIds : []}
            error={firstError(errors, "trainerIds")}
          />
        ) : (
          <div className="govuk-inset-text">
            You have not recorded any trainers yet. You can <Link className="govuk-link" to="/trainers/new">add a trainer</Link> and then add them to this course.
          </div>
        )}
        <Button>{submit}</Button>
      </Form>
    </>
  );
}
