/*
 * The token cache across processes. Every synth here is a real `node app.js` process (the
 * compiled test/fixtures/cache-app.ts) against a real emulator in another process, with a cache
 * folder of its own on disk, and the emulator's request log says how each synth got its token.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppRun, CompiledApps, compileApps, runApp } from '../scripts/support/compiled-apps';
import { filesContaining } from '../scripts/support/secret-scan';
import { EmulatorRequest, PaletteEmulator, PaletteEmulatorOptions } from '../src';
import { cacheKey, parseEntry, SessionIdentity } from '../src/cache/cache-entry';
import { compiledScript } from '../src/internal/compiled-script';
import { decodeJwtClaims } from '../src/jwt/claims';

const ORG = 'Cache-Org';
const EMAIL = 'cache@palette.example';
const OTHER_EMAIL = 'other@palette.example';
// Found anywhere in the cache, it proves a leak: no code path has a reason to write it.
const PASSWORD = `pw-marker-${randomBytes(8).toString('hex')}`;
const LOGIN = '/v1/auth/authenticate';
const REFRESH = '/v1/auth/refresh/{token}';

let apps: CompiledApps;
let emulator: PaletteEmulator;
const scratch: string[] = [];

beforeAll(async () => {
  apps = compileApps([path.join(__dirname, 'fixtures', 'cache-app.ts')]);
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.stop();
  apps?.remove();
  scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function startEmulator(options: PaletteEmulatorOptions = {}): Promise<PaletteEmulator> {
  const users = [EMAIL, OTHER_EMAIL].map((emailId) => ({ emailId, org: ORG, password: PASSWORD }));
  return PaletteEmulator.start({ users, ...options });
}

function newDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `palette-${prefix}-`));
  scratch.push(dir);
  return dir;
}

/** A cache folder that does not exist yet, as on a machine that never synthesized. */
function emptyCache(): string {
  return path.join(newDir('cache'), 'cdktf-palette-credentials');
}

interface Synth {
  readonly run: AppRun;
  /** The synthesized stack, byte for byte. */
  readonly config: string;
  /** The token the stack carries. */
  readonly token: string;
}

interface SynthOptions {
  readonly cacheDir: string;
  readonly server?: PaletteEmulator;
  readonly emailId?: string;
  readonly password?: string;
  readonly env?: NodeJS.ProcessEnv;

  /**
   * The working directory. cdktf writes the local state path, an absolute path below it, into
   * every stack: synths compared byte for byte must run in the same one, as a user's do.
   */
  readonly cwd?: string;
}

async function synth(options: SynthOptions): Promise<Synth> {
  const workDir = newDir('synth');
  const cwd = options.cwd ?? workDir;
  const run = await runApp(apps.scripts['cache-app'], cwd, appEnvironment(options, workDir));
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return readStack(run, workDir);
}

/** The app's environment; its `cdktf.out/` goes to `outRoot`. */
function appEnvironment(options: SynthOptions, outRoot: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SPECTROCLOUD_HOST: (options.server ?? emulator).url,
    SPECTROCLOUD_ORG: ORG,
    SPECTROCLOUD_USERNAME: options.emailId ?? EMAIL,
    SPECTROCLOUD_PASSWORD: options.password ?? PASSWORD,
    PALETTE_CREDENTIALS_CACHE_DIR: options.cacheDir,
    CDKTF_OUTDIR: path.join(outRoot, 'cdktf.out'),
    ...options.env,
  };
}

function readStack(run: AppRun, outRoot: string): Synth {
  const file = path.join(outRoot, 'cdktf.out', 'stacks', 'credentials', 'cdk.tf.json');
  const config = readFileSync(file, 'utf8');
  const input = JSON.parse(config).resource.terraform_data['uses-token'].input;
  const token = /^\$\{sensitive\("(.+)"\)\}$/.exec(input.Authorization)?.[1] ?? '';
  return { run, config, token };
}

function jti(token: string): unknown {
  return decodeJwtClaims(token)?.jti;
}

function identity(server: PaletteEmulator = emulator, emailId = EMAIL): SessionIdentity {
  return { endpoint: server.url, org: ORG, emailId };
}

function entryFile(cacheDir: string, server?: PaletteEmulator, emailId?: string): string {
  return path.join(cacheDir, `${cacheKey(identity(server, emailId))}.json`);
}

/** A file's permission bits in octal, for example `600`. */
function permissions(file: string): string {
  return (statSync(file).mode % 0o1000).toString(8);
}

