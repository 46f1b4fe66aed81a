/**
 * The access matrix (issue 10): every route module in app/routes × anonymous and each role × the
 * record it names (own, same provider, another provider) → the answer, as a table. The real route
 * modules are called the way Remix calls them, with real session cookies; a route without a row in
 * the table fails the test. For every route with an action, a POST with a valid CSRF token is sent
 * in every cell too, and a refused POST (403/404/405, or 302 to sign-in) must change nothing; a POST
 * without a CSRF token is refused with nothing changed, whoever sends it.
 *
 * Records, per kind of URL parameter: "own" is linked to the signed-in staff of the own provider
 * (the candidate's enrolment, allocated to the assessor and IQA; their evidence and decisions; the
 * provider's course and trainer; the candidate's account); "same" is another of the own provider
 * (another candidate, allocated to another assessor and IQA); "other" is another provider's. Public
 * routes and routes without a record have one column.
 *
 * Table cells: "302" is a redirect to sign-in, "302>" another redirect; one status for a role means
 * the same for own / same / other records. Set ACCESS_MATRIX_PRINT=1 to print the table as found.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET ??= "access-matrix-session-secret-0123456789abcdef";
process.env.EVIDENCE_DIR = mkdtempSync(join(tmpdir(), "matrix-evidence-"));

import type { Actor } from "../../app/lib/auth.server";
import { issueSetPasswordLink } from "../../app/lib/accounts.server";
import { createCourse, createTrainer } from "../../app/lib/courses.server";
import type { Role } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import { frameworkId, itemId } from "../../standards/ids";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";
import { decision, enrolled, fileEvidence, provider, storeBytes, writtenEvidence, type Staff } from "../support/records";
import { answer, fingerprint, routeFiles, routePath, sessionFor, type Answer, type RouteFile } from "../support/requests";

type Who = "anonymous" | Role;
const WHO: Who[] = ["anonymous", "candidate", "assessor", "iqa", "provider_admin", "commissioner", "admin"];
const SHORT: Record<Who, string> = { anonymous: "anon", candidate: "cand", assessor: "asr", iqa: "iqa", provider_admin: "padm", commissioner: "comm", admin: "admin" };
const RECORDS = ["own", "same", "other"] as const;
type RecordKind = (typeof RECORDS)[number];

// prettier-ignore
const EXPECTED: Record<string, { GET: string; POST: string }> = {
  "$": {
    GET: "404",
    POST: "404",
  },
  "_index": {
    GET: "anon 200 | cand 302> | asr 302> | iqa 302> | padm 302> | comm 302> | admin 302>",
    POST: "405",
  },
  "accessibility": {
    GET: "200",
    POST: "405",
  },
  "account.data": {
    GET: "anon 302 | cand 200 | asr 200 | iqa 200 | padm 200 | comm 200 | admin 200",
    POST: "405",
  },
  "admin.commissioners._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 200",
    POST: "405",
  },
  "admin.commissioners.new": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 200",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 400",
  },
  "admin.providers._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 200",
    POST: "405",
  },
  "admin.providers.new": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 200",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 400",
  },
  "admin.users.$userId.erase": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 200",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 409",
  },
  "assess.$enrolmentId.$itemId": {
    GET: "anon 302 | cand 403 | asr 200 404 404 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 400 404 404 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "assess.$enrolmentId._index": {
    GET: "anon 302 | cand 403 | asr 200 404 404 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "405",
  },
  "audit": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 200",
    POST: "405",
  },
  "caseload._index": {
    GET: "anon 302 | cand 403 | asr 200 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "405",
  },
  "courses.$courseId.edit": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 200 404 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 302> 302> 404 | comm 403 | admin 403",
  },
  "courses.$courseId": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 200 404 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 302> 302> 404 | comm 403 | admin 403",
  },
  "courses._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 403",
    POST: "405",
  },
  "courses.new": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 | comm 403 | admin 403",
  },
  "coverage.$providerId": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 200 200 404 | admin 403",
    POST: "405",
  },
  "coverage._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 200 | admin 403",
    POST: "405",
  },
  "coverage.csv": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 403 | comm 200 | admin 403",
    POST: "405",
  },
  "dashboard": {
    GET: "anon 302 | cand 200 | asr 200 | iqa 200 | padm 200 | comm 200 | admin 200",
    POST: "405",
  },
  "decisions.$decisionId.withdraw": {
    GET: "anon 302 | cand 403 | asr 200 404 404 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 400 404 404 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "enrolments.$enrolmentId": {
    GET: "anon 302 | cand 403 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 400 404 | comm 403 | admin 403",
  },
  "enrolments._index": {
    GET: "anon 302 | cand 403 | asr 200 | iqa 200 | padm 200 | comm 403 | admin 403",
    POST: "405",
  },
  "enrolments.new": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 | comm 403 | admin 403",
  },
  "evidence.$evidenceId._index": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "anon 302 | cand 400 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "evidence.$evidenceId.delete": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 409 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "evidence.$evidenceId.edit": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 302> 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "evidence.$evidenceId.map": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 400 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "evidence.$evidenceId.versions.$versionId.file": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "405",
  },
  "ims.case.v1p0.CFDocuments": {
    GET: "200",
    POST: "405",
  },
  "ims.case.v1p0.CFItems.$sourcedId": {
    GET: "200",
    POST: "405",
  },
  "ims.case.v1p0.CFPackages.$sourcedId": {
    GET: "200",
    POST: "405",
  },
  "iqa._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 200 | padm 403 | comm 403 | admin 403",
    POST: "405",
  },
  "iqa.decisions.$decisionId": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 200 404 404 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 302> 404 404 | padm 403 | comm 403 | admin 403",
  },
  "iqa.reports": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 200 | padm 200 | comm 403 | admin 403",
    POST: "405",
  },
  "notifications": {
    GET: "anon 302 | cand 200 | asr 200 | iqa 200 | padm 200 | comm 200 | admin 200",
    POST: "anon 302 | cand 302> | asr 302> | iqa 302> | padm 302> | comm 302> | admin 302>",
  },
  "portfolio.$enrolmentId._index": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "405",
  },
  "portfolio.$enrolmentId.decisions": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "405",
  },
  "portfolio.$enrolmentId.evidence._index": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "405",
  },
  "portfolio.$enrolmentId.evidence.new.$kind": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 302> 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "portfolio.$enrolmentId.evidence.new._index": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 302> 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "portfolio.$enrolmentId.evidence.new.file": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 400 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "portfolio.$enrolmentId.missing": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "405",
  },
  "portfolio.$enrolmentId.pdf": {
    GET: "anon 302 | cand 200 404 404 | asr 200 404 404 | iqa 200 404 404 | padm 200 200 404 | comm 404 | admin 404",
    POST: "405",
  },
  "portfolio.$enrolmentId.submit": {
    GET: "anon 302 | cand 200 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "anon 302 | cand 302> 404 404 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
  },
  "portfolio._index": {
    GET: "anon 302 | cand 200 | asr 403 | iqa 403 | padm 403 | comm 403 | admin 403",
    POST: "405",
  },
  "privacy": {
    GET: "200",
    POST: "405",
  },
  "retention": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 | comm 403 | admin 403",
  },
  "sampling-plan": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 200 | padm 200 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 | comm 403 | admin 403",
  },
  "set-password.$token": {
    GET: "anon 200 410 410 | cand 200 410 410 | asr 200 410 410 | iqa 200 410 410 | padm 200 410 410 | comm 200 410 410 | admin 200 410 410",
    POST: "anon 403 | cand 400 | asr 400 | iqa 400 | padm 400 | comm 400 | admin 400",
  },
  "sign-in": {
    GET: "anon 200 | cand 302> | asr 302> | iqa 302> | padm 302> | comm 302> | admin 302>",
    POST: "anon 403 | cand 400 | asr 400 | iqa 400 | padm 400 | comm 400 | admin 400",
  },
  "sign-out": {
    GET: "302>",
    POST: "302>",
  },
  "standards.$framework.$version.items.$code": {
    GET: "200",
    POST: "405",
  },
  "standards.$framework.($version)": {
    GET: "200",
    POST: "405",
  },
  "standards._index": {
    GET: "200",
    POST: "405",
  },
  "standards.search": {
    GET: "200",
    POST: "405",
  },
  "trainers.$trainerId": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 200 404 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 302> 302> 404 | comm 403 | admin 403",
  },
  "trainers._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 403",
    POST: "405",
  },
  "trainers.new": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 403",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 | comm 403 | admin 403",
  },
  "users.$userId.link": {
    GET: "302>",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 200 404 | comm 403 | admin 200",
  },
  "users._index": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 200",
    POST: "405",
  },
  "users.new": {
    GET: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 200 | comm 403 | admin 200",
    POST: "anon 302 | cand 403 | asr 403 | iqa 403 | padm 400 | comm 403 | admin 400",
  },
  "verify": {
    GET: "200",
    POST: "anon 403 | cand 400 | asr 400 | iqa 400 | padm 400 | comm 400 | admin 400",
  },
  "witness.$token": {
    GET: "404",
    POST: "anon 403 | cand 400 | asr 400 | iqa 400 | padm 400 | comm 400 | admin 400",
  },
};

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes", import.meta.url));
const routes: RouteFile[] = routeFiles(ROUTES_DIR);

let t: TestDb;
let actors: Record<Role, Actor>;
let values: Record<string, Record<RecordKind, string>>;
let allocation: Record<RecordKind, [string, string]>;

/**
 * A valid body for actions that check the form before the record: without one, a role that may not
 * act would be answered 400 (the form's errors) and the access check would never be reached.
 */
