/**
 * The database schema (drizzle). Migrations under db/migrations are generated from this file
 * with `npm run db:generate` and committed; `npm run db:migrate` applies them.
 * Times are milliseconds since the epoch (UTC); pages show them in Europe/London.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ROLES = ["candidate", "assessor", "iqa", "provider_admin", "commissioner", "admin"] as const;
export type Role = (typeof ROLES)[number];

const createdAt = () => integer("created_at").notNull();

/** Training organisations and centres. */
export const providers = sqliteTable("providers", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  centreNumber: text("centre_number").unique(),
  createdAt: createdAt(),
});

/** Bodies that commission training from providers. */
export const commissioners = sqliteTable("commissioners", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const commissionedProviders = sqliteTable(
  "commissioned_providers",
  {
    commissionerId: text("commissioner_id").notNull().references(() => commissioners.id, { onDelete: "cascade" }),
    providerId: text("provider_id").notNull().references(() => providers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.commissionerId, t.providerId] }), index("commissioned_providers_provider").on(t.providerId)],
);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Stored lower case; unique. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** scrypt$N$r$p$salt$hash; null until the user sets a password through their link. */
  passwordHash: text("password_hash"),
  createdAt: createdAt(),
  disabledAt: integer("disabled_at"),
  /** When the account's personal data was erased (name and email replaced; the id stays for the audit chain). */
  erasedAt: integer("erased_at"),
});

