/**
 * Words shared by the coverage pages, their CSV and the course pages: table captions, measures,
 * the colour key and course dates. A plain module (no server code), so components can import it.
 */

export const TABLES = {
  filters: "Filters",
  sections: "Criteria taught and assessed, by section",
  parts: "Section A criteria taught and assessed, by part",
  achievement: "Candidates enrolled, in progress and achieved",
  trainers: "Trainers and their practice experience",
  courses: "Courses counted",
  criteria: "Criteria and the courses that cover them",
  uncovered: "Criteria no course covers",
  met: (programme: string) => `Candidates meeting each criterion: ${programme}`,
};

export const NO_PROGRAMME = "Not for a particular programme";

export const MEASURES = { taught: "Taught", assessed: "Assessed" } as const;

export type Step = 0 | 1 | 2 | 3 | 4;
export const STEPS: Step[] = [0, 1, 2, 3, 4];
export const STEP_LABELS: Record<Step, string> = { 0: "None (0%)", 1: "1% to 49%", 2: "50% to 74%", 3: "75% to 99%", 4: "All (100%)" };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "9 to 10 September 2026", "30 September to 1 October 2026", "24 October 2026". */
export function courseDates(startsOn: string, endsOn: string): string {
  const part = (iso: string) => ({ d: Number(iso.slice(8, 10)), m: MONTHS[Number(iso.slice(5, 7)) - 1], y: iso.slice(0, 4) });
  const a = part(startsOn), b = part(endsOn);
  if (startsOn === endsOn) return `${a.d} ${a.m} ${a.y}`;
  if (a.y === b.y && a.m === b.m) return `${a.d} to ${b.d} ${b.m} ${b.y}`;
  if (a.y === b.y) return `${a.d} ${a.m} to ${b.d} ${b.m} ${b.y}`;
  return `${a.d} ${a.m} ${a.y} to ${b.d} ${b.m} ${b.y}`;
}
