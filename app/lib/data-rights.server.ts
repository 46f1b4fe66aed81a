/**
 * The rights of the people in the records: downloading all one's own data, and erasure.
 *
 * Download (`dataArchive`): any signed-in user, only their own data (the actor's user id; nothing
 * in the URL). One ZIP archive, streamed as it is made (fflate's `Zip`, pulled by the response
 * stream one chunk at a time, so a large evidence file is never held whole in memory):
 *   files/<reference>-v<version>-<name>   each evidence file of theirs that has not been removed
 *   data.json                              (written last, so it says exactly which files are in it)
 * data.json holds their account, roles, enrolments with allocations and criterion progress,
 * evidence with every version (all fields) and mapping, witness requests (without the witness's
 * details), declarations, submissions, the decisions on their portfolio with feedback and any
 * quality assurance sample, their notifications and their sign-in history. Other people appear only
 * as the names of the staff who assessed or quality-assured them; a staff member's decisions about
 * other people are not theirs to download and are not included.
 *
 * Erasure (`eraseAccount`, admin only) once the retention rules allow it (`erasureCheck`): no
 * active enrolment; every enrolment ended at least its provider's `recordYears` ago (or has no
 * records at all); and, for staff, none of their decisions or quality assurance samples is on a
 * record still being kept. Erasing replaces the name with "Erased user" and the email with
 * erased-<id>@invalid, removes the password, ends every session and set-password link, deletes
 * their notifications and sign-in throttling rows, removes the personal content and files of their
 * evidence exactly as retention does (retention.server.ts), and records an audit event. The user's
 * id stays, so every audit event that names it still verifies; audit events are never changed.
 */
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from "fflate";
import { open } from "node:fs/promises";
import { immediate, type Db } from "../../db/connection";
import type { Role } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import { assertRole, type Actor } from "./auth.server";
import { getDb } from "./db.server";
import { forbidden, notFound } from "./http.server";
import { clearEnrolmentContent, contentCounter, DEFAULT_POLICY, deleteUnreferencedFiles, ENDED_AT_SQL, recordsDueAt, type ContentCounts, type RetentionPolicy } from "./retention.server";
import { storedPath } from "./uploads.server";

export const ERASED_NAME = "Erased user";
export const erasedEmail = (userId: string) => `erased-${userId}@invalid`;

const londonDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
const dateText = (ms: number) => londonDate.format(new Date(ms));

// ---- shared reads ------------------------------------------------------------------------------------

