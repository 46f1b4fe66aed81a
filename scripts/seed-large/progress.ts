/**
 * Progress on stderr: one updating line (phase, percentage, rows per second) on a terminal, plain
 * lines at most every few seconds otherwise.
 */
export class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private phase = "";
  private total = 1;
  private done = 0;
  private rows = 0;
  private phaseStart = 0;
  private lastDraw = 0;
  readonly started = performance.now();

  constructor(private readonly quiet = false) {}

  start(phase: string, total: number) {
    this.finishLine();
    this.phase = phase;
    this.total = Math.max(1, total);
    this.done = 0;
    this.rows = 0;
    this.phaseStart = performance.now();
    this.lastDraw = 0;
    this.draw(true);
  }

  /** `units` of the phase's total done, `rows` written meanwhile. */
  tick(units: number, rows = 0) {
    this.done += units;
    this.rows += rows;
    this.draw(false);
  }

  end() {
    this.done = this.total;
    this.draw(true);
    this.finishLine();
    this.phase = "";
  }

  log(message: string) {
    if (this.quiet) return;
    this.finishLine();
    process.stderr.write(`${message}\n`);
  }

  private line(): string {
    const secs = (performance.now() - this.phaseStart) / 1000;
    const pct = Math.min(100, (100 * this.done) / this.total);
    const rate = secs > 0 ? Math.round(this.rows / secs) : 0;
    const width = 24;
    const bar = "█".repeat(Math.round((pct / 100) * width)).padEnd(width, "░");
    const total = ((performance.now() - this.started) / 1000).toFixed(1);
    return `${this.phase.padEnd(22)} ${bar} ${pct.toFixed(0).padStart(3)}%  ${rate.toLocaleString("en-GB").padStart(9)} rows/s  ${total}s`;
  }

  private draw(force: boolean) {
    if (this.quiet || !this.phase) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < (this.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    if (this.tty) process.stderr.write(`\r${this.line()}\x1b[K`);
    else process.stderr.write(`${this.line()}\n`);
  }

  private finishLine() {
    if (this.tty && this.phase && !this.quiet) process.stderr.write("\n");
  }
}
