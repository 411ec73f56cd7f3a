import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { contractViolations, OPENAPI_FIXTURE } from './support/openapi';
import { startEmulatorServer } from '../src/emulator/emulator-server';
import { PaletteEmulator } from '../src/emulator/palette-emulator';
import { EmulatorUser } from '../src/emulator/palette-emulator-options';
import { PaletteConfigurationError } from '../src/errors';
import { compiledScript } from '../src/internal/compiled-script';
import { decodeJwtClaims } from '../src/jwt/claims';

// A password no code path has a reason to print, so finding it anywhere proves a leak.
const PASSWORD = `pw-marker-${randomBytes(8).toString('hex')}`;

const ALICE: EmulatorUser = { emailId: 'alice@example.test', org: 'Acme-Org', password: PASSWORD };
const MFA_USER: EmulatorUser = {
  emailId: 'mfa@example.test',
  org: 'Acme-Org',
  password: PASSWORD,
  mfa: true,
};
const VICTIM: EmulatorUser = {
  emailId: 'victim@example.test',
  org: 'Acme-Org',
  password: PASSWORD,
};

const TOKEN_TTL_MINUTES = 30;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

let lastLoginAt = 0;

/**
 * Logs in at most about nine times a second, below Palette's limit of ten, so that only the test
 * aimed at the rate limit ever meets it.
 */
