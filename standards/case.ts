/**
 * 1EdTech CASE 1.0 packages built from the standards files: one CFPackage per framework version.
 * Pure and deterministic (no clock, no database, nothing from app/): the same files and base URL give
 * byte-identical JSON, so a re-export changes nothing and consumers can diff packages.
 *
 * - CFDocument.identifier = frameworkId(framework, version); CFItem.identifier = itemId(framework, version, code).
 * - Every item reaches its document through isChildOf associations (origin = child, destination = parent
 *   item, or the document for a top-level item), sequenceNumber = position among siblings.
 * - Crosswalk links go in the package of the framework version the link starts from: "restates" becomes
 *   exactMatchOf, the other relations isRelatedTo; the relation in words and its rationale go in `notes`.
 */
import { v5 as uuidv5 } from "uuid";
import { findFramework, flatten, fullStatement, type Standards } from "./loader";
import { frameworkId, itemId, linkId, NAMESPACE } from "./ids";
import type { Bullet, Framework, Item, Note, Ref } from "./schema";

export const CASE_PATH = "/ims/case/v1p0";
export const DEFAULT_BASE_URL = "http://localhost:3000";

/** Sources that give no publication date: the day they were transcribed into the portal. */
export const UNDATED_CHANGE_DATE = "2026-11-23T00:00:00Z";

export type LinkURI = { title: string; identifier: string; uri: string };

export type CFDocument = {
  identifier: string;
  uri: string;
  creator: string;
  title: string;
  lastChangeDateTime: string;
  publisher: string;
  description: string;
  subject: string[];
  language: string;
  version: string;
  notes?: string;
  CFPackageURI: LinkURI;
};

export type CFItem = {
  identifier: string;
  uri: string;
  fullStatement: string;
  humanCodingScheme: string;
  listEnumeration: string;
  CFItemType: string;
  language: string;
  notes?: string;
  lastChangeDateTime: string;
  CFDocumentURI: LinkURI;
};

export type CFAssociation = {
  identifier: string;
  associationType: "isChildOf" | "exactMatchOf" | "isRelatedTo";
  sequenceNumber?: number;
  uri: string;
  originNodeURI: LinkURI;
  destinationNodeURI: LinkURI;
  /** Crosswalk associations only: the relation in words and why (CASE 1.1 has `notes` on associations). */
  notes?: string;
  lastChangeDateTime: string;
  CFDocumentURI: LinkURI;
};

export type CFPackage = { CFDocument: CFDocument; CFItems: CFItem[]; CFAssociations: CFAssociation[] };

export type CaseOptions = { baseUrl?: string };

const RELATION_WORDS: Record<string, string> = { restates: "restates", "depends-on": "depends on", "draws-on": "draws on", requires: "requires" };

/** The base URL without a trailing slash; must be absolute http(s). */
export function normaliseBaseUrl(baseUrl = DEFAULT_BASE_URL): string {
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`base URL must be http or https, not ${baseUrl}`);
  return url.href.replace(/\/+$/, "");
}

export const documentUri = (base: string, id: string) => `${base}${CASE_PATH}/CFDocuments/${id}`;
export const packageUri = (base: string, id: string) => `${base}${CASE_PATH}/CFPackages/${id}`;
export const itemUri = (base: string, id: string) => `${base}${CASE_PATH}/CFItems/${id}`;
export const associationUri = (base: string, id: string) => `${base}${CASE_PATH}/CFAssociations/${id}`;

/** isChildOf associations get their own stable ids (crosswalk associations share the database link id). */
export const childOfId = (childId: string, parentId: string) => uuidv5(`isChildOf:${childId}>${parentId}`, NAMESPACE);

/**
 * Deterministic lastChangeDateTime: the framework's publication date (first day of the month or year
 * when the source gives no day); else its version when that is a date; else UNDATED_CHANGE_DATE.
 */
export function changeDateTime(fw: Pick<Framework, "published" | "version">): string {
  const date = [fw.published, fw.version].find((d) => d && /^\d{4}(-\d{2}){0,2}$/.test(d));
  if (!date) return UNDATED_CHANGE_DATE;
  const [y, m = "01", d = "01"] = date.split("-");
  return `${y}-${m}-${d}T00:00:00Z`;
}

const bulletText = (bullets: Bullet[], indent = ""): string[] =>
  bullets.flatMap((b) => (typeof b === "string" ? [`${indent}- ${b}`] : [`${indent}- ${b.text}`, ...bulletText(b.bullets, indent + "  ")]));

const NOTE_LABELS: Record<Note["kind"], string> = { introduction: "Introduction", note: "Note", footnote: "Footnote", guidance: "Guidance" };

/** An item's guidance as plain text: the audience of a section, then its notes (never criteria). */
export function itemNotes(item: Item): string | undefined {
  const parts: string[] = [];
  if (item.audience) parts.push(`Who this is for: ${item.audience}`);
  for (const n of item.notes ?? []) {
    const head = `${NOTE_LABELS[n.kind]}${n.title ? ` – ${n.title}` : ""}:`;
    parts.push([n.text ? `${head} ${n.text}` : head, ...bulletText(n.bullets ?? [])].join("\n"));
  }
  return parts.length ? parts.join("\n\n") : undefined;
}

function documentNotes(fw: Framework): string {
  const parts = fw.attributes.map((a) => [`${a.label}: ${a.text ?? ""}`.trimEnd(), ...bulletText(a.bullets ?? [])].join("\n"));
  if (fw.hours) parts.push([`Learning hours: ${fw.hours.total}`, ...fw.hours.components.map((c) => `- ${c.title}: ${c.hours}`)].join("\n"));
  parts.push(`Transcribed from source document ${fw.source}.`);
  return parts.join("\n\n");
}

