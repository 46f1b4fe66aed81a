/** Time-ordered ids for decisions and notifications: valid UUIDv7, sorting by creation time. */
import { describe, expect, it } from "vitest";
import { orderedId } from "../../app/lib/ordered-id.server";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("orderedId", () => {
  it("is a version 7 UUID carrying the time in its first 48 bits", () => {
    const ms = Date.UTC(2026, 11, 2, 9, 30);
    const id = orderedId(ms);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(ms);
  });

  it("sorts later ids after earlier ones, and never repeats", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => orderedId(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(orderedId()).toMatch(UUID_V7);
  });
});