/** The requests since the last call, as `METHOD path status`, for readable failures. */
async function requestsSince(server: PaletteEmulator = emulator): Promise<string[]> {
  const requests = await server.requests();
  await server.clearRequests();
  return requests.map((r: EmulatorRequest) => `${r.method} ${r.path} ${r.status}`);
}

beforeEach(async () => {
  await emulator.clearRequests();
});

describe('a warm token cache', () => {
  test('serves the next synth without a request, and both write byte-identical stacks', async () => {
    const cacheDir = emptyCache();
    const cwd = newDir('project');

    const first = await synth({ cacheDir, cwd });
    const cold = await requestsSince();
    const second = await synth({ cacheDir, cwd });
    const warm = await requestsSince();

    expect(cold).toEqual([`POST ${LOGIN} 200`]);
    expect(warm).toEqual([]);
    // Compared as booleans throughout, so that a failure never prints a token.
    expect(second.config === first.config).toBe(true);
    expect(jti(second.token)).toBeDefined();
  });

  test('lets 20 synth processes started at once against an empty cache log in once', async () => {
    const cacheDir = emptyCache();
    const cwd = newDir('project');

    const synths = await Promise.all(Array.from({ length: 20 }, () => synth({ cacheDir, cwd })));

    expect(await requestsSince()).toEqual([`POST ${LOGIN} 200`]);
    expect(new Set(synths.map((s) => s.config)).size).toBe(1);
  });

  test('keeps one entry per user, so that two users never share a token', async () => {
    const cacheDir = emptyCache();

    const mine = await synth({ cacheDir });
    const theirs = await synth({ cacheDir, emailId: OTHER_EMAIL });

    expect(await requestsSince()).toEqual([`POST ${LOGIN} 200`, `POST ${LOGIN} 200`]);
    expect(theirs.token === mine.token).toBe(false);
    expect(existsSync(entryFile(cacheDir, emulator, OTHER_EMAIL))).toBe(true);
  });
});

