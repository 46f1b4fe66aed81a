/**
 * Words for assessment decisions: methods, the VARCS checks, outcomes. Plain constants with no
 * server imports, so pages (server and browser) and the assessment domain share one set of labels.
 */
import type { AssessmentMethod } from "../../db/schema";

export type Varcs = "valid" | "authentic" | "reliable" | "current" | "sufficient";
export type Outcome = "met" | "not_yet_met";

export const METHOD_LABELS: Record<AssessmentMethod, string> = {
  observation: "Observation",
  work_product: "Examination of work product",
  professional_discussion: "Professional discussion",
  questioning: "Questioning",
  witness_testimony: "Witness testimony",
  reflective_account: "Reflective account",
};

export const VARCS_LABELS: Record<Varcs, { label: string; hint: string }> = {
  valid: { label: "Valid", hint: "it shows this criterion" },
  authentic: { label: "Authentic", hint: "it is the candidate's own work" },
  reliable: { label: "Reliable", hint: "another assessor would reach the same judgement on it" },
  current: { label: "Current", hint: "it shows the candidate's practice now" },
  sufficient: { label: "Sufficient", hint: "there is enough of it to cover the whole criterion" },
};

export const OUTCOME_LABELS: Record<Outcome, string> = { met: "Met", not_yet_met: "Not yet met" };
