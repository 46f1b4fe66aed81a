import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, ErrorSummary } from "~/components/forms";
import { SummaryList, Success } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { courseDates } from "~/lib/coverage-tables";
import { CourseError, coverageInput, getCourse, setCourseCoverage } from "~/lib/courses.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? "Course"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json(getCourse(actor, params.courseId!));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, coverageInput);
  const kept = { teaches: form.getAll("teaches").map(String), assesses: form.getAll("assesses").map(String) };
  if (!parsed.ok) return json({ errors: { form: ["Select criteria from the list"] }, values: kept }, { status: 400 });
  try {
    const saved = setCourseCoverage(actor, params.courseId!, parsed.value);
    return redirect(`/courses/${params.courseId}?saved=${saved.taught}-${saved.assessed}`);
  } catch (e) {
    if (e instanceof CourseError) return json({ errors: { form: [e.message] }, values: kept }, { status: 400 });
    throw e;
  }
}

const criteria = (n: number) => (n === 1 ? "1 criterion" : `${n} criteria`);

export default function Course() {
  const { course, trainers, teaches, assesses, groups } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [search] = useSearchParams();
  const taught = new Set(data?.values.teaches ?? teaches);
  const assessed = new Set(data?.values.assesses ?? assesses);
  const saved = /^(\d+)-(\d+)$/.exec(search.get("saved") ?? "");
  return (
    <>
      <Link to="/courses" className="govuk-back-link">
        Back to courses
      </Link>
      <ErrorSummary errors={data?.errors} />
      {search.get("added") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Course added. Now record which criteria it teaches and assesses.</p>
        </Success>
      ) : search.get("changed") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Course details saved.</p>
        </Success>
      ) : saved ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            Criteria saved: the course teaches {criteria(Number(saved[1]))} and assesses {criteria(Number(saved[2]))}.
          </p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">Course</span>
      <h1 className="govuk-heading-l">{course.title}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              { key: "Dates", value: courseDates(course.startsOn, course.endsOn) },
              { key: "Hours of training", value: course.hours },
              { key: "Programme", value: course.programmeTitle ?? "Not for a particular programme" },
              {
                key: "Trainers",
                value: trainers.length ? (
                  <ul className="govuk-list">
                    {trainers.map((t) => (
                      <li key={t.id}>
                        <Link className="govuk-link" to={`/trainers/${t.id}`}>
                          {t.name}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  "None recorded"
                ),
              },
            ]}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/courses/${course.id}/edit`}>
              Change the course details<span className="govuk-visually-hidden"> of {course.title}</span>
            </Link>
          </p>
        </div>
      </div>

      <h2 className="govuk-heading-m">Criteria it teaches and assesses</h2>
      <p className="govuk-body app-measure">
        The course teaches {criteria(taught.size)} and assesses {criteria(assessed.size)}. Open a section or part, tick what the course teaches and what it assesses, then save. Commissioners see
        the share of criteria your courses cover, never which candidates attended.
      </p>
      <Form method="post" noValidate className="app-coverage-form">
        <CsrfInput />
        {groups.map((g) => {
          const t = g.items.filter((c) => taught.has(c.itemId)).length;
          const a = g.items.filter((c) => assessed.has(c.itemId)).length;
          return (
            <details className="govuk-details app-coverage-group" key={g.key}>
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">
                  {g.code}: {g.title}
                </span>
                <span className="app-coverage-group__counts">
                  {" "}
                  (taught {t}, assessed {a}, of {g.items.length})
                </span>
              </summary>
              <div className="govuk-details__text">
                {g.items.map((c) => (
                  <div className="govuk-form-group app-coverage-criterion" key={c.itemId}>
                    <fieldset className="govuk-fieldset">
                      <legend className="govuk-fieldset__legend app-coverage-criterion__legend">
                        <span className="app-criterion-code">{c.code}</span> {c.text}
                      </legend>
                      <div className="govuk-checkboxes govuk-checkboxes--small app-coverage-criterion__boxes" data-module="govuk-checkboxes">
                        <div className="govuk-checkboxes__item">
                          <input className="govuk-checkboxes__input" id={`teaches-${c.itemId}`} name="teaches" type="checkbox" value={c.itemId} defaultChecked={taught.has(c.itemId)} />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor={`teaches-${c.itemId}`}>
                            Taught<span className="govuk-visually-hidden"> ({c.code})</span>
                          </label>
                        </div>
                        <div className="govuk-checkboxes__item">
                          <input className="govuk-checkboxes__input" id={`assesses-${c.itemId}`} name="assesses" type="checkbox" value={c.itemId} defaultChecked={assessed.has(c.itemId)} />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor={`assesses-${c.itemId}`}>
                            Assessed<span className="govuk-visually-hidden"> ({c.code})</span>
                          </label>
                        </div>
                      </div>
                    </fieldset>
                  </div>
                ))}
                <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                  Save criteria<span className="govuk-visually-hidden"> (all sections)</span>
                </button>
              </div>
            </details>
          );
        })}
        <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
          Save criteria
        </button>
      </Form>
    </>
  );
}
