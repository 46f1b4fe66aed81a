/**
 * Run as its own process by pdf.ts: issues one portfolio PDF through the domain (writePortfolioPdf,
 * the same code the download route streams from) to a file, with the bundled PDF worker the built
 * portal runs, and prints {ms, pages, bytes, maxRssMb, issuerRssMb}: maxRssMb is the worker's peak
 * resident set size (the process that makes the PDF), issuerRssMb this process's.
 */
import { getDb } from "../../app/lib/db.server";
import { writePortfolioPdf } from "../../app/lib/pdf.server";

const [enrolmentId, out] = process.argv.slice(2);
const db = getDb();
const t = performance.now();
const r = await writePortfolioPdf(db, enrolmentId, out, { baseUrl: "http://127.0.0.1", worker: "bundle" });
const ms = performance.now() - t;
db.$client.close();
console.log(JSON.stringify({ ms, pages: r.pages, bytes: r.bytes, maxRssMb: r.workerPeakRssMb, issuerRssMb: process.resourceUsage().maxRSS / 1024 }));
