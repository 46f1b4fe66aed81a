/** Command-line options of `npm run seed:large`, and the sizes derived from them. */
import { parseArgs } from "node:util";
import { resolve } from "node:path";

export type SeedOptions = {
  providers: number;
  candidates: number;
  out: string;
  force: boolean;
  /** Exactly this many candidates allocated to the caseload assessor. */
  caseload: number;
  /** At least this many submitted, undecided criteria for the sign-off assessor. */
  signoffPending: number;
  /** Evidence items of each of the two PDF benchmark portfolios. */
  pdfEvidence: number;
  /** Run the integrity checks after seeding. */
  verify: boolean;
  quiet: boolean;
  seed: number;
};

export const USAGE = `Usage: npm run seed:large -- [--providers 50] [--candidates 10000] [--quick] [--out ./data/large] [--force] [--no-verify]`;

/** Defaults scaled to the size: the benchmark's figures at full size, smaller for small runs. */
export function withDefaults(o: Partial<SeedOptions> & { providers: number; candidates: number; out: string }): SeedOptions {
  const c = o.candidates;
  return {
    force: false,
    caseload: Math.min(60, Math.max(2, Math.floor(c / 8))),
    signoffPending: Math.min(3000, Math.max(10, Math.floor(c * 1.5))),
    pdfEvidence: c >= 1000 ? 500 : 40,
    verify: true,
    quiet: false,
    seed: 20041201,
    ...o,
    out: resolve(o.out),
  };
}

export function parseOptions(argv: string[]): SeedOptions | { help: true } {
  const { values } = parseArgs({
    args: argv,
    options: {
      providers: { type: "string" },
      candidates: { type: "string" },
      quick: { type: "boolean" },
      out: { type: "string" },
      force: { type: "boolean" },
      "no-verify": { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const whole = (name: string, v: string | undefined, fallback: number, min: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min} (got ${v})`);
    return n;
  };
  const providers = whole("providers", values.providers, 50, 1);
  const candidates = whole("candidates", values.candidates, values.quick ? 1000 : 10000, 10);
  return withDefaults({ providers, candidates, out: values.out ?? "./data/large", force: values.force ?? false, verify: !values["no-verify"] });
}