async function login(baseUrl: string, body: unknown, query = '?setCookie=false'): Promise<Answer> {
  const wait = lastLoginAt + 110 - Date.now();
  if (wait > 0) {
    await sleep(wait);
  }
  lastLoginAt = Date.now();
  return call(`${baseUrl}/v1/auth/authenticate${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function usersInfo(baseUrl: string, authorization?: string): Promise<Answer> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return call(`${baseUrl}/v1/users/info`, { headers });
}

function refresh(baseUrl: string, token: string, query = '?setCookie=false'): Promise<Answer> {
  return call(`${baseUrl}/v1/auth/refresh/${encodeURIComponent(token)}${query}`);
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function expectV1Error(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(contractViolations('v1Error', answer.body)).toEqual([]);
  expect(answer.body.code).toBe(code);
}

function claimsOf(token: string): Record<string, unknown> {
  const claims = decodeJwtClaims(token);
  expect(claims).toBeDefined();
  return claims as Record<string, unknown>;
}

describe('PaletteEmulator in a child process', () => {
  let emulator: PaletteEmulator;

  beforeAll(async () => {
    emulator = await PaletteEmulator.start({
      users: [ALICE, MFA_USER, VICTIM],
      tokenTtlMinutes: TOKEN_TTL_MINUTES,
    });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  test('listens on 127.0.0.1 only, at the URL it reports', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('answers a login with a v1UserToken whose JWT lives the configured TTL', async () => {
    const answer = await login(emulator.url, ALICE);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(contractViolations('v1UserToken', answer.body)).toEqual([]);
    expect(answer.body.isMfa).toBe(false);
    const claims = claimsOf(answer.body.Authorization);
    expect(claims).toEqual(
      expect.objectContaining({
        org: ALICE.org,
        sub: expect.any(String),
        sid: expect.any(String),
        jti: expect.any(String),
        tenantUid: expect.any(String),
      }),
    );
    expect(Number(claims.exp) - Number(claims.iat)).toBe(TOKEN_TTL_MINUTES * 60);
    expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(60);
  });

  test('fails if the password is wrong: 401 with a v1Error body', async () => {
    const answer = await login(emulator.url, { ...ALICE, password: `${PASSWORD}x` });

    expectV1Error(answer, 401, 'Unauthorized');
    expect(answer.body.ref).not.toBe('');
    expect(JSON.stringify(answer.body)).not.toContain(PASSWORD);
  });

  test('fails if the org differs only in case: the org is matched byte for byte', async () => {
    const answer = await login(emulator.url, { ...ALICE, org: ALICE.org.toLowerCase() });

    expectV1Error(answer, 401, 'Unauthorized');
  });

  test('fails if a login field is missing or not a string: 400 v1Error', async () => {
    const missingOrg = await login(emulator.url, { emailId: ALICE.emailId, password: PASSWORD });
    const numericPassword = await login(emulator.url, { ...ALICE, password: 1234 });
    const notJson = await call(`${emulator.url}/v1/auth/authenticate?setCookie=false`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"emailId":',
    });

    expectV1Error(missingOrg, 400, 'BadRequest');
    expect(missingOrg.body.message).toContain('org');
    expectV1Error(numericPassword, 400, 'BadRequest');
    expectV1Error(notJson, 400, 'BadRequest');
  });

  test('answers isMfa true for an MFA account, with a token every endpoint refuses', async () => {
    const answer = await login(emulator.url, MFA_USER);

    expect(answer.status).toBe(200);
    expect(contractViolations('v1UserToken', answer.body)).toEqual([]);
    expect(answer.body.isMfa).toBe(true);
    expectV1Error(await usersInfo(emulator.url, answer.body.Authorization), 401, 'Unauthorized');
    expectV1Error(await refresh(emulator.url, answer.body.Authorization), 401, 'Unauthorized');
  });

  test('answers users/info for a raw JWT with a valid v1UserInfo', async () => {
    const token = (await login(emulator.url, ALICE)).body.Authorization as string;
    const claims = claimsOf(token);

    const answer = await usersInfo(emulator.url, token);

    expect(answer.status).toBe(200);
    expect(contractViolations('v1UserInfo', answer.body)).toEqual([]);
    expect(answer.body).toEqual({
      orgName: ALICE.org,
      tenantUid: claims.tenantUid,
      userUid: claims.sub,
    });
  });

  test('fails if users/info gets a Bearer prefix, no header or a forged token', async () => {
    const token = (await login(emulator.url, ALICE)).body.Authorization as string;
    const [header, payload] = token.split('.');
    const wrongSignature = Buffer.from('not the signature').toString('base64url');
    const forged = `${header}.${payload}.${wrongSignature}`;

    expectV1Error(await usersInfo(emulator.url, `Bearer ${token}`), 401, 'Unauthorized');
    expectV1Error(await usersInfo(emulator.url), 401, 'Unauthorized');
    expectV1Error(await usersInfo(emulator.url, forged), 401, 'Unauthorized');
    expectV1Error(await usersInfo(emulator.url, 'garbage'), 401, 'Unauthorized');
  });

  test('refreshes a token into a new one of the same session, with an exp as late', async () => {
    const token = (await login(emulator.url, ALICE)).body.Authorization as string;
    const before = claimsOf(token);

    const answer = await refresh(emulator.url, token);

    expect(answer.status).toBe(200);
    expect(contractViolations('v1UserToken', answer.body)).toEqual([]);
    expect(answer.body.isMfa).toBe(false);
    const after = claimsOf(answer.body.Authorization);
    expect(after.sid).toBe(before.sid);
    expect(after.jti).not.toBe(before.jti);
    expect(Number(after.exp)).toBeGreaterThanOrEqual(Number(before.exp));
    expect((await usersInfo(emulator.url, answer.body.Authorization)).status).toBe(200);
  });

  test('fails if refresh gets garbage or a token with a tampered payload', async () => {
    const token = (await login(emulator.url, ALICE)).body.Authorization as string;
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3600 }));
    const tampered = `${header}.${longer.toString('base64url')}.${signature}`;

    expectV1Error(await refresh(emulator.url, 'garbage'), 401, 'Unauthorized');
    expectV1Error(await refresh(emulator.url, tampered), 401, 'Unauthorized');
  });

  test('sets a cookie unless setCookie=false, since the real server defaults to one', async () => {
    const withCookie = await login(emulator.url, ALICE, '');
    const withoutCookie = await login(emulator.url, ALICE, '?setCookie=false');

    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get('set-cookie')).toMatch(/^Authorization=/);
    expect(withoutCookie.status).toBe(200);
    expect(withoutCookie.headers.get('set-cookie')).toBeNull();
  });

  test('answers 404 v1Error for an unknown route and 405 for a wrong method', async () => {
    const unknown = await call(`${emulator.url}/v1/clusters`);
    const wrongMethod = await call(`${emulator.url}/v1/auth/authenticate`);

    expectV1Error(unknown, 404, 'NotFound');
    expectV1Error(wrongMethod, 405, 'MethodNotAllowed');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  test('suspends an account after five failed logins, even for the right password', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const failed = await login(emulator.url, { ...VICTIM, password: 'wrong' });
      expectV1Error(failed, 401, 'Unauthorized');
    }

    const rightPassword = await login(emulator.url, VICTIM);
    const otherAccount = await login(emulator.url, ALICE);

    expectV1Error(rightPassword, 401, 'Unauthorized');
    expect(otherAccount.status).toBe(200);
  });

  test('logs token ids and never a password or a token', async () => {
    await emulator.clearRequests();
    const issued = (await login(emulator.url, ALICE)).body.Authorization as string;
    await usersInfo(emulator.url, issued);
    const refreshed = (await refresh(emulator.url, issued)).body.Authorization as string;
    await call(`${emulator.url}/v1/misdirected/${issued}?password=${PASSWORD}`);
    await call(`${emulator.url}/v1/misdirected/${PASSWORD}`);

    const log = await emulator.requests();

    const issuedId = claimsOf(issued).jti;
    const refreshedId = claimsOf(refreshed).jti;
    expect(log.map(({ at, ...entry }) => entry)).toEqual([
      {
        method: 'POST',
        path: '/v1/auth/authenticate',
        status: 200,
        credentialKind: 'none',
        setCookie: false,
        issuedTokenId: issuedId,
        emailId: ALICE.emailId,
      },
      {
        method: 'GET',
        path: '/v1/users/info',
        status: 200,
        credentialKind: 'jwt',
        tokenId: issuedId,
      },
      {
        method: 'GET',
        path: '/v1/auth/refresh/{token}',
        status: 200,
        credentialKind: 'jwt',
        setCookie: false,
        tokenId: issuedId,
        issuedTokenId: refreshedId,
      },
      { method: 'GET', path: '/v1/misdirected/{token}', status: 404, credentialKind: 'none' },
      { method: 'GET', path: '/v1/misdirected/{redacted}', status: 404, credentialKind: 'none' },
    ]);
    expect(Number.isNaN(Date.parse(log[0].at))).toBe(false);
    const serialized = JSON.stringify(log);
    for (const secret of [PASSWORD, issued, refreshed, issued.split('.')[2]]) {
      expect(serialized).not.toContain(secret);
    }
  });

  test('forgets the logged requests on clearRequests()', async () => {
    await usersInfo(emulator.url);
    expect((await emulator.requests()).length).toBeGreaterThan(0);

    await emulator.clearRequests();

    expect(await emulator.requests()).toEqual([]);
  });

  test('keeps the password out of its process command line and environment', () => {
    const procfs = '/proc';
    const emulators = readdirSync(procfs)
      .filter((entry) => /^\d+$/.test(entry))
      .map((pid) => ({ pid, cmdline: readProcFile(`${procfs}/${pid}/cmdline`) }))
      .filter(({ cmdline }) => cmdline.includes('cli/main.js') && cmdline.includes('emulator'));

    expect(emulators.length).toBeGreaterThan(0);
    for (const { pid, cmdline } of emulators) {
      expect(cmdline).not.toContain(PASSWORD);
      expect(readProcFile(`${procfs}/${pid}/environ`)).not.toContain(PASSWORD);
    }
  });
});

function readProcFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

describe('PaletteEmulator lifecycle and options', () => {
  test('stops its child process: the URL refuses connections afterwards', async () => {
    const emulator = await PaletteEmulator.start();
    expect(
      (
        await login(emulator.url, {
          emailId: PaletteEmulator.DEMO_EMAIL_ID,
          org: PaletteEmulator.DEMO_ORG,
          password: PaletteEmulator.DEMO_PASSWORD,
        })
      ).status,
    ).toBe(200);

    await emulator.stop();
    await emulator.stop();

    await expect(fetch(`${emulator.url}/v1/users/info`)).rejects.toThrow();
  });

  test('fails if the port is taken, with code EMULATOR_START_FAILED and the reason', async () => {
    const first = await PaletteEmulator.start();
    try {
      const port = Number(new URL(first.url).port);

      const startedAt = Date.now();
      const second = PaletteEmulator.start({ port, users: [ALICE] });

      await expect(second).rejects.toMatchObject({ code: 'EMULATOR_START_FAILED' });
      // The child reports the failure and exits at once instead of running into the timeout.
      expect(Date.now() - startedAt).toBeLessThan(5000);
      await expect(second).rejects.toThrow('EADDRINUSE');
      await second.catch((error: Error) => expect(error.message).not.toContain(PASSWORD));
    } finally {
      await first.stop();
    }
  });

  test('its child ends when the process that started it is killed: no orphan', async () => {
    const library = JSON.stringify(compiledScript('emulator/palette-emulator.js'));
    const starter = spawn(
      process.execPath,
      [
        '-e',
        [
          `const { PaletteEmulator } = require(${library});`,
          'PaletteEmulator.start().then((emulator) => {',
          '  console.log(emulator.url);',
          '  setInterval(() => undefined, 1000);',
          '});',
        ].join('\n'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const url = await new Promise<string>((resolve) => {
      starter.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
    });
    expect((await call(`${url}/__emulator/requests`)).status).toBe(200);

    starter.kill('SIGKILL');

    const deadline = Date.now() + 5000;
    let stillAnswering = true;
    while (stillAnswering && Date.now() < deadline) {
      await sleep(100);
      stillAnswering = await fetch(`${url}/__emulator/requests`).then(
        () => true,
        () => false,
      );
    }
    expect(stillAnswering).toBe(false);
  });

  test('fails if a user is incomplete, naming the setting and never the password', async () => {
    const start = PaletteEmulator.start({ users: [{ ...ALICE, emailId: '' }] });

    await expect(start).rejects.toThrow(PaletteConfigurationError);
    await expect(start).rejects.toThrow('users[0].emailId');
    await start.catch((error: Error) => {
      expect(`${error.message}\n${error.stack}`).not.toContain(PASSWORD);
    });
  });

  test('fails if the token lifetime or port is out of range', async () => {
    await expect(PaletteEmulator.start({ tokenTtlMinutes: 0 })).rejects.toThrow('tokenTtlMinutes');
    await expect(PaletteEmulator.start({ tokenTtlMinutes: 1441 })).rejects.toThrow('1440');
    await expect(PaletteEmulator.start({ port: 70000 })).rejects.toThrow('port');
  });

  test('answers 429 TooManyRequests with Retry-After: 1 to a burst beyond the limit', async () => {
    const emulator = await PaletteEmulator.start();
    try {
      const body = JSON.stringify({
        emailId: PaletteEmulator.DEMO_EMAIL_ID,
        org: PaletteEmulator.DEMO_ORG,
        password: PaletteEmulator.DEMO_PASSWORD,
      });
      const burst = await Promise.all(
        Array.from({ length: 20 }, () =>
          call(`${emulator.url}/v1/auth/authenticate?setCookie=false`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          }),
        ),
      );

      const limited = burst.filter((answer) => answer.status === 429);
      const admitted = burst.filter((answer) => answer.status === 200);
      expect(limited.length).toBeGreaterThan(0);
      expect(admitted.length).toBeGreaterThanOrEqual(5);
      expect(admitted.length + limited.length).toBe(20);
      for (const answer of limited) {
        expectV1Error(answer, 429, 'TooManyRequests');
        expect(answer.headers.get('retry-after')).toBe('1');
      }

      await sleep(1000);
      lastLoginAt = 0;
      expect((await login(emulator.url, JSON.parse(body))).status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });
});

describe('emulator server timing (in process, short lifetimes)', () => {
  const users = [ALICE];

  test('fails a refresh and users/info once the token has expired', async () => {
    const server = await startEmulatorServer({ users, tokenTtlSeconds: 1 });
    try {
      const token = (await login(server.url, ALICE)).body.Authorization as string;

      await sleep(2100);

      expectV1Error(await usersInfo(server.url, token), 401, 'Unauthorized');
      expectV1Error(await refresh(server.url, token), 401, 'Unauthorized');
      const [entry] = server.requests.list().slice(-1);
      expect(entry.tokenId).toBe(claimsOf(token).jti);
    } finally {
      await server.close();
    }
  });

  test('fails a refresh once the session timed out, although the token is fresh', async () => {
    const server = await startEmulatorServer({ users, tokenTtlSeconds: 60, sessionTtlSeconds: 2 });
    try {
      const token = (await login(server.url, ALICE)).body.Authorization as string;
      const refreshed = await refresh(server.url, token);
      expect(refreshed.status).toBe(200);

      await sleep(2100);

      expectV1Error(await refresh(server.url, refreshed.body.Authorization), 401, 'Unauthorized');
      expect((await usersInfo(server.url, refreshed.body.Authorization)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  test('lifts a suspension once it has lasted its duration', async () => {
    const lockout = { maxFailures: 2, durationSeconds: 1 };
    const server = await startEmulatorServer({ users, lockout });
    try {
      await login(server.url, { ...ALICE, password: 'wrong' });
      await login(server.url, { ...ALICE, password: 'wrong' });
      expectV1Error(await login(server.url, ALICE), 401, 'Unauthorized');

      await sleep(1100);

      expect((await login(server.url, ALICE)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('palette-credentials CLI', () => {
  const script = (): string => compiledScript('cli/main.js');

  function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    return spawn(process.execPath, [script(), ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return { stdout: () => stdout, stderr: () => stderr };
  }

  function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve({ code: child.exitCode, signal: child.signalCode });
        return;
      }
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const match = read().match(pattern);
      if (match !== null) {
        return match;
      }
      if (Date.now() > deadline) {
        throw new Error(`No match for ${pattern} in: ${read()}`);
      }
      await sleep(20);
    }
  }

  test('emulator prints its URL and account but no password, and stops on SIGTERM', async () => {
    const child = run(['emulator'], {
      SPECTROCLOUD_USERNAME: 'cli@example.test',
      SPECTROCLOUD_ORG: 'cli-org',
      SPECTROCLOUD_PASSWORD: PASSWORD,
    });
    const output = collect(child);
    try {
      const [url] = await waitFor(output.stdout, /http:\/\/127\.0\.0\.1:\d+/);
      const cliUser = { emailId: 'cli@example.test', org: 'cli-org', password: PASSWORD };
      expect((await login(url, cliUser)).status).toBe(200);

      child.kill('SIGTERM');
      const { code } = await exited(child);

      expect(code).toBe(0);
      expect(output.stdout()).toContain('cli@example.test');
      expect(output.stdout()).toContain('cli-org');
      expect(output.stdout()).toContain('SPECTROCLOUD_PASSWORD');
      expect(output.stdout()).toContain('Ctrl-C');
      expect(output.stdout() + output.stderr()).not.toContain(PASSWORD);
      await expect(fetch(`${url}/v1/users/info`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('emulator --json takes users on stdin, prints one JSON line, ends with stdin', async () => {
    const child = run(['emulator', '--json']);
    const output = collect(child);
    child.stdin?.write(`${JSON.stringify({ users: [ALICE], tokenTtlMinutes: 20 })}\n`);
    try {
      await waitFor(output.stdout, /\n/);
      const { url } = JSON.parse(output.stdout()) as { url: string };
      const answer = await login(url, ALICE);
      expect(answer.status).toBe(200);
      const claims = claimsOf(answer.body.Authorization);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(20 * 60);

      child.stdin?.end();

      expect((await exited(child)).code).toBe(0);
      expect(output.stdout().trim().split('\n')).toHaveLength(1);
      expect(output.stdout() + output.stderr()).not.toContain(PASSWORD);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('prints usage for --help and exits 0', async () => {
    const child = run(['--help']);
    const output = collect(child);

    expect((await exited(child)).code).toBe(0);
    expect(output.stdout()).toContain('Usage: palette-credentials <command>');
    expect(output.stdout()).toContain('emulator');
  });

  test('fails if the command is unknown: usage on stderr, exit code 2', async () => {
    const child = run(['no-such-command']);
    const output = collect(child);

    expect((await exited(child)).code).toBe(2);
    expect(output.stderr()).toContain('Unknown command "no-such-command"');
    expect(output.stderr()).toContain('Usage: palette-credentials');
    expect(output.stdout()).toBe('');
  });

  test('fails if a flag is malformed: exit code 2 and the emulator usage', async () => {
    const child = run(['emulator', '--port', 'eighty']);
    const output = collect(child);

    expect((await exited(child)).code).toBe(2);
    expect(output.stderr()).toContain('--port expects a number');
    expect(output.stderr()).toContain('Usage: palette-credentials emulator');
  });
});

describe('the Palette contract used by these tests', () => {
  test('fails a body with a property its definition does not list', () => {
    const violations = contractViolations('v1UserToken', {
      Authorization: 'a.b.c',
      isMfa: false,
      refreshToken: 'x',
    });

    expect(violations.join('\n')).toContain('refreshToken');
  });

  test('fails a body that omits an always-sent property or has a wrong type', () => {
    const withoutIsMfa = contractViolations('v1UserToken', { Authorization: 'a.b.c' });
    expect(withoutIsMfa.join()).toContain('isMfa');
    expect(contractViolations('v1Error', { code: 401, message: 'm' }).join()).toContain('/code');
  });

  test('fails if asked for a definition the contract does not have', () => {
    expect(() => contractViolations('v1NoSuchThing', {})).toThrow('v1NoSuchThing');
  });
});
