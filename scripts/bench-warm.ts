/*
 * `npm run bench:warm`: where the time a warm-cache synth adds goes, and how much of it any
 * implementation would pay.
 *
 * `npm run bench` judges the warm-cache target on wall time, where the few milliseconds at stake
 * sit inside a synth of 230 to 300 ms that spreads by about 15% between runs. This script looks
 * inside the process instead. Each app reports, from its own clock, the time from cdktf loaded
 * to the `exit` event, in three parts: building the app (loading the library and creating the
 * constructs included), synth, and what runs between synth and exit (a scheduled garbage
 * collection, say). cdktf's synth-time validations are skipped in every app, since they run
 * `terraform version` in a child process: about 85 ms, the same in every app, and most of the
 * noise. Four apps, in turns, against the emulator on 127.0.0.1:
 *
 * - (a) the benchmark app without PaletteCredentials, as in `npm run bench`;
 * - (o) the same app plus, in each stack, what the issue asks of a warm synth (one sensitive
 *   token output and one use of the token), with the token a literal: cdktf's own price of it;
 * - (m) a minimal construct that reads a token from a file and adds the same output, checking
 *   nothing: about the least a library can cost;
 * - (c) PaletteCredentials with a warm cache, as in `npm run bench`.
 *
 * Each round runs every app once, in a rotating order, and the table gives medians and the
 * median of each round's difference to (a), with its 95% confidence interval.
 *
 * BENCH_RUNS sets the rounds (default 40). The token that (o) and (m) read is written to a file
 * in the run's temporary folder (mode 0600), which also holds the warm cache; the folder is
 * deleted at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AppReport } from './bench/apps/report';
import { machine, progress, roundCount } from './bench/machine';
import { redact } from './bench/scenario-run';
import { markdown, median, medianWithInterval, ms, percent } from './bench/statistics';
import { CompiledApps, compileApps, runApp } from './support/compiled-apps';
import { PaletteEmulator } from 'cdktf-palette-credentials';

const APPS_DIR = path.join(__dirname, 'bench', 'apps');
const ORG = 'bench-org';
const USER = 'bench-0@palette.example';

/** The apps compared, in the order of the table. */
const VARIANTS = [
  { id: 'a', app: 'plain-app', title: 'without PaletteCredentials (baseline)' },
  { id: 'o', app: 'literal-output-app', title: 'the same output and token use, the token a literal' },
  { id: 'm', app: 'minimal-construct-app', title: 'a minimal construct that reads a token file' },
  { id: 'c', app: 'credentials-app', title: 'PaletteCredentials, warm cache' },
] as const;

type VariantId = (typeof VARIANTS)[number]['id'];

/** One run of one app, as its report tells it, plus the wall time its parent saw. */
interface Run {
  readonly wallMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly beforeExitMs: number;
  readonly inProcessMs: number;
}

interface Context {
  readonly apps: CompiledApps;
  readonly emulator: PaletteEmulator;
  readonly password: string;
  readonly workRoot: string;
  readonly tokenFile: string;
}

async function main(): Promise<void> {
  const rounds = roundCount(process.env.BENCH_RUNS, 40);
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const apps = compileApps(
    [...VARIANTS.map((v) => `${v.app}.ts`), 'workload.ts', 'report.ts'].map((file) =>
      path.join(APPS_DIR, file),
    ),
  );
  const workRoot = mkdtempSync(path.join(tmpdir(), 'palette-bench-warm-'));
  const emulator = await PaletteEmulator.start({
    users: [{ emailId: USER, org: ORG, password }],
    tokenTtlMinutes: 60,
  });
  try {
    const tokenFile = path.join(workRoot, 'token');
    writeFileSync(tokenFile, await logIn(emulator, password), { mode: 0o600 });
    await measure({ apps, emulator, password, workRoot, tokenFile }, rounds);
  } finally {
    await emulator.stop();
    apps.remove();
    rmSync(workRoot, { recursive: true, force: true });
  }
}