const BODIES: Record<string, (k: RecordKind) => Record<string, string>> = {
  "evidence.$evidenceId.edit": () => ({ kind: "reflective_account", title: "Edited account", evidenceDate: "2025-03-14", text: "Edited text" }),
  "evidence.$evidenceId.map": () => ({ itemId: values.itemId.own, note: "Mapped in the access matrix" }),
  "portfolio.$enrolmentId.evidence.new._index": () => ({ kind: "reflective_account" }),
  "portfolio.$enrolmentId.evidence.new.$kind": () => ({ title: "New account", evidenceDate: "2025-03-14", text: "New text" }),
  "enrolments.$enrolmentId": (k) => ({ assessorId: allocation[k][0], iqaId: allocation[k][1], reason: "Checked in the access matrix" }),
  "iqa.decisions.$decisionId": () => ({ outcome: "agree", comments: "" }),
  "courses.$courseId.edit": () => ({ title: "Renamed course", startsOn: "2026-03-02", endsOn: "2026-03-03", hours: "14" }),
  "trainers.$trainerId": () => ({ years: "3", casesFacilitated: "12" }),
  "portfolio.$enrolmentId.submit": () => ({ scope: "all", declaration: "yes" }),
};

beforeAll(() => {
  t = tempDb();
  importStandards(t.db);
  const own: Staff = provider(t.db, "Own provider");
  const sameStaff: Staff = { ...own, assessor: addActor(t.db, "assessor", { providerId: own.providerId }), iqa: addActor(t.db, "iqa", { providerId: own.providerId }) };
  const other: Staff = provider(t.db, "Other provider");
  const commissionerId = addCommissioner(t.db, [own.providerId], "Own commissioner");
  const e = { own: enrolled(t.db, own), same: enrolled(t.db, sameStaff), other: enrolled(t.db, other) };
  actors = {
    candidate: e.own.candidate,
    assessor: own.assessor,
    iqa: own.iqa,
    provider_admin: own.admin,
    commissioner: addActor(t.db, "commissioner", { commissionerId }),
    admin: addActor(t.db, "admin"),
  };
  const ev = {
    own: writtenEvidence(e.own.candidate, e.own.enrolmentId, "Own account", "Text"),
    same: writtenEvidence(e.same.candidate, e.same.enrolmentId, "Same provider account", "Text"),
    other: writtenEvidence(e.other.candidate, e.other.enrolmentId, "Other provider account", "Text"),
  };
  const file = (k: RecordKind) => fileEvidence(e[k].candidate, e[k].enrolmentId, storeBytes(Buffer.from(`Notes ${k}`), `notes-${k}.txt`), `File ${k}`);
  const fileEv = { own: file("own"), same: file("same"), other: file("other") };
  const dec = {
    own: decision(t.db, own, e.own.enrolmentId, ev.own.versionId, "Good"),
    same: decision(t.db, sameStaff, e.same.enrolmentId, ev.same.versionId, "Good"),
    other: decision(t.db, other, e.other.enrolmentId, ev.other.versionId, "Good"),
  };
  const course = (staff: Staff, title: string) => createCourse(staff.admin, { title, startsOn: "2026-03-02", endsOn: "2026-03-03", hours: 14, programmeId: null, trainerIds: [] } as Parameters<typeof createCourse>[1]);
  const trainer = (staff: Staff, name: string) => createTrainer(staff.admin, { name });
  const lo1 = itemId("btec-l4-rja", "1", "LO1");
  const by = <T>(f: (k: RecordKind) => T) => ({ own: f("own"), same: f("same"), other: f("other") });
  values = {
    enrolmentId: by((k) => e[k].enrolmentId),
    evidenceId: by((k) => ev[k].evidenceId),
    versionId: by((k) => fileEv[k].versionId),
    fileEvidenceId: by((k) => fileEv[k].evidenceId),
    decisionId: by((k) => dec[k]),
    courseId: { own: course(own, "Own course"), same: course(own, "Second own course"), other: course(other, "Other course") },
    trainerId: { own: trainer(own, "Own Trainer"), same: trainer(own, "Second Trainer"), other: trainer(other, "Other Trainer") },
    userId: by((k) => e[k].candidate.userId),
    providerId: { own: own.providerId, same: own.providerId, other: other.providerId },
    itemId: by(() => lo1),
    kind: by(() => "reflective-account"),
    token: { own: issueSetPasswordLink(own.admin, e.same.candidate.userId), same: "x".repeat(43), other: "y".repeat(43) },
    sourcedId: by(() => lo1),
    framework: by(() => "btec-l4-rja"),
    version: by(() => "1"),
    code: by(() => "LO1"),
    "*": by(() => "no/such/page"),
  };
  // CFPackages names a framework version, not an item.
  values.packageId = by(() => frameworkId("btec-l4-rja", "1"));
  allocation = { own: [own.assessor.userId, own.iqa.userId], same: [sameStaff.assessor.userId, sameStaff.iqa.userId], other: [other.assessor.userId, other.iqa.userId] };
});
afterAll(() => t?.close());

