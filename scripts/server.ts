/**
 * The HTTP server: Express in front of the Remix build. Sets the security headers (a Content
 * Security Policy with a per-request nonce for Remix's scripts), serves the built assets, and
 * tells the app the client's address for sign-in throttling.
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isCrossSiteRequest } from "../app/lib/cross-site";
import { inRequestScope } from "../app/lib/request-scope.server";

const REPLACEABLE = new Set(["cache-control", "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy"]);

export type ServerOptions = { root: string; port: number; production: boolean };

export function securityHeaders(nonce: string, production: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export async function startServer(options: ServerOptions): Promise<Server> {
  const build = (await import(pathToFileURL(join(options.root, "build/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);

  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.nonce = nonce;
    res.set(securityHeaders(nonce, options.production));
    // Remix's adapter appends its response's headers; a header the app sets itself (a file's
    // Cache-Control or CSP, say) replaces the default here instead of being sent twice.
    const append = res.append.bind(res);
    res.append = (field: string, value?: string | string[]) => (REPLACEABLE.has(field.toLowerCase()) ? res.set(field, value) : append(field, value));
    // Only the server decides the client address; a header sent by the client is replaced.
    req.headers["x-portal-client-ip"] = req.socket.remoteAddress ?? "unknown";
    next();
  });

  // A state-changing request from another site is refused before the app sees it (the forms' CSRF
  // tokens are the main defence; this also answers such requests with a clear 403, not Remix's 500).
  app.use((req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const crossSite = isCrossSiteRequest({ secFetchSite: req.get("sec-fetch-site"), origin: req.get("origin"), host: req.get("host") });
    if (crossSite) res.status(403).type("text/plain").send("This form was sent from another site, so nothing was changed.");
    else next();
  });

  app.use("/build", express.static(join(options.root, "public/build"), { immutable: true, maxAge: "1y", index: false }));
  app.use("/assets", express.static(join(options.root, "public/assets"), { maxAge: "1h", index: false }));

  const remix = createRequestHandler({ build, mode: options.production ? "production" : "development", getLoadContext: (_req, res) => ({ nonce: res.locals.nonce }) });
  app.all("*", (req, res, next) => {
    // Pages may hold personal or case data: never kept by shared caches or the browser's history cache.
    res.set("Cache-Control", "private, no-store");
    // One scope per request, so that its loaders share what only needs reading once (the session).
    inRequestScope(() => remix(req, res, next));
  });

  return new Promise((resolve) => {
    const server = app.listen(options.port, () => resolve(server));
  });
}
