/**
 * Time-ordered ids (UUID version 7, RFC 9562) for rows written on the hot write path (decisions,
 * notifications). They are UUIDs like newId()'s, but ids made later sort later, so their primary-key
 * index, and every index that leads with them (decision_evidence, audit_events by entity), grows at
 * one place instead of at a random leaf page: a sign-off then rewrites a few hot pages instead of
 * splitting a dozen cold ones, and each page costs a frame in the write-ahead log at every commit.
 */
import { v7 } from "uuid";

/** A new UUIDv7 carrying `ms` (now, by default) in its first 48 bits. */
export const orderedId = (ms = Date.now()): string => v7({ msecs: ms });
