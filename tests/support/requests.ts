/**
 * Driving route modules the way Remix does, without a server: a Request with a real session cookie
 * (a session row holding the token's SHA-256, as signIn writes it), the loader or action called
 * with the URL's params, and the answer reduced to a status (a thrown Response counts as Remix
 * counts it; any other thrown error is a 500).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { newToken, sessionCookie, sha256, type Actor } from "../../app/lib/auth.server";
import type { Db } from "../../db/connection";
import { sessions } from "../../db/schema";

export type RouteFile = { id: string; file: string; params: string[] };

/** Every route module in app/routes, with the names of its URL parameters (flat routes: dots are segments). */
export function routeFiles(dir: string): RouteFile[] {
  return readdirSync(dir)
    .filter((f) => /\.(tsx|ts|jsx|js)$/.test(f))
    .sort()
    .map((file) => {
      const id = file.replace(/\.(tsx|ts|jsx|js)$/, "");
      const params = id
        .split(".")
        .map((s) => s.replace(/^\((.*)\)$/, "$1"))
        .filter((s) => s.startsWith("$"))
        .map((s) => (s === "$" ? "*" : s.slice(1)));
      return { id, file: join(dir, file), params };
    });
}

/** The URL path of a flat route id with the given params filled in. */
export function routePath(id: string, params: Record<string, string>): string {
  const segments = id
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/^\((.*)\)$/, "$1"))
    .map((s) => (s === "$" ? params["*"] : s.startsWith("$") ? params[s.slice(1)] : s))
    .filter((s) => s !== undefined && s !== "")
    .map((s) => encodeURIComponent(s!));
  return "/" + segments.join("/");
}

/** A fresh signed-in session for this actor (user and membership): the Cookie header and its CSRF token. */
export async function sessionFor(db: Db, actor: Actor): Promise<{ cookie: string; csrf: string }> {
  const token = newToken();
  const csrf = newToken();
  const now = Date.now();
  db.insert(sessions).values({ id: sha256(token), userId: actor.userId, membershipId: actor.membershipId, csrfToken: csrf, createdAt: now, lastSeenAt: now }).run();
  const setCookie = await sessionCookie().serialize(token);
  return { cookie: setCookie.split(";")[0], csrf };
}

export type Answer = { status: number; location?: string; error?: string };

type DataFunction = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/** Calls a loader or action as Remix would and reduces the result to a status. */
export async function answer(fn: DataFunction | undefined, request: Request, params: Record<string, string>, missing: number): Promise<Answer> {
  if (!fn) return { status: missing };
  const reduce = (r: Response): Answer => ({ status: r.status, location: r.headers.get("Location") ?? undefined });
  try {
    const result = await fn({ request, params, context: { nonce: "test" } });
    if (result instanceof Response) {
      await result.body?.cancel().catch(() => undefined);
      return reduce(result);
    }
    return { status: 200 };
  } catch (e) {
    if (e instanceof Response) return reduce(e);
    return { status: 500, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Rows in every table: a state change anywhere shows up here (audit events included). */
export function fingerprint(db: Db): string {
  const tables = db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as { name: string }[];
  return tables
    .filter((t) => t.name !== "sessions")
    .map((t) => `${t.name}=${(db.$client.prepare(`select count(*) n from "${t.name}"`).get() as { n: number }).n}`)
    .join(",");
}
