/*
 * A failed login fails the synth run. The app runs in a child process the way `cdktf synth`
 * runs it (ts-node on the app's main.ts, CDKTF_OUTDIR set); cdktf-cli itself is not installed
 * here, so its own printing of the error is not exercised.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PaletteEmulator } from '../src';
import { PROCESS_EXIT_MARKER } from './support/forbid-process-exit';
import { TS_NODE_ARGS, TS_NODE_ENV } from './support/loopback-server';

const REPO_ROOT = path.resolve(__dirname, '..');
const APP = path.join(REPO_ROOT, 'test', 'fixtures', 'failing-synth', 'main.ts');
const PRELOAD = path.join(REPO_ROOT, 'test', 'support', 'forbid-process-exit.ts');
const USER = { emailId: 'synth@palette.example', org: 'Synth-Org', password: 'synth-marker-pw' };

let emulator: PaletteEmulator;
const workDirs: string[] = [];

beforeAll(async () => {
  emulator = await PaletteEmulator.start({ users: [USER] });
});

afterAll(async () => {
  await emulator?.stop();
  workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** Runs the fixture app in a fresh folder and lists the files it left there. */
function synth(env: Record<string, string>) {
  const workDir = mkdtempSync(path.join(tmpdir(), 'palette-failing-synth-'));
  workDirs.push(workDir);
  const outdir = path.join(workDir, 'cdktf.out');
  const run = spawnSync(process.execPath, [...TS_NODE_ARGS, '--require', PRELOAD, APP], {
    cwd: workDir,
    env: {
      ...process.env,
      ...TS_NODE_ENV,
      CDKTF_OUTDIR: outdir,
      SPECTROCLOUD_HOST: emulator.url,
      SPECTROCLOUD_ORG: USER.org,
      SPECTROCLOUD_USERNAME: USER.emailId,
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const files = readdirSync(workDir, { recursive: true }).map(String);
  return { ...run, files };
}

test('writes every stack when the login succeeds', () => {
  const run = synth({ SPECTROCLOUD_PASSWORD: USER.password });

  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.files.filter((file) => file.endsWith('cdk.tf.json')).sort()).toEqual([
    path.join('cdktf.out', 'stacks', 'consumer', 'cdk.tf.json'),
    path.join('cdktf.out', 'stacks', 'credentials', 'cdk.tf.json'),
    path.join('cdktf.out', 'stacks', 'unrelated', 'cdk.tf.json'),
  ]);
});

test.each([
  {
    problem: 'a rejected password',
    env: { SPECTROCLOUD_PASSWORD: 'wrong-marker-pw' },
    shown: /PaletteLoginRejectedError: .*rejected the credentials \(401 Unauthorized\)/,
    code: 'INVALID_CREDENTIALS',
  },
  {
    problem: 'an unreachable host',
    env: { SPECTROCLOUD_PASSWORD: USER.password, SPECTROCLOUD_HOST: 'http://127.0.0.1:9' },
    // cdktf prefixes errors thrown while it resolves tokens with "Resolution error: ".
    shown: /PaletteConnectionError: (Resolution error: )?Could not connect to Palette at http/,
    code: 'CONNECTION_REFUSED',
  },
  {
    problem: 'a blank org',
    env: { SPECTROCLOUD_PASSWORD: USER.password, SPECTROCLOUD_ORG: ' ' },
    shown: /PaletteConfigurationError: The Palette org is empty/,
    code: 'EMPTY_SETTING',
  },
])('fails the synth on $problem: non-zero exit, error shown, no stack', ({ env, shown, code }) => {
  const run = synth(env);

  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(shown);
  expect(run.stderr).toMatch(new RegExp(`code: '${code}'`));
  expect(run.files.filter((file) => file.endsWith('.tf.json'))).toEqual([]);
  expect(run.stderr).not.toContain(PROCESS_EXIT_MARKER);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/wrong-marker-pw|synth-marker-pw/);
});
