import { describe, expect, it } from "vitest";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, THROTTLE_WINDOW_MS, needsTouch, sessionState, throttledUntil, TOUCH_INTERVAL_MS } from "../../app/lib/session-rules";

const t0 = Date.UTC(2026, 10, 23, 9, 0);

describe("session expiry", () => {
  it("is active while used within the idle timeout", () => {
    expect(sessionState({ createdAt: t0, lastSeenAt: t0 }, t0 + IDLE_TIMEOUT_MS - 1)).toBe("active");
  });
  it("ends after the idle timeout without a request", () => {
    expect(sessionState({ createdAt: t0, lastSeenAt: t0 }, t0 + IDLE_TIMEOUT_MS)).toBe("idle-expired");
  });
  it("ends at the absolute timeout however active it is", () => {
    expect(sessionState({ createdAt: t0, lastSeenAt: t0 + ABSOLUTE_TIMEOUT_MS - 1000 }, t0 + ABSOLUTE_TIMEOUT_MS)).toBe("expired");
  });
  it("writes last-seen at most once a minute", () => {
    expect(needsTouch({ createdAt: t0, lastSeenAt: t0 }, t0 + TOUCH_INTERVAL_MS - 1)).toBe(false);
    expect(needsTouch({ createdAt: t0, lastSeenAt: t0 }, t0 + TOUCH_INTERVAL_MS)).toBe(true);
  });
});

describe("sign-in throttling", () => {
  it("allows attempts below the limit", () => {
    expect(throttledUntil([t0, t0 + 1, t0 + 2, t0 + 3], 5)).toBeNull();
  });
  it("blocks until the window has passed since the failure that reached the limit", () => {
    const failures = [t0, t0 + 10, t0 + 20, t0 + 30, t0 + 40];
    expect(throttledUntil(failures, 5)).toBe(t0 + THROTTLE_WINDOW_MS);
  });
  it("counts the most recent failures when there are more than the limit", () => {
    const failures = [t0, t0 + 10, t0 + 20, t0 + 30, t0 + 40, t0 + 50];
    expect(throttledUntil(failures, 5)).toBe(t0 + 10 + THROTTLE_WINDOW_MS);
  });
});
