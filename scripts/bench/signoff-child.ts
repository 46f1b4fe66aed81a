/**
 * Run as its own process by signoff.ts, with DATABASE_PATH pointing at a backup copy: the portal's
 * connection (openDatabase: WAL, synchronous=FULL, foreign keys, busy timeout), the real decide() on
 * every pending criterion in turn (each its own BEGIN IMMEDIATE transaction with its audit event),
 * then the same number of bare one-row inserts (one per transaction) into a scratch table on the same
 * file and connection. Prints one JSON line: {signoffs, signoffMs, inserts, insertMs, synchronous}.
 */
import { readFileSync } from "node:fs";
import { decide, londonToday } from "../../app/lib/assessment.server";
import type { Actor } from "../../app/lib/auth.server";
import { getDb } from "../../app/lib/db.server";
import type { Pending } from "./data";

const { email, pending } = JSON.parse(readFileSync(process.argv[2], "utf8")) as { email: string; pending: Pending[] };
const db = getDb();
const sqlite = db.$client;
const who = sqlite
  .prepare(
    `select u.id as userId, u.email, u.name, m.id as membershipId, m.provider_id as providerId
       from users u join memberships m on m.user_id = u.id and m.role = 'assessor' where u.email = ?`,
  )
  .get(email.toLowerCase()) as { userId: string; email: string; name: string; membershipId: string; providerId: string } | undefined;
if (!who) throw new Error(`${email} is not an assessor`);
const actor: Actor = { ...who, role: "assessor", commissionerId: null, sessionId: "bench", csrfToken: "bench" };

const input = { outcome: "met", methods: ["observation", "work_product"], checks: ["valid", "authentic", "reliable", "current", "sufficient"], feedback: "Benchmark decision.", decidedOn: londonToday() };
const t0 = performance.now();
for (const p of pending) {
  const r = decide(actor, p.enrolmentId, p.itemId, { ...input, expectedDecisionId: "" });
  if (!r.ok) throw new Error(`decide refused ${p.enrolmentId} / ${p.itemId}: ${JSON.stringify(r)}`);
}
const signoffMs = performance.now() - t0;

sqlite.exec("create table if not exists bench_scratch (id integer primary key, at integer not null, body text not null)");
const insert = sqlite.prepare("insert into bench_scratch (at, body) values (?, ?)");
const one = sqlite.transaction((i: number) => insert.run(Date.now(), `row ${i}`));
const inserts = Math.max(pending.length, 500);
const t1 = performance.now();
for (let i = 0; i < inserts; i++) one.immediate(i);
const insertMs = performance.now() - t1;

const synchronous = sqlite.pragma("synchronous", { simple: true });
const journal = sqlite.pragma("journal_mode", { simple: true });
sqlite.close();
console.log(JSON.stringify({ signoffs: pending.length, signoffMs, inserts, insertMs, synchronous, journal }));
