/**
 * Hostile forms against a running portal: fields over their limits, wrong types (text in a date,
 * unknown enum values, several values where one is expected), a missing or wrong CSRF token, a
 * cross-site POST, a replayed witness link and expired sessions. Each must be refused (4xx, or the
 * form again with a GOV.UK error summary) with nothing changed: the row count of every table, the
 * last audit event and the files under EVIDENCE_DIR are compared before and after each attempt.
 */
import Database from "better-sqlite3";
import { PortalClient, type Answer, type Portal } from "../../scripts/lib/portal";
import { errorSummary, listFiles, multipart, withRetry } from "./hostile-uploads";
import * as files from "../support/files";

export type FormFigures = { attempts: number; refused: number; not_refused: number; changed: number; server_errors: number; findings: string[] };

type Ctx = { portal: Portal; signIn: () => Promise<PortalClient>; candidateEmail: string; databasePath: string; enrolmentId: string; evidenceDir?: string; log?: (s: string) => void };

const long = (n: number, unit = "x") => unit.repeat(n);

export async function runHostileForms(ctx: Ctx): Promise<FormFigures> {
  const log = ctx.log ?? (() => {});
  const fig: FormFigures = { attempts: 0, refused: 0, not_refused: 0, changed: 0, server_errors: 0, findings: [] };
  const db = new Database(ctx.databasePath);
  db.pragma("busy_timeout = 5000");
  const evidenceDir = ctx.evidenceDir ?? ctx.databasePath.replace(/portal\.db$/, "evidence");
  const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((t) => t.name);
  const snapshot = (): Record<string, number | string> => {
    const s: Record<string, number | string> = {};
    for (const t of tables) s[t] = (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n;
    s["max(audit_events.seq)"] = (db.prepare("select coalesce(max(seq), 0) as n from audit_events").get() as { n: number }).n;
    s["files in EVIDENCE_DIR"] = listFiles(evidenceDir).join(",");
    return s;
  };
  const diff = (a: Record<string, number | string>, b: Record<string, number | string>, allow: string[] = []) =>
    Object.keys(b)
      .filter((k) => a[k] !== b[k] && !allow.includes(k))
      .map((k) => `${k} ${String(a[k]).slice(0, 80)} → ${String(b[k]).slice(0, 80)}`);

  const attempt = async (name: string, send: () => Promise<Answer>, o: { allow?: string[]; expect?: (a: Answer) => boolean } = {}) => {
    fig.attempts++;
    const before = snapshot();
    let a: Answer;
    try {
      a = await withRetry(send, () => undefined);
    } catch (e) {
      fig.not_refused++;
      fig.findings.push(`form ${name}: the request failed: ${(e as Error).message}`);
      return;
    }
    const after = snapshot();
    const changes = diff(before, after, o.allow);
    const summary = errorSummary(a.body);
    const toSignIn = (a.status === 302 || a.status === 303) && (a.location ?? "").startsWith("/sign-in");
    const refused = o.expect ? o.expect(a) : (a.status >= 400 && a.status < 500) || toSignIn || (a.status === 200 && summary.length > 0);
    if (a.status >= 500) {
      fig.server_errors++;
      fig.findings.push(`form ${name}: server error ${a.status}: ${a.body.slice(0, 300)}`);
    } else if (!refused) {
      fig.not_refused++;
      fig.findings.push(`form ${name}: NOT refused: ${a.status}${a.location ? ` → ${a.location}` : ""} ${summary.join(" / ")}`);
    } else if (a.status === 400 && !summary.length) {
      // A 400 must say why: the form again with its errors (or the plain "could not be read" of a request no browser would send).
      if (!/nothing was changed/i.test(a.body)) {
        fig.not_refused++;
        fig.findings.push(`form ${name}: refused with 400 but no error summary: ${a.body.slice(0, 200)}`);
      } else fig.refused++;
    } else fig.refused++;
    if (changes.length) {
      fig.changed++;
      fig.findings.push(`form ${name}: answered ${a.status} but changed: ${changes.join(", ")}`);
    }
  };

  const client = await ctx.signIn();
  const csrf = await client.csrf();
  const E = ctx.enrolmentId;
  const origin = ctx.portal.url;
  const date = { "evidenceDate.day": "14", "evidenceDate.month": "3", "evidenceDate.year": "2025" };
  const account = { title: "Form fault", ...date, text: "What I did and what I learnt." };
  const post = (c: PortalClient, path: string, fields: Record<string, string | string[]>, o: { csrf?: boolean; headers?: Record<string, string> } = {}) => {
    const body = new URLSearchParams();
    if (o.csrf !== false && !("csrf" in fields)) body.append("csrf", csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return c.request(path, { method: "POST", body, headers: { Origin: origin, ...o.headers } });
  };
  const reflective = `/portfolio/${E}/evidence/new/reflective-account`;

  try {
    // ---- fields over their limits -------------------------------------------------------------
    await attempt("reflective account: title of 201 characters", () => post(client, reflective, { ...account, title: long(201) }));
    await attempt("reflective account: title of 50,000 characters", () => post(client, reflective, { ...account, title: long(50_000) }));
    await attempt("reflective account: text of 30,001 characters", () => post(client, reflective, { ...account, text: long(30_001) }));
    await attempt("reflective account: text of 30,001 two-byte characters", () => post(client, reflective, { ...account, text: long(30_001, "é") }));
    await attempt("reflective account: whole form over 256 KB", () => post(client, reflective, { ...account, text: long(300 * 1024) }));
    await attempt("reflective account: personal-data reason of 1,001 characters", () => post(client, reflective, { ...account, personalDataReason: long(1001) }));
    await attempt("observation: observer's name of 201 characters", () =>
      post(client, `/portfolio/${E}/evidence/new/observation`, { title: "Obs", observerName: long(201), observerRole: "Assessor", ...date, setting: "A room", observed: "Practice" }),
    );
    await attempt("observation: setting of 2,001 characters", () =>
      post(client, `/portfolio/${E}/evidence/new/observation`, { title: "Obs", observerName: "A Person", observerRole: "Assessor", ...date, setting: long(2001), observed: "Practice" }),
    );
    await attempt("professional discussion: summary of 30,001 characters", () => post(client, `/portfolio/${E}/evidence/new/professional-discussion`, { title: "PD", ...date, participants: "candidate and assessor", summary: long(30_001) }));
    await attempt("question and answer: a question of 2,001 characters", () => post(client, `/portfolio/${E}/evidence/new/question-answer`, { title: "QA", ...date, "items[0].question": long(2001), "items[0].answer": "An answer" }));
    await attempt("question and answer: 51 pairs", () =>
      post(client, `/portfolio/${E}/evidence/new/question-answer`, { title: "QA", ...date, ...Object.fromEntries(Array.from({ length: 51 }, (_, i) => [[`items[${i}].question`, `Q${i}`], [`items[${i}].answer`, `A${i}`]]).flat()) }),
    );
    await attempt("witness testimony: witness's name of 201 characters", () =>
      post(client, `/portfolio/${E}/evidence/new/witness-testimony`, { title: "W", ...date, whatWitnessed: "Practice", witnessName: long(201), witnessRole: "Officer", relationship: "Colleague" }),
    );

    // ---- wrong types ----------------------------------------------------------------------------
    for (const [what, d] of [
      ["text in the day", { "evidenceDate.day": "abc" }],
      ["month 13", { "evidenceDate.month": "13" }],
      ["31 February", { "evidenceDate.day": "31", "evidenceDate.month": "2" }],
      ["a five-digit year", { "evidenceDate.year": "20255" }],
      ["a date in 2099", { "evidenceDate.year": "2099" }],
      ["a date before 1990", { "evidenceDate.year": "1989" }],
      ["a negative day", { "evidenceDate.day": "-1" }],
      ["a day of 1e1", { "evidenceDate.day": "1e1" }],
      ["a day with a NUL", { "evidenceDate.day": "1\u0000" }],
    ] as const)
      await attempt(`reflective account: date with ${what}`, () => post(client, reflective, { ...account, ...d }));
    await attempt("reflective account: the date as one field of text", () => post(client, reflective, { title: "T", text: "x", evidenceDate: "yesterday" }));
    await attempt("reflective account: the date as one field, 2025-02-30", () => post(client, reflective, { title: "T", text: "x", evidenceDate: "2025-02-30" }));
    await attempt("reflective account: title sent twice (an array)", () => post(client, reflective, { ...account, title: ["One", "Two"] }));
    await attempt("reflective account: text sent three times", () => post(client, reflective, { ...account, text: ["a", "b", "c"] }));
    await attempt("reflective account: day sent twice", () => post(client, reflective, { ...account, "evidenceDate.day": ["1", "2"] }));
    await attempt("reflective account: an empty title", () => post(client, reflective, { ...account, title: "   " }));
    await attempt("choose kind: an unknown kind", () => post(client, `/portfolio/${E}/evidence/new`, { kind: "malware" }));
    await attempt("choose kind: two kinds", () => post(client, `/portfolio/${E}/evidence/new`, { kind: ["file", "reflective_account"] }));
    await attempt("add evidence: an unknown kind in the URL", () => post(client, `/portfolio/${E}/evidence/new/executable`, account), { expect: (a) => a.status === 404 });
    await attempt("add evidence: a file kind in the written-evidence URL", () => post(client, `/portfolio/${E}/evidence/new/file`, account));
    await attempt("submit: an unknown scope", () => post(client, `/portfolio/${E}/submit`, { scope: "everything", declaration: "yes" }));
    await attempt("submit: no declaration", () => post(client, `/portfolio/${E}/submit`, { scope: "all" }));
    await attempt("submit: a declaration of 'maybe'", () => post(client, `/portfolio/${E}/submit`, { scope: "all", declaration: "maybe" }));
    const evidenceId = (db.prepare("select ev.id as id from evidence ev where ev.enrolment_id = ? and ev.deleted_at is null order by ev.created_at limit 1").get(E) as { id: string } | undefined)?.id;
    if (evidenceId) {
      await attempt("map: an unknown criterion", () => post(client, `/evidence/${evidenceId}/map`, { itemId: "00000000-0000-0000-0000-000000000000", note: "A note" }));
      await attempt("map: a criterion id with SQL in it", () => post(client, `/evidence/${evidenceId}/map`, { itemId: "' or 1=1 --", note: "A note" }));
      await attempt("map: a note of 501 characters", () => post(client, `/evidence/${evidenceId}/map`, { itemId: "x", note: long(501) }));
      await attempt("edit: an unknown kind", () => post(client, `/evidence/${evidenceId}/edit`, { ...account, kind: "executable" }));
    }
    await attempt("add evidence to an enrolment id that does not exist", () => post(client, `/portfolio/00000000-0000-0000-0000-000000000000/evidence/new/reflective-account`, account));

    // ---- the upload form: a good file, but a field at fault, so the stored file must be discarded
    const upload = (fields: [string, string][], o: { csrf?: string | null; headers?: Record<string, string> } = {}) => {
      const token = o.csrf === undefined ? csrf : o.csrf;
      const { body, contentType } = multipart([...(token === null ? [] : ([["csrf", token]] as [string, string][])), ...fields], [{ name: "account.pdf", bytes: files.pdf(`Form fault ${fig.attempts}`) }]);
      return client.request(`/portfolio/${E}/evidence/new/file`, { method: "POST", body: new Uint8Array(body), headers: { "Content-Type": contentType, Origin: origin, ...o.headers } });
    };
    await attempt("upload: a good file with a title of 201 characters", () => upload([["title", long(201)]]));
    await attempt("upload: a good file with no title", () => upload([["title", ""]]));
    await attempt("upload: a good file with a description of 2,001 characters", () => upload([["title", "T"], ["description", long(2001)]]));
    await attempt("upload: a good file with text in the date", () => upload([["title", "T"], ["evidenceDate.day", "soon"], ["evidenceDate.month", "3"], ["evidenceDate.year", "2025"]]));
    await attempt("upload: a good file with a field over 64 KB", () => upload([["title", "T"], ["description", long(70 * 1024)]]));
    await attempt("upload: a good file with the title sent twice", () => upload([["title", "A"], ["title", "B"]]));
    await attempt("upload: a good file with a field whose name has a quote", () => upload([['ti"tle', "T"]]));

    // ---- CSRF and cross-site --------------------------------------------------------------------
    await attempt("reflective account: no CSRF token", () => post(client, reflective, account, { csrf: false }));
    await attempt("reflective account: a wrong CSRF token", () => post(client, reflective, { ...account, csrf: "x".repeat(43) }));
    await attempt("reflective account: an empty CSRF token", () => post(client, reflective, { ...account, csrf: "" }));
    const otherSession = await ctx.signIn();
    const otherToken = await otherSession.csrf();
    await attempt("reflective account: another session's CSRF token", () => post(client, reflective, { ...account, csrf: otherToken }));
    await attempt("reflective account: cross-site (Origin https://evil.example, Sec-Fetch-Site cross-site)", () => post(client, reflective, account, { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } }));
    await attempt("reflective account: Origin https://evil.example alone", () => post(client, reflective, account, { headers: { Origin: "https://evil.example" } }));
    await attempt("reflective account: Sec-Fetch-Site same-site (a sibling site)", () => post(client, reflective, account, { headers: { "Sec-Fetch-Site": "same-site" } }));
    await attempt("reflective account: Origin null", () => post(client, reflective, account, { headers: { Origin: "null" } }));
    await attempt("upload: no CSRF token", () => upload([["title", "T"]], { csrf: null }));
    await attempt("upload: a wrong CSRF token", () => upload([["title", "T"]], { csrf: "y".repeat(43) }));
    await attempt("upload: cross-site", () => upload([["title", "T"]], { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } }));
    await attempt("sign out: no CSRF token", () => post(client, "/sign-out", {}, { csrf: false }), { expect: (a) => a.status === 403 });
    await attempt("sign out: cross-site", () => post(client, "/sign-out", {}, { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } }), { expect: (a) => a.status === 403 });

    // ---- a replayed witness link ---------------------------------------------------------------
    const made = await post(client, `/portfolio/${E}/evidence/new/witness-testimony`, {
      title: "Co-facilitating a restorative meeting",
      ...date,
      whatWitnessed: "I prepared both participants separately and kept the meeting on the harm done.",
      witnessName: "Dana Co-Facilitator",
      witnessRole: "Youth justice officer",
      relationship: "Co-facilitated the meeting with me",
    });
    const witnessEvidence = /^\/evidence\/([^/?]+)\/map/.exec(made.location ?? "")?.[1];
    if (!witnessEvidence) fig.findings.push(`form witness: could not add a witness testimony to set up the replay (${made.status} ${errorSummary(made.body).join(" / ")})`);
    else {
      const linkPage = await post(client, `/evidence/${witnessEvidence}`, {});
      const token = /\/witness\/([A-Za-z0-9_-]{20,100})/.exec(linkPage.body)?.[1];
      if (!token) fig.findings.push(`form witness: no witness link was made (${linkPage.status})`);
      else {
        const witness = new PortalClient(origin);
        const wcsrf = await witness.csrf(`/witness/${token}`);
        const confirm = { csrf: wcsrf, testimony: "I saw the candidate prepare both participants.", witnessName: "Dana Co-Facilitator", witnessRole: "Youth justice officer", relationship: "Co-facilitated the meeting", declaration: "confirmed" };
        const first = await post(witness, `/witness/${token}`, confirm);
        if (first.status !== 302) fig.findings.push(`form witness: the first confirmation was not accepted (${first.status} ${errorSummary(first.body).join(" / ")})`);
        await attempt("witness: the used link posted again (replay)", () => post(witness, `/witness/${token}`, confirm), { expect: (a) => a.status === 410 });
        await attempt("witness: the used link replayed from another browser", async () => {
          const other = new PortalClient(origin);
          const c = await other.csrf("/sign-in");
          return post(other, `/witness/${token}`, { ...confirm, csrf: c, testimony: "Something else", witnessName: "Someone else" });
        }, { expect: (a) => a.status === 410 });
        await attempt("witness: the used link opened again", () => witness.get(`/witness/${token}`), { expect: (a) => a.status === 410 });
        await attempt("witness: a link that was never made", () => post(witness, `/witness/${"z".repeat(43)}`, confirm), { expect: (a) => a.status === 404 });
        await attempt("witness: the used link with the token in capitals", () => post(witness, `/witness/${token.toUpperCase()}`, confirm), { expect: (a) => a.status === 404 || a.status === 410 });
        await attempt("witness: the used link without a CSRF token", () => post(witness, `/witness/${token}`, { ...confirm, csrf: "" }), { expect: (a) => a.status === 403 });
        // A link superseded by a newer one: expired.
        const second = /\/witness\/([A-Za-z0-9_-]{20,100})/.exec((await post(client, `/evidence/${witnessEvidence}`, {})).body)?.[1];
        const third = /\/witness\/([A-Za-z0-9_-]{20,100})/.exec((await post(client, `/evidence/${witnessEvidence}`, {})).body)?.[1];
        if (second && third) await attempt("witness: a link superseded by a newer one", () => post(witness, `/witness/${second}`, confirm), { expect: (a) => a.status === 410 });
      }
    }

    // ---- expired sessions -----------------------------------------------------------------------
    const userId = (db.prepare("select id from users where email = ?").get(ctx.candidateEmail) as { id: string }).id;
    for (const [what, age] of [
      ["idle for 31 minutes", "update sessions set last_seen_at = last_seen_at - 31 * 60 * 1000 where id = ?"],
      ["signed in 13 hours ago", "update sessions set created_at = created_at - 13 * 60 * 60 * 1000, last_seen_at = last_seen_at - 60 * 1000 where id = ?"],
    ] as const) {
      const before = new Set((db.prepare("select id from sessions where user_id = ?").all(userId) as { id: string }[]).map((s) => s.id));
      const stale = await ctx.signIn();
      const token = await stale.csrf();
      const session = (db.prepare("select id from sessions where user_id = ?").all(userId) as { id: string }[]).find((s) => !before.has(s.id));
      if (!session) {
        fig.findings.push(`form expired session (${what}): could not find the new session row`);
        continue;
      }
      db.prepare(age).run(session.id);
      // Using an expired session removes its row: that one change is expected.
      await attempt(`expired session (${what}): a valid form with its CSRF token`, () => post(stale, reflective, { ...account, csrf: token }), { allow: ["sessions"] });
      await attempt(`expired session (${what}): a page`, () => stale.get("/portfolio"), { expect: (a) => a.status === 302 && (a.location ?? "").startsWith("/sign-in"), allow: ["sessions"] });
      const left = db.prepare("select count(*) as n from sessions where id = ?").get(session.id) as { n: number };
      if (left.n) {
        fig.changed++;
        fig.findings.push(`form expired session (${what}): the session row is still there after use`);
      }
    }

    // ---- last, as it stopped the portal before the fix: a list index of a billion ---------------
    await attempt("question and answer: a pair at index 999,999,999 (and no others)", () => post(client, `/portfolio/${E}/evidence/new/question-answer`, { title: "QA", ...date, "items[999999999].question": "Q", "items[999999999].answer": "A" }));
    await new Promise((r) => setTimeout(r, 300));
    if (ctx.portal.child.exitCode !== null || ctx.portal.child.signalCode !== null) {
      fig.server_errors++;
      fig.findings.push(`form question and answer at index 999,999,999: THE PORTAL STOPPED (exit ${ctx.portal.child.exitCode ?? ctx.portal.child.signalCode}):\n${ctx.portal.output().slice(-600)}`);
    }
  } finally {
    db.close();
  }
  log(`forms: ${fig.attempts} attempts, ${fig.refused} refused, ${fig.not_refused} not refused, ${fig.changed} changed something`);
  return fig;
}
