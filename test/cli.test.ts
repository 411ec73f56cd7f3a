/*
 * `palette-credentials login` and `token`, run as the child processes a user or a pipeline
 * runs, against the emulator in a process of its own. The terminal case runs the command in a
 * real pseudo-terminal (util-linux `script`), not a faked `isTTY`.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PaletteEmulator } from '../src';
import { compiledScript } from '../src/internal/compiled-script';
import { decodeJwtClaims } from '../src/jwt/claims';

const ORG = 'Cli-Org';
const EMAIL = 'cli@palette.example';
const MFA_EMAIL = 'cli-mfa@palette.example';
// Found in any output, it proves a leak: no command has a reason to print it.
const PASSWORD = `pw-marker-${randomBytes(8).toString('hex')}`;
const LOGIN = '/v1/auth/authenticate';
/** A JWT anywhere in a text: its header is base64url JSON, so it starts with `eyJ`. */
const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/;
const CLI = compiledScript('cli/main.js');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

let emulator: PaletteEmulator;
let cacheRoot: string;

beforeAll(async () => {
  emulator = await PaletteEmulator.start({
    users: [
      { emailId: EMAIL, org: ORG, password: PASSWORD },
      { emailId: MFA_EMAIL, org: ORG, password: PASSWORD, mfa: true },
    ],
  });
  cacheRoot = mkdtempSync(path.join(tmpdir(), 'palette-cli-'));
});

beforeEach(async () => {
  await emulator.clearRequests();
});

afterAll(async () => {
  await emulator?.stop();
  rmSync(cacheRoot, { recursive: true, force: true });
});

/** The environment of a pipeline: settings in SPECTROCLOUD_*, a cache folder of the test's. */
function environment(overrides: NodeJS.ProcessEnv = {}, cache = 'shared'): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SPECTROCLOUD_HOST: emulator.url,
    SPECTROCLOUD_ORG: ORG,
    SPECTROCLOUD_USERNAME: EMAIL,
    SPECTROCLOUD_PASSWORD: PASSWORD,
    PALETTE_CREDENTIALS_CACHE_DIR: path.join(cacheRoot, cache),
    ...overrides,
  };
}

