/**
 * Everything a portfolio PDF prints, read in a fixed number of set-based queries whatever the
 * portfolio's size (no query per evidence item, criterion or decision). No access check here: the
 * callers in pdf.server.ts check access first (or are the command line, run by the operator).
 */
import type { Db } from "../../../db/connection";
import type { AssessmentMethod } from "../../../db/schema";
import type { Bullet } from "../../../standards/schema";
import { achievementFacts, evaluateAchievement, LEVEL4_SLUG, SUPERVISOR_SLUG, type Achievement } from "../achievement.server";
import type { Varcs } from "../assessment-labels";
import { notFound } from "../http.server";

export type DocumentKind = "award_portfolio" | "supervisor_check";

/** A standards item with every word of it: statement (or title) and sub-bullets. */
export type ItemText = {
  id: string;
  code: string;
  type: string;
  title: string | null;
  statement: string | null;
  bullets: Bullet[] | null;
  framework: string;
  frameworkShortTitle: string;
  parentId: string | null;
  position: number;
};

export type Requirement = ItemText & { groupTitle: string };

/** What a learning outcome draws on: a criterion, or a part (or group) with all its criteria. */
export type DrawsOnTarget = { item: ItemText; children: ItemText[] };

export type EvidenceEntry = {
  id: string;
  reference: string;
  kind: string;
  version: number;
  title: string;
  evidenceDate: string | null;
  fileName: string | null;
  fileSha256: string | null;
  contentHash: string;
  createdAt: number;
};

export type Mapping = { evidenceId: string; itemId: string; note: string };

export type DecisionEntry = {
  id: string;
  itemId: string;
  assessorName: string;
  outcome: "met" | "not_yet_met";
  methods: AssessmentMethod[];
  checks: Varcs[];
  feedback: string | null;
  decidedOn: string;
  createdAt: number;
  status: "standing" | "withdrawn" | "superseded";
  withdrawnAt: number | null;
  withdrawnReason: string | null;
  supersededAt: number | null;
  evidence: { reference: string; version: number; title: string; contentHash: string; fileSha256: string | null }[];
  sample: { outcome: "agree" | "disagree"; comments: string | null; actionRequired: string | null; actionDue: string | null; sampledAt: number; iqaName: string } | null;
};

export type Framework = {
  id: string;
  framework: string;
  version: string;
  title: string;
  shortTitle: string;
  publisher: string;
  attributes: { key: string; label: string; text?: string; bullets?: Bullet[] }[];
  hours: { total: number; components: { title: string; hours: number }[] } | null;
};

export type PriorDocument = { code: string; issuedAt: number; kind: DocumentKind };

export type DocumentData = {
  kind: DocumentKind;
  enrolment: {
    id: string;
    candidateId: string;
    candidateName: string;
    candidateNumber: string;
    status: "active" | "achieved" | "withdrawn";
    enrolledAt: number;
    achievedAt: number | null;
    programmeSlug: string;
    programmeTitle: string;
    programmeVersion: string;
    providerId: string;
    providerName: string;
    providerCentreNumber: string | null;
    assessorName: string | null;
    iqaName: string | null;
  };
  achievement: Achievement;
  /** The pinned framework versions, in the order the programme names them. */
  frameworks: Framework[];
  requirements: Requirement[];
  /** The award's objectives (Level 4 only), in document order. */
  objectives: ItemText[];
  /** By learning outcome id: what it draws on, in document order. */
  drawsOn: Map<string, DrawsOnTarget[]>;
  evidence: EvidenceEntry[];
  mappings: Mapping[];
  /** Every decision, newest first within a criterion. */
  decisions: DecisionEntry[];
  declarations: { statement: string; declaredAt: number; name: string }[];
  submissions: { count: number; first: number | null; last: number | null };
  /** The achieved enrolment that meets the prerequisite, with the latest document issued for it. */
  prerequisite: { title: string; achievedAt: number | null; document: PriorDocument | null } | null;
  /** Whether the IQA's comments and actions are printed (not when the candidate issues it). */
  showIqaComments: boolean;
};

type ItemRow = Omit<ItemText, "bullets"> & { bullets: string | null };
const ITEM_COLUMNS = `i.id, i.code, i.type, i.title, i.statement, i.bullets, f.framework, f.short_title as frameworkShortTitle, i.parent_id as parentId, i.position`;
const toItem = <T extends ItemRow>(r: T): Omit<T, "bullets"> & { bullets: Bullet[] | null } => ({ ...r, bullets: r.bullets ? (JSON.parse(r.bullets) as Bullet[]) : null });