/**
 * What a user may do, and where: provider roles name a provider, a commissioner role names a
 * commissioning body, the admin role names neither.
 */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    providerId: text("provider_id").references(() => providers.id),
    commissionerId: text("commissioner_id").references(() => commissioners.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_unique_provider").on(t.userId, t.role, t.providerId).where(sql`${t.providerId} is not null`),
    uniqueIndex("memberships_unique_commissioner").on(t.userId, t.commissionerId).where(sql`${t.commissionerId} is not null`),
    uniqueIndex("memberships_unique_admin").on(t.userId).where(sql`${t.role} = 'admin'`),
    index("memberships_provider_role").on(t.providerId, t.role),
    check(
      "memberships_scope",
      sql`(${t.role} in ('candidate','assessor','iqa','provider_admin') and ${t.providerId} is not null and ${t.commissionerId} is null)
       or (${t.role} = 'commissioner' and ${t.commissionerId} is not null and ${t.providerId} is null)
       or (${t.role} = 'admin' and ${t.providerId} is null and ${t.commissionerId} is null)`,
    ),
  ],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored here. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    membershipId: text("membership_id").references(() => memberships.id, { onDelete: "set null" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Single-use, expiring links to set a password. Only the token's SHA-256 is stored. */
export const passwordTokens = sqliteTable(
  "password_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("password_tokens_user").on(t.userId)],
);

/** Failed sign-ins, by account ("email:…") and by address ("ip:…"), for throttling. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_failures_key_at").on(t.key, t.at)],
);

/**
 * Every state change, in the same transaction as the change. Each event's hash covers the
 * previous event's hash, so editing or removing an event breaks the chain (scripts/verify-audit).
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    /** The role the actor was acting in, or null for the system and for witnesses (no account). */
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    providerId: text("provider_id"),
    details: text("details").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [
    index("audit_events_entity").on(t.entity, t.entityId),
    index("audit_events_provider").on(t.providerId),
    // The audit trail's list of actions: read by skipping from one action to the next, and asked per provider.
    index("audit_events_action").on(t.action, t.providerId),
  ],
);

// ---- standards (imported from standards/*.yaml by scripts/import-standards) -------------------

/** One row per framework version. id = UUID v5 of "framework@version", stable across imports. */
export const standardFrameworks = sqliteTable(
  "standard_frameworks",
  {
    id: text("id").primaryKey(),
    framework: text("framework").notNull(),
    version: text("version").notNull(),
    title: text("title").notNull(),
    shortTitle: text("short_title").notNull(),
    publisher: text("publisher").notNull(),
    published: text("published"),
    source: text("source").notNull(),
    description: text("description").notNull(),
    /** JSON: [{key,label,text?,bullets?}] */
    attributes: text("attributes").notNull(),
    /** JSON: {total, components:[{title,hours}]} or null */
    hours: text("hours"),
    contentHash: text("content_hash").notNull(),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [uniqueIndex("standard_frameworks_version").on(t.framework, t.version)],
);

/**
 * The standards/ files last imported, as one hash of their paths and bytes (a single row, id 1):
 * start-up imports again only when the files have changed since.
 */
export const standardsSource = sqliteTable("standards_source", {
  id: integer("id").primaryKey(),
  hash: text("hash").notNull(),
  importedAt: integer("imported_at").notNull(),
});

/** Every item of every framework version. id = UUID v5 of "framework@version#code". */
export const standardItems = sqliteTable(
  "standard_items",
  {
    id: text("id").primaryKey(),
    frameworkId: text("framework_id").notNull().references(() => standardFrameworks.id),
    code: text("code").notNull(),
    type: text("type").notNull(),
    title: text("title"),
    statement: text("statement"),
    /** The whole text, sub-bullets included (CASE fullStatement); what search indexes. */
    fullStatement: text("full_statement").notNull(),
    /** JSON array of bullets, or null */
    bullets: text("bullets"),
    audience: text("audience"),
    /** JSON array of notes, or null */
    notes: text("notes"),
    parentId: text("parent_id"),
    depth: integer("depth").notNull(),
    /** Position among siblings, from 1. */
    sequence: integer("sequence").notNull(),
    /** Position in the whole document, from 1. */
    position: integer("position").notNull(),
    assessable: integer("assessable", { mode: "boolean" }).notNull(),
  },
  (t) => [
    uniqueIndex("standard_items_code").on(t.frameworkId, t.code),
    index("standard_items_parent").on(t.parentId),
    index("standard_items_position").on(t.frameworkId, t.position),
  ],
);

/** Crosswalk: an item restates, depends on, draws on or requires another, with a rationale. */
export const crosswalkLinks = sqliteTable(
  "crosswalk_links",
  {
    id: text("id").primaryKey(),
    fromItemId: text("from_item_id").notNull().references(() => standardItems.id),
    toItemId: text("to_item_id").notNull().references(() => standardItems.id),
    relation: text("relation").notNull(),
    rationale: text("rationale").notNull(),
  },
  (t) => [uniqueIndex("crosswalk_links_pair").on(t.fromItemId, t.toItemId), index("crosswalk_links_to").on(t.toItemId)],
);

/** What a candidate enrols on. id = UUID v5 of "programme:slug@version". */
export const programmes = sqliteTable(
  "programmes",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    version: text("version").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    /** JSON: {description, satisfiedBy[]} or null */
    prerequisite: text("prerequisite"),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [uniqueIndex("programmes_version").on(t.slug, t.version)],
);

export const programmeRequirements = sqliteTable(
  "programme_requirements",
  {
    programmeId: text("programme_id").notNull().references(() => programmes.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull().references(() => standardItems.id),
    groupTitle: text("group_title").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.itemId] }), index("programme_requirements_item").on(t.itemId)],
);

// ---- portfolios: enrolments, allocations, evidence, mappings, declarations, submissions --------

/** A candidate on a programme at a provider. The standards versions are pinned by programme_id (a programme version names exact items). */
export const enrolments = sqliteTable(
  "enrolments",
  {
    id: text("id").primaryKey(),
    candidateId: text("candidate_id").notNull().references(() => users.id),
    providerId: text("provider_id").notNull().references(() => providers.id),
    programmeId: text("programme_id").notNull().references(() => programmes.id),
    /** The provider's own reference for the candidate, printed on portfolios. */
    candidateNumber: text("candidate_number").notNull(),
    status: text("status", { enum: ["active", "achieved", "withdrawn"] }).notNull(),
    enrolledAt: integer("enrolled_at").notNull(),
    enrolledBy: text("enrolled_by").references(() => users.id),
    achievedAt: integer("achieved_at"),
    /** Optimistic version, bumped by every change to the enrolment's portfolio state. */
    revision: integer("revision").notNull().default(0),
  },
  (t) => [
    uniqueIndex("enrolments_candidate_programme").on(t.candidateId, t.programmeId),
    uniqueIndex("enrolments_provider_number").on(t.providerId, t.candidateNumber),
    index("enrolments_provider").on(t.providerId, t.status),
    /** Covering index for the commissioner's achievement counts: grouped per provider and programme without reading the table. */
    index("enrolments_provider_programme").on(t.providerId, t.programmeId, t.status, t.enrolledAt, t.achievedAt),
    /** Foreign-key child index: re-importing a programme checks its enrolments through this, not a scan. */
    index("enrolments_programme").on(t.programmeId),
  ],
);

