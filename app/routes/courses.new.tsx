import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { COURSE_FIELDS, CourseForm, courseFormValues } from "~/components/course-form";
import { ErrorSummary } from "~/components/forms";
import { requireRole } from "~/lib/auth.server";
import { CourseError, courseFormOptions, courseInput, createCourse } from "~/lib/courses.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Add a course – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json(courseFormOptions(actor));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, courseInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: courseFormValues(form) }, { status: 400 });
  try {
    const id = createCourse(actor, parsed.value);
    return redirect(`/courses/${id}?added=1`);
  } catch (e) {
    if (e instanceof CourseError) return json({ errors: { [e.field]: [e.message] }, values: courseFormValues(form) }, { status: 400 });
    throw e;
  }
}

export default function NewCourse() {
  const { programmes, trainers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/courses" className="govuk-back-link">
          Back
        </Link>
        <ErrorSummary errors={data?.errors} order={COURSE_FIELDS} />
        <h1 className="govuk-heading-l">Add a course</h1>
        <p className="govuk-body">After adding it, you can record which criteria of the standards it teaches and which it assesses.</p>
        <CourseForm errors={data?.errors} values={data?.values ?? {}} programmes={programmes} trainers={trainers} submit="Add course" />
      </div>
    </div>
  );
}