type Row = Record<string, unknown>;
const all = (db: Db, sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as Row[];

function policies(db: Db): (providerId: string) => RetentionPolicy {
  const map = new Map(
    (all(db, "select provider_id as providerId, evidence_weeks_after_certification as weeks, record_years as years from retention_policies") as { providerId: string; weeks: number; years: number }[]).map((r) => [
      r.providerId,
      { evidenceWeeksAfterCertification: r.weeks, recordYears: r.years },
    ]),
  );
  return (providerId) => map.get(providerId) ?? DEFAULT_POLICY;
}

/** Does the enrolment hold any record at all (evidence, declarations, submissions, decisions)? */
function hasRecords(db: Db, enrolmentId: string): boolean {
  return !!db.$client
    .prepare(
      `select 1 where exists (select 1 from evidence where enrolment_id = @id) or exists (select 1 from declarations where enrolment_id = @id)
         or exists (select 1 from submissions where enrolment_id = @id) or exists (select 1 from decisions where enrolment_id = @id)`,
    )
    .get({ id: enrolmentId });
}

// ---- erasure -----------------------------------------------------------------------------------------

export type ErasureCheck = {
  allowed: boolean;
  reasons: string[];
  /** When the last record that blocks it falls out of retention, if known. */
  possibleFrom: number | null;
  /** An active enrolment or allocation blocks it, so no date can be given yet. */
  dateUnknown: boolean;
};

/** Whether the retention rules allow erasing the account now, and if not, why and when. */
export function erasureCheck(db: Db, userId: string, now: number, actorUserId?: string): ErasureCheck {
  const reasons: string[] = [];
  let possibleFrom: number | null = null;
  let unknownDate = false;
  const later = (at: number) => {
    possibleFrom = Math.max(possibleFrom ?? 0, at);
  };
  const user = db.$client.prepare("select id, erased_at as erasedAt from users where id = ?").get(userId) as { id: string; erasedAt: number | null } | undefined;
  if (!user) return { allowed: false, reasons: ["There is no such account."], possibleFrom: null, dateUnknown: false };
  if (user.erasedAt) return { allowed: false, reasons: [`This account was already erased on ${dateText(user.erasedAt)}.`], possibleFrom: null, dateUnknown: false };
  if (actorUserId === userId) reasons.push("You cannot erase your own account. Another admin must do it.");
  const roles = all(db, "select role from memberships where user_id = ?", userId).map((r) => r.role as Role);
  if (roles.includes("admin")) {
    const others = (db.$client.prepare("select count(*) as n from memberships m join users u on u.id = m.user_id where m.role = 'admin' and m.user_id <> ? and u.erased_at is null").get(userId) as { n: number }).n;
    if (others === 0) reasons.push("This is the only admin account. Add another admin before erasing it.");
  }
  const policy = policies(db);

  // As a candidate: their enrolments.
  const enrolments = all(
    db,
    `select e.id, e.provider_id as providerId, e.status, e.candidate_number as candidateNumber, p.title as programmeTitle, ${ENDED_AT_SQL} as endedAt
       from enrolments e join programmes p on p.id = e.programme_id where e.candidate_id = ? order by e.enrolled_at`,
    userId,
  ) as { id: string; providerId: string; status: string; candidateNumber: string; programmeTitle: string; endedAt: number | null }[];
  for (const e of enrolments) {
    const years = policy(e.providerId).recordYears;
    if (e.status === "active") {
      unknownDate = true;
      reasons.push(
        `They are enrolled on the ${e.programmeTitle} (candidate number ${e.candidateNumber}) and the enrolment is still active. It must be achieved or withdrawn first; its records are then kept for ${years} years.`,
      );
      continue;
    }
    if (!hasRecords(db, e.id)) continue;
    const due = recordsDueAt(e.endedAt!, policy(e.providerId));
    if (due > now) {
      later(due);
      reasons.push(
        `Their ${e.programmeTitle} (candidate number ${e.candidateNumber}) ${e.status === "achieved" ? "was achieved" : "was withdrawn"} on ${dateText(e.endedAt!)}. Its assessment records are kept for ${years} years, until ${dateText(due)}.`,
      );
    }
  }

  // As staff: current allocations, then decisions and quality assurance samples on records still kept.
  const allocated = (db.$client.prepare("select count(distinct a.enrolment_id) as n from allocations a join enrolments e on e.id = a.enrolment_id where a.to_at is null and e.status = 'active' and (a.assessor_id = @id or a.iqa_id = @id)").get({ id: userId }) as { n: number }).n;
  if (allocated) {
    unknownDate = true;
    reasons.push(`They are allocated as assessor or internal quality assurer to ${allocated} active enrolment${allocated === 1 ? "" : "s"}. Their provider admin must allocate someone else first.`);
  }
  const staffRecords = (sql: string, what: (n: number) => string) => {
    const rows = all(db, sql, userId) as { providerId: string; status: string; endedAt: number | null; n: number }[];
    let active = 0;
    let activeEnrolments = 0;
    let kept = 0;
    let until = 0;
    for (const r of rows) {
      if (r.status === "active") {
        active += r.n;
        activeEnrolments++;
        continue;
      }
      const due = recordsDueAt(r.endedAt!, policy(r.providerId));
      if (due > now) {
        kept += r.n;
        until = Math.max(until, due);
      }
    }
    if (active) {
      unknownDate = true;
      reasons.push(`${what(active)} ${active === 1 ? "is" : "are"} on ${activeEnrolments === 1 ? "an enrolment that is" : `${activeEnrolments} enrolments that are`} still active. Assessment records are kept for years after an enrolment ends.`);
    }
    if (kept) {
      later(until);
      reasons.push(`${what(kept)} ${kept === 1 ? "is" : "are"} on assessment records kept until ${dateText(until)}.`);
    }
  };
  const grouped = (table: string, join: string, column: string) =>
    `select e.provider_id as providerId, e.status, ${ENDED_AT_SQL} as endedAt, count(*) as n
       from ${table} ${join} join enrolments e on e.id = d.enrolment_id where ${column} = ? group by e.id`;
  staffRecords(grouped("decisions d", "", "d.assessor_id"), (n) => `${n} assessment ${n === 1 ? "decision" : "decisions"} they made`);
  staffRecords(grouped("iqa_samples s", "join decisions d on d.id = s.decision_id", "s.iqa_id"), (n) => `${n} quality assurance ${n === 1 ? "sample" : "samples"} they made`);

  return { allowed: reasons.length === 0, reasons, possibleFrom: unknownDate ? null : possibleFrom, dateUnknown: unknownDate };
}

export class ErasureRefused extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join(" "));
  }
}

