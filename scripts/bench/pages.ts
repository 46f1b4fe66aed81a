/** p95 of a signed-in GET over HTTP against the running portal (sequential requests, one client). */
import { PortalClient } from "../lib/portal";
import { summarise, timeRuns, type Sample } from "./stats";

export async function signedIn(baseUrl: string, email: string, password: string): Promise<PortalClient> {
  const client = new PortalClient(baseUrl);
  await client.signIn(email, password);
  return client;
}

/** Times GET `path` (fails on anything but 200, so an error page is never timed as a page). */
export async function pageTimes(client: PortalClient, path: string, warmup: number, iterations: number): Promise<Sample> {
  const get = async () => {
    const res = await client.get(path);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  };
  return summarise(await timeRuns(get, warmup, iterations));
}
