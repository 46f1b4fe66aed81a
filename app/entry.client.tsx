import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { NonceProvider } from "./lib/nonce";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <NonceProvider value="">
        <RemixBrowser />
      </NonceProvider>
    </StrictMode>,
  );
});
