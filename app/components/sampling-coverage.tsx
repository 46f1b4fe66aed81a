/**
 * What the sampling plan has still to reach, per programme: assessors, units and candidates' final
 * decisions (shared by the IQA's sampling page and the sampling plan page).
 */
import { Link } from "@remix-run/react";

export type CoverageProgramme = {
  programmeId: string;
  programmeTitle: string;
  programmeVersion: string;
  assessors: { assessorId: string; name: string; decisions: number; sampled: number }[];
  units: { key: string; label: string; decisions: number; sampled: number }[];
  finals: { enrolmentId: string; candidateName: string; candidateNumber: string; decisionId: string | null; itemCode: string | null; sampled: boolean }[];
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function SamplingCoverage({ programmes, canSample, headingLevel = 2 }: { programmes: CoverageProgramme[]; canSample: boolean; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const Sub = `h${headingLevel + 1}` as "h3" | "h4";
  if (!programmes.length)
    return <p className="govuk-body">No candidates are enrolled yet, so there is nothing to sample. Once candidates are enrolled and assessed, this shows which assessors, units and final decisions still need a sample.</p>;
  return (
    <>
      {programmes.map((p) => {
        const assessorsToDo = p.assessors.filter((a) => a.sampled === 0);
        const unitsToDo = p.units.filter((u) => u.sampled === 0);
        const finalsToDo = p.finals.filter((f) => f.decisionId && !f.sampled);
        const finalsPending = p.finals.filter((f) => !f.decisionId).length;
        const done = !assessorsToDo.length && !unitsToDo.length && !finalsToDo.length;
        return (
          <section className="app-coverage" key={p.programmeId} aria-labelledby={`coverage-${p.programmeId}`}>
            <H className="govuk-heading-m" id={`coverage-${p.programmeId}`}>
              {p.programmeTitle} <span className="app-coverage__version">(version {p.programmeVersion})</span>
            </H>
            {done ? <p className="govuk-body">Every assessor, unit and final decision made so far has been sampled at least once.</p> : null}

            <Sub className="govuk-heading-s">Assessors</Sub>
            {!p.assessors.length ? (
              <p className="govuk-body">No assessor has made a decision on this programme yet.</p>
            ) : assessorsToDo.length ? (
              <>
                <p className="govuk-body">
                  {plural(p.assessors.length - assessorsToDo.length, "assessor has", "assessors have")} had a decision sampled. Still to sample:
                </p>
                <ul className="govuk-list govuk-list--bullet">
                  {assessorsToDo.map((a) => (
                    <li key={a.assessorId}>
                      {a.name} ({plural(a.decisions, "decision", "decisions")}, none sampled)
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="govuk-body">Every assessor who has made decisions has had at least one sampled ({p.assessors.length}).</p>
            )}

            <Sub className="govuk-heading-s">Units</Sub>
            {unitsToDo.length ? (
              <>
                <p className="govuk-body">
                  {p.units.length - unitsToDo.length} of {plural(p.units.length, "unit", "units")} {p.units.length - unitsToDo.length === 1 ? "has" : "have"} had a decision sampled. Still to
                  sample:
                </p>
                <ul className="govuk-list govuk-list--bullet">
                  {unitsToDo.map((u) => (
                    <li key={u.key}>
                      {u.label} ({u.decisions ? `${plural(u.decisions, "decision", "decisions")}, none sampled` : "no decisions yet"})
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="govuk-body">Every unit has had at least one decision sampled ({p.units.length}).</p>
            )}

            <Sub className="govuk-heading-s">Candidates&apos; final decisions</Sub>
            {finalsToDo.length ? (
              <ul className="govuk-list govuk-list--bullet">
                {finalsToDo.map((f) => (
                  <li key={f.enrolmentId}>
                    {canSample ? (
                      <Link className="govuk-link" to={`/iqa/decisions/${f.decisionId}`}>
                        {f.candidateName} ({f.candidateNumber}): final decision on {f.itemCode}
                      </Link>
                    ) : (
                      <>
                        {f.candidateName} ({f.candidateNumber}): final decision on {f.itemCode}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body">No final decision is waiting to be sampled.</p>
            )}
            <p className="govuk-body">
              {plural(p.finals.filter((f) => f.sampled).length, "candidate's final decision has", "candidates' final decisions have")} been sampled;{" "}
              {plural(finalsPending, "candidate does", "candidates do")} not have a final decision yet.
            </p>
          </section>
        );
      })}
    </>
  );
}