/** What erasing the account would remove, for the confirmation page. */
function erasureScope(db: Db, userId: string) {
  const enrolmentIds = all(db, "select id from enrolments where candidate_id = ?", userId).map((r) => r.id as string);
  const counts: ContentCounts = { versions: 0, decisions: 0, samples: 0, mappings: 0, witnessRequests: 0, files: 0 };
  const contentOf = contentCounter(db);
  for (const id of enrolmentIds) {
    const c = contentOf(id);
    for (const k of Object.keys(c) as (keyof ContentCounts)[]) counts[k] += c[k];
  }
  const n = (sql: string) => (db.$client.prepare(sql).get(userId) as { n: number }).n;
  return {
    enrolments: enrolmentIds.length,
    content: counts,
    sessions: n("select count(*) as n from sessions where user_id = ?"),
    notifications: n("select count(*) as n from notifications where user_id = ?"),
    passwordLinks: n("select count(*) as n from password_tokens where user_id = ? and used_at is null"),
  };
}

/** The confirmation page: who, what would be erased, and whether the rules allow it now. */
export function erasurePreview(actor: Actor, userId: string, now = Date.now()) {
  assertRole(actor, ["admin"]);
  const db = getDb();
  const user = db.$client.prepare("select id, name, email, created_at as createdAt, erased_at as erasedAt from users where id = ?").get(userId) as
    | { id: string; name: string; email: string; createdAt: number; erasedAt: number | null }
    | undefined;
  if (!user) throw notFound();
  const roles = all(
    db,
    `select m.role, p.name as providerName, c.name as commissionerName from memberships m
       left join providers p on p.id = m.provider_id left join commissioners c on c.id = m.commissioner_id where m.user_id = ? order by m.created_at`,
    userId,
  ) as { role: Role; providerName: string | null; commissionerName: string | null }[];
  return { user, roles, check: erasureCheck(db, userId, now, actor.userId), scope: erasureScope(db, userId) };
}

export type ErasureResult = { userId: string; enrolments: number; removed: ContentCounts; storedFilesDeleted: number };

/**
 * Erases the account if the retention rules allow it now; otherwise throws ErasureRefused with the
 * reasons. Everything in one BEGIN IMMEDIATE transaction with its audit event; stored files no
 * kept version needs are deleted after it commits.
 */
