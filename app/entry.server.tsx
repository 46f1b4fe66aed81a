/**
 * Server rendering: the whole document, rendered to one string. No route defers data or suspends,
 * so the streaming renderer had nothing to send early and cost twice as much on a large page
 * (docs/decisions/0009-documents-rendered-whole.md). Each response carries the nonce that the
 * Content-Security-Policy (set by the server) allows for scripts.
 */
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./lib/nonce";

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = (loadContext as { nonce?: string }).nonce ?? "";
  // A render that throws is caught by Remix, which renders the error boundary instead.
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
