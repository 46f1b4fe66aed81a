/** Session expiry rules, pure so they can be tested on their own. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000; // 30 minutes without a request
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000; // 12 hours after sign-in, whatever happens
/** Last-seen is written at most this often, so reading a page is not a write every time. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionTimes = { createdAt: number; lastSeenAt: number };

export function sessionState(s: SessionTimes, now: number): "active" | "idle-expired" | "expired" {
  if (now - s.createdAt >= ABSOLUTE_TIMEOUT_MS) return "expired";
  if (now - s.lastSeenAt >= IDLE_TIMEOUT_MS) return "idle-expired";
  return "active";
}

export const needsTouch = (s: SessionTimes, now: number) => now - s.lastSeenAt >= TOUCH_INTERVAL_MS;

/** Sign-in throttling: failures counted over a window, per account and per address. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/** Given the failure times inside the window (oldest first), when may the next attempt be made? */
export function throttledUntil(failureTimes: number[], max: number): number | null {
  if (failureTimes.length < max) return null;
  return failureTimes[failureTimes.length - max] + THROTTLE_WINDOW_MS;
}