/** Framework versions an enrolment is assessed against (pinned at enrolment). */
export const enrolmentFrameworks = sqliteTable(
  "enrolment_frameworks",
  {
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id, { onDelete: "cascade" }),
    frameworkId: text("framework_id").notNull().references(() => standardFrameworks.id),
  },
  (t) => [
    primaryKey({ columns: [t.enrolmentId, t.frameworkId] }),
    /** Foreign-key child index (see standard_items re-import). */
    index("enrolment_frameworks_framework").on(t.frameworkId),
  ],
);

/** Who assesses and quality-assures an enrolment; a change closes the current row and opens a new one. */
export const allocations = sqliteTable(
  "allocations",
  {
    id: text("id").primaryKey(),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id, { onDelete: "cascade" }),
    assessorId: text("assessor_id").notNull().references(() => users.id),
    iqaId: text("iqa_id").notNull().references(() => users.id),
    fromAt: integer("from_at").notNull(),
    toAt: integer("to_at"),
    changedBy: text("changed_by").references(() => users.id),
    reason: text("reason"),
  },
  (t) => [
    index("allocations_enrolment").on(t.enrolmentId, t.toAt),
    index("allocations_assessor").on(t.assessorId, t.toAt),
    index("allocations_iqa").on(t.iqaId, t.toAt),
    uniqueIndex("allocations_current").on(t.enrolmentId).where(sql`${t.toAt} is null`),
  ],
);

export const EVIDENCE_KINDS = ["file", "reflective_account", "observation", "witness_testimony", "professional_discussion", "question_answer"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A piece of evidence in an enrolment's portfolio; its content lives in versions. */
export const evidence = sqliteTable(
  "evidence",
  {
    id: text("id").primaryKey(),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id),
    /** E1, E2 … within the enrolment, never reused. */
    reference: text("reference").notNull(),
    kind: text("kind", { enum: EVIDENCE_KINDS }).notNull(),
    currentVersionId: text("current_version_id"),
    createdAt: integer("created_at").notNull(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [uniqueIndex("evidence_reference").on(t.enrolmentId, t.reference), index("evidence_enrolment").on(t.enrolmentId, t.deletedAt)],
);

/**
 * One version of a piece of evidence. `content_hash` is SHA-256 over the version's canonical
 * content (fields and, for files, the file's SHA-256). Once a decision relies on a version,
 * `locked_at` is set and the version can be superseded but never edited or deleted.
 */
export const evidenceVersions = sqliteTable(
  "evidence_versions",
  {
    id: text("id").primaryKey(),
    evidenceId: text("evidence_id").notNull().references(() => evidence.id),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    /** JSON: the kind's own fields (account text, observer, setting, questions and answers …). */
    body: text("body").notNull(),
    /** Date the evidence was produced or the event took place (YYYY-MM-DD). */
    evidenceDate: text("evidence_date"),
    fileSha256: text("file_sha256"),
    fileName: text("file_name"),
    fileSize: integer("file_size"),
    mediaType: text("media_type"),
    contentHash: text("content_hash").notNull(),
    /** JSON list of personal-data findings the candidate chose to keep, with their reason. */
    personalData: text("personal_data"),
    personalDataReason: text("personal_data_reason"),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").references(() => users.id),
    lockedAt: integer("locked_at"),
    /** When the file was removed under the provider's retention policy (the hash stays as the record). */
    fileRemovedAt: integer("file_removed_at"),
  },
  (t) => [uniqueIndex("evidence_versions_number").on(t.evidenceId, t.version), index("evidence_versions_file").on(t.fileSha256)],
);

/** Evidence mapped to a criterion, with how it shows it. */
export const evidenceMappings = sqliteTable(
  "evidence_mappings",
  {
    evidenceId: text("evidence_id").notNull().references(() => evidence.id),
    itemId: text("item_id").notNull().references(() => standardItems.id),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id),
    note: text("note").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.evidenceId, t.itemId] }),
    index("evidence_mappings_enrolment_item").on(t.enrolmentId, t.itemId),
    /**
     * Foreign-key child index: every upsert of a standard item (the standards import, at each start)
     * makes SQLite look for mappings to it; without this that is a scan of every mapping per item.
     */
    index("evidence_mappings_item").on(t.itemId),
  ],
);

