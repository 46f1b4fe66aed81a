/**
 * Protection against cross-site request forgery. Every form that changes state carries a token:
 * the session's own token when signed in, otherwise one from a signed cookie (sign-in, set password).
 * A POST without the right token, or sent from another site, is refused with 403 before anything changes.
 */
import { createCookie } from "@remix-run/node";
import { timingSafeEqual } from "node:crypto";
import { getActor, newToken } from "./auth.server";
import { config } from "./config.server";
import { isCrossSiteRequest } from "./cross-site";
import { forbidden } from "./http.server";

export const CSRF_FIELD = "csrf";

let anonCookie: ReturnType<typeof createCookie> | undefined;
function anonymousCookie() {
  anonCookie ??= createCookie("portal_csrf", { httpOnly: true, sameSite: "lax", secure: config().production, path: "/", secrets: [config().sessionSecret] });
  return anonCookie;
}

/** The token for this visitor's forms, and a Set-Cookie header when an anonymous visitor needs one. */
export async function csrfFor(request: Request): Promise<{ token: string; setCookie?: string }> {
  const actor = await getActor(request);
  if (actor) return { token: actor.csrfToken };
  const existing = await anonymousCookie().parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing };
  const token = newToken();
  return { token, setCookie: await anonymousCookie().serialize(token) };
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A request from another site (see cross-site.ts). */
export function isCrossSite(request: Request): boolean {
  const h = request.headers;
  return isCrossSiteRequest({ secFetchSite: h.get("Sec-Fetch-Site"), origin: h.get("Origin"), host: h.get("Host") });
}

/** Throws 403 unless the form's token matches this visitor's and the request is from this site. */
export async function requireCsrf(request: Request, form: FormData): Promise<void> {
  if (isCrossSite(request)) throw forbidden("This form was sent from another site, so nothing was changed.");
  const sent = form.get(CSRF_FIELD);
  const actor = await getActor(request);
  const expected = actor ? actor.csrfToken : await anonymousCookie().parse(request.headers.get("Cookie"));
  if (typeof sent !== "string" || typeof expected !== "string" || !same(sent, expected))
    throw forbidden("This form has expired or was not sent from this service, so nothing was changed. Go back, reload the page and try again.");
}