/** The record parameter that makes a route's columns (the first that differs between own, same and other). */
const RECORD_PARAMS = ["enrolmentId", "evidenceId", "decisionId", "courseId", "trainerId", "userId", "providerId", "token"];
const hasRecord = (r: RouteFile) => r.params.some((p) => RECORD_PARAMS.includes(p));
const paramsFor = (r: RouteFile, k: RecordKind) =>
  Object.fromEntries(
    r.params.map((p) => {
      if (r.id.includes("CFPackages") && p === "sourcedId") return [p, values.packageId[k]];
      if (r.params.includes("versionId") && p === "evidenceId") return [p, values.fileEvidenceId[k]];
      return [p, values[p]?.[k] ?? "unknown"];
    }),
  );

const cell = (a: Answer) => (a.status === 302 || a.status === 303 ? (a.location?.startsWith("/sign-in?redirectTo=") ? "302" : "302>") : String(a.status));

/** "anon 302 | cand 200 404 404 | …": one status for a role stands for all its records. */
function render(row: Record<Who, string[]>): string {
  const parts = WHO.map((w) => `${SHORT[w]} ${new Set(row[w]).size === 1 ? row[w][0] : row[w].join(" ")}`);
  const all = new Set(WHO.flatMap((w) => row[w]));
  return all.size === 1 ? [...all][0] : parts.join(" | ");
}
function parse(expected: string, records: number): Record<Who, string[]> {
  const out = {} as Record<Who, string[]>;
  if (!expected.includes("|")) for (const w of WHO) out[w] = Array(records).fill(expected.trim());
  else
    for (const part of expected.split("|")) {
      const [name, ...cells] = part.trim().split(/\s+/);
      const who = WHO.find((w) => SHORT[w] === name)!;
      out[who] = cells.length === 1 ? Array(records).fill(cells[0]) : cells;
    }
  return out;
}

