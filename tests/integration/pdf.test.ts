/**
 * Portfolio PDFs against a real SQLite database, read back with poppler (pdftotext, pdfinfo,
 * pdftohtml for the outline): every required criterion's code and full text, each decision and
 * evidence hash, the page count, "Page N of M" and the code on every page, the outline, the
 * metadata, the draft mark on every page of a draft; the issued_documents row and its hash; /verify
 * (domain and route) accepting the real file and refusing one byte changed, and unknown codes; an
 * interrupted download; and who may download (the route, per role).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.SESSION_SECRET ??= "integration-test-secret-0123456789abcdef";

import { newToken, sessionCookie, sha256 as sha256Text, type Actor } from "../../app/lib/auth.server";
import { csrfFor } from "../../app/lib/csrf.server";
import { checkCode, checkCopy, lookupDocument, normaliseCode, portfolioPdf, readVerifyUpload, type IssuedStream } from "../../app/lib/pdf.server";
import { CODE_ALPHABET, CODE_PATTERN, newVerificationCode } from "../../app/lib/pdf/codes";
import { reviewDate } from "../../app/lib/pdf/supervisor";
import { loader as pdfLoader } from "../../app/routes/portfolio.$enrolmentId.pdf";
import { action as verifyAction, loader as verifyLoader } from "../../app/routes/verify";
import { sessions } from "../../db/schema";
import { importStandards } from "../../scripts/import-standards";
import type { Bullet } from "../../standards/schema";
import { addActor, addCommissioner, addProvider, tempDb, type TestDb } from "../support/db";
import { buildAward, buildSupervisorCheck, E_CODES, flatText, K_CODES, LO_CODES, P_CODES, pdfinfo, pdfOutline, pdftotext, type Staff } from "../support/pdf";

let t: TestDb;
let staff: Staff;
let otherAdmin: Actor;
let commissioner: Actor;
let otherCandidate: Actor;

type Issued = { path: string; bytes: Buffer; issued: IssuedStream; enrolmentId: string };
let award: Issued & { candidate: Actor };
let check: Issued;
let draft: Issued & { candidate: Actor };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function issueTo(actor: Actor, enrolmentId: string, name: string): Promise<Issued> {
  const issued = await portfolioPdf(actor, enrolmentId, { baseUrl: "https://portal.example.org" });
  const bytes = await readAll(issued.stream);
  await issued.done;
  const path = join(t.dir, name);
  writeFileSync(path, bytes);
  return { path, bytes, issued, enrolmentId };
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const one = <T>(sql: string, ...args: unknown[]) => t.db.$client.prepare(sql).get(...args) as T;
const all = <T>(sql: string, ...args: unknown[]) => t.db.$client.prepare(sql).all(...args) as T[];
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
/** Without any white space: how a text wrapped over lines (and columns) is compared with the words it should have. */
const compact = (s: string) => s.replace(/\s+/g, "");

type ItemRow = { id: string; code: string; type: string; statement: string | null; title: string | null; bullets: string | null };
/** Every sentence of an item: its statement (or title) and each sub-bullet, as the PDF must print them. */
function itemTexts(item: ItemRow): string[] {
  const bullets = (item.bullets ? (JSON.parse(item.bullets) as Bullet[]) : []).flatMap((b) => (typeof b === "string" ? [b] : [b.text, ...b.bullets]));
  return [item.statement ?? item.title ?? "", ...bullets].map(squash);
}
const itemsByCode = (framework: string, codes: string[]) =>
  all<ItemRow>(
    `select i.id, i.code, i.type, i.statement, i.title, i.bullets from standard_items i join standard_frameworks f on f.id = i.framework_id
      where f.framework = ? and i.code in (select value from json_each(?))`,
    framework,
    JSON.stringify(codes),
  );

/** A signed-in session for the actor, as the browser holds it. */
async function cookieFor(actor: Actor): Promise<string> {
  const token = newToken();
  t.db.insert(sessions).values({ id: sha256Text(token), userId: actor.userId, membershipId: actor.membershipId, csrfToken: newToken(), createdAt: Date.now(), lastSeenAt: Date.now() }).run();
  return (await sessionCookie().serialize(token)).split(";")[0];
}

