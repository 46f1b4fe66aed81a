/**
 * The few real files uploaded evidence points at, stored the way uploads.server.ts stores them:
 * by SHA-256, at EVIDENCE_DIR/<first two hex digits>/<sha256> (storedPath). Many versions share them.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type StoredFile = { sha256: string; size: number; mediaType: string; fileName: string };

const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const TEXTS: [string, string][] = [
  ["pre-course-assignment.txt", "Pre-course assignment\n\nRestorative justice brings those harmed and those responsible into communication so that the harm can be repaired.\nThe principles I work to are voluntary participation, impartiality, safety and respect.\n"],
  ["workplace-assignment.txt", "Post-course workplace assignment\n\nI reviewed how referrals reach the service, how cases are assessed for suitability and how outcomes are followed up.\n"],
  ["case-notes.txt", "Case notes (anonymised)\n\nPreparation meetings held with each participant. Risk assessed at each meeting. Venue and supporters agreed.\n"],
  ["supervision-record.txt", "Supervision record (anonymised)\n\nReviewed the practitioner's risk assessment and agreed follow-up of the outcome agreement.\n"],
  ["outcome-agreement-template.txt", "Outcome agreement\n\nWhat was agreed, in the participants' own words; who will do what, and by when; how it will be followed up.\n"],
];

export function storedPath(evidenceDir: string, sha256: string) {
  return join(evidenceDir, sha256.slice(0, 2), sha256);
}

export function writeEvidenceFiles(evidenceDir: string): StoredFile[] {
  const files: { name: string; mediaType: string; bytes: Buffer }[] = [
    ...TEXTS.map(([name, text]) => ({ name, mediaType: "text/plain", bytes: Buffer.from(text, "utf8") })),
    { name: "outcome-board-photo.png", mediaType: "image/png", bytes: Buffer.from(PNG_1X1, "base64") },
  ];
  return files.map((f) => {
    const sha256 = createHash("sha256").update(f.bytes).digest("hex");
    const path = storedPath(evidenceDir, sha256);
    mkdirSync(join(evidenceDir, sha256.slice(0, 2)), { recursive: true });
    writeFileSync(path, f.bytes);
    return { sha256, size: f.bytes.length, mediaType: f.mediaType, fileName: f.name };
  });
}
