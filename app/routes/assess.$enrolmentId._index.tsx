import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { AchievementSummary, displayIsoDate } from "~/components/assessment";
import { formatDateTime, Success } from "~/components/page";
import { OUTCOME_LABELS } from "~/lib/assessment-labels";
import { assessmentOverview } from "~/lib/assessment.server";
import { requireRole } from "~/lib/auth.server";
import type { PortfolioFramework, PortfolioTask } from "~/lib/progress.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Assess ${data.enrolment.candidateName}` : "Assess"} – Restorative Practice Competency Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["assessor"]);
  return json(assessmentOverview(actor, params.enrolmentId ?? ""));
}

type Standing = { id: string; outcome: "met" | "not_yet_met"; decidedOn: string; sampleOutcome: "agree" | "disagree" | null; actionDue: string | null };

/** What the assessor sees for a criterion: whether it waits for them, and the decision standing on it. */
function statusOf(task: PortfolioTask, standing: Standing | undefined): { label: string; tag: string; hint: string } {
  if (standing?.sampleOutcome === "disagree")
    return { label: "Reopened by IQA", tag: "govuk-tag--orange", hint: `The internal quality assurer disagreed with the decision${standing.actionDue ? `; due by ${displayIsoDate(standing.actionDue)}` : ""}` };
  switch (task.status) {
    case "submitted":
      return { label: "Waiting for you", tag: "govuk-tag--purple", hint: task.submittedAt ? `Submitted ${formatDateTime(task.submittedAt)}` : "Submitted" };
    case "met":
    case "not_yet_met":
      return {
        label: OUTCOME_LABELS[task.status],
        tag: task.status === "met" ? "govuk-tag--green" : "govuk-tag--red",
        hint: standing ? `Decided ${displayIsoDate(standing.decidedOn)}${standing.sampleOutcome === "agree" ? ", agreed by the internal quality assurer" : ""}` : "",
      };
    case "evidence_added":
      return { label: "Not submitted", tag: "govuk-tag--grey", hint: "Evidence added, not yet submitted for assessment" };
    default:
      return { label: "No evidence", tag: "govuk-tag--grey", hint: "No evidence mapped yet" };
  }
}

function Frameworks({ frameworks, enrolmentId, standing, headingLevel }: { frameworks: PortfolioFramework[]; enrolmentId: string; standing: Record<string, Standing>; headingLevel: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const S = `h${headingLevel + 1}` as "h3" | "h4";
  const G = `h${headingLevel + 2}` as "h4" | "h5";
  return (
    <>
      {frameworks.map((f) => (
        <section key={f.id} className="app-portfolio-framework" aria-labelledby={`fw-${f.id}`}>
          <H className="govuk-heading-m" id={`fw-${f.id}`}>
            {f.title} <span className="govuk-caption-m">Version {f.version}</span>
          </H>
          {f.sections.map((s) => (
            <div key={s.id} className="app-portfolio-section">
              <S className="govuk-heading-s">{s.label}</S>
              <p className="govuk-body app-portfolio-section__counts">
                {s.counts.submitted} waiting · {s.counts.met} met{s.counts.notYetMet ? ` · ${s.counts.notYetMet} not yet met` : ""} · {s.counts.total} in all
              </p>
              {s.groups.map((g) => (
                <div key={g.id ?? "direct"}>
                  {g.title ? <G className="govuk-heading-s app-portfolio-group">{g.title}</G> : null}
                  <ul className="govuk-task-list">
                    {g.tasks.map((t) => {
                      const st = statusOf(t, standing[t.itemId]);
                      const id = `task-${t.itemId}`;
                      return (
                        <li key={t.itemId} className="govuk-task-list__item govuk-task-list__item--with-link">
                          <div className="govuk-task-list__name-and-hint">
                            <Link className="govuk-link govuk-task-list__link" to={`/assess/${enrolmentId}/${t.itemId}`} aria-describedby={`${id}-hint ${id}-status`}>
                              <span className="app-task-code">{t.code}</span> {t.text}
                            </Link>
                            <div id={`${id}-hint`} className="govuk-task-list__hint">
                              {t.evidenceCount ? `${t.evidenceCount} ${t.evidenceCount === 1 ? "piece" : "pieces"} of evidence` : "No evidence"}
                              {st.hint ? `. ${st.hint}` : ""}
                            </div>
                          </div>
                          <div className="govuk-task-list__status" id={`${id}-status`}>
                            <strong className={`govuk-tag ${st.tag}`}>{st.label}</strong>
                          </div>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ))}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

export default function AssessCandidate() {
  const { enrolment: e, frameworks, alsoEvidenced, standing, waiting, due, achievement } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const decided = params.get("decided");
  const decidedItem = decided ? Object.entries(standing).find(([, s]) => s.id === decided) : undefined;
  const decidedTask = decidedItem ? [...frameworks, ...alsoEvidenced].flatMap((f) => f.sections.flatMap((s) => s.groups.flatMap((g) => g.tasks))).find((t) => t.itemId === decidedItem[0]) : undefined;
  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to your caseload
      </Link>
      {decidedItem && decidedTask ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            Decision recorded: {decidedTask.code} is {OUTCOME_LABELS[decidedItem[1].outcome].toLowerCase()}.
          </p>
          {params.get("achieved") && achievement.achieved ? (
            <p className="govuk-body">
              {e.candidateName} has now {achievement.label === "Competent" ? "been assessed as competent" : "achieved the programme"}.
            </p>
          ) : null}
        </Success>
      ) : null}
      <span className="govuk-caption-l">
        {e.programmeTitle} · {e.candidateNumber}
      </span>
      <h1 className="govuk-heading-l">Assess {e.candidateName}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ul className="govuk-list">
            <li>
              <strong>{waiting}</strong> {waiting === 1 ? "criterion" : "criteria"} waiting for your decision
            </li>
            {due ? (
              <li>
                <strong>{due}</strong> {due === 1 ? "decision" : "decisions"} reopened by the internal quality assurer
              </li>
            ) : null}
          </ul>
          {waiting + due === 0 ? <div className="govuk-inset-text">Nothing is waiting for you on this portfolio. Criteria appear as waiting when the candidate submits them.</div> : null}
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/decisions`}>
                All decisions and feedback
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/evidence`}>
                All evidence
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/pdf`} reloadDocument download>
                Download the portfolio as a PDF
              </Link>
            </li>
          </ul>
          <AchievementSummary a={achievement} mine={false} />
        </div>
      </div>

      <Frameworks frameworks={frameworks} enrolmentId={e.id} standing={standing} headingLevel={2} />

      {alsoEvidenced.length ? (
        <section className="app-portfolio-also" aria-labelledby="also-evidenced">
          <h2 className="govuk-heading-m" id="also-evidenced">
            Also evidenced
          </h2>
          <p className="govuk-body">Criteria this programme does not require that the candidate&apos;s evidence is mapped to. They show what else the evidence covers; they are not assessed for this programme.</p>
          <Frameworks frameworks={alsoEvidenced} enrolmentId={e.id} standing={standing} headingLevel={3} />
        </section>
      ) : null}
    </>
  );
}
