/**
 * Hostile uploads through the real upload route of a running portal: POST multipart to
 * /portfolio/<enrolmentId>/evidence/new/file as the signed-in candidate, every other field valid,
 * so only the file is at fault. Each must be answered with the form and a specific message in the
 * GOV.UK error summary, with nothing stored: no evidence or version row, no evidence audit event,
 * no file (temporary ones included) under EVIDENCE_DIR. Good files are sent first as controls and
 * must be accepted.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { messages } from "../../app/lib/uploads.server";
import type { PortalClient } from "../../scripts/lib/portal";
import { goodFiles, hostileFiles, type HostileFile } from "./hostile-files";

export type UploadFigures = { hostile_files: number; hostile_accepted: number; hostile_unexpected: number; server_errors: number; controls: number; controls_refused: number; findings: string[]; ms: number };

type Ctx = { client: PortalClient; databasePath: string; evidenceDir: string; enrolmentId: string; maxUploadBytes: number; seed: number; quick?: boolean; concurrency?: number; log?: (s: string) => void };

/** The messages the upload refusals use, with the size limit's for this portal. */
const knownMessages = (maxUploadBytes: number) => new Set<string>([...Object.values(messages).filter((m) => typeof m === "string").map(String), messages.tooLarge(maxUploadBytes)]);

/**
 * A request, tried once more if the connection failed before an answer: a pooled keep-alive
 * connection that the server closed (as it does after answering an upload it did not read to the
 * end) fails the next request sent on it. Browsers retry these too. Both tries are reported.
 */
export async function withRetry<T>(send: () => Promise<T>, onRetry: (e: Error) => void): Promise<T> {
  try {
    return await send();
  } catch (e) {
    onRetry(e as Error);
    await new Promise((r) => setTimeout(r, 50));
    return send();
  }
}

/** Every file under a folder, as paths relative to it (temporary files included). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [relative(dir, join(d, e.name))]));
  return walk(dir).sort();
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A multipart/form-data body written by hand, so that the file name is sent exactly as a browser would send it (or as an attacker would). */
export function multipart(fields: [string, string][], files: { name: string; filenameStar?: string; bytes: Buffer }[]): { body: Buffer; contentType: string } {
  const boundary = `----faults${createHash("sha1").update(String(Math.random())).digest("hex").slice(0, 24)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, "utf8"));
  for (const file of files) {
    const param = file.filenameStar !== undefined ? `filename*=${file.filenameStar}` : `filename="${file.name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}"`;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${param}\r\nContent-Type: application/octet-stream\r\n\r\n`, "utf8"), file.bytes, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#x2F;/g, "/")
    .replace(/&amp;/g, "&")
    .trim();

/** The messages in a page's GOV.UK error summary ([] when it has none). */
export function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html);
  if (!summary) return [];
  return [...summary[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => decode(m[1]));
}

