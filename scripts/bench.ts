/*
 * `npm run bench`: what PaletteCredentials costs a synth, measured against the same app without
 * it and against what users write today, all in one run on this machine.
 *
 * Every scenario is a real synth process (`node app.js`, the apps of scripts/bench/apps compiled
 * once) against the Palette emulator on 127.0.0.1. Scenarios run in turns, so that a slow moment
 * of the machine lands on all of them alike, and each row is the median of its runs. It prints
 * Markdown for the README's Performance section, and a table of the issue's targets.
 *
 * The warm-cache target is a few milliseconds on a synth of about 300, well inside the run-to-run
 * spread of this kind of machine (about +-15%). So each round also runs WARM_PAIRS_PER_ROUND
 * pairs of (a) and (c) back to back, in alternating order, and that target is judged on the
 * median of the pairs' differences, with its 95% confidence interval.
 *
 * BENCH_RUNS sets the rounds (default 9).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  ScenarioResult,
  resultsTable,
  targetChecks,
  targetsTable,
  WarmPair,
} from './bench/bench-results';
import { machine, progress, roundCount } from './bench/machine';
import { BenchContext, runScenario, Sample } from './bench/scenario-run';
import { Scenario, SCENARIOS, SLOW_SERVER_DELAY_MS } from './bench/scenarios';
import { compileApps } from './support/compiled-apps';
import { PaletteEmulator } from 'cdktf-palette-credentials';

const APPS_DIR = path.join(__dirname, 'bench', 'apps');
const APP_SOURCES = ['plain-app.ts', 'credentials-app.ts', 'got-today-app.mts', 'workload.ts', 'report.ts'];
const ORG = 'bench-org';
const USERS = Array.from({ length: 10 }, (_, i) => `bench-${i}@palette.example`);

/** Extra back-to-back pairs of (a) and (c) in each round; see the top of this file. */
const WARM_PAIRS_PER_ROUND = 8;

async function main(): Promise<void> {
  const runs = roundCount(process.env.BENCH_RUNS, 9);
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const users = USERS.map((emailId) => ({ emailId, org: ORG, password }));
  const apps = compileApps(APP_SOURCES.map((file) => path.join(APPS_DIR, file)));
  const workRoot = mkdtempSync(path.join(tmpdir(), 'palette-bench-'));

  // Tokens of an hour: the warm cache stays warm however long the bench runs.
  const fastServer = await PaletteEmulator.start({ users, tokenTtlMinutes: 60 });
  const slowServer = await PaletteEmulator.start({
    users,
    tokenTtlMinutes: 60,
    responseDelayMs: SLOW_SERVER_DELAY_MS,
    // Ten logins at once exceed Palette's burst of 5 from one address; see the README.
    loginRateLimit: { perSecond: 100, burst: 10 },
  });
  try {
    const context: BenchContext = {
      apps,
      fastServer,
      slowServer,
      org: ORG,
      users: USERS,
      password,
      workRoot,
      warmCacheDir: path.join(workRoot, 'warm-cache'),
    };
    await measure(context, runs, await roundTripMs(fastServer));
  } finally {
    await Promise.all([fastServer.stop(), slowServer.stop()]);
    apps.remove();
    rmSync(workRoot, { recursive: true, force: true });
  }
}

async function measure(context: BenchContext, runs: number, roundTrip: number): Promise<void> {
  progress('Warming up: one untimed run of each scenario (it also fills the warm cache).');
  for (const scenario of SCENARIOS) {
    await runScenario(scenario, context);
  }

  const samples = new Map<string, Sample[]>(SCENARIOS.map((s) => [s.id, []]));
  const warmPairs: WarmPair[] = [];
  const [plain, warm] = ['a', 'c'].map((id) => SCENARIOS.find((s) => s.id === id)!);
  for (let run = 1; run <= runs; run++) {
    progress(`Round ${run} of ${runs}.`);
    for (const scenario of SCENARIOS) {
      samples.get(scenario.id)!.push(await runScenario(scenario, context));
    }
    for (let pair = 0; pair < WARM_PAIRS_PER_ROUND; pair++) {
      warmPairs.push(await runPair(plain, warm, pair % 2 === 1, context));
    }
  }

  const results: ScenarioResult[] = SCENARIOS.map((scenario) => ({
    scenario,
    samples: samples.get(scenario.id)!,
  }));
  const checks = targetChecks(results, roundTrip, warmPairs);
  process.stdout.write(
    [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; ${runs} runs per ` +
        `scenario, medians, and ${warmPairs.length} back-to-back pairs of (a) and (c); one ` +
        `loopback round trip to the emulator: ${roundTrip.toFixed(1)} ms.`,
      '',
      resultsTable(results),
      '',
      targetsTable(checks),
      '',
    ].join('\n'),
  );
  if (checks.some((check) => !check.met)) {
    process.stdout.write('Some targets were missed; see the table above.\n');
  }
}

/** Runs (a) and (c) back to back, (c) first when `swapped`. */
async function runPair(
  plain: Scenario,
  warm: Scenario,
  swapped: boolean,
  context: BenchContext,
): Promise<WarmPair> {
  if (swapped) {
    const warmSample = await runScenario(warm, context);
    return { plain: await runScenario(plain, context), warm: warmSample };
  }
  const plainSample = await runScenario(plain, context);
  return { plain: plainSample, warm: await runScenario(warm, context) };
}

/** The median time of a request to the emulator that does nothing, measured from here. */
async function roundTripMs(server: PaletteEmulator): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    await (await fetch(`${server.url}/v1/users/info`)).arrayBuffer();
    times.push(performance.now() - started);
  }
  await server.clearRequests();
  return times.sort((x, y) => x - y)[10];
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
