/**
 * Demo portfolios, built through the portal's own domain functions so every rule, lock and audit
 * event is real:
 * - the demo candidate's Level 4 award: evidence for every learning outcome, one "not yet met" and
 *   resubmitted, all met, sampled and agreed by the IQA, so achieved;
 * - then their supervisor competency check: Section E and every QA unit item met, sampled, competent;
 * - a second (invented) trainee part-way through the award, with work waiting for the assessor.
 * All text is invented and anonymised: no participant in any case can be identified.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/connection";
import { decisions, memberships, users, type Role } from "../db/schema";
import { decide } from "../app/lib/assessment.server";
import type { Actor } from "../app/lib/auth.server";
import { setDb } from "../app/lib/db.server";
import { enrol } from "../app/lib/enrolments.server";
import { addEvidence, mapEvidence, type EvidenceInput } from "../app/lib/evidence.server";
import { submit } from "../app/lib/progress.server";
import { sampleDecision } from "../app/lib/quality.server";
import { storedPath } from "../app/lib/uploads.server";
import { itemId, programmeId } from "../standards/ids";

const DAY = 86_400_000;
const VARCS = ["valid", "authentic", "reliable", "current", "sufficient"];

const G = (code: string) => itemId("guidance", "2004-12", code);
const N = (code: string) => itemId("nos-qa", "1", code);
const L = (code: string) => itemId("btec-l4-rja", "1", code);

/** YYYY-MM-DD of a moment, in Europe/London. */
const londonDate = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(ms));

function actorFor(db: Db, userId: string, role: Role): Actor {
  const row = db
    .select({ user: users, membership: memberships })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, role)))
    .get();
  if (!row) throw new Error(`No ${role} membership for ${userId}`);
  return {
    userId,
    email: row.user.email,
    name: row.user.name,
    role,
    membershipId: row.membership.id,
    providerId: row.membership.providerId,
    commissionerId: row.membership.commissionerId,
    sessionId: "demo-seed",
    csrfToken: "",
  };
}

function add(candidate: Actor, enrolmentId: string, input: EvidenceInput, at: number): string {
  const result = addEvidence(candidate, enrolmentId, input, at);
  if (!result.ok) throw new Error(`Demo evidence "${input.title}" was refused: ${JSON.stringify(result)}`);
  return result.evidenceId;
}

function map(candidate: Actor, evidenceId: string, items: [string, string][], at: number) {
  for (const [item, note] of items) mapEvidence(candidate, evidenceId, item, note, at);
}

/** "Met" on each item, replacing any standing decision (as an assessor revisiting it would). */
function decideAll(db: Db, assessor: Actor, enrolmentId: string, items: { item: string; methods: string[]; feedback: string }[], at: number): string[] {
  return items.map(({ item, methods, feedback }) => {
    const standing = db.select({ id: decisions.id }).from(decisions).where(and(eq(decisions.enrolmentId, enrolmentId), eq(decisions.itemId, item), eq(decisions.status, "standing"))).get()?.id ?? "";
    const r = decide(assessor, enrolmentId, item, { outcome: "met", methods, checks: VARCS, feedback, decidedOn: londonDate(at), expectedDecisionId: standing }, at);
    if (!r.ok) throw new Error(`Demo decision refused: ${JSON.stringify(r)}`);
    return r.decisionId;
  });
}