beforeAll(async () => {
  t = tempDb();
  importStandards(t.db);
  const own = addProvider(t.db, "Northvale Restorative Training (test)");
  const other = addProvider(t.db, "Other provider");
  staff = { admin: addActor(t.db, "provider_admin", { providerId: own }), assessor: addActor(t.db, "assessor", { providerId: own }), iqa: addActor(t.db, "iqa", { providerId: own }) };
  otherAdmin = addActor(t.db, "provider_admin", { providerId: other });
  commissioner = addActor(t.db, "commissioner", { commissionerId: addCommissioner(t.db, [own]) });
  otherCandidate = addActor(t.db, "candidate", { providerId: own });

  const a = buildAward(t.db, staff, { evidence: 12 });
  award = { ...(await issueTo(a.candidate, a.enrolmentId, "award.pdf")), candidate: a.candidate };
  const c = buildSupervisorCheck(t.db, staff, a.candidate);
  check = await issueTo(staff.assessor, c.enrolmentId, "check.pdf");
  const d = buildAward(t.db, staff, { evidence: 6, achieve: false });
  draft = { ...(await issueTo(staff.admin, d.enrolmentId, "draft.pdf")), candidate: d.candidate };
}, 120_000);
afterAll(() => t.close());

describe("verification codes", () => {
  it("are RJP and three groups of four from an alphabet without 0, O, 1 or I", () => {
    const codes = new Set(Array.from({ length: 2000 }, newVerificationCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(CODE_PATTERN);
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
  });

  it("are read however they are typed, and refused when they cannot be one", () => {
    expect(normaliseCode(" rjp 7kqd-m2xw hb9f ")).toBe("RJP-7KQD-M2XW-HB9F");
    expect(normaliseCode("7KQDM2XWHB9F")).toBe("RJP-7KQD-M2XW-HB9F");
    expect(normaliseCode("RJP-7KQD-M2XW-HB90")).toBeNull();
    expect(normaliseCode("RJP-7KQD-M2XW")).toBeNull();
    expect(checkCode("")).toEqual({ ok: false, message: "Enter the verification code" });
    expect(checkCode("not a code").ok).toBe(false);
  });
});

describe("the Level 4 award portfolio", () => {
  it("prints every learning outcome and every guidance criterion it draws on, in full with its code", () => {
    const text = compact(pdftotext(award.path));
    const los = itemsByCode("btec-l4-rja", LO_CODES);
    expect(los).toHaveLength(6);
    for (const lo of los) {
      expect(text).toContain(`${lo.code}${compact(lo.statement!)}`);
      for (const s of itemTexts(lo)) expect(text, `${lo.code}: ${s}`).toContain(compact(s));
    }
    // The guidance criteria the outcomes draw on, and every criterion of a part they draw on.
    const targets = all<ItemRow>(
      `with recursive d(id) as (
         select l.to_item_id from crosswalk_links l join standard_items f on f.id = l.from_item_id join standard_frameworks fw on fw.id = f.framework_id
          where l.relation = 'draws-on' and fw.framework = 'btec-l4-rja'
         union select c.id from standard_items c join d on c.parent_id = d.id)
       select i.id, i.code, i.type, i.statement, i.title, i.bullets from standard_items i where i.id in (select id from d) and i.type = 'Criterion'`,
    );
    expect(targets.map((x) => x.code)).toEqual(expect.arrayContaining(["A1(a).1", "A2(a).1", "A2(a).10", "A2(c).24", "A3(d).12", "F.6"]));
    for (const c of targets) {
      const [statement, ...bullets] = itemTexts(c);
      expect(text, c.code).toContain(compact(`${c.code} ${statement}`));
      for (const b of bullets) expect(text, `${c.code}: ${b}`).toContain(compact(`• ${b}`));
    }
  });

  it("prints the award summary from the standards data: aim, objectives and the 30 hours", () => {
    const text = squash(flatText(award.path));
    const attributes = JSON.parse(one<{ attributes: string }>("select attributes from standard_frameworks where framework = 'btec-l4-rja'").attributes) as { key: string; text?: string }[];
    expect(text).toContain(squash(attributes.find((a) => a.key === "aim")!.text!));
    for (const o of itemsByCode("btec-l4-rja", Array.from({ length: 10 }, (_, i) => `OB${i + 1}`))) expect(text).toContain(squash(o.statement!));
    const layout = pdftotext(award.path);
    expect(layout).toMatch(/Pre-course assignment\s+8\n/);
    expect(layout).toMatch(/2 tutorial training days\s+14\n/);
    expect(layout).toMatch(/Post-course work place assignment\s+8\n/);
    expect(layout).toMatch(/Total\s+30\n/);
    expect(text).toContain("Accredited centre 02298");
  });

  it("prints every decision (outcome, date, assessor, methods, checks, feedback) and every evidence hash", () => {
    const text = squash(flatText(award.path));
    const decisions = all<{ feedback: string; outcome: string }>("select feedback, outcome from decisions where enrolment_id = ?", award.enrolmentId);
    expect(decisions.length).toBe(7); // LO2 not yet met, then met; every other outcome met once
    for (const d of decisions) expect(text).toContain(squash(d.feedback));
    expect(text).toContain("Not yet met (superseded on");
    expect(text).toContain("✓ Valid · ✓ Authentic · ✓ Reliable · ✓ Current · ✓ Sufficient");
    expect(text).toContain("✓ Valid · ✗ Authentic (not confirmed)");
    expect(text).toContain("Observation; Professional discussion");
    const hashes = all<{ contentHash: string; fileSha256: string | null }>(
      "select v.content_hash as contentHash, v.file_sha256 as fileSha256 from evidence e join evidence_versions v on v.id = e.current_version_id where e.enrolment_id = ?",
      award.enrolmentId,
    );
    expect(hashes.length).toBe(13);
    for (const h of hashes) expect(text).toContain(h.fileSha256 ?? h.contentHash);
    // Issued by the candidate: the IQA's comments are for staff, as on the decisions page.
    expect(text).toContain("Agreed by Test iqa on");
    expect(text).not.toContain("Sound judgement on LO1.");
    expect(squash(flatText(check.path))).toContain("Comments: Agreed.");
    for (const h of all<{ contentHash: string }>("select de.content_hash as contentHash from decision_evidence de join decisions d on d.id = de.decision_id where d.enrolment_id = ?", award.enrolmentId))
      expect(text).toContain(h.contentHash);
  });

  it("has the cover, the mapping matrix, the evidence index and the sign-offs", () => {
    const cover = squash(flatText(award.path, 1));
    expect(cover).toContain("BTEC Level 4 Professional Award in Restorative Justice Approaches");
    expect(cover).toContain(award.candidate.name);
    expect(cover).toMatch(/Candidate number PDF-\d+/);
    expect(cover).toContain("Status: Achieved");
    const layout = pdftotext(award.path);
    expect(layout).toMatch(/Ref\s+Evidence\s+LO1\s+LO2\s+LO3\s+LO4\s+LO5\s+LO6/);
    expect(layout).toMatch(/E1\s+Award reflection 1 .*✓/);
    expect(layout).toMatch(/Ref\s+Title\s+Kind\s+Date\s+File name/);
    const text = squash(flatText(award.path));
    expect(text).toContain("The candidate's declaration");
    expect(text).toContain(`The internal quality assurer sampled 1 decision of the 6 decisions standing in this portfolio`);
    expect(text).toContain("Signature");
  });

  it("has the page count, outline and contents right, and Page N of M with the code on every page", () => {
    const info = pdfinfo(award.path);
    const pages = Number(info.Pages);
    expect(pages).toBe(award.issued.pages);
    const outline = pdfOutline(award.path);
    expect(outline.map((o) => o.title)).toEqual(["Award summary", "Learning outcomes: criteria, evidence and decisions", "Mapping matrix", "Evidence index", "Declaration and sign-off"]);
    expect(outline[1].children.map((c) => c.title.split(" ")[0])).toEqual(LO_CODES);
    const contents = pdftotext(award.path, 2);
    for (const o of outline) {
      expect(squash(flatText(award.path, o.page)), o.title).toContain(o.title);
      expect(contents, o.title).toMatch(new RegExp(`${o.title.replace(/[:]/g, "\\$&")}[ .]*${o.page}\\n`));
    }
    for (const lo of outline[1].children) expect(flatText(award.path, lo.page)).toContain(`Learning outcome ${lo.title.split(" ")[0]}`);
    for (let p = 1; p <= pages; p++) {
      const page = flatText(award.path, p);
      expect(page).toContain(`Page ${p} of ${pages}`);
      expect(page).toContain(`Verification code ${award.issued.code}`);
      expect(page).not.toContain("Draft");
    }
  });

  it("is a tagged PDF: headings, paragraphs, lists and tables in the structure tree, page furniture left out", () => {
    const tree = execFileSync("pdfinfo", ["-struct-text", award.path], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(tree.startsWith("Document")).toBe(true);
    for (const tag of ["Sect", "H1", "H2", "H3", "P", "L", "LI", "LBody", "Table", "TR", "TH", "TD", "TOC", "TOCI"]) expect(tree, tag).toMatch(new RegExp(`^\\s+${tag}\\b`, "m"));
    expect(tree).toMatch(/H1 \(block\)\n\s+"Mapping matrix"/);
    expect(tree).toMatch(/H2 \(block\)\n\s+"Learning outcome LO1"/);
    expect(tree).not.toContain("Verification code");
    expect(execFileSync("pdfinfo", ["-struct", award.path], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).toContain("/Scope /Column");
  });

  it("sets the metadata, the language and the tags, and embeds the DejaVu fonts", () => {
    const info = pdfinfo(award.path);
    expect(info.Title).toContain("BTEC Level 4 Professional Award in Restorative Justice Approaches");
    expect(info.Author).toBe("Northvale Restorative Training (test)");
    expect(info.Subject).toContain(award.issued.code);
    expect(info.Creator).toBe("Restorative Practice Competency Portal");
    expect(info.Tagged).toBe("yes");
    expect(info["PDF version"]).toBe("1.7");
    expect(award.bytes.includes(Buffer.from("/Lang (en-GB)"))).toBe(true);
    expect(award.bytes.includes(Buffer.from("/DisplayDocTitle true"))).toBe(true);
    expect(award.bytes.includes(Buffer.from("/StructTreeRoot"))).toBe(true);
    const fonts = execFileSync("pdffonts", [award.path], { encoding: "utf8" });
    expect(fonts).toMatch(/DejaVuSans\s/);
    expect(fonts.split("\n").slice(2).filter(Boolean).every((l) => /\byes\s+yes\s+yes\b/.test(l))).toBe(true); // embedded, subset, with a ToUnicode map
  });

  it("is recorded with the SHA-256 of exactly the bytes sent, and the issue is audited", () => {
    const row = one<{ sha256: string; byteSize: number; code: string; kind: string; outcome: string; draft: number; issuedBy: string }>(
      "select sha256, byte_size as byteSize, code, kind, outcome, draft, issued_by as issuedBy from issued_documents where code = ?",
      award.issued.code,
    );
    expect(row).toEqual({ sha256: sha(award.bytes), byteSize: award.bytes.length, code: award.issued.code, kind: "award_portfolio", outcome: "Achieved", draft: 0, issuedBy: award.candidate.userId });
    const events = all<{ action: string; details: string }>("select action, details from audit_events where entity = 'issued_document' and details like ?", `%${award.issued.code}%`);
    expect(events.map((e) => e.action)).toEqual(["document-issued", "document-completed"]);
    expect(JSON.parse(events[1].details)).toMatchObject({ sha256: sha(award.bytes), bytes: award.bytes.length });
  });
});

describe("the supervisor competency check", () => {
  it("prints every Section E criterion and every QA unit item in full, with its decision, methods and evidence", () => {
    const text = squash(flatText(check.path));
    const whole = compact(pdftotext(check.path));
    const items = [...itemsByCode("guidance", E_CODES), ...itemsByCode("nos-qa", [...P_CODES, ...K_CODES])];
    expect(items).toHaveLength(33);
    for (const item of items) {
      const [statement, ...bullets] = itemTexts(item);
      expect(whole, item.code).toContain(compact(`${item.code} ${statement}`));
      for (const b of bullets) expect(whole, `${item.code}: ${b}`).toContain(compact(`• ${b}`));
    }
    for (let i = 1; i <= 33; i++) expect(text).toContain(`Met in supervision (${i}).`);
    expect(text).toContain("Observation; Witness testimony");
    for (const h of all<{ contentHash: string; fileSha256: string | null }>(
      "select v.content_hash as contentHash, v.file_sha256 as fileSha256 from evidence e join evidence_versions v on v.id = e.current_version_id where e.enrolment_id = ?",
      check.enrolmentId,
    ))
      expect(text).toContain(h.fileSha256 ?? h.contentHash);
  });

  it("shows who was checked, by whom and when, Section A competence with the award's code, the evidence requirement, the outcome and the review", () => {
    const text = squash(flatText(check.path));
    expect(squash(flatText(check.path, 1))).toContain(`Supervisor checked ${award.candidate.name}`);
    expect(text).toContain(`Checked by ${staff.assessor.name} (assessor)`);
    expect(text).toContain(`Verification code ${award.issued.code} (document issued`);
    expect(text).toContain("To achieve this unit you must provide your assessor with evidence that you have consistently met all of the performance criteria and knowledge and understanding.");
    expect(text).toContain("Performance criteria and knowledge 26 of 26 met");
    expect(text).toContain("Outcome: Competent");
    expect(text).toContain("Nothing is outstanding: no action plan is needed.");
    expect(text).toMatch(/Review date \d{1,2} \w+ \d{4} Why this date 12 months after competence was confirmed/);
    expect(text).toContain("Checker (assessor)");
    expect(text).toContain("Internal quality assurer");
    const outline = pdfOutline(check.path).map((o) => o.title);
    expect(outline).toEqual([
      "The check",
      "Section A competence",
      "Section E: Case supervisors",
      "Quality assurance unit: performance criteria",
      "Quality assurance unit: knowledge and understanding",
      "The unit's evidence requirement",
      "Mapping matrix",
      "Evidence index",
      "Outcome, action plan and review",
      "Declaration and signatures",
    ]);
    const pages = Number(pdfinfo(check.path).Pages);
    expect(pages).toBe(check.issued.pages);
    for (let p = 1; p <= pages; p++) expect(flatText(check.path, p)).toContain(`Page ${p} of ${pages}`);
  });

  it("puts what is not yet met in an action plan, with the assessor's feedback, and marks every page as a draft", async () => {
    const candidate = addActor(t.db, "candidate", { providerId: staff.admin.providerId! });
    const c = buildSupervisorCheck(t.db, staff, candidate, { competent: false });
    const notYet = await issueTo(staff.iqa, c.enrolmentId, "check-draft.pdf");
    const text = squash(flatText(notYet.path));
    expect(text).toContain("Outcome: Not yet competent");
    expect(text).toContain("No achieved Level 4 award or earlier supervisor competency check is recorded for this candidate.");
    expect(text).toContain("Criterion 2: show this in a second supervised case.");
    expect(text).toMatch(/Action plan .*Section A .*E\.2 Not yet met\./);
    expect(text).toMatch(/Why this date 3 months after this document was issued/);
    const pages = Number(pdfinfo(notYet.path).Pages);
    for (let p = 1; p <= pages; p++) expect(flatText(notYet.path, p), `page ${p}`).toContain("Draft: not yet competent");
  }, 60_000);

  it("reviews at the earliest IQA action due, else 12 months after competence", () => {
    const base = { achievement: { achieved: true }, enrolment: { achievedAt: Date.UTC(2026, 0, 31, 12) }, decisions: [] } as unknown as Parameters<typeof reviewDate>[0];
    expect(reviewDate(base, Date.now())).toMatchObject({ iso: "2027-01-31" });
    const withAction = { ...base, decisions: [{ status: "standing", sample: { outcome: "disagree", actionDue: "2026-03-01" } }, { status: "standing", sample: { outcome: "disagree", actionDue: "2026-02-14" } }] } as unknown as Parameters<typeof reviewDate>[0];
    expect(reviewDate(withAction, Date.now())).toMatchObject({ iso: "2026-02-14" });
  });
});

describe("a draft", () => {
  it("says so on every page, and what is still missing", () => {
    const pages = Number(pdfinfo(draft.path).Pages);
    expect(pages).toBeGreaterThan(3);
    for (let p = 1; p <= pages; p++) expect(flatText(draft.path, p), `page ${p}`).toContain("Draft: not yet achieved");
    const text = squash(flatText(draft.path));
    expect(text).toContain("Status: Not yet achieved");
    expect(text).toContain("LO3 needs the legislation that applies.");
    expect(one<{ draft: number; outcome: string }>("select draft, outcome from issued_documents where code = ?", draft.issued.code)).toEqual({ draft: 1, outcome: "Not yet achieved" });
  });
});

describe("verifying a copy", () => {
  it("shows only the award, the outcome, the provider and the date for a code", () => {
    const view = lookupDocument(award.issued.code.toLowerCase());
    expect(view).toMatchObject({
      code: award.issued.code,
      title: "BTEC Level 4 Professional Award in Restorative Justice Approaches: portfolio of evidence",
      outcome: "Achieved",
      draft: false,
      providerName: "Northvale Restorative Training (test)",
      complete: true,
    });
    expect(JSON.stringify(view)).not.toContain(award.candidate.name);
    expect(lookupDocument(check.issued.code)).toMatchObject({ title: "Supervisor competency check", outcome: "Competent" });
    expect(lookupDocument("RJP-2222-3333-4444")).toBeNull();
  });

  it("accepts the real file and refuses it with one byte changed", () => {
    expect(checkCopy(award.issued.code, { sha256: sha(award.bytes), size: award.bytes.length }).matches).toBe(true);
    const changed = Buffer.from(award.bytes);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    expect(checkCopy(award.issued.code, { sha256: sha(changed), size: changed.length }).matches).toBe(false);
    expect(checkCopy(check.issued.code, { sha256: sha(award.bytes), size: award.bytes.length }).matches).toBe(false);
  });

  describe("the /verify page", () => {
    let cookie: string;
    let csrf: string;
    beforeAll(async () => {
      const anonymous = await csrfFor(new Request("http://localhost/verify"));
      csrf = anonymous.token;
      cookie = anonymous.setCookie!.split(";")[0];
    });
    const post = (code: string, file: Buffer | null, options: { csrf?: string } = {}) => {
      const form = new FormData();
      form.set("csrf", options.csrf ?? csrf);
      form.set("code", code);
      form.append("file", file ? new Blob([new Uint8Array(file)], { type: "application/pdf" }) : new Blob([]), file ? "portfolio.pdf" : "");
      return verifyAction({ request: new Request(`http://localhost/verify?code=${encodeURIComponent(code)}`, { method: "POST", body: form, headers: { Cookie: cookie, Host: "localhost" } }), params: {}, context: {} });
    };
    const get = (query: string) => verifyLoader({ request: new Request(`http://localhost/verify${query}`), params: {}, context: {} });

    it("answers a code with the document's details, an unknown code clearly, and a malformed one with an error", async () => {
      const found = await get(`?code=${award.issued.code}`);
      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ code: award.issued.code, document: { outcome: "Achieved", providerName: "Northvale Restorative Training (test)" } });
      const unknown = await get("?code=RJP-2222-3333-4444");
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: "RJP-2222-3333-4444", document: null, limitMb: 20 });
      const bad = await get("?code=hello");
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors?.code?.[0]).toMatch(/as it is printed at the foot of each page/);
    });

    it("says the real file matches and a file with one byte changed does not", async () => {
      const ok = await post(award.issued.code, award.bytes);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ matches: true, document: { code: award.issued.code } });
      const changed = Buffer.from(award.bytes);
      changed[1000] ^= 0x20;
      const tampered = await post(award.issued.code, changed);
      expect(await tampered.json()).toMatchObject({ matches: false });
      const none = await post(award.issued.code, null);
      expect(none.status).toBe(400);
      expect((await none.json()).errors?.file).toEqual(["Select the copy of the document to check"]);
      const unknown = await post("RJP-2222-3333-4444", award.bytes);
      expect(unknown.status).toBe(404);
    });

    it("refuses a copy over the size limit without reading it all", async () => {
      const form = new FormData();
      form.set("csrf", csrf);
      form.set("code", award.issued.code);
      form.append("file", new Blob([new Uint8Array(award.bytes)], { type: "application/pdf" }), "portfolio.pdf");
      const request = new Request("http://localhost/verify", { method: "POST", body: form, headers: { Cookie: cookie, Host: "localhost" } });
      expect(await readVerifyUpload(request, 10_000)).toMatchObject({ ok: false, field: "file", message: "The selected file must be smaller than 20 MB" });
      const declared = new Request("http://localhost/verify", { method: "POST", body: "x", headers: { Cookie: cookie, Host: "localhost", "Content-Type": "multipart/form-data; boundary=b", "Content-Length": String(30 * 1024 * 1024) } });
      expect(await readVerifyUpload(declared)).toMatchObject({ ok: false, field: "file" });
    });

    it("refuses a form without the right CSRF token", async () => {
      const refused = await post(award.issued.code, award.bytes, { csrf: "wrong" }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(403);
    });
  });
});

