/**
 * Work for the crash cycles, made through the portal's own domain functions on a database the
 * portal has already set up (demo data seeded), with the server stopped: assessors and candidates
 * of the demo provider, each candidate enrolled on the supervisor competency check with two pieces
 * of evidence (a file and a reflective account) mapped to every required criterion, and submitted.
 * Files are stored as an upload stores them (by SHA-256 under the evidence folder), without
 * config(), so this can run in a process that has configured the portal for something else.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { openDatabase, type Db } from "../../db/connection";
import { memberships, users, type Role } from "../../db/schema";
import { createUser } from "../../app/lib/accounts.server";
import type { Actor } from "../../app/lib/auth.server";
import { setDb } from "../../app/lib/db.server";
import { enrol } from "../../app/lib/enrolments.server";
import { addEvidence, mapEvidence } from "../../app/lib/evidence.server";
import { submit } from "../../app/lib/progress.server";

export type SignOff = { enrolmentId: string; itemId: string; assessorEmail: string };
export type Prepared = { assessors: string[]; candidates: { email: string; enrolmentId: string }[]; queue: SignOff[]; evidencePerItem: number };

function actorFor(db: Db, email: string, role: Role): Actor {
  const row = db.select({ user: users, membership: memberships }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(and(eq(users.email, email), eq(memberships.role, role))).get();
  if (!row) throw new Error(`No ${role} ${email}`);
  const m = row.membership;
  return { userId: row.user.id, email, name: row.user.name, role, membershipId: m.id, providerId: m.providerId, commissionerId: m.commissionerId, sessionId: "crash-prepare", csrfToken: "" };
}

const letters = (n: number) => n.toString(26).split("").map((c) => String.fromCharCode(97 + parseInt(c, 26))).join("");

/** Prepares `candidates` candidates across `assessors` assessors; the queue interleaves candidates. */
export function prepareWork(databasePath: string, evidenceDir: string, o: { candidates: number; assessors: number }): Prepared {
  const db = openDatabase(databasePath);
  setDb(db);
  try {
    const admin = actorFor(db, "provider-admin@demo.example.org", "provider_admin");
    const iqa = actorFor(db, "iqa@demo.example.org", "iqa");
    const programme = db.$client.prepare("select id from programmes where title = 'Supervisor competency check'").get() as { id: string } | undefined;
    if (!programme) throw new Error("The supervisor competency check programme is missing");
    const required = (db.$client.prepare("select item_id as id from programme_requirements where programme_id = ? order by position").all(programme.id) as { id: string }[]).map((r) => r.id);

    const assessorEmails = ["assessor@demo.example.org"];
    for (let a = 1; a < o.assessors; a++) {
      const email = `crash-assessor-${letters(a)}@example.org`;
      createUser(admin, { name: `Crash Assessor ${letters(a)}`, email, role: "assessor", providerId: admin.providerId! });
      assessorEmails.push(email);
    }
    const assessors = assessorEmails.map((e) => actorFor(db, e, "assessor"));

    const perCandidate: SignOff[][] = [];
    const candidates: Prepared["candidates"] = [];
    for (let c = 0; c < o.candidates; c++) {
      const tag = letters(c + 1);
      const email = `crash-candidate-${tag}@example.org`;
      createUser(admin, { name: `Crash Candidate ${tag}`, email, role: "candidate", providerId: admin.providerId! });
      const candidate = actorFor(db, email, "candidate");
      const assessor = assessors[c % assessors.length];
      const enrolmentId = enrol(admin, { candidateId: candidate.userId, programmeId: programme.id, candidateNumber: `CRASH-${c + 1}`, assessorId: assessor.userId, iqaId: iqa.userId });

      const bytes = Buffer.from(`Supervision record for the crash cycles, candidate ${tag}.\nThe supervisor reviewed case preparation, risk assessment and the outcome agreement.\n`, "utf8");
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      mkdirSync(join(evidenceDir, sha256.slice(0, 2)), { recursive: true });
      writeFileSync(join(evidenceDir, sha256.slice(0, 2), sha256), bytes);
      const file = addEvidence(candidate, enrolmentId, { kind: "file", title: `Supervision record ${tag}`, description: "Notes of supervision sessions", file: { sha256, size: bytes.length, mediaType: "text/plain", fileName: `supervision-${tag}.txt`, text: bytes.toString("utf8") } });
      const account = addEvidence(candidate, enrolmentId, { kind: "reflective_account", title: `Reflection ${tag}`, evidenceDate: "2025-03-14", text: "I reflected on how supervision helped me keep each process safe and voluntary for everyone taking part." });
      if (!file.ok || !account.ok) throw new Error(`Evidence refused: ${JSON.stringify([file, account])}`);
      for (const itemId of required) {
        mapEvidence(candidate, file.evidenceId, itemId, "The supervision record covers this.");
        mapEvidence(candidate, account.evidenceId, itemId, "My reflection covers this.");
      }
      submit(candidate, enrolmentId, { scope: "all", declaration: "yes" });
      candidates.push({ email, enrolmentId });
      perCandidate.push(required.map((itemId) => ({ enrolmentId, itemId, assessorEmail: assessor.email })));
    }
    const queue: SignOff[] = [];
    for (let i = 0; i < required.length; i++) for (const list of perCandidate) queue.push(list[i]);
    return { assessors: assessorEmails, candidates, queue, evidencePerItem: 2 };
  } finally {
    setDb(undefined);
    db.$client.close();
  }
}