async function request(r: RouteFile, who: Who, k: RecordKind, method: "GET" | "POST", csrf: "valid" | "none") {
  const params = paramsFor(r, k);
  const url = `http://portal.test${routePath(r.id, params)}`;
  const headers = new Headers({ Host: "portal.test", "x-portal-client-ip": "127.0.0.1" });
  let token = "";
  if (who !== "anonymous") {
    const s = await sessionFor(t.db, actors[who]);
    headers.set("Cookie", s.cookie);
    token = s.csrf;
  }
  let body: FormData | undefined;
  if (method === "POST") {
    // multipart, as the upload form sends it (readForm reads either); the CSRF token comes first, as in the forms.
    headers.set("Origin", "http://portal.test");
    body = new FormData();
    if (csrf === "valid" && token) body.set("csrf", token);
    for (const [name, value] of Object.entries(BODIES[r.id]?.(k) ?? {})) body.set(name, value);
  }
  return { request: new Request(url, { method, headers, body }), params };
}

const modules = new Map<string, { loader?: never; action?: never }>();
async function load(r: RouteFile) {
  if (!modules.has(r.id)) modules.set(r.id, await import(/* @vite-ignore */ r.file));
  return modules.get(r.id)!;
}

describe("access matrix", () => {
  it("has a row for every route in app/routes", () => {
    const missing = routes.filter((r) => !(r.id in EXPECTED)).map((r) => r.id);
    const stale = Object.keys(EXPECTED).filter((id) => !routes.some((r) => r.id === id));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("answers every route × role × record as the table says, and a refused POST changes nothing", { timeout: 120_000 }, async () => {
    const unexpected: string[] = [];
    const changed: string[] = [];
    const errors: string[] = [];
    const found: string[] = [];
    let cells = 0;
    const slow: string[] = [];
    for (const r of routes) {
      const started = performance.now();
      const mod = await load(r);
      const kinds: RecordKind[] = hasRecord(r) ? [...RECORDS] : ["own"];
      const actual: Record<"GET" | "POST", Record<Who, string[]>> = { GET: {} as Record<Who, string[]>, POST: {} as Record<Who, string[]> };
      for (const method of ["GET", "POST"] as const)
        for (const who of WHO) {
          actual[method][who] = [];
          for (const k of kinds) {
            const before = method === "POST" ? fingerprint(t.db) : "";
            const { request: req, params } = await request(r, who, k, method, "valid");
            const a = await answer(method === "GET" ? mod.loader : mod.action, req, params, method === "GET" ? 200 : 405);
            cells++;
            actual[method][who].push(cell(a));
            if (a.error) errors.push(`${method} ${r.id} as ${who} (${k}): ${a.error}`);
            const refused = a.status >= 400 || (a.status === 302 && cell(a) === "302");
            if (method === "POST" && refused && fingerprint(t.db) !== before) changed.push(`POST ${r.id} as ${who} (${k}) answered ${a.status} but changed: ${diff(before, fingerprint(t.db))}`);
          }
        }
      slow.push(`${Math.round(performance.now() - started)}ms ${r.id}`);
      const row = { GET: render(actual.GET), POST: render(actual.POST) };
      found.push(`  ${JSON.stringify(r.id)}: {\n    GET: ${JSON.stringify(row.GET)},\n    POST: ${JSON.stringify(row.POST)},\n  },`);
      const expected = EXPECTED[r.id];
      if (!expected) continue;
      for (const method of ["GET", "POST"] as const) {
        const want = parse(expected[method], kinds.length);
        for (const who of WHO)
          kinds.forEach((k, i) => {
            if (want[who]?.[i] !== actual[method][who][i]) unexpected.push(`${method} ${r.id} as ${who}${kinds.length > 1 ? ` (${k} record)` : ""}: expected ${want[who]?.[i]}, got ${actual[method][who][i]}`);
          });
      }
    }
    if (process.env.ACCESS_MATRIX_PRINT) console.log(found.join("\n") + "\n" + slow.join("\n"));
    console.log(`access matrix: ${routes.length} routes, ${cells} cells, ${unexpected.length} unexpected`);
    // For `npm run test:faults` (tests/faults/access.ts): a summary of what was checked, written before the assertions.
    if (process.env.ACCESS_MATRIX_REPORT)
      writeFileSync(process.env.ACCESS_MATRIX_REPORT, JSON.stringify({ routes_checked: routes.length * 2, cells_checked: cells, unexpected_access: unexpected.length, unexpected, refused_posts_that_changed: changed, errors }, null, 2));
    expect(unexpected, "unexpected answers (route, role, record: expected → got)").toEqual([]);
    expect(changed, "refused POSTs that changed something").toEqual([]);
    expect(errors, "errors thrown by routes (a 500)").toEqual([]);
  });

  it("refuses a POST without a CSRF token to every action, whoever sends it, and changes nothing", async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const mod = await load(r);
      if (!mod.action) continue;
      for (const who of WHO) {
        const before = fingerprint(t.db);
        const { request: req, params } = await request(r, who, "own", "POST", "none");
        const a = await answer(mod.action, req, params, 405);
        // Signing out when not signed in has nothing to protect: it only redirects (and changes nothing, checked below).
        const ok = a.status === 403 || a.status === 404 || (who === "anonymous" && (cell(a) === "302" || r.id === "sign-out"));
        if (!ok) wrong.push(`${r.id} as ${who}: ${a.status}${a.location ? ` → ${a.location}` : ""}${a.error ? ` (${a.error})` : ""}`);
        if (fingerprint(t.db) !== before) wrong.push(`${r.id} as ${who}: changed ${diff(before, fingerprint(t.db))}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

function diff(before: string, after: string) {
  const a = new Map(before.split(",").map((x) => x.split("=") as [string, string]));
  return after
    .split(",")
    .map((x) => x.split("="))
    .filter(([k, v]) => a.get(k) !== v)
    .map(([k, v]) => `${k} ${a.get(k)}→${v}`)
    .join(", ");
}
