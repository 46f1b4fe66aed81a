/**
 * Configuration from the environment, validated once at start-up.
 * A wrong value stops the portal with a message naming the variable.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1, "must be a file path").default("./data/portal.db"),
  EVIDENCE_DIR: z.string().min(1, "must be a folder path").default("./data/evidence"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PORT: z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  MAX_UPLOAD_MB: z.coerce.number({ message: "must be a number" }).positive("must be more than 0").max(1024).default(25),
});

export type Config = {
  production: boolean;
  databasePath: string;
  evidenceDir: string;
  sessionSecret: string;
  port: number;
  maxUploadBytes: number;
};

export class ConfigError extends Error {
  name = "ConfigError";
}

/** Pure: validates an environment and returns the configuration, or throws naming each wrong variable. */
export function parseConfig(env: Record<string, string | undefined>): Omit<Config, "sessionSecret"> & { sessionSecret?: string } {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join("\n")}`);
  }
  const c = result.data;
  const production = c.NODE_ENV === "production";
  if (production && !c.SESSION_SECRET) throw new ConfigError("Configuration is not valid:\n  SESSION_SECRET: is required in production (at least 32 characters)");
  return {
    production,
    databasePath: resolve(c.DATABASE_PATH),
    evidenceDir: resolve(c.EVIDENCE_DIR),
    sessionSecret: c.SESSION_SECRET,
    port: c.PORT,
    maxUploadBytes: Math.round(c.MAX_UPLOAD_MB * 1024 * 1024),
  };
}

/** Outside production a secret is generated once and kept beside the database. */
function localSecret(databasePath: string): string {
  const file = resolve(dirname(databasePath), ".session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

let cached: Config | undefined;
export function config(): Config {
  if (cached) return cached;
  const parsed = parseConfig(process.env);
  cached = { ...parsed, sessionSecret: parsed.sessionSecret ?? localSecret(parsed.databasePath) };
  return cached;
}
