import { writeFileSync } from 'node:fs';

/** The moments of a run that `npm run bench:warm` splits it at. */
export type Phase = 'cdktfLoaded' | 'synthStarted' | 'synthEnded';

/** What a benchmark app reports about itself once it exits. */
export interface AppReport {
  /** Peak resident set size of the whole process, worker threads included, in kilobytes. */
  readonly maxRssKb: number;

  /** How long the app waited for its tokens, when it measured that, in milliseconds. */
  readonly loginMs?: number;

  /**
   * In milliseconds, from cdktf loaded to synth: loading the library, building the app (the
   * constructs included); then synth; then from synth to the process's `exit` event (what V8
   * and Node still run before exit, such as a scheduled garbage collection).
   */
  readonly phases: { readonly build: number; readonly synth: number; readonly beforeExit: number };
}

const phases = new Map<Phase, bigint>();

/** Notes the current time as `phase`. Costs one clock read: every app does it, alike. */
export function recordPhase(phase: Phase): void {
  phases.set(phase, process.hrtime.bigint());
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
    const exited = process.hrtime.bigint();
    const between = (from: bigint | undefined, to: bigint | undefined) =>
      from === undefined || to === undefined ? Number.NaN : Number(to - from) / 1e6;
    const report: AppReport = {
      maxRssKb: process.resourceUsage().maxRSS,
      ...measured,
      phases: {
        build: between(phases.get('cdktfLoaded'), phases.get('synthStarted')),
        synth: between(phases.get('synthStarted'), phases.get('synthEnded')),
        beforeExit: between(phases.get('synthEnded'), exited),
      },
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
