/**
 * Stable identifiers: UUID v5 from framework, version and code, so a re-import gives every item the
 * id it had and evidence mapped to it survives. The namespace is this portal's own, fixed forever.
 */
import { v5 as uuidv5 } from "uuid";

export const NAMESPACE = "6f1d3c2e-8a4b-5c7d-9e0f-2b3a4c5d6e7f";

export const frameworkId = (framework: string, version: string) => uuidv5(`${framework}@${version}`, NAMESPACE);
export const itemId = (framework: string, version: string, code: string) => uuidv5(`${framework}@${version}#${code}`, NAMESPACE);
export const programmeId = (slug: string, version: string) => uuidv5(`programme:${slug}@${version}`, NAMESPACE);
export const linkId = (fromId: string, toId: string) => uuidv5(`link:${fromId}>${toId}`, NAMESPACE);
