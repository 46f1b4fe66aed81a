import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrevNext, Success } from "~/components/page";
import { SamplingCoverage } from "~/components/sampling-coverage";
import { requireRole } from "~/lib/auth.server";
import { pageParam, type PageWindow } from "~/lib/paging";
import { formatIsoDate, iqaQueuePage, samplingCoverage, type QueueEntry } from "~/lib/quality.server";

export const meta: MetaFunction = () => [{ title: "Sampling – Restorative Practice Competency Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["iqa"]);
  const url = new URL(request.url);
  const sampled = url.searchParams.get("sampled");
  const code = url.searchParams.get("code");
  const page = (name: string) => pageParam.parse(url.searchParams.get(name) ?? undefined);
  const queue = iqaQueuePage(actor, { requiredPage: page("required-page"), optionalPage: page("page") });
  const dated = (entries: QueueEntry[]) => entries.map((e) => ({ ...e, decidedOnText: formatIsoDate(e.decidedOn) }));
  return json({
    ...queue,
    required: dated(queue.required),
    optional: dated(queue.optional),
    coverage: samplingCoverage(actor),
    notice: (sampled === "agree" || sampled === "disagree") && code ? { outcome: sampled, code: code.slice(0, 40) } : null,
  });
}

const OUTCOME = { met: { label: "Met", tag: "govuk-tag--green" }, not_yet_met: { label: "Not yet met", tag: "govuk-tag--red" } } as const;

function QueueTable({ caption, entries, showReasons }: { caption: string; entries: (QueueEntry & { decidedOnText: string })[]; showReasons: boolean }) {
  return (
    <table className="govuk-table app-queue">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Criterion</th>
          <th scope="col" className="govuk-table__header">Candidate</th>
          <th scope="col" className="govuk-table__header">Assessor</th>
          <th scope="col" className="govuk-table__header">Decision</th>
          {showReasons ? <th scope="col" className="govuk-table__header">Why it is required</th> : null}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {entries.map((e) => (
          <tr className="govuk-table__row" key={e.decisionId}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/iqa/decisions/${e.decisionId}`}>
                <span className="app-criterion-code">{e.itemCode}</span>
                <span className="govuk-visually-hidden">: sample the decision for {e.candidateName}</span>
              </Link>
              <span className="govuk-body-s app-queue__text">{e.itemText}</span>
            </td>
            <td className="govuk-table__cell">
              {e.candidateName}
              <span className="govuk-body-s app-queue__text">
                {e.candidateNumber}, {e.programmeTitle}
              </span>
            </td>
            <td className="govuk-table__cell">{e.assessorName}</td>
            <td className="govuk-table__cell">
              <strong className={`govuk-tag ${OUTCOME[e.outcome].tag}`}>{OUTCOME[e.outcome].label}</strong>
              <span className="govuk-body-s app-queue__text">{e.decidedOnText}</span>
            </td>
            {showReasons ? (
              <td className="govuk-table__cell">
                <ul className="govuk-list govuk-body-s app-queue__reasons">
                  {e.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function IqaQueue() {
  const { plan, required, requiredPage, optional, optionalPage, ownDecisions, coverage, notice } = useLoaderData<typeof loader>();
  const empty = !required.length && !optional.length;
  // Each list keeps the other's page when it moves.
  const href = (requiredAt: number, optionalAt: number, anchor: string) => {
    const query = new URLSearchParams();
    if (requiredAt > 1) query.set("required-page", String(requiredAt));
    if (optionalAt > 1) query.set("page", String(optionalAt));
    return `?${query}#${anchor}`;
  };
  const shownOf = (w: PageWindow, order: string) => (w.pages > 1 ? `, ${w.first} to ${w.last} shown, ${order}` : "");
  return (
    <>
      {notice ? (
        <Success>
          <p className="govuk-notification-banner__heading">
            {notice.outcome === "agree"
              ? `You agreed with the decision on ${notice.code}. The assessor has been told.`
              : `You disagreed with the decision on ${notice.code}. The criterion is back in the assessor's queue and they and the candidate have been told.`}
          </p>
        </Success>
      ) : null}
      <h1 className="govuk-heading-l">Sampling</h1>
      <p className="govuk-body">
        Your provider&apos;s plan: every decision of a new assessor until {plan.fullSampleUntilAgreed} are agreed, then {plan.samplePercent}% at random, and at least once every
        assessor, unit and candidate&apos;s final decision. <Link className="govuk-link" to="/sampling-plan">See the sampling plan</Link> or{" "}
        <Link className="govuk-link" to="/iqa/reports">the quality assurance report</Link>.
      </p>

      {empty ? (
        <>
          <h2 className="govuk-heading-m">Nothing to sample</h2>
          <p className="govuk-body">
            No decisions are waiting to be sampled. When an assessor makes a decision on a candidate allocated to you, it appears here. Your provider admin allocates candidates
            to you on the <strong>Enrolments</strong> page.
          </p>
        </>
      ) : (
        <>
          {required.length ? (
            <div id="required">
              <QueueTable caption={`Required by the plan (${requiredPage.total})${shownOf(requiredPage, "oldest first")}`} entries={required} showReasons />
              <PrevNext page={requiredPage.page} pages={requiredPage.pages} href={(p) => href(p, optionalPage.page, "required")} label="Pages of required decisions" prev="Previous" next="Next" />
            </div>
          ) : (
            <>
              <h2 className="govuk-heading-m">Required by the plan (0)</h2>
              <p className="govuk-body">The plan does not require any more samples at the moment. You can still sample any decision below.</p>
            </>
          )}
          {optional.length ? (
            <div id="other">
              <QueueTable
                caption={`Other decisions you can sample (${optionalPage.total})${shownOf(optionalPage, "oldest first")}`}
                entries={optional}
                showReasons={false}
              />
              <PrevNext page={optionalPage.page} pages={optionalPage.pages} href={(p) => href(requiredPage.page, p, "other")} label="Pages of other decisions" prev="Earlier decisions" next="Later decisions" />
            </div>
          ) : null}
        </>
      )}
      {ownDecisions ? (
        <div className="govuk-inset-text">
          {ownDecisions === 1 ? "1 decision" : `${ownDecisions} decisions`} on your candidates {ownDecisions === 1 ? "was" : "were"} made by you as an assessor, so another internal quality
          assurer must sample {ownDecisions === 1 ? "it" : "them"}. Ask your provider admin to arrange this.
        </div>
      ) : null}

      <h2 className="govuk-heading-l app-coverage-heading">What is still to sample</h2>
      <p className="govuk-body">Over the life of each programme, the sampling must reach every assessor, every unit and every candidate&apos;s final decision at least once.</p>
      <SamplingCoverage programmes={coverage} canSample headingLevel={3} />
    </>
  );
}
