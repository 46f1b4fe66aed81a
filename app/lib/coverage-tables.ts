/**
 * Words and figures shared by the coverage pages, their CSV and the course pages: table captions,
 * measures, columns, shares and their colour steps, and course dates. A plain module (no server code), so components can import it.
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

/** n/N as a whole percent, never 0% for some nor 100% for not all. */
export function percentOf(n: number, of: number): number {
  if (of <= 0 || n <= 0) return 0;
  if (n >= of) return 100;
  return Math.min(99, Math.max(1, Math.round((100 * n) / of)));
}

export function stepOf(percent: number): Step {
  if (percent <= 0) return 0;
  if (percent < 50) return 1;
  if (percent < 75) return 2;
  if (percent < 100) return 3;
  return 4;
}

/** A coverage share (criteria, not people: never suppressed). */
export type Share = { n: number; of: number; percent: number; step: Step };
export function share(n: number, of: number): Share {
  const percent = percentOf(n, of);
  return { n, of, percent, step: stepOf(percent) };
}
export const shareText = (s: Share) => `${s.n} of ${s.of} (${s.percent}%)`;

/**
 * The heatmap as the server hands it over: per provider and column, just the two counts (a national
 * report has thousands of cells, so the page's data carries no more). A column knows how many
 * criteria it has; the share, its text and its colour step are worked out from the two where shown.
 */
export type CoverageColumn = { key: string; code: string; title: string; label: string; total: number };
export type Measure = keyof typeof MEASURES;
export const MEASURE_KEYS: Measure[] = ["taught", "assessed"];
export type CoverageCells = Record<string, [taught: number, assessed: number]>;
export const cellShare = (cells: CoverageCells, column: CoverageColumn, m: Measure): Share => share(cells[column.key][m === "taught" ? 0 : 1], column.total);

/** A figure of a table whose columns are named once ({ key, label }): the number, or null where it may not be shown, and its text. */
export type FigureColumn = { key: string; label: string };
export type Figure = { value: number | null; text: string };

export const achievementColumns = (allTime: boolean): FigureColumn[] => [
  { key: "enrolled", label: allTime ? "Enrolled" : "Enrolled in the period" },
  { key: "inProgress", label: "In progress" },
  { key: "achieved", label: allTime ? "Achieved" : "Achieved in the period" },
];

export const TRAINER_COLUMNS: FigureColumn[] = [
  { key: "trainers", label: "Trainers" },
  { key: "onCourses", label: "On the courses counted" },
  { key: "withExperience", label: "With recorded practice experience" },
  { key: "medianYears", label: "Median years of practice" },
  { key: "totalYears", label: "Total years of practice" },
  { key: "cases", label: "Cases facilitated" },
  { key: "accredited", label: "Holding an accreditation" },
];

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