describe("streaming", () => {
  it("an interrupted download leaves the document without a hash, and /verify says it cannot be checked", async () => {
    const issued = await portfolioPdf(draft.candidate, draft.enrolmentId);
    const reader = issued.stream.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(one<{ sha256: string | null }>("select sha256 from issued_documents where code = ?", issued.code).sha256).toBeNull();
    expect(lookupDocument(issued.code)).toMatchObject({ complete: false });
    expect(checkCopy(issued.code, { sha256: sha(draft.bytes), size: draft.bytes.length }).matches).toBe(false);
  });

  it("a download abandoned by the browser stops the document being made: it stays without a hash", async () => {
    const cookie = await cookieFor(staff.admin);
    // The supervisor check (about 490 KB): far more than the pipes between worker and reader hold.
    const abandon = new AbortController();
    const request = new Request(`http://localhost/portfolio/${check.enrolmentId}/pdf`, { headers: { Cookie: cookie }, signal: abandon.signal });
    const res = (await pdfLoader({ request, params: { enrolmentId: check.enrolmentId }, context: {} })) as Response;
    const code = /RJP-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(res.headers.get("Content-Disposition")!)![0];
    const reader = res.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    abandon.abort();
    // Nobody reads an abandoned download: it ends where the worker stopped, without an error to log.
    let received = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) received += r.value.byteLength;
    expect(received).toBeLessThan(check.bytes.length);
    expect(one<{ sha256: string | null }>("select sha256 from issued_documents where code = ?", code).sha256).toBeNull();
    expect(lookupDocument(code)).toMatchObject({ complete: false });
  });

  it("streams a response with the PDF headers", async () => {
    const cookie = await cookieFor(staff.admin);
    const res = (await pdfLoader({ request: new Request(`http://localhost/portfolio/${draft.enrolmentId}/pdf`, { headers: { Cookie: cookie } }), params: { enrolmentId: draft.enrolmentId }, context: {} })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="award-portfolio-PDF-\d+-RJP-[A-Z0-9-]{14}\.pdf"$/);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = Buffer.from(await res.arrayBuffer());
    const code = /RJP-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(res.headers.get("Content-Disposition")!)![0];
    await new Promise((r) => setTimeout(r, 20));
    expect(one<{ sha256: string }>("select sha256 from issued_documents where code = ?", code).sha256).toBe(sha(bytes));
    expect(readFileSync(draft.path).subarray(0, 8).equals(bytes.subarray(0, 8))).toBe(true);
  });
});