/** The document kind a programme prints, or null when it has none. */
export function kindOf(slug: string): DocumentKind | null {
  return slug === LEVEL4_SLUG ? "award_portfolio" : slug === SUPERVISOR_SLUG ? "supervisor_check" : null;
}

/** Reads everything the document of an enrolment prints. 404 when the enrolment has no document. */
export function gatherDocument(db: Db, enrolmentId: string, options: { showIqaComments: boolean }): DocumentData {
  const sqlite = db.$client;
  const enrolment = sqlite
    .prepare(
      `select e.id, e.candidate_id as candidateId, u.name as candidateName, e.candidate_number as candidateNumber, e.status, e.enrolled_at as enrolledAt,
              e.achieved_at as achievedAt, p.slug as programmeSlug, p.title as programmeTitle, p.version as programmeVersion, p.id as programmeId,
              pr.id as providerId, pr.name as providerName, pr.centre_number as providerCentreNumber, ua.name as assessorName, ui.name as iqaName
         from enrolments e join users u on u.id = e.candidate_id join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id
         left join allocations a on a.enrolment_id = e.id and a.to_at is null
         left join users ua on ua.id = a.assessor_id left join users ui on ui.id = a.iqa_id
        where e.id = ?`,
    )
    .get(enrolmentId) as (DocumentData["enrolment"] & { programmeId: string }) | undefined;
  if (!enrolment) throw notFound();
  const kind = kindOf(enrolment.programmeSlug);
  if (!kind) throw notFound("There is no portfolio document for this programme");
  const { programmeId, ...header } = enrolment;

  const requirements = (
    sqlite
      .prepare(
        `select ${ITEM_COLUMNS}, r.group_title as groupTitle
           from programme_requirements r join standard_items i on i.id = r.item_id join standard_frameworks f on f.id = i.framework_id
          where r.programme_id = ? order by r.position`,
      )
      .all(programmeId) as (ItemRow & { groupTitle: string })[]
  ).map(toItem);

  const frameworkOrder = [...new Set(requirements.map((r) => r.framework))];
  const frameworks = (
    sqlite
      .prepare(
        `select f.id, f.framework, f.version, f.title, f.short_title as shortTitle, f.publisher, f.attributes, f.hours
           from enrolment_frameworks ef join standard_frameworks f on f.id = ef.framework_id where ef.enrolment_id = ?`,
      )
      .all(enrolmentId) as (Omit<Framework, "attributes" | "hours"> & { attributes: string; hours: string | null })[]
  )
    .map((f) => ({ ...f, attributes: JSON.parse(f.attributes) as Framework["attributes"], hours: f.hours ? (JSON.parse(f.hours) as Framework["hours"]) : null }))
    .sort((a, b) => frameworkOrder.indexOf(a.framework) - frameworkOrder.indexOf(b.framework));

  const objectives =
    kind === "award_portfolio"
      ? (
          sqlite
            .prepare(
              `select ${ITEM_COLUMNS} from standard_items i join standard_frameworks f on f.id = i.framework_id
                where i.type = 'Objective' and i.framework_id in (select framework_id from enrolment_frameworks where enrolment_id = ?) order by i.position`,
            )
            .all(enrolmentId) as ItemRow[]
        ).map(toItem)
      : [];

  // What each learning outcome draws on, and everything under a part it draws on, in two reads.
  const links = (
    sqlite
      .prepare(
        `select l.from_item_id as fromId, ${ITEM_COLUMNS}
           from crosswalk_links l join programme_requirements r on r.item_id = l.from_item_id and r.programme_id = ?
           join standard_items i on i.id = l.to_item_id join standard_frameworks f on f.id = i.framework_id
          where l.relation = 'draws-on' order by i.position`,
      )
      .all(programmeId) as (ItemRow & { fromId: string })[]
  ).map(toItem);
  const below = (
    sqlite
      .prepare(
        `with recursive d(id, root) as (
           select value, value from json_each(?)
           union all
           select c.id, d.root from standard_items c join d on c.parent_id = d.id)
         select d.root, ${ITEM_COLUMNS} from d join standard_items i on i.id = d.id join standard_frameworks f on f.id = i.framework_id
          where d.id <> d.root order by i.position`,
      )
      .all(JSON.stringify([...new Set(links.map((l) => l.id))])) as (ItemRow & { root: string })[]
  ).map(toItem);
  const childrenOf = new Map<string, ItemText[]>();
  for (const { root, ...item } of below) childrenOf.set(root, [...(childrenOf.get(root) ?? []), item]);
  const drawsOn = new Map<string, DrawsOnTarget[]>();
  for (const { fromId, ...item } of links) drawsOn.set(fromId, [...(drawsOn.get(fromId) ?? []), { item, children: childrenOf.get(item.id) ?? [] }]);

  const evidence = sqlite
    .prepare(
      `select e.id, e.reference, e.kind, v.version, v.title, v.evidence_date as evidenceDate, v.file_name as fileName, v.file_sha256 as fileSha256,
              v.content_hash as contentHash, e.created_at as createdAt
         from evidence e join evidence_versions v on v.id = e.current_version_id
        where e.enrolment_id = ? and e.deleted_at is null
        order by cast(substr(e.reference, 2) as integer), e.reference`,
    )
    .all(enrolmentId) as EvidenceEntry[];

  const mappings = sqlite
    .prepare(
      `select m.evidence_id as evidenceId, m.item_id as itemId, m.note
         from evidence_mappings m join evidence e on e.id = m.evidence_id
        where m.enrolment_id = ? and e.enrolment_id = ? and e.deleted_at is null`,
    )
    .all(enrolmentId, enrolmentId) as Mapping[];

  const decisions = (
    sqlite
      .prepare(
        `select d.id, d.item_id as itemId, u.name as assessorName, d.outcome, d.methods, d.checks, d.feedback, d.decided_on as decidedOn, d.created_at as createdAt,
                d.status, d.withdrawn_at as withdrawnAt, d.withdrawn_reason as withdrawnReason, d.superseded_at as supersededAt,
                s.outcome as sampleOutcome, s.comments as sampleComments, s.action_required as sampleAction, s.action_due as sampleDue, s.created_at as sampledAt,
                si.name as iqaName,
                (select json_group_array(json_object('reference', e.reference, 'version', v.version, 'title', v.title, 'contentHash', de.content_hash, 'fileSha256', de.file_sha256))
                   from decision_evidence de join evidence_versions v on v.id = de.evidence_version_id join evidence e on e.id = v.evidence_id
                  where de.decision_id = d.id) as evidence
           from decisions d join users u on u.id = d.assessor_id
           left join iqa_samples s on s.decision_id = d.id left join users si on si.id = s.iqa_id
          where d.enrolment_id = ?
          order by d.created_at desc, d.rowid desc`,
      )
      .all(enrolmentId) as (Omit<DecisionEntry, "methods" | "checks" | "evidence" | "sample"> & {
      methods: string;
      checks: string;
      evidence: string;
      sampleOutcome: "agree" | "disagree" | null;
      sampleComments: string | null;
      sampleAction: string | null;
      sampleDue: string | null;
      sampledAt: number | null;
      iqaName: string | null;
    })[]
  ).map(({ sampleOutcome, sampleComments, sampleAction, sampleDue, sampledAt, iqaName, ...d }) => ({
    ...d,
    methods: JSON.parse(d.methods) as AssessmentMethod[],
    checks: JSON.parse(d.checks) as Varcs[],
    evidence: (JSON.parse(d.evidence) as DecisionEntry["evidence"]).sort((a, b) => refNumber(a.reference) - refNumber(b.reference) || a.version - b.version),
    sample: sampleOutcome
      ? {
          outcome: sampleOutcome,
          comments: options.showIqaComments ? sampleComments : null,
          actionRequired: options.showIqaComments ? sampleAction : null,
          actionDue: sampleDue,
          sampledAt: sampledAt!,
          iqaName: iqaName ?? "",
        }
      : null,
  }));

  const declarations = sqlite
    .prepare(`select d.statement, d.declared_at as declaredAt, u.name from declarations d join users u on u.id = d.user_id where d.enrolment_id = ? order by d.declared_at`)
    .all(enrolmentId) as DocumentData["declarations"];
  const submissions = sqlite.prepare(`select count(*) as count, min(submitted_at) as first, max(submitted_at) as last from submissions where enrolment_id = ?`).get(enrolmentId) as DocumentData["submissions"];

  const facts = achievementFacts(db, enrolmentId);
  const achievement = evaluateAchievement(facts);
  let prerequisite: DocumentData["prerequisite"] = null;
  const by = achievement.prerequisite?.by;
  if (by) {
    const document = sqlite
      .prepare(
        `select code, issued_at as issuedAt, kind from issued_documents
          where enrolment_id = ? and draft = 0 and sha256 is not null order by issued_at desc limit 1`,
      )
      .get(by.enrolmentId) as PriorDocument | undefined;
    prerequisite = { title: by.title, achievedAt: by.achievedAt, document: document ?? null };
  }

  return {
    kind,
    enrolment: header,
    achievement,
    frameworks,
    requirements,
    objectives,
    drawsOn,
    evidence,
    mappings,
    decisions,
    declarations,
    submissions,
    prerequisite,
    showIqaComments: options.showIqaComments,
  };
}

const refNumber = (reference: string) => Number(reference.replace(/^\D+/, "")) || 0;