export async function runHostileUploads(ctx: Ctx): Promise<UploadFigures> {
  const started = performance.now();
  const log = ctx.log ?? (() => {});
  const findings: string[] = [];
  const KNOWN = knownMessages(ctx.maxUploadBytes);
  let retries = 0;
  const fig: UploadFigures = { hostile_files: 0, hostile_accepted: 0, hostile_unexpected: 0, server_errors: 0, controls: 0, controls_refused: 0, findings, ms: 0 };
  const db = new Database(ctx.databasePath, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const evidenceCounts = () => ({
    evidence: count("select count(*) as n from evidence"),
    versions: count("select count(*) as n from evidence_versions"),
    audit: count("select count(*) as n from audit_events where entity = 'evidence'"),
  });
  const csrf = await ctx.client.csrf(`/portfolio/${ctx.enrolmentId}/evidence/new/file`);
  const path = `/portfolio/${ctx.enrolmentId}/evidence/new/file`;
  const send = (title: string, files: { name: string; filenameStar?: string; bytes: Buffer }[]) => {
    const { body, contentType } = multipart(
      [
        ["csrf", csrf],
        ["title", title],
        ["description", "Sent by the fault-injection run: only the file is at fault."],
        ["evidenceDate.day", "14"],
        ["evidenceDate.month", "3"],
        ["evidenceDate.year", "2025"],
      ],
      files,
    );
    return ctx.client.request(path, { method: "POST", body: new Uint8Array(body), headers: { "Content-Type": contentType, Origin: new URL(ctx.client.baseUrl).origin } });
  };

  try {
    // Controls: good files, one at a time, each stored once.
    for (const g of goodFiles(ctx.seed)) {
      fig.controls++;
      const before = evidenceCounts();
      const a = await send(`Control ${g.id}`, [{ name: g.name, bytes: g.bytes }]);
      const after = evidenceCounts();
      const stored = existsSync(join(ctx.evidenceDir, sha256(g.bytes).slice(0, 2), sha256(g.bytes)));
      const ok = a.status === 302 && /^\/evidence\/[^/]+\/map\?added=1/.test(a.location ?? "") && after.evidence === before.evidence + 1 && after.versions === before.versions + 1 && stored;
      if (a.status >= 500) fig.server_errors++;
      if (!ok) {
        fig.controls_refused++;
        findings.push(`upload control ${g.id} (${g.description}, ${g.name}) was not accepted: ${a.status} ${a.location ?? (errorSummary(a.body).join(" / ") || a.body.slice(0, 200))}; stored=${stored}`);
      }
    }
    log(`uploads: ${fig.controls - fig.controls_refused} of ${fig.controls} good files accepted`);

    const hostile = hostileFiles({ seed: ctx.seed, maxUploadBytes: ctx.maxUploadBytes, quick: ctx.quick });
    fig.hostile_files = hostile.length;
    const byHash = new Map<string, HostileFile[]>();
    for (const h of hostile) for (const bytes of [h.bytes, ...(h.extra ?? []).map((e) => e.bytes)]) byHash.set(sha256(bytes), [...(byHash.get(sha256(bytes)) ?? []), h]);
    const filesBefore = new Set(listFiles(ctx.evidenceDir));
    const countsBefore = evidenceCounts();
    const maxSeqBefore = count("select coalesce(max(seq), 0) as n from audit_events");
    const accepted = new Set<string>();

    let next = 0;
    let done = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= hostile.length) return;
        const h = hostile[i];
        const what = `${h.id} (${h.description}; name ${JSON.stringify(h.name.length > 60 ? `${h.name.slice(0, 57)}…` : h.name)}, ${h.bytes.length} bytes)`;
        let a;
        try {
          a = await withRetry(() => send(`Hostile ${h.id}`, [{ name: h.name, filenameStar: h.filenameStar, bytes: h.bytes }, ...(h.extra ?? [])]), () => retries++);
        } catch (e) {
          fig.hostile_unexpected++;
          findings.push(`upload ${what}: the request failed: ${(e as Error).message}`);
          continue;
        }
        done++;
        if (done % 100 === 0) log(`uploads: ${done} of ${hostile.length} hostile files sent`);
        const summary = errorSummary(a.body);
        if (a.status >= 500) {
          fig.server_errors++;
          findings.push(`upload ${what}: server error ${a.status}: ${a.body.slice(0, 300)}`);
        } else if (a.status < 400 || a.location) {
          accepted.add(h.id);
          findings.push(`upload ${what}: ACCEPTED (${a.status}${a.location ? ` → ${a.location}` : ""})`);
        } else if (!summary.some((m) => KNOWN.has(m))) {
          fig.hostile_unexpected++;
          findings.push(`upload ${what}: refused with ${a.status} but without a message about the file in an error summary: ${summary.length ? summary.join(" / ") : a.body.slice(0, 200)}`);
        } else if (h.expect.length && !summary.some((m) => h.expect.includes(m))) {
          fig.hostile_unexpected++;
          findings.push(`upload ${what}: refused (${a.status}) with "${summary.join(" / ")}", expected "${h.expect.join('" or "')}"`);
        }
      }
    };
    await Promise.all(Array.from({ length: ctx.concurrency ?? 4 }, worker));

    // Nothing stored: rows, audit events, files.
    const countsAfter = evidenceCounts();
    for (const row of db.prepare("select v.title as title, v.file_name as fileName from evidence_versions v where v.title like 'Hostile %'").all() as { title: string; fileName: string }[]) {
      const id = row.title.slice("Hostile ".length);
      if (!accepted.has(id)) findings.push(`upload ${id}: an evidence version was stored (file ${JSON.stringify(row.fileName)}) although the answer did not say so`);
      accepted.add(id);
    }
    if (countsAfter.evidence !== countsBefore.evidence || countsAfter.versions !== countsBefore.versions)
      findings.push(`uploads: evidence rows ${countsBefore.evidence} → ${countsAfter.evidence}, versions ${countsBefore.versions} → ${countsAfter.versions} during the hostile uploads`);
    if (countsAfter.audit !== countsBefore.audit) {
      const events = db.prepare("select seq, action, entity_id as entityId from audit_events where entity = 'evidence' and seq > ?").all(maxSeqBefore) as { seq: number; action: string; entityId: string }[];
      findings.push(`uploads: ${countsAfter.audit - countsBefore.audit} new audit events for evidence: ${events.map((e) => `#${e.seq} ${e.action} ${e.entityId}`).join(", ")}`);
      if (!accepted.size) fig.hostile_unexpected++;
    }
    const newFiles = listFiles(ctx.evidenceDir).filter((p) => !filesBefore.has(p));
    for (const p of newFiles) {
      const owners = byHash.get(p.split("/").pop()!) ?? [];
      if (owners.length) for (const h of owners) {
        if (!accepted.has(h.id)) findings.push(`upload ${h.id} (${h.description}): its file was left in EVIDENCE_DIR as ${p}`);
        accepted.add(h.id);
      }
      else {
        fig.hostile_unexpected++;
        findings.push(`uploads: a file was left in EVIDENCE_DIR: ${p}`);
      }
    }
    fig.hostile_accepted = accepted.size;
    if (retries) log(`uploads: ${retries} requests were sent again after their connection closed before an answer`);
  } finally {
    db.close();
  }
  fig.ms = Math.round(performance.now() - started);
  return fig;
}