describe('a token near its expiry', () => {
  // Tokens of a minute, so that a wait of a few seconds brings one below the minimum validity.
  const SHORT_LIVED = { tokenTtlMinutes: 1 };

  test('is renewed with one refresh and no password login', async () => {
    const server = await startEmulator(SHORT_LIVED);
    try {
      const cacheDir = emptyCache();
      const first = await synth({ cacheDir, server, env: { FIXTURE_MIN_VALIDITY: '30' } });
      await requestsSince(server);
      await sleep(3_000);

      const second = await synth({ cacheDir, server, env: { FIXTURE_MIN_VALIDITY: '58' } });

      const log = await server.requests();
      expect(log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET ${REFRESH} 200`]);
      expect(log[0].tokenId).toBe(jti(first.token));
      expect(log[0].issuedTokenId).toBe(jti(second.token));
    } finally {
      await server.stop();
    }
  });

  test('falls back to a password login when the session has timed out', async () => {
    const server = await startEmulator({ ...SHORT_LIVED, sessionTimeoutMinutes: 0.05 });
    try {
      const cacheDir = emptyCache();
      await synth({ cacheDir, server, env: { FIXTURE_MIN_VALIDITY: '30' } });
      await requestsSince(server);
      await sleep(3_500);

      await synth({ cacheDir, server, env: { FIXTURE_MIN_VALIDITY: '58' } });

      expect(await requestsSince(server)).toEqual([`GET ${REFRESH} 401`, `POST ${LOGIN} 200`]);
    } finally {
      await server.stop();
    }
  });

  test('is not refreshed once it has expired: the synth logs in', async () => {
    const server = await startEmulator({ tokenTtlMinutes: 4 / 60 });
    try {
      const cacheDir = emptyCache();
      await synth({ cacheDir, server, env: { FIXTURE_MIN_VALIDITY: '1' } });
      await requestsSince(server);
      await sleep(4_500);

      await synth({ cacheDir, server, env: { FIXTURE_MIN_VALIDITY: '1' } });

      expect(await requestsSince(server)).toEqual([`POST ${LOGIN} 200`]);
    } finally {
      await server.stop();
    }
  });
});

describe('cache files', () => {
  test('are 0600 in a 0700 folder even under umask 000, and hold no password', () => {
    const cacheDir = emptyCache();
    const workDir = newDir('synth');

    const run = spawnSync(
      '/bin/sh',
      ['-c', 'umask 000 && exec "$0" "$1"', process.execPath, apps.scripts['cache-app']],
      { cwd: workDir, env: appEnvironment({ cacheDir }, workDir), encoding: 'utf8' },
    );

    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(permissions(cacheDir)).toBe('700');
    expect(readdirSync(cacheDir)).toEqual([path.basename(entryFile(cacheDir))]);
    expect(permissions(entryFile(cacheDir))).toBe('600');
    expect(filesContaining(cacheDir, PASSWORD)).toEqual([]);
    expect(readdirSync(cacheDir).join()).not.toContain(PASSWORD);
  });

  test('tightens a cache folder that others could open to 0700', async () => {
    const cacheDir = emptyCache();
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);

    await synth({ cacheDir });

    expect(permissions(cacheDir)).toBe('700');
  });

  const foreignFiles: Array<[string, (file: string, cacheDir: string) => Promise<void>]> = [
    ['corrupted', async (file) => writeFileSync(file, '{"format": "cdktf-palette-cre', { mode: 0o600 })],
    ['of another version', async (file, cacheDir) => {
      await synth({ cacheDir });
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...entry, version: 99 }), { mode: 0o600 });
    }],
    ['for another user', async (file, cacheDir) => {
      await synth({ cacheDir, emailId: OTHER_EMAIL });
      const theirs = readFileSync(entryFile(cacheDir, emulator, OTHER_EMAIL));
      writeFileSync(file, theirs, { mode: 0o600 });
    }],
    ['readable by other users', async (file, cacheDir) => {
      await synth({ cacheDir });
      chmodSync(file, 0o644);
    }],
  ];

  test.each(foreignFiles)('that are %s are ignored and replaced', async (_, plant) => {
    const cacheDir = emptyCache();
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const file = entryFile(cacheDir);
    await plant(file, cacheDir);
    const planted = readFileSync(file, 'utf8');
    await requestsSince();

    const next = await synth({ cacheDir });

    expect(await requestsSince()).toEqual([`POST ${LOGIN} 200`]);
    const replaced = readFileSync(file, 'utf8');
    expect(replaced === planted).toBe(false);
    expect(parseEntry(replaced, identity())?.token === next.token).toBe(true);
    expect(permissions(file)).toBe('600');
  });

  test('are not written when the login fails', async () => {
    const cacheDir = emptyCache();
    const workDir = newDir('synth');
    const options = { cacheDir, password: 'wrong-password' };

    const run = await runApp(apps.scripts['cache-app'], workDir, appEnvironment(options, workDir));

    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/code: 'INVALID_CREDENTIALS'/);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });
});

describe('turning the cache off', () => {
  test.each([
    ['the cache prop', { FIXTURE_CACHE_PROP: 'false' }],
    ['PALETTE_CREDENTIALS_CACHE=off', { PALETTE_CREDENTIALS_CACHE: 'off' }],
  ])('with %s makes every synth log in and writes nothing', async (_, env) => {
    const cacheDir = emptyCache();

    await synth({ cacheDir, env });
    await synth({ cacheDir, env });

    expect(await requestsSince()).toEqual([`POST ${LOGIN} 200`, `POST ${LOGIN} 200`]);
    expect(existsSync(cacheDir)).toBe(false);
  });

  test('fails if PALETTE_CREDENTIALS_CACHE is not a known word, before any request', async () => {
    const workDir = newDir('synth');
    const env = { PALETTE_CREDENTIALS_CACHE: 'disabled' };
    const options = { cacheDir: emptyCache(), env };

    const run = await runApp(apps.scripts['cache-app'], workDir, appEnvironment(options, workDir));

    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/PALETTE_CREDENTIALS_CACHE is "disabled"; set it to "off"/);
    expect(await requestsSince()).toEqual([]);
  });
});

describe('palette-credentials cache clear', () => {
  test('deletes every cache entry, says how many, and leaves other files alone', async () => {
    const cacheDir = emptyCache();
    const { token } = await synth({ cacheDir });
    await synth({ cacheDir, emailId: OTHER_EMAIL });
    writeFileSync(path.join(cacheDir, 'notes.txt'), 'not ours');
    await requestsSince();

    const cli = spawnSync(process.execPath, [compiledScript('cli/main.js'), 'cache', 'clear'], {
      env: { ...process.env, PALETTE_CREDENTIALS_CACHE_DIR: cacheDir },
      encoding: 'utf8',
    });

    expect(cli.status).toBe(0);
    expect(cli.stdout).toBe(`Removed 2 cache entries (tokens and API keys) from ${cacheDir}.\n`);
    expect(cli.stdout.includes(token)).toBe(false);
    expect(readdirSync(cacheDir)).toEqual(['notes.txt']);
    await synth({ cacheDir });
    expect(await requestsSince()).toEqual([`POST ${LOGIN} 200`]);
  });
});
