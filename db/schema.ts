/**
 * The database schema (drizzle). Migrations under db/migrations are generated from this file
 * with `npm run db:generate` and committed; `npm run db:migrate` applies them.
 * Times are milliseconds since the epoch (UTC); pages show them in Europe/London.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ROLES = ["candidate", "assessor", "iqa", "provider_admin", "commissioner", "admin"] as const;
export type Role = (typeof ROLES)[number];

const createdAt = () => integer("created_at").notNull();

/** Training organisations and centres. */
export const providers = sqliteTable("providers", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  centreNumber: text("centre_number").unique(),
  createdAt: createdAt(),
});

/** Bodies that commission training from providers. */
export const commissioners = sqliteTable("commissioners", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const commissionedProviders = sqliteTable(
  "commissioned_providers",
  {
    commissionerId: text("commissioner_id").notNull().references(() => commissioners.id, { onDelete: "cascade" }),
    providerId: text("provider_id").notNull().references(() => providers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.commissionerId, t.providerId] }), index("commissioned_providers_provider").on(t.providerId)],
);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Stored lower case; unique. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** scrypt$N$r$p$salt$hash; null until the user sets a password through their link. */
  passwordHash: text("password_hash"),
  createdAt: createdAt(),
  disabledAt: integer("disabled_at"),
});

/**
 * What a user may do, and where: provider roles name a provider, a commissioner role names a
 * commissioning body, the admin role names neither.
 */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    providerId: text("provider_id").references(() => providers.id),
    commissionerId: text("commissioner_id").references(() => commissioners.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_unique_provider").on(t.userId, t.role, t.providerId).where(sql`${t.providerId} is not null`),
    uniqueIndex("memberships_unique_commissioner").on(t.userId, t.commissionerId).where(sql`${t.commissionerId} is not null`),
    uniqueIndex("memberships_unique_admin").on(t.userId).where(sql`${t.role} = 'admin'`),
    index("memberships_provider_role").on(t.providerId, t.role),
    check(
      "memberships_scope",
      sql`(${t.role} in ('candidate','assessor','iqa','provider_admin') and ${t.providerId} is not null and ${t.commissionerId} is null)
       or (${t.role} = 'commissioner' and ${t.commissionerId} is not null and ${t.providerId} is null)
       or (${t.role} = 'admin' and ${t.providerId} is null and ${t.commissionerId} is null)`,
    ),
  ],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored here. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    membershipId: text("membership_id").references(() => memberships.id, { onDelete: "set null" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Single-use, expiring links to set a password. Only the token's SHA-256 is stored. */
export const passwordTokens = sqliteTable(
  "password_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("password_tokens_user").on(t.userId)],
);

/** Failed sign-ins, by account ("email:…") and by address ("ip:…"), for throttling. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_failures_key_at").on(t.key, t.at)],
);

/**
 * Every state change, in the same transaction as the change. Each event's hash covers the
 * previous event's hash, so editing or removing an event breaks the chain (scripts/verify-audit).
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    providerId: text("provider_id"),
    details: text("details").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [index("audit_events_entity").on(t.entity, t.entityId), index("audit_events_provider").on(t.providerId)],
);

// ---- standards (imported from standards/*.yaml by scripts/import-standards) -------------------

/** One row per framework version. id = UUID v5 of "framework@version", stable across imports. */
export const standardFrameworks = sqliteTable(
  "standard_frameworks",
  {
    id: text("id").primaryKey(),
    framework: text("framework").notNull(),
    version: text("version").notNull(),
    title: text("title").notNull(),
    shortTitle: text("short_title").notNull(),
    publisher: text("publisher").notNull(),
    published: text("published"),
    source: text("source").notNull(),
    description: text("description").notNull(),
    /** JSON: [{key,label,text?,bullets?}] */
    attributes: text("attributes").notNull(),
    /** JSON: {total, components:[{title,hours}]} or null */
    hours: text("hours"),
    contentHash: text("content_hash").notNull(),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [uniqueIndex("standard_frameworks_version").on(t.framework, t.version)],
);

/** Every item of every framework version. id = UUID v5 of "framework@version#code". */
export const standardItems = sqliteTable(
  "standard_items",
  {
    id: text("id").primaryKey(),
    frameworkId: text("framework_id").notNull().references(() => standardFrameworks.id),
    code: text("code").notNull(),
    type: text("type").notNull(),
    title: text("title"),
    statement: text("statement"),
    /** The whole text, sub-bullets included (CASE fullStatement); what search indexes. */
    fullStatement: text("full_statement").notNull(),
    /** JSON array of bullets, or null */
    bullets: text("bullets"),
    audience: text("audience"),
    /** JSON array of notes, or null */
    notes: text("notes"),
    parentId: text("parent_id"),
    depth: integer("depth").notNull(),
    /** Position among siblings, from 1. */
    sequence: integer("sequence").notNull(),
    /** Position in the whole document, from 1. */
    position: integer("position").notNull(),
    assessable: integer("assessable", { mode: "boolean" }).notNull(),
  },
  (t) => [
    uniqueIndex("standard_items_code").on(t.frameworkId, t.code),
    index("standard_items_parent").on(t.parentId),
    index("standard_items_position").on(t.frameworkId, t.position),
  ],
);

/** Crosswalk: an item restates, depends on, draws on or requires another, with a rationale. */
export const crosswalkLinks = sqliteTable(
  "crosswalk_links",
  {
    id: text("id").primaryKey(),
    fromItemId: text("from_item_id").notNull().references(() => standardItems.id),
    toItemId: text("to_item_id").notNull().references(() => standardItems.id),
    relation: text("relation").notNull(),
    rationale: text("rationale").notNull(),
  },
  (t) => [uniqueIndex("crosswalk_links_pair").on(t.fromItemId, t.toItemId), index("crosswalk_links_to").on(t.toItemId)],
);

/** What a candidate enrols on. id = UUID v5 of "programme:slug@version". */
export const programmes = sqliteTable(
  "programmes",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    version: text("version").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    /** JSON: {description, satisfiedBy[]} or null */
    prerequisite: text("prerequisite"),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [uniqueIndex("programmes_version").on(t.slug, t.version)],
);

export const programmeRequirements = sqliteTable(
  "programme_requirements",
  {
    programmeId: text("programme_id").notNull().references(() => programmes.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull().references(() => standardItems.id),
    groupTitle: text("group_title").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.itemId] }), index("programme_requirements_item").on(t.itemId)],
);
