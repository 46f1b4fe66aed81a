/**
 * Invented names and evidence text. Surnames are made from syllables, so no generated person is a
 * real one; every email is under example.org. No fragment contains a digit or an @, so no text can
 * hold the personal data the portal looks for (checked at start-up with findPersonalData).
 */
import { findPersonalData } from "../../app/lib/personal-data";
import type { Random } from "../lib/random";

const FIRST = ["Ada", "Bram", "Cleo", "Dara", "Eden", "Finn", "Greer", "Hal", "Isla", "Jude", "Kit", "Lior", "Mika", "Nell", "Oren", "Pia", "Quin", "Rae", "Sol", "Tam", "Uma", "Vic", "Wren", "Yara", "Zev", "Arlo", "Bea", "Cai", "Dov", "Elin", "Fern", "Gil", "Hesper", "Ivo", "Juno", "Kai", "Lark", "Milo", "Nia", "Odile"];
const SYL_A = ["Ash", "Brin", "Cor", "Dun", "Elm", "Fen", "Gart", "Hol", "Ivel", "Kest", "Lin", "Mar", "Nor", "Ost", "Pell", "Quar", "Rud", "Sel", "Thorn", "Vell", "Wick", "Yar"];
const SYL_B = ["by", "combe", "dale", "field", "ford", "gate", "holt", "ley", "mere", "more", "ridge", "stead", "ton", "wick", "worth", "brook"];
const PLACES = ["Ashvale", "Brindlecombe", "Corrimoor", "Dunhollow", "Elmsbridge", "Fennick", "Garthwold", "Hollinmere", "Ivelford", "Kestrelby", "Linthorpe", "Marrowdale", "Norrowfield", "Ostmere", "Pellingham", "Quarrendon", "Rudhallow", "Selbourne", "Thornwick", "Vellacott", "Wickerstead", "Yarrowmoor"];
const ORG_KINDS = ["Restorative Training", "Mediation Centre", "Restorative Practice Institute", "Justice Partnership Training", "Community Mediation", "Restorative Approaches College"];

export function personName(rng: Random): { first: string; last: string; name: string } {
  const first = rng.pick(FIRST);
  const last = `${rng.pick(SYL_A)}${rng.pick(SYL_B)}`;
  return { first, last, name: `${first} ${last}` };
}
export const emailOf = (first: string, last: string, n: number) => `${first}.${last}.${n}@example.org`.toLowerCase();
export const providerName = (i: number) => `${PLACES[i % PLACES.length]} ${ORG_KINDS[Math.floor(i / PLACES.length) % ORG_KINDS.length]}${i >= PLACES.length * ORG_KINDS.length ? ` ${Math.floor(i / (PLACES.length * ORG_KINDS.length)) + 1}` : ""}`;
export const commissionerName = (i: number) => `${PLACES[(i * 7 + 3) % PLACES.length]} ${["Youth Justice Partnership", "Police and Crime Commissioner's Office", "Victim Services Partnership"][i % 3]}${i >= 3 ? ` ${i + 1}` : ""}`;

