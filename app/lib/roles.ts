/** Role names as people read them. Shared by server and browser code. */
import type { Role } from "../../db/schema";

export const ROLE_LABELS: Record<Role, string> = {
  candidate: "Candidate",
  assessor: "Assessor",
  iqa: "Internal quality assurer",
  provider_admin: "Provider admin",
  commissioner: "Commissioner",
  admin: "Admin",
};