export function eraseAccount(actor: Actor, userId: string, now = Date.now()): ErasureResult {
  assertRole(actor, ["admin"]);
  const db = getDb();
  if (!db.$client.prepare("select 1 from users where id = ?").get(userId)) throw notFound();
  const { shas, result } = immediate(db, () => {
    const check = erasureCheck(db, userId, now, actor.userId);
    if (!check.allowed) throw new ErasureRefused(check.reasons);
    const { email } = db.$client.prepare("select email from users where id = ?").get(userId) as { email: string };
    const enrolmentIds = all(db, "select id from enrolments where candidate_id = ?", userId).map((r) => r.id as string);
    const removed: ContentCounts = { versions: 0, decisions: 0, samples: 0, mappings: 0, witnessRequests: 0, files: 0 };
    const shas: string[] = [];
    for (const id of enrolmentIds) {
      const cleared = clearEnrolmentContent(db, id, now);
      shas.push(...cleared.shas);
      for (const k of Object.keys(cleared.counts) as (keyof ContentCounts)[]) removed[k] += cleared.counts[k];
    }
    db.$client
      .prepare("update users set name = ?, email = ?, password_hash = null, erased_at = ?, disabled_at = coalesce(disabled_at, ?) where id = ?")
      .run(ERASED_NAME, erasedEmail(userId), now, now, userId);
    const sessionsEnded = db.$client.prepare("delete from sessions where user_id = ?").run(userId).changes;
    const linksRemoved = db.$client.prepare("delete from password_tokens where user_id = ?").run(userId).changes;
    const notificationsDeleted = db.$client.prepare("delete from notifications where user_id = ?").run(userId).changes;
    db.$client.prepare("delete from sign_in_failures where key = ?").run(`email:${email}`);
    recordAudit(
      db,
      { ...auditActor(actor), action: "erased-account", entity: "user", entityId: userId, details: { enrolments: enrolmentIds.length, removed, sessionsEnded, linksRemoved, notificationsDeleted } },
      now,
    );
    return { shas, result: { userId, enrolments: enrolmentIds.length, removed } };
  });
  const deleted = deleteUnreferencedFiles(db, now, shas);
  return { ...result, storedFilesDeleted: deleted.length };
}

// ---- download ----------------------------------------------------------------------------------------