/** A small plain-text file stored the way an upload is: by SHA-256 under the evidence directory. */
function storeText(fileName: string, text: string) {
  const bytes = Buffer.from(text, "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const path = storedPath(sha256);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return { sha256, size: bytes.length, mediaType: "text/plain", fileName, text };
}

export type DemoPeople = { providerAdminId: string; candidateId: string; assessorId: string; iqaId: string; providerId: string };

export function seedDemoPortfolios(db: Db, people: DemoPeople, now = Date.now()) {
  setDb(db);
  try {
    const admin = actorFor(db, people.providerAdminId, "provider_admin");
    const candidate = actorFor(db, people.candidateId, "candidate");
    const assessor = actorFor(db, people.assessorId, "assessor");
    const iqa = actorFor(db, people.iqaId, "iqa");
    const t0 = now - 240 * DAY;
    const at = (days: number) => t0 + days * DAY;

    // ---- Level 4 award: achieved ------------------------------------------------------------
    const award = enrol(admin, { candidateId: candidate.userId, programmeId: programmeId("level4-award", "1"), candidateNumber: "NRT-0001", assessorId: assessor.userId, iqaId: iqa.userId }, at(0));

    const plan = add(
      candidate,
      award,
      {
        kind: "file",
        title: "Pre-course assignment: restorative justice in my service",
        description: "The 8-hour pre-course assignment, as submitted to the tutor.",
        evidenceDate: londonDate(at(8)),
        file: storeText(
          "pre-course-assignment.txt",
          "Pre-course assignment\n\nRestorative justice brings those harmed and those responsible into communication so that the harm can be repaired. In my service it is used alongside referral orders and out-of-court disposals.\n\nThe principles I work to are voluntary participation, impartiality, safety and respect. A process only goes ahead after an assessment of risk with everyone involved.\n",
        ),
      },
      at(8),
    );
    map(candidate, plan, [
      [L("LO1"), "Sets out the definition and principles of restorative justice as I apply them."],
      [G("A1(a).1"), "Defines restorative justice with reference to those harmed, those responsible and communities."],
      [L("LO3"), "Describes the statutory setting of referral orders and out-of-court disposals."],
    ], at(9));

    const reflection = add(
      candidate,
      award,
      {
        kind: "reflective_account",
        title: "Reflection on preparing a restorative meeting",
        evidenceDate: londonDate(at(30)),
        text: [
          "# Preparing a restorative meeting",
          "I prepared a face-to-face meeting between a young person and the owner of a shop that had been damaged.",
          "## What I did",
          "- met each participant separately, twice, to explain what would happen and what the choices were",
          "- assessed risk at each meeting, including the emotional impact on the person harmed",
          "- agreed a venue that both felt safe in, and who would support each of them",
          "## What I learnt",
          "Giving people time to decide was more important than keeping to a timetable. One participant changed their mind about bringing a supporter, and the plan was changed with them.",
        ].join("\n\n"),
      },
      at(30),
    );
    map(candidate, reflection, [
      [L("LO2"), "Shows when and how I decided a direct meeting was right, and how it was prepared."],
      [G("A1(a).4"), "Applies restorative justice to a case of criminal damage in the community."],
    ], at(31));

    const observation = add(
      candidate,
      award,
      {
        kind: "observation",
        title: "Observed restorative meeting (tutor observation)",
        observerName: "Hana Demo-Tutor",
        observerRole: "Course tutor",
        evidenceDate: londonDate(at(45)),
        setting: "A community centre meeting room, booked for a restorative meeting between a young person, the person harmed and their supporters.",
        observed: "The candidate opened the meeting with clear ground rules, kept to the agreed structure, gave each person time to speak without interruption and summarised accurately. When one participant became upset the candidate paused the meeting and checked whether they wanted to continue. The outcome agreement was written down in the participants' own words.",
      },
      at(45),
    );
    map(candidate, observation, [
      [L("LO2"), "The tutor saw me run the meeting I prepared."],
      [L("LO4"), "Uses the conference model as the strategy for this case."],
    ], at(46));

    const discussion = add(
      candidate,
      award,
      {
        kind: "professional_discussion",
        title: "Professional discussion: strategies, support and monitoring",
        evidenceDate: londonDate(at(60)),
        participants: "The candidate and their assessor",
        summary: "We discussed the strategies available for delivering restorative approaches in the service (conferencing, shuttle communication, letters), how referrals arrive from partner agencies, how outcomes are monitored, and how practitioners are supervised and supported. The candidate described the quality assurance checks in place and how feedback from participants is collected and used.",
      },
      at(60),
    );
    map(candidate, discussion, [
      [L("LO5"), "Describes the support, performance and monitoring frameworks in the service."],
      [L("LO6"), "Reviews the referral model and the service partners who support delivery."],
    ], at(61));

    submit(candidate, award, { scope: "all", declaration: "yes" }, at(70));

    // LO4 first falls short: the candidate is asked for more, adds it, resubmits.
    const lo4 = decide(
      assessor,
      award,
      L("LO4"),
      { outcome: "not_yet_met", methods: ["observation"], checks: ["valid", "authentic", "current"], feedback: "The observation shows one strategy in use. Compare at least two strategies and say when each suits a case.", decidedOn: londonDate(at(80)), expectedDecisionId: "" },
      at(80),
    );
    if (!lo4.ok) throw new Error(`Demo decision refused: ${JSON.stringify(lo4)}`);
    const decided = decideAll(
      db,
      assessor,
      award,
      [
        { item: L("LO1"), methods: ["work_product", "questioning"], feedback: "A clear definition, tied to the principles you apply." },
        { item: L("LO2"), methods: ["observation", "reflective_account"], feedback: "Well prepared and safely run; the reflection shows good judgement about timing." },
        { item: L("LO3"), methods: ["work_product", "questioning"], feedback: "Accurate account of the statutory setting." },
        { item: L("LO5"), methods: ["professional_discussion"], feedback: "You know the frameworks and how they are used." },
        { item: L("LO6"), methods: ["professional_discussion"], feedback: "A thoughtful review of referral routes and partners." },
      ],
      at(81),
    );
    const comparison = add(
      candidate,
      award,
      {
        kind: "reflective_account",
        title: "Comparing conferencing and shuttle communication",
        evidenceDate: londonDate(at(90)),
        text: "Conferencing brings everyone together and suits cases where both sides want to meet and the risk is manageable.\n\nShuttle communication suits cases where a meeting would not be safe or one side does not want it: I carry questions and answers between them.\n\n1. Conferencing: direct, often more satisfying, needs more preparation.\n2. Shuttle communication: indirect, safer where there is intimidation, slower.",
      },
      at(90),
    );
    map(candidate, comparison, [[L("LO4"), "Compares two strategies and when each suits a case, as the assessor asked."]], at(90));
    submit(candidate, award, { scope: "all", declaration: "yes" }, at(91));
    const [lo4Met] = decideAll(db, assessor, award, [{ item: L("LO4"), methods: ["observation", "reflective_account"], feedback: "The comparison now shows you can choose a strategy to suit the case." }], at(95));
    for (const id of [decided[1], lo4Met]) sampleDecision(iqa, id, { outcome: "agree", comments: "Evidence is sufficient and the decision is consistent with the standard." }, at(100));

    // ---- Supervisor competency check: competent ----------------------------------------------
    const check = enrol(admin, { candidateId: candidate.userId, programmeId: programmeId("supervisor-check", "1"), candidateNumber: "NRT-0101", assessorId: assessor.userId, iqaId: iqa.userId }, at(110));
    const E = ["E.1", "E.2", "E.3", "E.4", "E.5", "E.6", "E.7"];
    const P = Array.from({ length: 11 }, (_, i) => `P${i + 1}`);
    const K = Array.from({ length: 15 }, (_, i) => `K${i + 1}`);

    const supervision = add(
      candidate,
      check,
      {
        kind: "observation",
        title: "Observed case supervision sessions",
        observerName: "Ivo Demo-Observer",
        observerRole: "Senior practitioner",
        evidenceDate: londonDate(at(130)),
        setting: "Two planned case supervision sessions with practitioners in the service, held in a private office.",
        observed: "The candidate reviewed each practitioner's risk assessment, asked how the case was progressing, helped them think through a different approach to an indirect process, checked whether they needed support after a difficult meeting, agreed follow-up of an outcome agreement, and recorded the supervision accurately in line with data protection policy.",
      },
      at(130),
    );
    map(candidate, supervision, [...E.map((c) => [G(c), "Seen in the observed supervision sessions."] as [string, string]), ...P.map((c) => [N(c), "Seen in the observed supervision sessions."] as [string, string])], at(131));

    const qa = add(
      candidate,
      check,
      {
        kind: "question_answer",
        title: "Questions on quality assurance of restorative processes",
        evidenceDate: londonDate(at(140)),
        items: K.map((c, i) => ({
          question: `Knowledge item ${c}: explain how this applies to your role as a case supervisor.`,
          answer: `Answered in full in the assessment session, with examples from supervising restorative cases (answer ${i + 1} of ${K.length}).`,
        })),
      },
      at(140),
    );
    map(candidate, qa, K.map((c) => [N(c), "Answered in the questioning session."] as [string, string]), at(141));

    submit(candidate, check, { scope: "all", declaration: "yes" }, at(150));
    const supervisorDecisions = decideAll(
      db,
      assessor,
      check,
      [
        ...E.map((c) => ({ item: G(c), methods: ["observation"], feedback: "Demonstrated in the observed sessions." })),
        ...P.map((c) => ({ item: N(c), methods: ["observation"], feedback: "Demonstrated in the observed sessions." })),
        ...K.map((c) => ({ item: N(c), methods: ["questioning"], feedback: "Sound knowledge shown." })),
      ],
      at(160),
    );
    sampleDecision(iqa, supervisorDecisions[E.length], { outcome: "agree", comments: "Observation evidence supports the decision." }, at(165));

    // ---- A second trainee, part-way through the award ------------------------------------------
    const traineeId = randomUUID();
    db.insert(users).values({ id: traineeId, email: "trainee@demo.example.org", name: "Gus Demo-Trainee", passwordHash: null, createdAt: at(200) }).run();
    db.insert(memberships).values({ id: randomUUID(), userId: traineeId, role: "candidate", providerId: people.providerId, commissionerId: null, createdAt: at(200) }).run();
    const trainee = actorFor(db, traineeId, "candidate");
    const inProgress = enrol(admin, { candidateId: traineeId, programmeId: programmeId("level4-award", "1"), candidateNumber: "NRT-0002", assessorId: assessor.userId, iqaId: iqa.userId }, at(200));
    const first = add(
      trainee,
      inProgress,
      { kind: "reflective_account", title: "What restorative justice means in my work", evidenceDate: londonDate(at(210)), text: "Restorative justice puts the needs of the person harmed at the centre and asks the person responsible to face up to what they did.\n\nIn my team it is offered in every suitable case, and no one is made to take part." },
      at(210),
    );
    map(trainee, first, [[L("LO1"), "My own definition and the principles I work to."]], at(211));
    submit(trainee, inProgress, { scope: "all", declaration: "yes" }, at(215));

    return { award, check, inProgress };
  } finally {
    setDb(undefined);
  }
}
