/**
 * Was this request sent from another site? Browsers say so in Sec-Fetch-Site, or by an Origin
 * whose host is not ours ("null" for opaque origins). Pure, so the HTTP server and the actions share it.
 */
export function isCrossSiteRequest(h: { secFetchSite?: string | null; origin?: string | null; host?: string | null }): boolean {
  if (h.secFetchSite && h.secFetchSite !== "same-origin" && h.secFetchSite !== "none") return true;
  if (!h.origin) return false;
  if (h.origin === "null") return true;
  try {
    return new URL(h.origin).host !== h.host;
  } catch {
    return true;
  }
}
