/**
 * In-portal notifications (there is no mail server). Other modules call `notify` inside the
 * transaction that makes the change the notification is about, so a notification exists exactly
 * when its change does. Each user sees only their own notifications, whatever role they act in.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { notifications } from "../../db/schema";
import { auditActor, recordAudit } from "./audit.server";
import type { Actor } from "./auth.server";
import { getDb } from "./db.server";
import { orderedId } from "./ordered-id.server";
import { prepared, preparedStatements } from "./statements.server";

/** How many notifications the list shows (newest first). */
export const NOTIFICATION_LIST_LIMIT = 200;

const q = preparedStatements({
  insert: "insert into notifications (id, user_id, created_at, message, link, read_at) values (?, ?, ?, ?, ?, null)",
});

/**
 * Adds a notification for a user. Insert only: call it INSIDE the caller's transaction (it writes
 * no audit event of its own; the caller's event records the change it is about). `link` must be a
 * path on this site ("/assess/…"); anything else is dropped.
 */
export function notify(db: Db, userId: string, message: string, link: string | null, now: number): string {
  const id = orderedId();
  const safeLink = link && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : null;
  q(db, "insert").run(id, userId, now, message, safeLink);
  return id;
}

export type NotificationRow = { id: string; createdAt: number; message: string; link: string | null; readAt: number | null };

/** The actor's own notifications, newest first. */
export function listNotifications(actor: Actor, limit = NOTIFICATION_LIST_LIMIT): NotificationRow[] {
  return getDb()
    .select({ id: notifications.id, createdAt: notifications.createdAt, message: notifications.message, link: notifications.link, readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
}

/** How many of the actor's notifications are unread (for the header). */
export function unreadCount(actor: Pick<Actor, "userId">): number {
  // On every signed-in page (the header), so prepared once per connection rather than built each time.
  return (prepared(getDb(), "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL").get(actor.userId) as { n: number }).n;
}

/** Marks all the actor's unread notifications read; returns how many changed (0 changes nothing and records nothing). */
export function markAllRead(actor: Actor, now = Date.now()): number {
  const db = getDb();
  return db.$client.transaction(() => {
    const changed = db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
      .run().changes;
    if (changed) recordAudit(db, { ...auditActor(actor), action: "notifications-read", entity: "user", entityId: actor.userId, providerId: actor.providerId, details: { count: changed } }, now);
    return changed;
  })();
}
