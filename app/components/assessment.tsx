/**
 * Pieces of the assessment pages: outcome tags, a decision's summary, a criterion's full text, the
 * achievement state, and one evidence version's fields as the assessor reads them.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { KeptPersonalData } from "~/components/evidence-form";
import { formatDate, formatDateTime, SummaryList } from "~/components/page";
import { METHOD_LABELS, OUTCOME_LABELS, VARCS_LABELS, type Outcome, type Varcs } from "~/lib/assessment-labels";
import { KIND_LABELS, type EvidenceKindName } from "~/lib/evidence-kinds";
import { PlainText, RichText } from "~/lib/rich-text";
import type { AssessmentMethod } from "../../db/schema";

/** A calendar date "YYYY-MM-DD" as "12 May 2026". */
export const displayIsoDate = (iso: string | null | undefined) => (iso ? formatDate(Date.parse(`${iso}T12:00:00Z`)) : "Not given");

export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  return <strong className={`govuk-tag ${outcome === "met" ? "govuk-tag--green" : "govuk-tag--red"}`}>{OUTCOME_LABELS[outcome]}</strong>;
}

/** Outcome, or what happened to the decision since. */
export function DecisionTag({ outcome, status }: { outcome: Outcome; status: "standing" | "withdrawn" | "superseded" }) {
  if (status !== "standing")
    return (
      <>
        <strong className="govuk-tag govuk-tag--grey">{status === "withdrawn" ? "Withdrawn" : "Replaced"}</strong> <span className="govuk-body-s">(was {OUTCOME_LABELS[outcome].toLowerCase()})</span>
      </>
    );
  return <OutcomeTag outcome={outcome} />;
}

type Bullet = string | { text: string; bullets: Bullet[] };
function Bullets({ bullets }: { bullets: Bullet[] }) {
  return (
    <ul className="govuk-list govuk-list--bullet">
      {bullets.map((b, i) =>
        typeof b === "string" ? (
          <li key={i}>{b}</li>
        ) : (
          <li key={i}>
            {b.text}
            <Bullets bullets={b.bullets} />
          </li>
        ),
      )}
    </ul>
  );
}

/** A criterion's full text: its statement and bullets. */
export function CriterionText({ statement, bullets, large = false }: { statement: string; bullets: unknown[] | null; large?: boolean }) {
  return (
    <div className="app-criterion-text">
      <p className={large ? "govuk-body-l" : "govuk-body"}>{statement}</p>
      {bullets?.length ? <Bullets bullets={bullets as Bullet[]} /> : null}
    </div>
  );
}

export type DecisionData = {
  id: string;
  code: string;
  statement: string;
  frameworkShortTitle: string;
  assessorName: string;
  outcome: Outcome;
  methods: AssessmentMethod[];
  checks: Varcs[];
  feedback: string | null;
  decidedOn: string;
  createdAt: number;
  status: "standing" | "withdrawn" | "superseded";
  withdrawnAt: number | null;
  withdrawnReason: string | null;
  supersededAt: number | null;
  sample: { outcome: "agree" | "disagree"; comments: string; actionRequired: string | null; actionDue: string | null; sampledAt: number; iqaName: string | null } | null;
  evidence: { evidenceId: string; reference: string; versionId: string; version: number; title: string; contentHash: string; fileSha256: string | null }[];
};