const nodeTitle = (item: Item) => `${item.code} ${item.statement ?? item.title ?? ""}`.trim();

export function caseDocument(fw: Framework, options: CaseOptions = {}): CFDocument {
  const base = normaliseBaseUrl(options.baseUrl);
  const id = frameworkId(fw.framework, fw.version);
  return {
    identifier: id,
    uri: documentUri(base, id),
    creator: fw.publisher,
    title: fw.title,
    lastChangeDateTime: changeDateTime(fw),
    publisher: fw.publisher,
    description: fw.description,
    subject: ["Restorative justice"],
    language: fw.language,
    version: fw.version,
    notes: documentNotes(fw),
    CFPackageURI: { title: fw.title, identifier: id, uri: packageUri(base, id) },
  };
}

function docLink(fw: Framework, base: string): LinkURI {
  const id = frameworkId(fw.framework, fw.version);
  return { title: fw.title, identifier: id, uri: documentUri(base, id) };
}

function caseItem(fw: Framework, item: Item, sequence: number, base: string): CFItem {
  const id = itemId(fw.framework, fw.version, item.code);
  const notes = itemNotes(item);
  return {
    identifier: id,
    uri: itemUri(base, id),
    fullStatement: fullStatement(item),
    humanCodingScheme: item.code,
    listEnumeration: String(sequence),
    CFItemType: item.type,
    language: fw.language,
    ...(notes ? { notes } : {}),
    lastChangeDateTime: changeDateTime(fw),
    CFDocumentURI: docLink(fw, base),
  };
}

function resolveRef(standards: Standards, ref: Ref) {
  const fw = findFramework(standards.frameworks, ref.framework, ref.version);
  const item = fw && flatten(fw.items).find((f) => f.item.code === ref.code)?.item;
  if (!fw || !item) throw new Error(`crosswalk refers to a missing item ${ref.framework}${ref.version ? "@" + ref.version : ""} ${ref.code}`);
  return { fw, item };
}

/** The CFPackage of one framework version. */
export function casePackage(standards: Standards, fw: Framework, options: CaseOptions = {}): CFPackage {
  const base = normaliseBaseUrl(options.baseUrl);
  const document = caseDocument(fw, { baseUrl: base });
  const doc = docLink(fw, base);
  const changed = changeDateTime(fw);
  const flat = flatten(fw.items);
  const byCode = new Map(flat.map((f) => [f.item.code, f.item]));
  const link = (f: Framework, item: Item): LinkURI => {
    const id = itemId(f.framework, f.version, item.code);
    return { title: nodeTitle(item), identifier: id, uri: itemUri(base, id) };
  };

  const items = flat.map((f) => caseItem(fw, f.item, f.sequence, base));
  const associations: CFAssociation[] = flat.map((f) => {
    const origin = link(fw, f.item);
    const destination = f.parentCode ? link(fw, byCode.get(f.parentCode)!) : { title: fw.title, identifier: doc.identifier, uri: doc.uri };
    const id = childOfId(origin.identifier, destination.identifier);
    return {
      identifier: id,
      associationType: "isChildOf",
      sequenceNumber: f.sequence,
      uri: associationUri(base, id),
      originNodeURI: origin,
      destinationNodeURI: destination,
      lastChangeDateTime: changed,
      CFDocumentURI: doc,
    };
  });

  for (const cw of standards.crosswalks)
    for (const l of cw.links) {
      const from = resolveRef(standards, l.from);
      if (from.fw.framework !== fw.framework || from.fw.version !== fw.version) continue;
      const to = resolveRef(standards, l.to);
      const origin = link(from.fw, from.item);
      const destination = link(to.fw, to.item);
      const id = linkId(origin.identifier, destination.identifier);
      associations.push({
        identifier: id,
        associationType: l.relation === "restates" ? "exactMatchOf" : "isRelatedTo",
        uri: associationUri(base, id),
        originNodeURI: origin,
        destinationNodeURI: destination,
        notes: `${RELATION_WORDS[l.relation]}: ${l.rationale}`,
        lastChangeDateTime: changed,
        CFDocumentURI: doc,
      });
    }

  return { CFDocument: document, CFItems: items, CFAssociations: associations };
}

/** One package per framework version, in the loader's order (framework, then version). */
export function casePackages(standards: Standards, options: CaseOptions = {}): CFPackage[] {
  return standards.frameworks.map((fw) => casePackage(standards, fw, options));
}

/** `<framework>-<version>.json`: the export's file name for a framework version. */
export const packageFileName = (fw: Pick<Framework, "framework" | "version">) => `${fw.framework}-${fw.version}.json`;

/** Finds the framework version and item behind a CASE identifier (for the CFItems endpoint). */
export function findCaseItem(standards: Standards, sourcedId: string, options: CaseOptions = {}): CFItem | undefined {
  const base = normaliseBaseUrl(options.baseUrl);
  for (const fw of standards.frameworks)
    for (const f of flatten(fw.items)) if (itemId(fw.framework, fw.version, f.item.code) === sourcedId) return caseItem(fw, f.item, f.sequence, base);
  return undefined;
}

/** Finds a framework version by its CASE document identifier. */
export function findCaseFramework(standards: Standards, sourcedId: string): Framework | undefined {
  return standards.frameworks.find((fw) => frameworkId(fw.framework, fw.version) === sourcedId);
}

/** Package JSON exactly as exported (two-space indent, final newline). */
export const packageJson = (pkg: CFPackage) => JSON.stringify(pkg, null, 2) + "\n";