/** A single-use, expiring link for a witness to confirm a testimony; only the token's hash is stored. */
export const witnessRequests = sqliteTable(
  "witness_requests",
  {
    id: text("id").primaryKey(),
    evidenceId: text("evidence_id").notNull().references(() => evidence.id),
    tokenHash: text("token_hash").notNull().unique(),
    witnessName: text("witness_name").notNull(),
    witnessRole: text("witness_role").notNull(),
    relationship: text("relationship").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("witness_requests_evidence").on(t.evidenceId)],
);

/** The candidate's declaration that the evidence is their own work and anonymised. */
export const declarations = sqliteTable(
  "declarations",
  {
    id: text("id").primaryKey(),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id),
    userId: text("user_id").notNull().references(() => users.id),
    statement: text("statement").notNull(),
    declaredAt: integer("declared_at").notNull(),
  },
  (t) => [index("declarations_enrolment").on(t.enrolmentId)],
);

/** A submission for assessment: the whole portfolio or one section, and which criteria it covered. */
export const submissions = sqliteTable(
  "submissions",
  {
    id: text("id").primaryKey(),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id),
    /** null for the whole portfolio, otherwise the section/part/group item submitted. */
    scopeItemId: text("scope_item_id").references(() => standardItems.id),
    declarationId: text("declaration_id").notNull().references(() => declarations.id),
    submittedAt: integer("submitted_at").notNull(),
    submittedBy: text("submitted_by").notNull().references(() => users.id),
  },
  (t) => [
    index("submissions_enrolment").on(t.enrolmentId, t.submittedAt),
    /** Foreign-key child index (see evidence_mappings_item). */
    index("submissions_scope").on(t.scopeItemId),
  ],
);

/**
 * Each required criterion's state in an enrolment, kept by the domain in the same transaction as
 * the change that moves it, so the portfolio page and the assessor's queue are single indexed reads.
 */
export const CRITERION_STATUSES = ["no_evidence", "evidence_added", "submitted", "met", "not_yet_met"] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];
export const criterionProgress = sqliteTable(
  "criterion_progress",
  {
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull().references(() => standardItems.id),
    status: text("status", { enum: CRITERION_STATUSES }).notNull(),
    submittedAt: integer("submitted_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enrolmentId, t.itemId] }),
    index("criterion_progress_status").on(t.status, t.submittedAt),
    /** One enrolment's criteria by state, from the index alone: the caseload's counts and waiting list. */
    index("criterion_progress_enrolment_status").on(t.enrolmentId, t.status, t.submittedAt),
    /** Foreign-key child index (see evidence_mappings_item). */
    index("criterion_progress_item").on(t.itemId),
  ],
);

// ---- assessment and quality assurance --------------------------------------------------------

export const ASSESSMENT_METHODS = ["observation", "work_product", "professional_discussion", "questioning", "witness_testimony", "reflective_account"] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];
export const VARCS = ["valid", "authentic", "reliable", "current", "sufficient"] as const;

/**
 * An assessor's decision on one criterion of one enrolment. At most one decision per criterion
 * stands at a time (partial unique index): a second concurrent attempt fails, and the loser is shown
 * who decided what and when. Withdrawn and superseded decisions stay for the record.
 */
