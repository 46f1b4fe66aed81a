import { describe, expect, it } from "vitest";
import { achievementLabel, LEVEL4_SLUG, statusLabel, STATUS_TAGS, SUPERVISOR_SLUG } from "../../app/lib/enrolment-status";

describe("statusLabel", () => {
  it("calls an achieved supervisor check Competent, as its achievement and PDF do, and an achieved award Achieved", () => {
    expect(statusLabel("achieved", SUPERVISOR_SLUG)).toBe("Competent");
    expect(statusLabel("achieved", LEVEL4_SLUG)).toBe("Achieved");
    expect(statusLabel("achieved", "any-other-programme")).toBe("Achieved");
  });
  it("names active and withdrawn enrolments the same whatever the programme", () => {
    for (const slug of [SUPERVISOR_SLUG, LEVEL4_SLUG]) {
      expect(statusLabel("active", slug)).toBe("Active");
      expect(statusLabel("withdrawn", slug)).toBe("Withdrawn");
    }
    expect(STATUS_TAGS).toEqual({ active: "", achieved: "govuk-tag--green", withdrawn: "govuk-tag--grey" });
  });
  it("names achievement the same way in the achievement label: Competent / Not yet competent for the supervisor check", () => {
    expect(achievementLabel(SUPERVISOR_SLUG, true)).toBe("Competent");
    expect(achievementLabel(SUPERVISOR_SLUG, false)).toBe("Not yet competent");
    expect(achievementLabel(LEVEL4_SLUG, true)).toBe("Achieved");
    expect(achievementLabel(LEVEL4_SLUG, false)).toBe("Not yet achieved");
  });
});