const SETTINGS = ["a community centre meeting room", "a youth offending service interview room", "a school library after hours", "a probation office", "a neighbourhood mediation office", "a prison visits hall", "a village hall", "a family centre"];
const CASES = ["criminal damage to a shop", "a burglary of a garden shed", "an assault outside a takeaway", "a theft from a workplace", "harassment between neighbours", "damage to a bus shelter", "a theft from a car", "bullying at a school"];
const ACTS = [
  "met each participant separately to explain what would happen and what the choices were",
  "assessed risk with everyone involved before agreeing that a meeting could go ahead",
  "agreed a venue that all participants felt safe in, and who would support each of them",
  "kept to the agreed structure and gave each person time to speak without interruption",
  "paused the meeting when a participant became upset and checked whether they wanted to continue",
  "wrote down the outcome agreement in the participants' own words",
  "carried questions and answers between the parties when a direct meeting was not safe",
  "followed up the outcome agreement and told the person harmed what had been done",
  "recorded the case accurately and in line with the service's data protection policy",
  "sought supervision after a difficult meeting and reflected on what to change",
];
const LEARNT = [
  "Giving people time to decide mattered more than keeping to a timetable.",
  "Preparation is most of the work: the meeting itself went as planned because everyone knew what to expect.",
  "I need to check my own assumptions about what the person harmed wants from the process.",
  "Impartiality means watching my language as well as my actions.",
  "A plan must change when a participant changes their mind, and that is part of voluntary participation.",
];
const ROLES = ["Course tutor", "Senior practitioner", "Case supervisor", "Team manager", "Restorative justice coordinator", "Youth justice officer"];
const QUESTIONS = [
  "How do you decide whether a case is suitable for a restorative process?",
  "What do you do if a participant withdraws consent part-way through?",
  "How do you keep participants safe before, during and after a meeting?",
  "How do you stay impartial when one participant is more articulate than the other?",
  "What records do you keep, and who may see them?",
  "When would you choose indirect communication instead of a meeting?",
];
const ANSWERS = [
  "I look at the risk, whether everyone wants to take part freely, and whether the person responsible accepts what they did.",
  "I stop, check what has changed, and make clear that withdrawing is their right; any other option is offered later, never pressed.",
  "Through a risk assessment with each person, a safe venue, agreed supporters and a plan for after the meeting.",
  "I give each person the same preparation, the same time and the same questions, and summarise both fairly.",
  "Only what the service's policy requires, stored securely, seen by the case supervisor and those the policy names.",
  "When a meeting would not be safe, when one side does not want to meet, or when there is intimidation.",
];
const DESCRIPTIONS = ["The pre-course assignment, as submitted to the tutor.", "The post-course workplace assignment.", "Case notes, anonymised.", "A supervision record, anonymised.", "An outcome agreement template I designed."];
export const FEEDBACK_MET = [
  "Clear and sufficient evidence for this criterion.",
  "The observation and your reflection together show this well.",
  "Well evidenced across more than one case.",
  "You show sound judgement here; keep developing it.",
];
export const FEEDBACK_NOT_YET = [
  "Show this in a second case, and say what you would do differently.",
  "The evidence describes the process but not your own part in it. Add a reflective account of what you did.",
  "Compare at least two approaches and say when each suits a case.",
  "Add a witness testimony or observation showing this in practice.",
];
export const SAMPLE_COMMENTS = ["Evidence is sufficient and the decision is consistent with the standard.", "Agreed: methods suit the criterion.", "The evidence supports the decision.", ""];
export const IQA_ACTIONS = ["Review the sufficiency of the evidence and record which piece shows each part of the criterion.", "Check the evidence is the candidate's own work before confirming the decision."];
export const MAPPING_NOTES = ["Shows this in a real case.", "Describes how I did this.", "Seen by the observer.", "Explains my reasoning.", "Confirmed by a colleague who saw it.", "Covers this part of the criterion."];

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export type Body = Record<string, unknown>;
/** Title and body of a piece of evidence of a kind (the body in contentOf's field order). */
export function evidenceContent(kind: string, rng: Random): { title: string; body: Body } {
  const setting = rng.pick(SETTINGS);
  const kase = rng.pick(CASES);
  const acts = rng.sample(ACTS, rng.int(2, 4));
  switch (kind) {
    case "file":
      return { title: rng.pick(["Pre-course assignment", "Workplace assignment", "Case notes", "Supervision record", "Outcome agreement"]) + ` on ${kase}`, body: rng.chance(0.7) ? { description: rng.pick(DESCRIPTIONS) } : {} };
    case "reflective_account":
      return { title: `Reflection on ${kase}`, body: { text: [`# Preparing a restorative process`, `The case was ${kase}.`, "## What I did", ...acts.map((a) => `- ${a}`), "## What I learnt", rng.pick(LEARNT)].join("\n\n") } };
    case "observation":
      return {
        title: `Observed restorative meeting: ${kase}`,
        body: { observerName: personName(rng).name, observerRole: rng.pick(ROLES), setting: sentence(`${setting}.`), observed: acts.map((a) => `The candidate ${a}.`).join(" ") },
      };
    case "professional_discussion":
      return { title: `Professional discussion about ${kase}`, body: { participants: "The candidate and their assessor", summary: `We discussed ${kase}. The candidate explained how they ${acts.join(", and how they ")}.` } };
    case "question_answer": {
      const picks = rng.sample([...QUESTIONS.keys()], rng.int(2, 4));
      return { title: "Questions on restorative practice", body: { items: picks.map((i) => ({ question: QUESTIONS[i], answer: ANSWERS[i] })) } };
    }
    default: {
      const w = personName(rng);
      return { title: `Witness testimony: ${kase}`, body: { whatWitnessed: `I saw the candidate as they ${acts.join(" and ")}.`, witnessName: w.name, witnessRole: rng.pick(ROLES), relationship: "A colleague in the same team" } };
    }
  }
}

/** Fails loudly if any fragment would be taken for personal data (then the portal would ask for a reason). */
export function checkTexts() {
  const all = [...SETTINGS, ...CASES, ...ACTS, ...LEARNT, ...ROLES, ...QUESTIONS, ...ANSWERS, ...DESCRIPTIONS, ...FIRST, ...PLACES];
  const bad = all.filter((t) => /[\d@]/.test(t) || findPersonalData(t).length > 0);
  if (bad.length) throw new Error(`Seed text would be flagged as personal data: ${bad.join(" | ")}`);
}