export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id),
    itemId: text("item_id").notNull().references(() => standardItems.id),
    assessorId: text("assessor_id").notNull().references(() => users.id),
    outcome: text("outcome", { enum: ["met", "not_yet_met"] }).notNull(),
    /** JSON array of AssessmentMethod */
    methods: text("methods").notNull(),
    /** JSON array of the VARCS checks confirmed */
    checks: text("checks").notNull(),
    feedback: text("feedback"),
    /** The date of the assessment (YYYY-MM-DD, Europe/London). */
    decidedOn: text("decided_on").notNull(),
    createdAt: integer("created_at").notNull(),
    status: text("status", { enum: ["standing", "withdrawn", "superseded"] }).notNull(),
    withdrawnAt: integer("withdrawn_at"),
    withdrawnReason: text("withdrawn_reason"),
    supersededAt: integer("superseded_at"),
  },
  (t) => [
    uniqueIndex("decisions_standing").on(t.enrolmentId, t.itemId).where(sql`${t.status} = 'standing'`),
    index("decisions_enrolment_item").on(t.enrolmentId, t.itemId, t.createdAt),
    index("decisions_assessor").on(t.assessorId, t.createdAt),
    /** Foreign-key child index (see evidence_mappings_item). */
    index("decisions_item").on(t.itemId),
  ],
);

/** The exact evidence versions (and their hashes) a decision relied on. */
export const decisionEvidence = sqliteTable(
  "decision_evidence",
  {
    decisionId: text("decision_id").notNull().references(() => decisions.id),
    evidenceVersionId: text("evidence_version_id").notNull().references(() => evidenceVersions.id),
    contentHash: text("content_hash").notNull(),
    fileSha256: text("file_sha256"),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.evidenceVersionId] }), index("decision_evidence_version").on(t.evidenceVersionId)],
);

/** A provider's IQA sampling plan. */
export const samplingPlans = sqliteTable("sampling_plans", {
  providerId: text("provider_id").primaryKey().references(() => providers.id),
  /** A new assessor (or one new to a programme) is sampled fully until this many of their decisions are agreed. */
  fullSampleUntilAgreed: integer("full_sample_until_agreed").notNull(),
  /** Otherwise this percentage of decisions is sampled. */
  samplePercent: integer("sample_percent").notNull(),
  updatedAt: integer("updated_at").notNull(),
  updatedBy: text("updated_by").references(() => users.id),
});

/** An IQA's sample of one decision: agree, or disagree with a required action and date (reopens the criterion). */
export const iqaSamples = sqliteTable(
  "iqa_samples",
  {
    id: text("id").primaryKey(),
    decisionId: text("decision_id").notNull().unique().references(() => decisions.id),
    iqaId: text("iqa_id").notNull().references(() => users.id),
    outcome: text("outcome", { enum: ["agree", "disagree"] }).notNull(),
    comments: text("comments").notNull(),
    actionRequired: text("action_required"),
    actionDue: text("action_due"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("iqa_samples_iqa").on(t.iqaId, t.createdAt)],
);

/** In-portal notifications (there is no mail server). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    message: text("message").notNull(),
    link: text("link"),
    readAt: integer("read_at"),
  },
  (t) => [index("notifications_user").on(t.userId, t.readAt, t.createdAt)],
);

/** The criteria a submission sent for assessment. */
export const submissionItems = sqliteTable(
  "submission_items",
  {
    submissionId: text("submission_id").notNull().references(() => submissions.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull().references(() => standardItems.id),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.itemId] }), index("submission_items_item").on(t.itemId)],
);

// ---- training provision: courses, what they cover, trainers' practice experience ----------------

/** Someone who delivers a provider's training (recorded by the provider admin; trainers need no account). */
export const trainers = sqliteTable(
  "trainers",
  {
    id: text("id").primaryKey(),
    providerId: text("provider_id").notNull().references(() => providers.id),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("trainers_provider").on(t.providerId)],
);