describe("the command line", () => {
  it("writes both demo PDFs from the demo data (npm run pdf -- --demo --out DIR), recorded like any other", () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-pdf-cli-"));
    try {
      const env = { ...process.env, DATABASE_PATH: join(dir, "portal.db"), EVIDENCE_DIR: join(dir, "evidence"), NODE_ENV: "test" as const };
      const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
      execFileSync(tsx, ["scripts/setup.ts"], { env, encoding: "utf8" });
      const out = execFileSync(tsx, ["scripts/pdf.ts", "--demo", "--out", join(dir, "out"), "--base-url", "https://portal.example.org"], { env, encoding: "utf8" });
      for (const [file, title, outcome] of [
        ["award-portfolio.pdf", "BTEC Level 4 Professional Award in Restorative Justice Approaches", "Status: Achieved"],
        ["supervisor-check.pdf", "Supervisor competency check", "Outcome: Competent"],
      ]) {
        const path = join(dir, "out", file);
        const bytes = readFileSync(path);
        expect(out).toContain(`${path}: ${pdfinfo(path).Pages} pages, ${bytes.length} bytes`);
        expect(out).toContain(sha(bytes));
        const cover = squash(flatText(path, 1));
        expect(cover).toContain(title);
        expect(cover).toContain(outcome);
        expect(cover).toContain("Alex Demo-Candidate");
        expect(flatText(path)).not.toContain("Draft");
      }
      const usage = (() => {
        try {
          execFileSync(tsx, ["scripts/pdf.ts"], { env, encoding: "utf8", stdio: "pipe" });
          return "";
        } catch (e) {
          return String((e as { stdout?: string }).stdout);
        }
      })();
      expect(usage).toContain("npm run pdf -- --enrolment <id> --out <file>");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("who may download a portfolio PDF", () => {
  const cases: { who: string; actor: () => Actor; status: number }[] = [
    { who: "the candidate themselves", actor: () => draft.candidate, status: 200 },
    { who: "another candidate", actor: () => otherCandidate, status: 404 },
    { who: "the allocated assessor", actor: () => staff.assessor, status: 200 },
    { who: "the allocated IQA", actor: () => staff.iqa, status: 200 },
    { who: "their provider's admin", actor: () => staff.admin, status: 200 },
    { who: "another provider's admin", actor: () => otherAdmin, status: 404 },
    { who: "a commissioner", actor: () => commissioner, status: 404 },
  ];
  it.each(cases)("$who: $status", async ({ actor: who, status: expected }) => {
    const actor = who();
    const request = new Request(`http://localhost/portfolio/${draft.enrolmentId}/pdf`, { headers: { Cookie: await cookieFor(actor) } });
    const before = one<{ n: number }>("select count(*) as n from issued_documents").n;
    const result = await pdfLoader({ request, params: { enrolmentId: draft.enrolmentId }, context: {} }).catch((e: unknown) => e);
    expect(result).toBeInstanceOf(Response);
    const res = result as Response;
    expect(res.status).toBe(expected);
    if (expected === 200) {
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(one<{ n: number }>("select count(*) as n from issued_documents").n).toBe(before + 1);
    } else expect(one<{ n: number }>("select count(*) as n from issued_documents").n).toBe(before);
  }, 30_000);

  it("an admin or an unknown enrolment: 404", async () => {
    const admin = addActor(t.db, "admin");
    for (const [actor, id] of [
      [admin, draft.enrolmentId],
      [staff.admin, "no-such-enrolment"],
    ] as const) {
      const result = await pdfLoader({ request: new Request(`http://localhost/portfolio/${id}/pdf`, { headers: { Cookie: await cookieFor(actor) } }), params: { enrolmentId: id }, context: {} }).catch((e: unknown) => e);
      expect((result as Response).status).toBe(404);
    }
  });

  it("signed out: to the sign-in page", async () => {
    const result = await pdfLoader({ request: new Request(`http://localhost/portfolio/${draft.enrolmentId}/pdf`), params: { enrolmentId: draft.enrolmentId }, context: {} }).catch((e: unknown) => e);
    expect((result as Response).status).toBe(302);
    expect((result as Response).headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
  });
});

