/**
 * Starts the portal: validates the configuration, migrates, imports the standards, creates demo
 * data on an empty database (printing a sign-in for each role), then serves on PORT.
 *   npm start
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { config, ConfigError } from "../app/lib/config.server";
import { sweepAfterRestart } from "../app/lib/uploads.server";
import { startServer } from "./server";
import { setup } from "./setup";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

try {
  const cfg = config();
  await setup();
  // Files a previous process left mid-upload (killed, a power cut): removed before any request.
  const swept = await sweepAfterRestart();
  if (swept.temporary || swept.unreferenced) console.log(`Removed ${swept.temporary} unfinished upload(s) and ${swept.unreferenced} evidence file(s) no evidence refers to, left by an earlier stop.`);
  await startServer({ root, port: cfg.port, production: cfg.production });
  console.log(`The portal is running on http://localhost:${cfg.port}`);
} catch (e) {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(e);
  process.exit(1);
}