/** A trainer's restorative practice experience, as recorded on a date (the newest record counts). */
export const trainerExperience = sqliteTable(
  "trainer_experience",
  {
    id: text("id").primaryKey(),
    trainerId: text("trainer_id").notNull().references(() => trainers.id, { onDelete: "cascade" }),
    years: integer("years").notNull(),
    casesFacilitated: integer("cases_facilitated").notNull(),
    accreditation: text("accreditation"),
    accreditedOn: text("accredited_on"),
    recordedAt: integer("recorded_at").notNull(),
    recordedBy: text("recorded_by").references(() => users.id),
  },
  (t) => [index("trainer_experience_trainer").on(t.trainerId, t.recordedAt)],
);

export const courses = sqliteTable(
  "courses",
  {
    id: text("id").primaryKey(),
    providerId: text("provider_id").notNull().references(() => providers.id),
    title: text("title").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    hours: integer("hours").notNull(),
    /** The programme the course prepares candidates for, if any (for commissioners' programme filter). */
    programmeId: text("programme_id").references(() => programmes.id),
    createdAt: integer("created_at").notNull(),
    /**
     * Raised by triggers (migration 0013) whenever a row of the course's course_coverage is
     * inserted, changed or deleted, by whatever writes it: the coverage report keeps each course's
     * coverage between requests and reads it again only when this has moved.
     */
    coverageVersion: integer("coverage_version").notNull().default(0),
  },
  (t) => [
    index("courses_provider").on(t.providerId, t.startsOn),
    /** Foreign-key child index (see enrolments_programme). */
    index("courses_programme").on(t.programmeId),
  ],
);

export const courseTrainers = sqliteTable(
  "course_trainers",
  {
    courseId: text("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    trainerId: text("trainer_id").notNull().references(() => trainers.id),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.trainerId] }), index("course_trainers_trainer").on(t.trainerId)],
);

/** Which criteria a course teaches and which it assesses. */
export const courseCoverage = sqliteTable(
  "course_coverage",
  {
    courseId: text("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull().references(() => standardItems.id),
    teaches: integer("teaches", { mode: "boolean" }).notNull(),
    assesses: integer("assesses", { mode: "boolean" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.itemId] }),
    index("course_coverage_item").on(t.itemId),
    /** Covering index for the coverage heatmap: a course's criteria with what it does for each, without reading the table. */
    index("course_coverage_cover").on(t.courseId, t.itemId, t.teaches, t.assesses),
  ],
);

// ---- issued portfolio documents (PDF), verifiable by code and hash ------------------------------

export const issuedDocuments = sqliteTable(
  "issued_documents",
  {
    id: text("id").primaryKey(),
    enrolmentId: text("enrolment_id").notNull().references(() => enrolments.id),
    providerId: text("provider_id").notNull().references(() => providers.id),
    kind: text("kind", { enum: ["award_portfolio", "supervisor_check"] }).notNull(),
    /** Printed on every page; what /verify asks for. */
    code: text("code").notNull().unique(),
    /** SHA-256 of the exact bytes issued; null until generation finished. */
    sha256: text("sha256"),
    byteSize: integer("byte_size"),
    /** The outcome the document states: achieved / not yet achieved, competent / not yet competent. */
    outcome: text("outcome").notNull(),
    draft: integer("draft", { mode: "boolean" }).notNull(),
    issuedAt: integer("issued_at").notNull(),
    issuedBy: text("issued_by").references(() => users.id),
  },
  (t) => [index("issued_documents_enrolment").on(t.enrolmentId, t.issuedAt), index("issued_documents_sha256").on(t.sha256)],
);

// ---- retention ---------------------------------------------------------------------------------

/** A provider's retention policy; without a row the defaults apply (12 weeks, 3 years). */
export const retentionPolicies = sqliteTable("retention_policies", {
  providerId: text("provider_id").primaryKey().references(() => providers.id),
  /** Evidence files are removed this many weeks after certification (the enrolment was achieved). */
  evidenceWeeksAfterCertification: integer("evidence_weeks_after_certification").notNull(),
  /** Assessment and quality assurance records are kept at least this many years. */
  recordYears: integer("record_years").notNull(),
  updatedAt: integer("updated_at").notNull(),
  updatedBy: text("updated_by").references(() => users.id),
});
