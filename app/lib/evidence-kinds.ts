/**
 * Words for evidence kinds, their fields and personal-data findings. Plain constants with no
 * server imports, so pages (server and browser) and the evidence domain share one set of labels.
 */

export const EVIDENCE_KIND_LIST = ["file", "reflective_account", "observation", "witness_testimony", "professional_discussion", "question_answer"] as const;
export type EvidenceKindName = (typeof EVIDENCE_KIND_LIST)[number];

/** The kinds written in the portal (a file is uploaded through its own page). */
export const WRITTEN_KINDS = ["reflective_account", "observation", "professional_discussion", "question_answer", "witness_testimony"] as const;
export type WrittenKind = (typeof WRITTEN_KINDS)[number];

export const KIND_LABELS: Record<EvidenceKindName, string> = {
  file: "Uploaded file",
  reflective_account: "Reflective account",
  observation: "Observation record",
  witness_testimony: "Witness testimony",
  professional_discussion: "Professional discussion record",
  question_answer: "Question and answer record",
};

export const KIND_HINTS: Record<EvidenceKindName, string> = {
  file: "A document, image or recording: PDF, Word (DOCX), OpenDocument text (ODT), PNG, JPEG, plain text, MP3 or M4A.",
  reflective_account: "Your own account of a piece of work and what you learnt from it, written here.",
  observation: "A record of your practice as someone saw it: who observed, when, the setting and what they saw.",
  professional_discussion: "A record of a planned discussion with your assessor or supervisor about your practice.",
  question_answer: "Questions you were asked and your answers, often used to show knowledge.",
  witness_testimony: "A colleague who saw your practice confirms what they saw, through a link you pass on to them.",
};

/** "a reflective account", for sentences. */
export const KIND_NOUNS: Record<EvidenceKindName, string> = {
  file: "an uploaded file",
  reflective_account: "a reflective account",
  observation: "an observation record",
  witness_testimony: "a witness testimony",
  professional_discussion: "a professional discussion record",
  question_answer: "a question and answer record",
};

export const PERSONAL_DATA_KINDS = ["email", "phone", "postcode", "ni_number", "date_of_birth"] as const;
export type PersonalDataKindName = (typeof PERSONAL_DATA_KINDS)[number];

/** A personal-data finding's kind, in words. */
export const PERSONAL_DATA_LABELS: Record<PersonalDataKindName, string> = {
  email: "Email address",
  phone: "Phone number",
  postcode: "Postcode",
  ni_number: "National Insurance number",
  date_of_birth: "Date of birth",
};

/** Labels of the free-text fields, used in forms and to say where personal data was found. */
export const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  file: "The file's text",
  text: "Reflective account",
  observerName: "Observer's name",
  observerRole: "Observer's role",
  setting: "Setting",
  observed: "What was observed",
  participants: "Who took part",
  summary: "Summary of the discussion",
  question: "Question",
  answer: "Answer",
  whatWitnessed: "What the witness saw",
  witnessName: "Witness's name",
  witnessRole: "Witness's role",
  relationship: "How the witness knows your work",
  testimony: "Testimony",
};

/** Where a finding's field name is "items.2.answer", say "Answer 3". */
export function fieldLabel(field: string): string {
  const qa = /^items\.(\d+)\.(question|answer)$/.exec(field);
  if (qa) return `${FIELD_LABELS[qa[2]]} ${Number(qa[1]) + 1}`;
  return FIELD_LABELS[field] ?? field;
}

export const LIMITS = {
  title: 200,
  name: 200,
  role: 200,
  shortText: 2000,
  longText: 30000,
  note: 500,
  reason: 1000,
  qaPairs: 50,
} as const;

/** How many blank question-and-answer pairs a new form offers. */
export const BLANK_QA_PAIRS = 5;

/** The error summary's message when saving found likely personal data. */
export const PERSONAL_DATA_ERROR = "Remove or replace the personal data listed, or say why it must stay";

/** How long a witness's link works. */
export const WITNESS_LINK_DAYS = 14;