async function measure(context: Context, rounds: number): Promise<void> {
  progress('Warming up: one untimed run of each app (it also fills the warm cache).');
  for (const variant of VARIANTS) {
    await runVariant(variant.id, context);
  }
  await context.emulator.clearRequests();

  const runs = new Map<VariantId, Run[]>(VARIANTS.map((v) => [v.id, []]));
  for (let round = 0; round < rounds; round++) {
    if (round % 10 === 0) {
      progress(`Round ${round + 1} of ${rounds}.`);
    }
    for (let turn = 0; turn < VARIANTS.length; turn++) {
      const { id } = VARIANTS[(round + turn) % VARIANTS.length];
      runs.get(id)!.push(await runVariant(id, context));
    }
  }
  const requests = (await context.emulator.requests()).length;
  if (requests !== 0) {
    throw new Error(`The warm-cache runs sent ${requests} requests; the cache was not warm.`);
  }

  process.stdout.write(
    [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; ${rounds} rounds, ` +
        "medians; cdktf's synth-time validations skipped in every app.",
      '',
      table(runs),
      '',
    ].join('\n'),
  );
}

function table(runs: ReadonlyMap<VariantId, readonly Run[]>): string {
  const baseline = runs.get('a')!;
  const rows = VARIANTS.map(({ id, title }) => {
    const own = runs.get(id)!;
    const cells = [
      `(${id}) ${title}`,
      ms(median(own.map((r) => r.buildMs)), 2),
      ms(median(own.map((r) => r.synthMs)), 2),
      ms(median(own.map((r) => r.beforeExitMs)), 2),
      ms(median(own.map((r) => r.inProcessMs)), 2),
    ];
    if (id === 'a') {
      return [...cells, '', ms(median(own.map((r) => r.wallMs))), ''];
    }
    const inProcess = medianWithInterval(
      own.map((r, i) => r.inProcessMs - baseline[i].inProcessMs),
    );
    const wall = medianWithInterval(own.map((r, i) => r.wallMs - baseline[i].wallMs));
    const plainWall = median(baseline.map((r) => r.wallMs));
    return [
      ...cells,
      `${ms(inProcess.median, 2)} (${ms(inProcess.low, 2)} to ${ms(inProcess.high, 2)})`,
      ms(median(own.map((r) => r.wallMs))),
      `${percent(wall.median / plainWall)} (${percent(wall.low / plainWall)} to ` +
        `${percent(wall.high / plainWall)})`,
    ];
  });
  return markdown(
    [
      'app',
      'build',
      'synth',
      'synth to exit',
      'in process',
      'in process vs (a), 95% CI',
      'wall',
      'wall vs (a), 95% CI',
    ],
    rows,
  );
}

async function runVariant(id: VariantId, context: Context): Promise<Run> {
  const variant = VARIANTS.find((v) => v.id === id)!;
  const workDir = mkdtempSync(path.join(context.workRoot, `${id}-`));
  const reportFile = path.join(workDir, 'report.json');
  try {
    const run = await runApp(context.apps.scripts[variant.app], workDir, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SPECTROCLOUD_HOST: context.emulator.url,
      SPECTROCLOUD_ORG: ORG,
      SPECTROCLOUD_USERNAME: USER,
      SPECTROCLOUD_PASSWORD: context.password,
      PALETTE_CREDENTIALS_CACHE_DIR: path.join(context.workRoot, 'warm-cache'),
      CDKTF_OUTDIR: path.join(workDir, 'cdktf.out'),
      BENCH_USERS: USER,
      BENCH_SKIP_VALIDATION: '1',
      BENCH_TOKEN_FILE: context.tokenFile,
      BENCH_REPORT_FILE: reportFile,
    });
    if (run.status !== 0) {
      throw new Error(
        `App (${id}) failed (exit ${run.status}): ` +
          redact(run.stderr.split('\n').slice(0, 6).join('\n'), context.password),
      );
    }
    const { phases } = JSON.parse(readFileSync(reportFile, 'utf8')) as AppReport;
    return {
      wallMs: run.wallMs,
      buildMs: phases.build,
      synthMs: phases.synth,
      beforeExitMs: phases.beforeExit,
      inProcessMs: phases.build + phases.synth + phases.beforeExit,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** A token for (o) and (m), from the emulator's login endpoint. */
async function logIn(emulator: PaletteEmulator, password: string): Promise<string> {
  const response = await fetch(`${emulator.url}/v1/auth/authenticate?setCookie=false`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailId: USER, org: ORG, password }),
  });
  if (!response.ok) {
    throw new Error(`The emulator refused the bench's login (HTTP ${response.status}).`);
  }
  return ((await response.json()) as { Authorization: string }).Authorization;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:warm failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
