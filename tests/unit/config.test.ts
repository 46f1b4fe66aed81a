import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../app/lib/config.server";

describe("configuration", () => {
  it("has working defaults outside production", () => {
    const c = parseConfig({});
    expect(c.databasePath).toBe(resolve("./data/portal.db"));
    expect(c.evidenceDir).toBe(resolve("./data/evidence"));
    expect(c.port).toBe(3000);
    expect(c.production).toBe(false);
    expect(c.sessionSecret).toBeUndefined();
    expect(c.maxUploadBytes).toBe(25 * 1024 * 1024);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseConfig({ PORT: "eighty" })).toThrow(/PORT: must be a whole number/);
    expect(() => parseConfig({ PORT: "70000" })).toThrow(/PORT: must be between 1 and 65535/);
    expect(() => parseConfig({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    expect(() => parseConfig({ NODE_ENV: "staging" })).toThrow(/NODE_ENV/);
  });

  it("requires a session secret in production", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: is required in production/);
    expect(parseConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).production).toBe(true);
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ PORT: "", DATABASE_PATH: "" }).port).toBe(3000);
  });

  it("reads paths, port and upload limit", () => {
    const c = parseConfig({ DATABASE_PATH: "/tmp/x/p.db", EVIDENCE_DIR: "/tmp/x/ev", PORT: "8080", MAX_UPLOAD_MB: "5" });
    expect(c).toMatchObject({ databasePath: "/tmp/x/p.db", evidenceDir: "/tmp/x/ev", port: 8080, maxUploadBytes: 5 * 1024 * 1024 });
  });
});
