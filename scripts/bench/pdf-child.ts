/**
 * Run as its own process by pdf.ts: issues one portfolio PDF through the domain (writePortfolioPdf,
 * the same code the download route streams from) to a file, and prints {ms, pages, bytes, maxRssMb}
 * where maxRssMb is this process's peak resident set size (process.resourceUsage().maxRSS).
 */
import { getDb } from "../../app/lib/db.server";
import { writePortfolioPdf } from "../../app/lib/pdf.server";

const [enrolmentId, out] = process.argv.slice(2);
const db = getDb();
const t = performance.now();
const r = await writePortfolioPdf(db, enrolmentId, out, { baseUrl: "http://127.0.0.1" });
const ms = performance.now() - t;
db.$client.close();
console.log(JSON.stringify({ ms, pages: r.pages, bytes: r.bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
