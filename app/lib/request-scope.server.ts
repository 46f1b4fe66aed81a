/**
 * Values remembered for the length of one HTTP request. Remix calls each matched route's loader
 * with its own copy of the Request, so a signed-in page would otherwise read the session once per
 * loader and again for its CSRF token. The HTTP server (scripts/server.ts) runs every request inside
 * a scope; outside one (tests calling a domain function, scripts) nothing is remembered.
 *
 * The storage lives on globalThis because the server and the Remix build each load their own copy
 * of this module, and both must see the same scope.
 */
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = Map<string, unknown>;
const KEY = Symbol.for("portal.request-scope");

function storage(): AsyncLocalStorage<Scope> {
  const g = globalThis as { [KEY]?: AsyncLocalStorage<Scope> };
  return (g[KEY] ??= new AsyncLocalStorage<Scope>());
}

/** Runs `fn` (one request's handling) with a fresh scope. */
export function inRequestScope<T>(fn: () => T): T {
  return storage().run(new Map(), fn);
}

/** `make()` once per request and key; every call outside a request scope makes it afresh. */
export function oncePerRequest<T>(key: string, make: () => T): T {
  const scope = storage().getStore();
  if (!scope) return make();
  if (!scope.has(key)) scope.set(key, make());
  return scope.get(key) as T;
}

/** Forgets what this request remembered under keys starting with `prefix` (after signing out, say). */
export function forgetInRequest(prefix: string): void {
  const scope = storage().getStore();
  for (const key of scope?.keys() ?? []) if (key.startsWith(prefix)) scope!.delete(key);
}