/** One decision, as a summary list: who, when, how, the checks, the feedback, the evidence, and what happened since. */
export function DecisionDetails({ d, showHashes = false, linkEvidence = true }: { d: DecisionData; showHashes?: boolean; linkEvidence?: boolean }) {
  const rows: { key: ReactNode; value: ReactNode }[] = [
    { key: "Outcome", value: <DecisionTag outcome={d.outcome} status={d.status} /> },
    { key: "Assessor", value: d.assessorName },
    { key: "Date of the assessment", value: displayIsoDate(d.decidedOn) },
    { key: "Methods", value: d.methods.map((m) => METHOD_LABELS[m] ?? m).join(", ") },
    {
      key: "Evidence checks",
      value: d.checks.length ? (d.checks.length === 5 ? "Valid, authentic, reliable, current and sufficient" : d.checks.map((c) => VARCS_LABELS[c]?.label ?? c).join(", ")) : "None confirmed",
    },
    { key: "Feedback", value: d.feedback ? <PlainText text={d.feedback} /> : "None given" },
    {
      key: "Evidence it relied on",
      value: d.evidence.length ? (
        <ul className="govuk-list">
          {d.evidence.map((e) => (
            <li key={e.versionId}>
              {linkEvidence ? (
                <Link className="govuk-link" to={`/evidence/${e.evidenceId}`}>
                  {e.reference}: {e.title}
                </Link>
              ) : (
                `${e.reference}: ${e.title}`
              )}{" "}
              (version {e.version})
              {showHashes ? (
                <>
                  <br />
                  <span className="govuk-body-s">
                    Fingerprint <code className="app-hash">{e.contentHash}</code>
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        "None recorded"
      ),
    },
  ];
  if (d.status === "withdrawn")
    rows.push({ key: "Withdrawn", value: `${d.withdrawnAt ? formatDateTime(d.withdrawnAt) : ""}${d.withdrawnReason ? `. Reason: ${d.withdrawnReason}` : ""}` });
  if (d.status === "superseded" && d.supersededAt) rows.push({ key: "Replaced", value: `By a later decision on ${formatDateTime(d.supersededAt)}` });
  if (d.sample)
    rows.push({
      key: "Internal quality assurance",
      value: (
        <>
          <p className="govuk-body">
            {d.sample.outcome === "agree" ? "Sampled: the internal quality assurer agreed" : "Sampled: the internal quality assurer disagreed"}
            {d.sample.iqaName ? ` (${d.sample.iqaName}, ${formatDate(d.sample.sampledAt)})` : ` (${formatDate(d.sample.sampledAt)})`}
          </p>
          {d.sample.comments ? <PlainText text={d.sample.comments} /> : null}
          {d.sample.actionRequired ? (
            <p className="govuk-body">
              <strong>Action required{d.sample.actionDue ? ` by ${displayIsoDate(d.sample.actionDue)}` : ""}:</strong> {d.sample.actionRequired}
            </p>
          ) : null}
        </>
      ),
    });
  rows.push({ key: "Recorded", value: formatDateTime(d.createdAt) });
  return <SummaryList rows={rows} />;
}

export type AchievementData = {
  achieved: boolean;
  label: string;
  missing: { code: string; reason: string }[];
  counts: { total: number; met: number };
  prerequisite: { description: string; met: boolean; by: { title: string; achievedAt: number | null } | null } | null;
  qaUnit: { achieved: boolean; total: number; met: number } | null;
  sampling: { sampled: boolean } | null;
  status: "active" | "achieved" | "withdrawn";
  achievedAt: number | null;
  programmeTitle: string;
};

/** The programme's achievement state and what is still needed. */
export function AchievementSummary({ a, mine, headingLevel = 2 }: { a: AchievementData; mine: boolean; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <section className="app-achievement" aria-labelledby="achievement-heading">
      <H className="govuk-heading-m" id="achievement-heading">
        {a.programmeTitle}: <strong className={`govuk-tag ${a.achieved ? "govuk-tag--green" : "govuk-tag--grey"}`}>{a.label}</strong>
      </H>
      {a.status === "achieved" && a.achievedAt ? <p className="govuk-body">Recorded on {formatDate(a.achievedAt)}.</p> : null}
      {a.status === "withdrawn" ? <p className="govuk-body">This enrolment has been withdrawn.</p> : null}
      <ul className="govuk-list">
        <li>
          {a.counts.met} of {a.counts.total} criteria met
        </li>
        {a.qaUnit ? (
          <li>
            Quality assurance unit: {a.qaUnit.met} of {a.qaUnit.total} performance criteria and knowledge items met{a.qaUnit.achieved ? " (achieved)" : ""}
          </li>
        ) : null}
        {a.prerequisite ? (
          <li>
            Section A competence: {a.prerequisite.met && a.prerequisite.by ? `recorded (${a.prerequisite.by.title}${a.prerequisite.by.achievedAt ? `, ${formatDate(a.prerequisite.by.achievedAt)}` : ""})` : "not recorded"}
          </li>
        ) : null}
        {a.sampling ? <li>Internal quality assurance: {a.sampling.sampled ? "the portfolio has been sampled" : "the portfolio has not been sampled yet"}</li> : null}
      </ul>
      {a.missing.length ? (
        <>
          <H className="govuk-heading-s">{mine ? "What you still need" : "Still needed"}</H>
          <ul className="govuk-list govuk-list--bullet app-achievement__missing">
            {a.missing.map((m) => (
              <li key={m.code}>
                <span className="app-task-code">{m.code}</span>: {m.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export type EvidenceVersionData = {
  id: string;
  version: number;
  title: string;
  evidenceDate: string | null;
  body: Record<string, unknown>;
  file: { fileName: string; size: number; mediaType: string } | null;
  personalData: { kind: string; match: string; index: number; field: string }[];
  personalDataReason: string | null;
};

const fileSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`);
const opensInBrowser = (mediaType: string) => mediaType === "application/pdf" || mediaType.startsWith("image/");
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Every field of one evidence version, headed at `headingLevel`. */
export function EvidenceContent({ kind, version, evidenceId, headingLevel }: { kind: EvidenceKindName; version: EvidenceVersionData; evidenceId: string; headingLevel: 2 | 3 | 4 }) {
  const H = `h${headingLevel}` as "h2" | "h3" | "h4";
  const b = version.body;
  const content = (() => {
    switch (kind) {
      case "file":
        return (
          <>
            {version.file ? (
              <SummaryList
                rows={[
                  {
                    key: "File",
                    value: (
                      // A resource route: a full document load, and it opens in the browser (PDF, images) or downloads.
                      <a className="govuk-link" href={`/evidence/${evidenceId}/versions/${version.id}/file`} target={opensInBrowser(version.file.mediaType) ? "_blank" : undefined} rel="noreferrer">
                        {opensInBrowser(version.file.mediaType) ? "Open" : "Download"} {version.file.fileName}
                        {opensInBrowser(version.file.mediaType) ? " (opens in new tab)" : null}
                        <span className="govuk-visually-hidden"> (version {version.version})</span>
                      </a>
                    ),
                  },
                  { key: "Type and size", value: `${version.file.mediaType}, ${fileSize(version.file.size)}` },
                  { key: "Date of the evidence", value: displayIsoDate(version.evidenceDate) },
                ]}
              />
            ) : null}
            {str(b.description) ? (
              <>
                <H className="govuk-heading-s">Description</H>
                <PlainText text={str(b.description)} />
              </>
            ) : null}
          </>
        );
      case "reflective_account":
        return (
          <>
            <SummaryList rows={[{ key: "Date written", value: displayIsoDate(version.evidenceDate) }]} />
            <RichText text={str(b.text)} headingLevel={headingLevel} />
          </>
        );
      case "observation":
        return (
          <>
            <SummaryList
              rows={[
                { key: "Observer", value: str(b.observerName) },
                { key: "Observer's role", value: str(b.observerRole) },
                { key: "Date of the observation", value: displayIsoDate(version.evidenceDate) },
                { key: "Setting", value: <PlainText text={str(b.setting)} /> },
              ]}
            />
            <H className="govuk-heading-s">What was observed</H>
            <PlainText text={str(b.observed)} />
          </>
        );
      case "professional_discussion":
        return (
          <>
            <SummaryList
              rows={[
                { key: "Date of the discussion", value: displayIsoDate(version.evidenceDate) },
                { key: "Who took part", value: str(b.participants) },
              ]}
            />
            <H className="govuk-heading-s">Summary of the discussion</H>
            <PlainText text={str(b.summary)} />
          </>
        );
      case "question_answer": {
        const items = (b.items as { question: string; answer: string }[] | undefined) ?? [];
        return (
          <>
            <SummaryList rows={[{ key: "Date of the questions", value: displayIsoDate(version.evidenceDate) }]} />
            {items.map((p, i) => (
              <div key={i} className="app-qa-pair">
                <H className="govuk-heading-s">Question {i + 1}</H>
                <PlainText text={p.question} />
                <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Answer</p>
                <PlainText text={p.answer} />
              </div>
            ))}
          </>
        );
      }
      case "witness_testimony": {
        const confirmedAt = typeof b.witnessConfirmedAt === "number" ? b.witnessConfirmedAt : null;
        return (
          <>
            <SummaryList
              rows={[
                { key: "When the witness saw it", value: displayIsoDate(version.evidenceDate) },
                { key: "Witness", value: str(b.witnessName) },
                { key: "Witness's role", value: str(b.witnessRole) },
                { key: "How they know the candidate's work", value: str(b.relationship) },
                {
                  key: "Confirmed",
                  value: confirmedAt ? (
                    <>
                      <strong className="govuk-tag govuk-tag--green">Confirmed by the witness</strong> {formatDateTime(confirmedAt)}
                    </>
                  ) : (
                    <strong className="govuk-tag govuk-tag--yellow">Not yet confirmed by the witness</strong>
                  ),
                },
              ]}
            />
            {confirmedAt ? (
              <>
                <H className="govuk-heading-s">The witness&apos;s testimony</H>
                <PlainText text={str(b.testimony)} />
                <H className="govuk-heading-s">What the candidate asked them to confirm</H>
                <PlainText text={str(b.whatWitnessed)} />
              </>
            ) : (
              <>
                <H className="govuk-heading-s">What the witness saw (the candidate&apos;s description)</H>
                <PlainText text={str(b.whatWitnessed)} />
              </>
            )}
          </>
        );
      }
    }
  })();
  return (
    <>
      {content}
      <KeptPersonalData findings={version.personalData} reason={version.personalDataReason} />
    </>
  );
}

export const kindLabel = (kind: string) => KIND_LABELS[kind as EvidenceKindName] ?? kind;
