/**
 * Batched inserts: one prepared statement per table, rows counted, a transaction committed every
 * so many rows. While the seed runs, the secondary indexes of the big tables are dropped and then
 * recreated from their exact CREATE INDEX statements (building an index once, sorted, is far faster
 * than keeping it up to date row by row); the schema afterwards is the migrated one.
 */
import type Database from "better-sqlite3";

const COLUMNS = {
  providers: ["id", "name", "centre_number", "created_at"],
  commissioners: ["id", "name", "created_at"],
  commissioned_providers: ["commissioner_id", "provider_id", "created_at"],
  users: ["id", "email", "name", "password_hash", "created_at"],
  memberships: ["id", "user_id", "role", "provider_id", "commissioner_id", "created_at"],
  password_tokens: ["id", "user_id", "token_hash", "created_by", "created_at", "expires_at", "used_at"],
  enrolments: ["id", "candidate_id", "provider_id", "programme_id", "candidate_number", "status", "enrolled_at", "enrolled_by", "achieved_at", "revision"],
  enrolment_frameworks: ["enrolment_id", "framework_id"],
  allocations: ["id", "enrolment_id", "assessor_id", "iqa_id", "from_at", "to_at", "changed_by", "reason"],
  evidence: ["id", "enrolment_id", "reference", "kind", "current_version_id", "created_at", "deleted_at"],
  evidence_versions: ["id", "evidence_id", "version", "title", "body", "evidence_date", "file_sha256", "file_name", "file_size", "media_type", "content_hash", "personal_data", "personal_data_reason", "created_at", "created_by", "locked_at"],
  evidence_mappings: ["evidence_id", "item_id", "enrolment_id", "note", "created_at"],
  declarations: ["id", "enrolment_id", "user_id", "statement", "declared_at"],
  submissions: ["id", "enrolment_id", "scope_item_id", "declaration_id", "submitted_at", "submitted_by"],
  submission_items: ["submission_id", "item_id"],
  criterion_progress: ["enrolment_id", "item_id", "status", "submitted_at", "updated_at"],
  decisions: ["id", "enrolment_id", "item_id", "assessor_id", "outcome", "methods", "checks", "feedback", "decided_on", "created_at", "status", "superseded_at"],
  decision_evidence: ["decision_id", "evidence_version_id", "content_hash", "file_sha256"],
  sampling_plans: ["provider_id", "full_sample_until_agreed", "sample_percent", "updated_at", "updated_by"],
  iqa_samples: ["id", "decision_id", "iqa_id", "outcome", "comments", "action_required", "action_due", "created_at"],
  notifications: ["id", "user_id", "created_at", "message", "link", "read_at"],
  trainers: ["id", "provider_id", "name", "created_at"],
  trainer_experience: ["id", "trainer_id", "years", "cases_facilitated", "accreditation", "accredited_on", "recorded_at", "recorded_by"],
  courses: ["id", "provider_id", "title", "starts_on", "ends_on", "hours", "programme_id", "created_at"],
  course_trainers: ["course_id", "trainer_id"],
  course_coverage: ["course_id", "item_id", "teaches", "assesses"],
  audit_events: ["at", "actor_id", "actor_role", "action", "entity", "entity_id", "provider_id", "details", "prev_hash", "hash"],
} as const;

export type Table = keyof typeof COLUMNS;
type Value = string | number | null;

/** Tables whose secondary indexes are built after the load. */
const DEFERRED: Table[] = ["audit_events", "evidence", "evidence_versions", "evidence_mappings", "criterion_progress", "decisions", "decision_evidence", "notifications", "submission_items", "submissions", "declarations", "iqa_samples", "allocations", "enrolments", "users", "memberships", "password_tokens"];

export class Writer {
  private readonly statements = new Map<Table, Database.Statement>();
  readonly counts = new Map<Table, number>();
  private pending = 0;
  private deferredIndexes: { name: string; sql: string }[] = [];

  constructor(
    readonly sqlite: Database.Database,
    private readonly batch = 50_000,
  ) {
    for (const [table, cols] of Object.entries(COLUMNS) as [Table, readonly string[]][])
      this.statements.set(table, sqlite.prepare(`INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`));
  }

  /** Inserts one row (values in the order of COLUMNS[table]); commits every `batch` rows. */
  row(table: Table, ...values: Value[]) {
    if (!this.sqlite.inTransaction) this.sqlite.exec("BEGIN");
    this.statements.get(table)!.run(...values);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    if (++this.pending >= this.batch) this.commit();
  }

  commit() {
    if (this.sqlite.inTransaction) this.sqlite.exec("COMMIT");
    this.pending = 0;
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  dropIndexes() {
    const list = this.sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${DEFERRED.map(() => "?").join(", ")})`)
      .all(...DEFERRED) as { name: string; sql: string }[];
    for (const i of list) this.sqlite.exec(`DROP INDEX "${i.name}"`);
    this.deferredIndexes = list;
  }

  /** Recreates the dropped indexes (a duplicate in a unique index fails here, loudly). */
  createIndexes(onEach: () => void = () => {}) {
    this.commit();
    for (const i of this.deferredIndexes) {
      this.sqlite.exec(i.sql);
      onEach();
    }
    const n = this.deferredIndexes.length;
    this.deferredIndexes = [];
    return n;
  }

  get deferredCount() {
    return this.deferredIndexes.length;
  }
}
