import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { COURSE_FIELDS, CourseForm, courseFormValues } from "~/components/course-form";
import { ErrorSummary } from "~/components/forms";
import { requireRole } from "~/lib/auth.server";
import { CourseError, courseInput, editCourse, updateCourse } from "~/lib/courses.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction = () => [{ title: "Change a course – Restorative Practice Competency Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json(editCourse(actor, params.courseId!));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, courseInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: courseFormValues(form) }, { status: 400 });
  try {
    updateCourse(actor, params.courseId!, parsed.value);
    return redirect(`/courses/${params.courseId}?changed=1`);
  } catch (e) {
    if (e instanceof CourseError) return json({ errors: { [e.field]: [e.message] }, values: courseFormValues(form) }, { status: 400 });
    throw e;
  }
}

export default function EditCourse() {
  const { course, values, programmes, trainers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/courses/${course.id}`} className="govuk-back-link">
          Back
        </Link>
        <ErrorSummary errors={data?.errors} order={COURSE_FIELDS} />
        <span className="govuk-caption-l">{course.title}</span>
        <h1 className="govuk-heading-l">Change the course details</h1>
        <CourseForm errors={data?.errors} values={data?.values ?? values} programmes={programmes} trainers={trainers} submit="Save changes" />
      </div>
    </div>
  );
}
