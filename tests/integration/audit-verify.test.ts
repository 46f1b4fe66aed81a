/** `npm run audit:verify` against a real database file: passes on a good chain, names the first bad event otherwise. */
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "../../app/lib/audit.server";
import { tempDb, type TestDb } from "../support/db";

let t: TestDb;
beforeEach(() => {
  t = tempDb();
  for (let i = 1; i <= 6; i++) recordAudit(t.db, { actorId: `user-${i}`, actorRole: "assessor", action: "decided", entity: "decision", entityId: `d${i}`, details: { n: i } }, 1_700_000_000_000 + i);
});
afterEach(() => t.close());

function verify(): { code: number; out: string } {
  try {
    const out = execFileSync("npx", ["tsx", "scripts/verify-audit.ts", "--db", t.path], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
}

describe("audit:verify", () => {
  it("passes an untouched chain", () => {
    const r = verify();
    expect(r.code).toBe(0);
    expect(r.out).toContain("Audit chain verified: 6 event(s)");
  });

  it("fails on an altered event and names it", () => {
    t.db.$client.prepare("UPDATE audit_events SET details = '{\"n\":99}' WHERE seq = 3").run();
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BROKEN at event 3 .*decided decision d3/);
    expect(r.out).toContain("edited");
  });

  it("fails on a deleted event and names the one after it", () => {
    t.db.$client.prepare("DELETE FROM audit_events WHERE seq = 4").run();
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BROKEN at event 5 /);
    expect(r.out).toContain("removed or reordered");
  });

  it("fails on reordered events", () => {
    const sqlite = t.db.$client;
    sqlite.exec("UPDATE audit_events SET seq = 100 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = 100;");
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BROKEN at event 2 /);
  });

  it("fails when an event's role is changed", () => {
    t.db.$client.prepare("UPDATE audit_events SET actor_role = 'admin' WHERE seq = 6").run();
    expect(verify().out).toMatch(/BROKEN at event 6 /);
  });
});
