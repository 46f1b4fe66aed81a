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
    // Only the server decides the client address; a header sent by the client is replaced.
    req.headers["x-portal-client-ip"] = req.socket.remoteAddress ?? "unknown";
    next();
  });

  app.use("/build", express.static(join(options.root, "public/build"), { immutable: true, maxAge: "1y", index: false }));
  app.use("/assets", express.static(join(options.root, "public/assets"), { maxAge: "1h", index: false }));

  app.all(
    "*",
    (_req, res, next) => {
      // Pages may hold personal or case data: never kept by shared caches or the browser's history cache.
      res.set("Cache-Control", "private, no-store");
      next();
    },
    createRequestHandler({ build, mode: options.production ? "production" : "development", getLoadContext: (_req, res) => ({ nonce: res.locals.nonce }) }),
  );

  return new Promise((resolve) => {
    const server = app.listen(options.port, () => resolve(server));
  });
}
