import { writeFileSync } from 'node:fs';

/** What a benchmark app reports about itself once it exits. */
export interface AppReport {
  /** Peak resident set size of the whole process, worker threads included, in kilobytes. */
  readonly maxRssKb: number;

  /** How long the app waited for its tokens, when it measured that, in milliseconds. */
  readonly loginMs?: number;
}

/**
 * Writes the report to `BENCH_REPORT_FILE` when the process exits: peak memory is only known at
 * the end, and only the process itself can tell it (its parent sees wall time alone).
 */
export function reportAtExit(measured: { loginMs?: number } = {}): void {
  const file = process.env.BENCH_REPORT_FILE;
  if (file === undefined) {
    return;
  }
  process.once('exit', () => {
    const report: AppReport = { maxRssKb: process.resourceUsage().maxRSS, ...measured };
    writeFileSync(file, JSON.stringify(report));
  });
}
