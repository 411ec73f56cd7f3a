import { cpus, release, totalmem, type as osType } from 'node:os';

/** The most rounds a benchmark may be given: it must end, whatever BENCH_RUNS says. */
const MAX_ROUNDS = 200;

/** The rounds BENCH_RUNS asks for, or `fallback` when it is not set. */
export function roundCount(value: string | undefined, fallback: number): number {
  const rounds = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) {
    throw new Error(`BENCH_RUNS must be a whole number from 1 to ${MAX_ROUNDS}, not "${value}".`);
  }
  return rounds;
}

/** The machine and Node version a table was measured on, in one line. */
export function machine(): string {
  const cores = cpus();
  const memoryGb = Math.round(totalmem() / 2 ** 30);
  return `${cores[0]?.model.trim() ?? 'an unknown CPU'} (${cores.length} cores, ${memoryGb} GB), ` +
    `${osType()} ${release()}, Node ${process.version}`;
}

/** A line of progress on stderr, so that stdout holds only the tables. */
export function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
