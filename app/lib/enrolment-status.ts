/**
 * What an enrolment's status is called on every page. An achieved supervisor competency check reads
 * "Competent", as its achievement and its PDF say; an achieved award (or any other programme)
 * "Achieved". A plain module (no server code), so components can import it.
 */

export const LEVEL4_SLUG = "level4-award";
export const SUPERVISOR_SLUG = "supervisor-check";

export type EnrolmentStatus = "active" | "achieved" | "withdrawn";

export function statusLabel(status: EnrolmentStatus, programmeSlug: string): string {
  if (status === "achieved") return programmeSlug === SUPERVISOR_SLUG ? "Competent" : "Achieved";
  return status === "active" ? "Active" : "Withdrawn";
}

/** The GOV.UK tag colour of each status. */
export const STATUS_TAGS: Record<EnrolmentStatus, string> = { active: "", achieved: "govuk-tag--green", withdrawn: "govuk-tag--grey" };
