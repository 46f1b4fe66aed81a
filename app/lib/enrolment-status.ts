/**
 * What an enrolment's status and its achievement are called, on every page, in the achievement
 * check and so in the PDF: the supervisor competency check is "Competent" / "Not yet competent",
 * the award (or any other programme) "Achieved" / "Not yet achieved". A plain module (no server
 * code), so components can import it.
 */

export const LEVEL4_SLUG = "level4-award";
export const SUPERVISOR_SLUG = "supervisor-check";

export type EnrolmentStatus = "active" | "achieved" | "withdrawn";

/** The supervisor check certifies competence; every other programme is achieved. */
export const certifiesCompetence = (programmeSlug: string) => programmeSlug === SUPERVISOR_SLUG;

export type AchievementLabel = "Achieved" | "Not yet achieved" | "Competent" | "Not yet competent";

export function achievementLabel(programmeSlug: string, achieved: boolean): AchievementLabel {
  if (certifiesCompetence(programmeSlug)) return achieved ? "Competent" : "Not yet competent";
  return achieved ? "Achieved" : "Not yet achieved";
}

export function statusLabel(status: EnrolmentStatus, programmeSlug: string): string {
  if (status === "achieved") return achievementLabel(programmeSlug, true);
  return status === "active" ? "Active" : "Withdrawn";
}

/** The GOV.UK tag colour of each status. */
export const STATUS_TAGS: Record<EnrolmentStatus, string> = { active: "", achieved: "govuk-tag--green", withdrawn: "govuk-tag--grey" };
