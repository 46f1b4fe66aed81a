/**
 * The security headers every response carries (scripts/server.ts): a Content Security Policy whose
 * only way to run a script is this response's nonce (no 'unsafe-inline'), no framing, a referrer
 * policy, a permissions policy, nosniff, and HSTS only in production. The real server's responses
 * are checked end to end in tests/e2e/security.spec.ts.
 */
import { describe, expect, it } from "vitest";
import { securityHeaders } from "../../scripts/server";

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe("securityHeaders", () => {
  const nonce = "bm9uY2UtZm9yLXRlc3Rpbmc=";
  const dev = securityHeaders(nonce, false);
  const prod = securityHeaders(nonce, true);

  it.each([
    ["development", dev],
    ["production", prod],
  ])("in %s: a nonce-based CSP with no unsafe sources and no framing", (_, headers) => {
    const csp = directives(headers["Content-Security-Policy"]);
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(headers["Content-Security-Policy"]).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("same-origin");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(headers["Permissions-Policy"]).toContain(`${feature}=()`);
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
  });

  it("sends HSTS in production only", () => {
    expect(prod["Strict-Transport-Security"]).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(prod["Strict-Transport-Security"].match(/max-age=(\d+)/)![1])).toBeGreaterThanOrEqual(31536000);
    expect(Object.keys(dev).map((k) => k.toLowerCase())).not.toContain("strict-transport-security");
  });

  it("puts each response's own nonce in the policy", () => {
    expect(securityHeaders("abc", false)["Content-Security-Policy"]).toContain("'nonce-abc'");
    expect(securityHeaders("abc", false)["Content-Security-Policy"]).not.toContain(nonce);
  });
});
