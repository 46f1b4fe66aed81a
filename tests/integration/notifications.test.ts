/**
 * In-portal notifications: each user sees only their own, newest first; the unread count; marking
 * all read changes only the actor's, records an audit event, and does nothing when nothing is unread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/lib/auth.server";
import { listNotifications, markAllRead, notify, unreadCount } from "../../app/lib/notifications.server";
import { addActor, addProvider, tempDb, type TestDb } from "../support/db";

let t: TestDb;
let alice: Actor;
let bob: Actor;
let bobAsIqa: Actor;
const count = (table: string, where = "1") => (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get() as { n: number }).n;

beforeAll(() => {
  t = tempDb();
  const providerId = addProvider(t.db);
  alice = addActor(t.db, "assessor", { providerId });
  bob = addActor(t.db, "candidate", { providerId });
  // The same person acting in another role sees the same notifications: they are the user's.
  bobAsIqa = { ...bob, role: "iqa" };
});
afterAll(() => t.close());

describe("notifications", () => {
  it("notify inserts inside the caller's transaction: rolled back with it", () => {
    expect(() =>
      t.db.$client.transaction(() => {
        notify(t.db, alice.userId, "Never seen", "/dashboard", 1000);
        throw new Error("the change failed");
      })(),
    ).toThrow("the change failed");
    expect(count("notifications")).toBe(0);
  });

  it("each user sees only their own, newest first, with the unread count", () => {
    t.db.$client.transaction(() => {
      notify(t.db, alice.userId, "First for Alice", "/assess/e1/i1", 1000);
      notify(t.db, bob.userId, "For Bob", "/portfolio/e1", 1500);
      notify(t.db, alice.userId, "Second for Alice", null, 2000);
    })();
    expect(listNotifications(alice).map((n) => n.message)).toEqual(["Second for Alice", "First for Alice"]);
    expect(listNotifications(alice)[1]).toMatchObject({ link: "/assess/e1/i1", readAt: null, createdAt: 1000 });
    expect(listNotifications(bob).map((n) => n.message)).toEqual(["For Bob"]);
    expect(listNotifications(bobAsIqa).map((n) => n.message)).toEqual(["For Bob"]);
    expect(unreadCount(alice)).toBe(2);
    expect(unreadCount(bob)).toBe(1);
  });

  it("keeps only links to paths on this site", () => {
    for (const link of ["https://example.org/x", "//example.org/x", "/\\example.org", "javascript:alert(1)"]) notify(t.db, bob.userId, `Link ${link}`, link, 1600);
    expect(listNotifications(bob).filter((n) => n.message.startsWith("Link ")).map((n) => n.link)).toEqual([null, null, null, null]);
  });

  it("mark all as read: only the actor's, with an audit event; a second time changes and records nothing", () => {
    const events = count("audit_events", "action = 'notifications-read'");
    expect(markAllRead(alice, 5000)).toBe(2);
    expect(unreadCount(alice)).toBe(0);
    expect(listNotifications(alice).every((n) => n.readAt === 5000)).toBe(true);
    expect(unreadCount(bob)).toBe(5);
    const event = t.db.$client.prepare("select actor_id a, actor_role r, entity_id id, details from audit_events where action = 'notifications-read' order by seq desc limit 1").get() as Record<string, string>;
    expect(event).toMatchObject({ a: alice.userId, r: "assessor", id: alice.userId });
    expect(JSON.parse(event.details)).toEqual({ count: 2 });
    expect(markAllRead(alice, 6000)).toBe(0);
    expect(count("audit_events", "action = 'notifications-read'")).toBe(events + 1);
    // New ones after that are unread again.
    notify(t.db, alice.userId, "Third for Alice", null, 7000);
    expect(unreadCount(alice)).toBe(1);
    expect(listNotifications(alice)[0]).toMatchObject({ message: "Third for Alice", readAt: null });
  });
});
