/** Issue 3, end-to-end: CSRF protection on every POST, the security headers, and the session cookie's flags. */
import { DashboardPage } from "./pages/DashboardPage";
import { SignInPage } from "./pages/SignInPage";
import { TEST_PASSWORD, demoAccount } from "./support/accounts";
import { SESSION_COOKIE, expect, isSignedIn, sessionCookie, test } from "./support/fixtures";

const NOTHING_CHANGED = /nothing was changed/;
const A_WRONG_TOKEN = "x".repeat(43);

type PostCase = { why: string; options: { form: Record<string, string>; headers?: Record<string, string> } };

test.describe("Cross-site request forgery", () => {
  test("a signed-in POST without the right token, or from another site, is refused and changes nothing", async ({ page, signInAs }) => {
    const dashboard = await signInAs("admin");
    const token = await dashboard.csrfToken();

    const refused: PostCase[] = [
      { why: "no token", options: { form: {} } },
      { why: "a wrong token", options: { form: { csrf: A_WRONG_TOKEN } } },
      { why: "an empty token", options: { form: { csrf: "" } } },
      { why: "the right token from another origin", options: { form: { csrf: token }, headers: { Origin: "https://evil.example" } } },
      { why: "the right token, Sec-Fetch-Site cross-site", options: { form: { csrf: token }, headers: { "Sec-Fetch-Site": "cross-site" } } },
      { why: "the right token, Origin null", options: { form: { csrf: token }, headers: { Origin: "null" } } },
    ];
    for (const { why, options } of refused) {
      const response = await page.request.post("/sign-out", { ...options, maxRedirects: 0 });
      expect(response.status(), `sign-out with ${why}`).toBe(403);
      expect(await response.text(), `sign-out with ${why}`).toMatch(NOTHING_CHANGED);
      expect(await isSignedIn(page), `still signed in after sign-out with ${why}`).toBe(true);
    }
    await DashboardPage.visit(page);

    // The same request with the right token, from this site, does sign out: the refusals above were the token's doing.
    const accepted = await page.request.post("/sign-out", { form: { csrf: token }, maxRedirects: 0 });
    expect(accepted.status()).toBe(302);
    expect(accepted.headers()["location"]).toBe("/sign-in?signedOut=1");
    expect(await isSignedIn(page)).toBe(false);
  });

  test("an anonymous POST to sign in without the right token is refused, even with the right password", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    const token = await signInPage.csrfToken();
    const credentials = { email: demoAccount("candidate").email, password: TEST_PASSWORD };

    const refused: PostCase[] = [
      { why: "no token", options: { form: credentials } },
      { why: "a wrong token", options: { form: { ...credentials, csrf: A_WRONG_TOKEN } } },
    ];
    for (const { why, options } of refused) {
      const response = await page.request.post("/sign-in", { ...options, maxRedirects: 0 });
      expect(response.status(), `sign-in with ${why}`).toBe(403);
      expect(await response.text(), `sign-in with ${why}`).toMatch(NOTHING_CHANGED);
      expect(response.headers()["set-cookie"] ?? "", `sign-in with ${why}`).not.toContain(`${SESSION_COOKIE}=`);
      expect(await sessionCookie(page)).toBeUndefined();
      expect(await isSignedIn(page), `not signed in after sign-in with ${why}`).toBe(false);
    }

    // A token from another browser's cookie does not work here either.
    const otherContext = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
    try {
      const stranger = await otherContext.request.post("/sign-in", { form: { ...credentials, csrf: token }, maxRedirects: 0 });
      expect(stranger.status()).toBe(403);
    } finally {
      await otherContext.close();
    }

    // With the right token the same request signs in.
    const accepted = await page.request.post("/sign-in", { form: { ...credentials, csrf: token }, maxRedirects: 0 });
    expect(accepted.status()).toBe(302);
    expect(accepted.headers()["location"]).toBe("/dashboard");
    expect(await isSignedIn(page)).toBe(true);
  });

  // Remix itself refuses a document POST whose Origin is not this host, but with an empty 500
  // response: the portal should answer it like its own check does, with the 403 page.
  const crossSite: { why: string; headers: Record<string, string> }[] = [
    { why: "an Origin from another site", headers: { Origin: "https://evil.example" } },
    { why: "Sec-Fetch-Site: cross-site", headers: { "Sec-Fetch-Site": "cross-site" } },
  ];
  for (const { why, headers } of crossSite) {
    test(`a POST to a page with ${why} is refused with the 403 page and changes nothing`, async ({ page }) => {
      const signInPage = await SignInPage.visit(page);
      const credentials = { email: demoAccount("provider_admin").email, password: TEST_PASSWORD, csrf: await signInPage.csrfToken() };
      const response = await page.request.post("/sign-in", { form: credentials, headers, maxRedirects: 0 });
      expect(response.headers()["set-cookie"] ?? "").not.toContain(`${SESSION_COOKIE}=`);
      expect(await isSignedIn(page)).toBe(false);
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("This form was sent from another site, so nothing was changed.");
    });
  }
});

test.describe("Security headers and cookies", () => {
  const nonceOf = (csp: string) => csp.match(/script-src 'self' 'nonce-([A-Za-z0-9+/_-]+={0,2})'/)?.[1];

  for (const path of ["/sign-in", "/dashboard"]) {
    test(`${path} is sent with a nonce-based CSP, no caching and nosniff`, async ({ page, signInAs }) => {
      if (path === "/dashboard") await signInAs("provider_admin");
      const response = (await page.goto(path))!;
      expect(new URL(page.url()).pathname).toBe(path);
      const headers = response.headers();

      const csp = headers["content-security-policy"];
      expect(csp, "Content-Security-Policy").toBeTruthy();
      const nonce = nonceOf(csp);
      expect(nonce, `a nonce in script-src: ${csp}`).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(headers["cache-control"]).toBe("private, no-store");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-powered-by"]).toBeUndefined();
      expect(headers["referrer-policy"]).toBe("same-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
      // Not production (NODE_ENV=test over plain HTTP): no HSTS, which would pin localhost to HTTPS.
      expect(headers["strict-transport-security"]).toBeUndefined();

      // Every script on the page carries this response's nonce (so the browser ran them), and no other.
      const scriptNonces = await page.locator("script").evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
      expect(scriptNonces.length).toBeGreaterThan(0);
      expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
      await expect(page.locator("body")).toHaveClass(/js-enabled/);

      // A new nonce for every response.
      const again = (await page.reload())!;
      expect(nonceOf(again.headers()["content-security-policy"])).not.toBe(nonce);
    });
  }

  test("the session cookie is HttpOnly and SameSite=Lax, and scripts cannot read it", async ({ page, signInAs }) => {
    await signInAs("commissioner");
    const cookie = await sessionCookie(page);
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Lax");
    expect(cookie!.path).toBe("/");
    const csrfCookie = (await page.context().cookies()).find((c) => c.name === "portal_csrf");
    if (csrfCookie) {
      expect(csrfCookie.httpOnly).toBe(true);
      expect(csrfCookie.sameSite).toBe("Lax");
    }
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
  });

  test("the sign-in response sets the cookie with HttpOnly and SameSite=Lax", async ({ page }) => {
    const signInPage = await SignInPage.visit(page);
    const response = await page.request.post("/sign-in", {
      form: { email: demoAccount("iqa").email, password: TEST_PASSWORD, csrf: await signInPage.csrfToken() },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const setCookie = response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value).find((v) => v.startsWith(`${SESSION_COOKIE}=`));
    expect(setCookie, "Set-Cookie for the session").toBeDefined();
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
  });
});