/** Times (…At, …_at: epoch milliseconds) as ISO 8601 strings, for a readable data.json. */
function readable(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === "number" && /(At|_at)$/.test(k) && v > 0 ? new Date(v).toISOString() : v;
  return out;
}
const parsed = (text: unknown) => {
  if (typeof text !== "string") return text ?? null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** A name safe inside a ZIP: no folders, no control characters, not too long. */
export function archiveName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[/\\:*?"<>|]/g, "_")
    .replace(/^\.+/, "_")
    .trim();
  const chars = [...(cleaned || "file")];
  return chars.length > 120 ? chars.slice(0, 60).join("") + "…" + chars.slice(-59).join("") : chars.join("");
}

type ArchiveFile = { path: string; archivePath: string; createdAt: number; version: Row };

/** Everything about the user, as the object written to data.json, and the files to include. */
export function collectUserData(actor: Actor, now = Date.now()): { data: Row; files: ArchiveFile[] } {
  const db = getDb();
  const userId = actor.userId;
  const account = db.$client.prepare("select id, name, email, created_at as createdAt, disabled_at as disabledAt, erased_at as erasedAt, password_hash is not null as hasPassword from users where id = ?").get(userId) as Row | undefined;
  if (!account) throw notFound();
  account.hasPassword = account.hasPassword === 1;

  const memberships = all(
    db,
    `select m.id, m.role, p.name as provider, c.name as commissioner, m.created_at as createdAt
       from memberships m left join providers p on p.id = m.provider_id left join commissioners c on c.id = m.commissioner_id where m.user_id = ? order by m.created_at`,
    userId,
  ).map(readable);

  const files: ArchiveFile[] = [];
  const taken = new Set<string>();
  const enrolmentRows = all(
    db,
    `select e.*, p.slug as programmeSlug, p.version as programmeVersion, p.title as programmeTitle, pr.name as providerName
       from enrolments e join programmes p on p.id = e.programme_id join providers pr on pr.id = e.provider_id where e.candidate_id = ? order by e.enrolled_at`,
    userId,
  );
  const enrolments = enrolmentRows.map((e) => {
    const id = e.id as string;
    const allocations = all(
      db,
      `select ua.name as assessor, ui.name as internalQualityAssurer, a.from_at as fromAt, a.to_at as toAt, a.reason
         from allocations a join users ua on ua.id = a.assessor_id join users ui on ui.id = a.iqa_id where a.enrolment_id = ? order by a.from_at`,
      id,
    ).map(readable);
    const progress = all(
      db,
      `select i.code as criterion, f.short_title as framework, cp.status, cp.submitted_at as submittedAt, cp.updated_at as updatedAt
         from criterion_progress cp join standard_items i on i.id = cp.item_id join standard_frameworks f on f.id = i.framework_id where cp.enrolment_id = ? order by f.short_title, i.position`,
      id,
    ).map(readable);
    const evidence = all(db, "select * from evidence where enrolment_id = ? order by cast(substr(reference, 2) as integer)", id).map((ev) => {
      const versions = all(db, "select * from evidence_versions where evidence_id = ? order by version", ev.id).map((v) => {
        const out: Row = { ...readable(v), body: parsed(v.body), personal_data: parsed(v.personal_data), fileInArchive: null };
        if (typeof v.file_sha256 === "string" && v.file_removed_at === null) {
          let archivePath = `files/${archiveName(`${ev.reference as string}-v${v.version as number}-${(v.file_name as string | null) ?? "file"}`)}`;
          if (taken.has(archivePath)) archivePath = `files/${archiveName(`${e.candidate_number as string}-${ev.reference as string}-v${v.version as number}-${(v.file_name as string | null) ?? "file"}`)}`;
          taken.add(archivePath);
          try {
            files.push({ path: storedPath(v.file_sha256), archivePath, createdAt: v.created_at as number, version: out });
          } catch {
            /* not a stored file's hash: nothing to include */
          }
        } else if (typeof v.file_sha256 === "string") out.fileInArchive = "removed under the retention policy";
        return out;
      });
      const mappings = all(
        db,
        `select i.code as criterion, f.short_title as framework, m.note, m.created_at as createdAt
           from evidence_mappings m join standard_items i on i.id = m.item_id join standard_frameworks f on f.id = i.framework_id where m.evidence_id = ? order by f.short_title, i.position`,
        ev.id,
      ).map(readable);
      const witnessRequests = all(db, "select id, created_at as createdAt, expires_at as expiresAt, used_at as usedAt from witness_requests where evidence_id = ? order by created_at", ev.id).map(readable);
      return { ...readable(ev), versions, mappings, witnessRequests };
    });
    const declarations = all(db, "select * from declarations where enrolment_id = ? order by declared_at", id).map(readable);
    const submissions = all(db, "select * from submissions where enrolment_id = ? order by submitted_at", id).map((s) => ({
      ...readable(s),
      criteria: all(db, "select i.code from submission_items si join standard_items i on i.id = si.item_id where si.submission_id = ? order by i.position", s.id).map((r) => r.code),
    }));
    const decisions = all(
      db,
      `select d.*, i.code as criterion, f.short_title as framework, u.name as assessor from decisions d
         join standard_items i on i.id = d.item_id join standard_frameworks f on f.id = i.framework_id join users u on u.id = d.assessor_id
        where d.enrolment_id = ? order by d.created_at`,
      id,
    ).map((d) => {
      const { assessor_id: _assessorId, ...rest } = d;
      const sample = db.$client
        .prepare("select s.outcome, s.comments, s.action_required as actionRequired, s.action_due as actionDue, s.created_at as createdAt, u.name as internalQualityAssurer from iqa_samples s join users u on u.id = s.iqa_id where s.decision_id = ?")
        .get(d.id) as Row | undefined;
      return {
        ...readable(rest),
        methods: parsed(d.methods),
        checks: parsed(d.checks),
        evidenceReliedOn: all(
          db,
          "select ev.reference, v.version, de.content_hash as contentHash, de.file_sha256 as fileSha256 from decision_evidence de join evidence_versions v on v.id = de.evidence_version_id join evidence ev on ev.id = v.evidence_id where de.decision_id = ?",
          d.id,
        ),
        qualityAssurance: sample ? readable(sample) : null,
      };
    });
    const { programmeSlug, programmeVersion, programmeTitle, providerName: _providerName, ...enrolment } = e;
    return {
      ...readable(enrolment),
      programme: { slug: programmeSlug, version: programmeVersion, title: programmeTitle },
      provider: e.providerName,
      allocations,
      criterionProgress: progress,
      evidence,
      declarations,
      submissions,
      decisions,
    };
  });

  const notifications = all(db, "select id, created_at as createdAt, message, link, read_at as readAt from notifications where user_id = ? order by created_at", userId).map(readable);
  const signInHistory = all(
    db,
    "select at, action, actor_role as role from audit_events where actor_id = ? and entity = 'user' and entity_id = ? and action in ('signed-in', 'signed-out', 'set-password', 'switched-role') order by seq",
    userId,
    userId,
  ).map((r) => ({ ...r, at: new Date(r.at as number).toISOString() }));
  const staff = memberships.some((m) => m.role === "assessor" || m.role === "iqa");
  const data: Row = {
    about:
      "All the personal data the Restorative Practice Competency Portal holds about you. Times are UTC (ISO 8601). Each evidence file of yours that has not been removed under your provider's retention policy is in the files folder; fileInArchive says where.",
    exportedAt: new Date(now).toISOString(),
    account: readable(account),
    memberships,
    enrolments,
    notifications,
    signInHistory,
    ...(staff
      ? {
          staffRecords: {
            note: "Decisions and quality assurance samples you made are part of other people's records, so only their number is given here.",
            decisionsMade: (db.$client.prepare("select count(*) as n from decisions where assessor_id = ?").get(userId) as { n: number }).n,
            samplesMade: (db.$client.prepare("select count(*) as n from iqa_samples where iqa_id = ?").get(userId) as { n: number }).n,
          },
        }
      : {}),
  };
  return { data, files };
}

/** The archive's bytes, chunk by chunk: files first (each streamed from disk), data.json last. */
async function* archiveChunks(data: Row, files: ArchiveFile[]): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const state: { error: Error | null } = { error: null };
  const zip = new Zip((err, chunk) => {
    if (err) state.error = err;
    else out.push(chunk);
  });
  function* drain() {
    if (state.error) throw state.error;
    while (out.length) yield out.shift()!;
  }
  for (const f of files) {
    const handle = await open(f.path, "r").catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return null;
      throw e;
    });
    if (!handle) {
      f.version.fileInArchive = "missing from the portal's file store";
      continue;
    }
    const entry = new ZipPassThrough(f.archivePath);
    entry.mtime = new Date(f.createdAt);
    zip.add(entry);
    try {
      for await (const chunk of handle.createReadStream({ highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
        entry.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        yield* drain();
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
    entry.push(new Uint8Array(0), true);
    f.version.fileInArchive = f.archivePath;
    yield* drain();
  }
  const json = new ZipDeflate("data.json", { level: 6 });
  zip.add(json);
  json.push(strToU8(JSON.stringify(data, null, 2) + "\n"), true);
  yield* drain();
  zip.end();
  yield* drain();
}

/**
 * The signed-in user's data download as a streamed ZIP response (private, never cached). Records
 * an audit event that they downloaded it.
 */
export function dataArchive(actor: Actor, now = Date.now()): Response {
  if (!actor.userId) throw forbidden();
  const { data, files } = collectUserData(actor, now);
  const db = getDb();
  db.$client.transaction(() => {
    recordAudit(db, { ...auditActor(actor), action: "downloaded-own-data", entity: "user", entityId: actor.userId, providerId: actor.providerId, details: { files: files.length } }, now);
  })();
  const chunks = archiveChunks(data, files);
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(now));
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="your-portal-data-${date}.zip"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
