import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, CsrfInput, DateInput, ErrorSummary, TextInput, firstError } from "~/components/forms";
import { formatDate, SummaryList, Success } from "~/components/page";
import { requireRole } from "~/lib/auth.server";
import { courseDates } from "~/lib/coverage-tables";
import { experienceInput, getTrainer, recordExperience } from "~/lib/courses.server";
import { readForm, validate } from "~/lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.trainer.name ?? "Trainer"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  return json(getTrainer(actor, params.trainerId!));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["provider_admin"]);
  const form = await readForm(request);
  const parsed = validate(form, experienceInput);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values as Record<string, string> }, { status: 400 });
  recordExperience(actor, params.trainerId!, parsed.value);
  return redirect(`/trainers/${params.trainerId}?recorded=1`);
}

const ORDER = ["years", "casesFacilitated", "accreditation", "accreditedOn"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const longDate = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

export default function Trainer() {
  const { trainer, current, history, courses } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors = data?.errors as Record<string, string[]> | undefined;
  const values: Record<string, string | undefined> = data?.values ?? {
    years: current ? String(current.years) : undefined,
    casesFacilitated: current ? String(current.casesFacilitated) : undefined,
    accreditation: current?.accreditation ?? undefined,
    accreditedOn: current?.accreditedOn ?? undefined,
  };
  const accreditedOn =
    values.accreditedOn && /^\d{4}-\d{2}-\d{2}$/.test(values.accreditedOn) ? values.accreditedOn : { day: values["accreditedOn.day"], month: values["accreditedOn.month"], year: values["accreditedOn.year"] };
  return (
    <>
      <Link to="/trainers" className="govuk-back-link">
        Back to trainers
      </Link>
      <ErrorSummary errors={errors} order={ORDER} />
      {search.get("added") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Trainer added. Now record their practice experience.</p>
        </Success>
      ) : search.get("recorded") ? (
        <Success>
          <p className="govuk-notification-banner__heading">Practice experience recorded.</p>
        </Success>
      ) : null}
      <span className="govuk-caption-l">Trainer</span>
      <h1 className="govuk-heading-l">{trainer.name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Practice experience</h2>
          {current ? (
            <SummaryList
              rows={[
                { key: "Years of restorative practice", value: current.years },
                { key: "Cases facilitated", value: current.casesFacilitated.toLocaleString("en-GB") },
                { key: "Accreditation held", value: current.accreditation ? `${current.accreditation}, since ${longDate(current.accreditedOn!)}` : "None" },
                { key: "Recorded", value: formatDate(current.recordedAt) },
              ]}
            />
          ) : (
            <p className="govuk-body">No practice experience is recorded for {trainer.name} yet. Record it below.</p>
          )}

          <h2 className="govuk-heading-m">Courses</h2>
          {courses.length ? (
            <ul className="govuk-list">
              {courses.map((c) => (
                <li key={c.id}>
                  <Link className="govuk-link" to={`/courses/${c.id}`}>
                    {c.title}
                  </Link>{" "}
                  ({courseDates(c.startsOn, c.endsOn)})
                </li>
              ))}
            </ul>
          ) : (
            <p className="govuk-body">
              Not on any course yet. You can add trainers to a course from the <Link className="govuk-link" to="/courses">course</Link>&apos;s details.
            </p>
          )}

          <h2 className="govuk-heading-m">{current ? "Record their experience as it is today" : "Record their experience"}</h2>
          <p className="govuk-body">The newest record is the one that counts; earlier records are kept.</p>
          <Form method="post" noValidate>
            <CsrfInput />
            <TextInput name="years" label="Years of restorative practice" hint="A whole number from 0 to 60" width="3" inputMode="numeric" spellCheck={false} defaultValue={values.years} error={firstError(errors, "years")} />
            <TextInput
              name="casesFacilitated"
              label="Restorative cases facilitated"
              hint="A whole number, including cases co-facilitated"
              width="5"
              inputMode="numeric"
              spellCheck={false}
              defaultValue={values.casesFacilitated}
              error={firstError(errors, "casesFacilitated")}
            />
            <TextInput
              name="accreditation"
              label="Accreditation held (optional)"
              hint="For example, accredited restorative practitioner"
              defaultValue={values.accreditation}
              error={firstError(errors, "accreditation")}
            />
            <DateInput name="accreditedOn" legend="Date of accreditation (if they hold one)" hint="For example, 12 5 2016" defaultValue={accreditedOn} error={firstError(errors, "accreditedOn")} />
            <Button>Record experience</Button>
          </Form>

          {history.length > 1 ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Earlier records</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Recorded</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Years</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cases</th>
                  <th scope="col" className="govuk-table__header">Accreditation</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {history.slice(1).map((h) => (
                  <tr className="govuk-table__row" key={h.id}>
                    <th scope="row" className="govuk-table__header">{formatDate(h.recordedAt)}</th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{h.years}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{h.casesFacilitated.toLocaleString("en-GB")}</td>
                    <td className="govuk-table__cell">{h.accreditation ? `${h.accreditation} (${longDate(h.accreditedOn!)})` : "None"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
    </>
  );
}
