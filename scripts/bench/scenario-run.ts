import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { AppReport } from './apps/report';
import { Scenario } from './scenarios';
import { CompiledApps, runApp } from '../support/compiled-apps';
import type { PaletteEmulator } from 'cdktf-palette-credentials';

/** What one synth process of a scenario cost. */
export interface Sample {
  readonly wallMs: number;
  readonly maxRssKb: number;
  /** Password logins and refreshes the emulator answered during the run. */
  readonly logins: number;
  readonly refreshes: number;
  readonly loginMs?: number;
}

/** Everything the runs of all scenarios share. */
export interface BenchContext {
  readonly apps: CompiledApps;
  /** The emulator that answers at once, and the one that answers after the scenario delay. */
  readonly fastServer: PaletteEmulator;
  readonly slowServer: PaletteEmulator;
  readonly org: string;
  readonly users: readonly string[];
  readonly password: string;
  /** Where runs create their working folders. */
  readonly workRoot: string;
  /** The cache that the warm scenario reads; filled by its first, untimed run. */
  readonly warmCacheDir: string;
}

/**
 * Runs one synth process of `scenario` and measures it: wall time from spawn to exit as the
 * parent sees it, peak RSS as the child reports it, and requests from the emulator's log.
 */
export async function runScenario(scenario: Scenario, context: BenchContext): Promise<Sample> {
  const server = scenario.slowServer ? context.slowServer : context.fastServer;
  const workDir = mkdtempSync(path.join(context.workRoot, `${scenario.id}-`));
  const reportFile = path.join(workDir, 'report.json');
  try {
    await server.clearRequests();
    const run = await runApp(
      context.apps.scripts[scenario.app],
      workDir,
      environment(scenario, context, server, workDir, reportFile),
    );
    if (run.status !== 0 || !existsSync(reportFile)) {
      throw new Error(
        `Scenario (${scenario.id}) failed (exit ${run.status}): ` +
          redact(run.stderr.split('\n').slice(0, 6).join('\n'), context.password),
      );
    }

    const requests = await server.requests();
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as AppReport;
    return {
      wallMs: run.wallMs,
      maxRssKb: report.maxRssKb,
      logins: requests.filter((r) => r.path === '/v1/auth/authenticate').length,
      refreshes: requests.filter((r) => r.path === '/v1/auth/refresh/{token}').length,
      loginMs: report.loginMs,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function environment(
  scenario: Scenario,
  context: BenchContext,
  server: PaletteEmulator,
  workDir: string,
  reportFile: string,
): NodeJS.ProcessEnv {
  const cacheDir = scenario.cache === 'warm'
    ? context.warmCacheDir
    : path.join(workDir, 'token-cache');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SPECTROCLOUD_HOST: server.url,
    SPECTROCLOUD_ORG: context.org,
    SPECTROCLOUD_USERNAME: context.users[0],
    SPECTROCLOUD_PASSWORD: context.password,
    PALETTE_CREDENTIALS_CACHE_DIR: cacheDir,
    CDKTF_OUTDIR: path.join(workDir, 'cdktf.out'),
    BENCH_STACKS: String(scenario.stacks),
    BENCH_USERS: context.users.slice(0, scenario.credentialSets).join(','),
    BENCH_MEASURE_LOGIN: scenario.measureLogin ? '1' : '0',
    BENCH_REPORT_FILE: reportFile,
  };
}

/** A failing app's output, minus anything that could be the password or a token. */
export function redact(text: string, password: string): string {
  return text
    .split(password).join('<password>')
    .replace(/eyJ[\w-]*\.[\w-]+\.[\w-]*/g, '<token>');
}