function cli(args: string[], env: NodeJS.ProcessEnv, input = ''): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Runs the command with stdin, stdout and stderr on a pseudo-terminal, as in a shell. */
function cliInTerminal(args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const command = [process.execPath, CLI, ...args].map((word) => `'${word}'`).join(' ');
  return spawnSync('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Whether any output of `run` holds the password or something shaped like a JWT. */
function leaks(run: SpawnSyncReturns<string>): string[] {
  const output = `${run.stdout}${run.stderr}`;
  return [
    ...(output.includes(PASSWORD) ? ['password'] : []),
    ...(JWT.test(output) ? ['token'] : []),
  ];
}

async function requests(): Promise<string[]> {
  return (await emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('palette-credentials login', () => {
  test('checks the password and prints user, org and expiry, never the token', async () => {
    const run = cli(['login'], environment({}, 'login'));

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Logged in to ${emulator.url} as ${EMAIL}\\.$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^ {2}org: +${ORG} \\(tenant uid [0-9a-f]+\\)$`, 'm'));
    expect(run.stdout).toMatch(/^ {2}token expires: \d{4}-\d\d-\d\dT[\d:.]+Z \(in 1[45] min\)$/m);
    expect(run.stdout).toMatch(/token is cached in .* for the next synth/);
    expect(leaks(run)).toEqual([]);
    expect(await requests()).toEqual([`POST ${LOGIN} 200`, 'GET /v1/users/info 200']);
  });

  test('sends the password even when the cache holds a token', async () => {
    const env = environment({}, 'login-warm');
    cli(['token'], env);
    await emulator.clearRequests();

    const run = cli(['login'], env);

    expect(run.status).toBe(0);
    expect(await requests()).toEqual([`POST ${LOGIN} 200`, 'GET /v1/users/info 200']);
  });

  test('reads the password from stdin with --password-stdin, and flags win over variables', async () => {
    const env = environment({
      SPECTROCLOUD_PASSWORD: undefined,
      SPECTROCLOUD_ORG: 'Not-The-Org',
      SPECTROCLOUD_USERNAME: 'nobody@palette.example',
    });

    const run = cli(['login', '--org', ORG, '--email', EMAIL, '--password-stdin'], env, `${PASSWORD}\n`);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`as ${EMAIL}\\.`));
    expect(leaks(run)).toEqual([]);
  });

  test('exits 1 when Palette rejects the password, without repeating it', async () => {
    const run = cli(['login'], environment({ SPECTROCLOUD_PASSWORD: `${PASSWORD}-wrong` }));

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/rejected the credentials \(401 Unauthorized\)/);
    expect(leaks(run)).toEqual([]);
    expect(await requests()).toEqual([`POST ${LOGIN} 401`]);
  });

  test('exits 1 for a user with MFA', async () => {
    const run = cli(['login'], environment({ SPECTROCLOUD_USERNAME: MFA_EMAIL }));

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/requires multi-factor authentication/);
  });

  test('exits 2, sending nothing, when the password is missing', async () => {
    const run = cli(['login'], environment({ SPECTROCLOUD_PASSWORD: undefined }));

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/No Palette password is configured: set SPECTROCLOUD_PASSWORD, or pipe it with --password-stdin/);
    expect(await requests()).toEqual([]);
  });

  test.each([
    ['--password VALUE', ['--password', PASSWORD]],
    ['--password=VALUE', [`--password=${PASSWORD}`]],
  ])('exits 2 for %s, without repeating the value, and sends nothing', async (_, args) => {
    const run = cli(['login', ...args], environment());

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/There is no --password option/);
    expect(leaks(run)).toEqual([]);
    expect(await requests()).toEqual([]);
  });

  test('exits 2 for an unknown option or an argument, without repeating either', async () => {
    const unknown = cli(['login', `--secret=${PASSWORD}`], environment());
    const positional = cli(['login', PASSWORD], environment());

    expect([unknown.status, positional.status]).toEqual([2, 2]);
    expect([...leaks(unknown), ...leaks(positional)]).toEqual([]);
  });

  test('exits 4 when Palette cannot be reached', async () => {
    const port = await closedPort();
    const env = environment({ SPECTROCLOUD_HOST: `http://127.0.0.1:${port}` });

    const run = cli(['login'], env);

    expect(run.status).toBe(4);
    expect(run.stderr).toMatch(/connection was refused \(ECONNREFUSED\)/);
  });
});

describe('palette-credentials token', () => {
  test('prints only the token and a newline into a pipe, from the cache once it holds one', async () => {
    const env = environment({}, 'token');

    const first = cli(['token'], env);
    const cold = await requests();
    await emulator.clearRequests();
    const second = cli(['token'], env);

    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    // Checked as booleans and claims, so that a failure never prints the token.
    expect(/^[\w-]+\.[\w-]+\.[\w-]+\n$/.test(first.stdout)).toBe(true);
    expect(decodeJwtClaims(first.stdout.trim())?.org).toBe(ORG);
    expect(second.stdout === first.stdout).toBe(true);
    expect(cold).toEqual([`POST ${LOGIN} 200`]);
    expect(await requests()).toEqual([]);
  });

  (hasScript ? test : test.skip)('exits 3 on a terminal, printing no token and sending nothing', async () => {
    const run = cliInTerminal(['token'], environment({}, 'terminal'));

    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/stdout is a terminal, so the token was not printed/);
    expect(leaks(run)).toEqual([]);
    expect(await requests()).toEqual([]);
  });

  (hasScript ? test : test.skip)('prints the token on a terminal with --allow-terminal', async () => {
    const run = cliInTerminal(['token', '--allow-terminal'], environment({}, 'terminal'));

    expect(run.status).toBe(0);
    expect(JWT.test(run.stdout)).toBe(true);
  });
});

describe('palette-credentials --help', () => {
  test('lists the commands and documents every exit code', () => {
    const run = cli(['--help'], environment());
    const tokenHelp = cli(['token', '--help'], environment());

    expect(run.status).toBe(0);
    for (const command of ['login', 'token', 'api-keys', 'emulator', 'cache']) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
    }
    for (const help of [run.stdout, tokenHelp.stdout]) {
      expect(help).toMatch(/^Exit codes:\n {2}0 .*\n {2}1 .*\n(.*\n)? {2}2 .*\n {2}3 .*\n {2}4 /m);
    }
  });
});
