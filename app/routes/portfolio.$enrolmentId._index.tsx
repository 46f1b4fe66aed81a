import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/page";
import { requireUser } from "~/lib/auth.server";
import { portfolio, type PortfolioFramework, type PortfolioTask } from "~/lib/progress.server";
import type { CriterionStatus } from "../../db/schema";
import { statusLabel } from "~/lib/enrolment-status";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.mine ? "Your portfolio" : `${data.enrolment.candidateName}'s portfolio`}: ${data.enrolment.programmeTitle}` : "Portfolio"} – Restorative Practice Competency Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const p = portfolio(actor, params.enrolmentId ?? "");
  return json({ ...p, mine: actor.userId === p.enrolment.candidateId });
}

const STATUS: Record<CriterionStatus, { label: string; tag: string }> = {
  no_evidence: { label: "No evidence", tag: "govuk-tag--grey" },
  evidence_added: { label: "Evidence added", tag: "" },
  submitted: { label: "Submitted", tag: "govuk-tag--purple" },
  met: { label: "Met", tag: "govuk-tag--green" },
  not_yet_met: { label: "Not yet met", tag: "govuk-tag--red" },
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Task({ task, enrolmentId }: { task: PortfolioTask; enrolmentId: string }) {
  const id = `task-${task.itemId}`;
  const status = STATUS[task.status];
  return (
    <li className="govuk-task-list__item govuk-task-list__item--with-link">
      <div className="govuk-task-list__name-and-hint">
        <Link className="govuk-link govuk-task-list__link" to={`/portfolio/${enrolmentId}/evidence?criterion=${encodeURIComponent(task.itemId)}`} aria-describedby={`${id}-hint ${id}-status`}>
          <span className="app-task-code">{task.code}</span> {task.text}
        </Link>
        <div id={`${id}-hint`} className="govuk-task-list__hint">
          {task.evidenceCount ? plural(task.evidenceCount, "piece of evidence", "pieces of evidence") : "No evidence mapped yet"}
          {task.status === "submitted" && task.submittedAt ? `, submitted ${formatDateTime(task.submittedAt)}` : ""}
          {task.drawsOn.length ? (
            <>
              <span className="app-draws-on__label">Draws on:</span>
              <ul className="govuk-list app-draws-on">
                {task.drawsOn.map((d) => (
                  <li key={`${d.framework}-${d.code}`}>
                    <span className="app-task-code">{d.code}</span> {d.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
      <div className="govuk-task-list__status" id={`${id}-status`}>
        <strong className={`govuk-tag ${status.tag}`}>{status.label}</strong>
      </div>
    </li>
  );
}

/** `idPrefix` keeps the heading ids unique when a framework is listed both as required and under "Also evidenced". */
function Frameworks({ frameworks, enrolmentId, headingLevel, counts = true, idPrefix = "fw" }: { frameworks: PortfolioFramework[]; enrolmentId: string; headingLevel: 2 | 3; counts?: boolean; idPrefix?: string }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const S = `h${headingLevel + 1}` as "h3" | "h4";
  const G = `h${headingLevel + 2}` as "h4" | "h5";
  return (
    <>
      {frameworks.map((f) => (
        <section key={f.id} className="app-portfolio-framework" aria-labelledby={`${idPrefix}-${f.id}`}>
          <H className="govuk-heading-m" id={`${idPrefix}-${f.id}`}>
            {f.title} <span className="govuk-caption-m">Version {f.version}</span>
          </H>
          {f.sections.map((s) => (
            <div key={s.id} className="app-portfolio-section">
              <S className="govuk-heading-s">{s.label}</S>
              {counts ? (
                <p className="govuk-body app-portfolio-section__counts">
                  {s.counts.withEvidence} of {plural(s.counts.total, "criterion has", "criteria have")} evidence
                  {s.counts.submitted ? ` · ${s.counts.submitted} submitted` : ""}
                  {` · ${s.counts.met} met`}
                  {s.counts.notYetMet ? ` · ${s.counts.notYetMet} not yet met` : ""}
                </p>
              ) : null}
              {s.groups.map((g) => (
                <div key={g.id ?? "direct"}>
                  {g.title ? <G className="govuk-heading-s app-portfolio-group">{g.title}</G> : null}
                  <ul className="govuk-task-list">
                    {g.tasks.map((t) => (
                      <Task key={t.itemId} task={t} enrolmentId={enrolmentId} />
                    ))}
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

export default function PortfolioPage() {
  const { enrolment: e, canEdit, counts, frameworks, alsoEvidenced, submissions, mine } = useLoaderData<typeof loader>();
  const missing = counts.total - counts.withEvidence;
  return (
    <>
      {mine ? <Link to="/portfolio" className="govuk-back-link">All your portfolios</Link> : <Link to={`/enrolments/${e.id}`} className="govuk-back-link">Back to the enrolment</Link>}
      <span className="govuk-caption-l">{e.programmeTitle}</span>
      <h1 className="govuk-heading-l">{mine ? "Your portfolio" : `${e.candidateName}'s portfolio`}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            {e.providerName}, candidate number {e.candidateNumber}
            {e.status !== "active" ? ` · ${statusLabel(e.status, e.programmeSlug)}` : ""}
          </p>
          <h2 className="govuk-heading-s govuk-!-margin-bottom-2">
            {counts.withEvidence} of {plural(counts.total, "criterion has", "criteria have")} evidence
          </h2>
          <ul className="govuk-list app-portfolio-summary">
            <li>{counts.ready} ready to submit</li>
            <li>{counts.submitted} submitted and waiting for assessment</li>
            <li>{counts.met} met</li>
            {counts.notYetMet ? <li>{counts.notYetMet} not yet met</li> : null}
          </ul>
          {canEdit ? (
            <div className="govuk-button-group">
              <Link className="govuk-button" to={`/portfolio/${e.id}/evidence/new`}>
                Add evidence
              </Link>
              {counts.ready ? (
                <Link className="govuk-button govuk-button--secondary" to={`/portfolio/${e.id}/submit`}>
                  Submit for assessment
                </Link>
              ) : null}
            </div>
          ) : null}
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/missing`}>
                Criteria still without evidence ({missing})
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/evidence`}>
                {mine ? "All your evidence" : "All evidence"}
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/decisions`}>
                Decisions and feedback
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/portfolio/${e.id}/pdf`} reloadDocument download>
                Download the portfolio as a PDF
              </Link>
            </li>
          </ul>
          {counts.withEvidence === 0 && canEdit ? (
            <div className="govuk-inset-text">
              Start by adding a piece of evidence (a file, a reflective account, an observation record, a witness testimony, or a record of a professional discussion or questions and answers) and mapping it to the criteria it shows.
            </div>
          ) : null}
        </div>
      </div>

      <Frameworks frameworks={frameworks} enrolmentId={e.id} headingLevel={2} />

      {alsoEvidenced.length ? (
        <section className="app-portfolio-also" aria-labelledby="also-evidenced">
          <h2 className="govuk-heading-m" id="also-evidenced">
            Also evidenced
          </h2>
          <p className="govuk-body">Criteria this programme does not require that the evidence is mapped to. They are not assessed for this programme; they show what else the evidence covers.</p>
          <Frameworks frameworks={alsoEvidenced} enrolmentId={e.id} headingLevel={3} counts={false} idPrefix="also-fw" />
        </section>
      ) : null}

      <h2 className="govuk-heading-m" id="submissions">
        Submissions
      </h2>
      {submissions.length ? (
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">What was submitted for assessment, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Submitted</th>
              <th scope="col" className="govuk-table__header">What</th>
              <th scope="col" className="govuk-table__header">Criteria</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {submissions.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <td className="govuk-table__cell">{formatDateTime(s.submittedAt)}</td>
                <td className="govuk-table__cell">{s.scopeLabel}</td>
                <td className="govuk-table__cell">{s.criteria.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">
          Nothing has been submitted for assessment yet.{canEdit ? " When criteria have evidence, submit them for assessment: the whole portfolio or one section at a time." : ""}
        </p>
      )}
    </>
  );
}
