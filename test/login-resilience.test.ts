/*
 * The login client against a network that misbehaves: the emulator, in its own process, is
 * scripted to answer with faults, and every test counts the requests the client really sent.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { EmulatorFault, EmulatorFaultKind, PaletteCredentials, PaletteEmulator } from '../src';
import { loginsOf, probeLogin, UserPool } from './support/login-probe';
import { LoopbackServer, startLoopbackServer } from './support/loopback-server';
import { encodeJwtSegment } from '../src/jwt/claims';

const ORG = 'Resilience-Org';
const PASSWORD = 'resilience-password';
const LOGIN_PATH = '/v1/auth/authenticate';
const pool = new UserPool('resilience', 80, ORG, PASSWORD);
const MFA_EMAIL = 'mfa-resilience@palette.example';

let emulator: PaletteEmulator;

beforeAll(async () => {
  emulator = await PaletteEmulator.start({
    users: [...pool.users, { emailId: MFA_EMAIL, org: ORG, password: PASSWORD, mfa: true }],
    // Every test logs in from 127.0.0.1; the documented limit would make them wait on each other.
    loginRateLimit: { perSecond: 1000, burst: 1000 },
  });
});

afterEach(async () => {
  await emulator.clearFaults();
});

afterAll(async () => {
  await emulator?.stop();
});

/** Scripts `faults` for the login path, then logs in as a fresh user. */
async function loginThrough(faults: EmulatorFault[], props = {}) {
  await emulator.scriptFaults(LOGIN_PATH, faults);
  const emailId = pool.next();
  const probe = probeLogin({ host: emulator.url, org: ORG, emailId, password: PASSWORD, ...props });
  return { ...probe, logins: await loginsOf(emulator, emailId) };
}

/** A port nothing listens on: bound by the system, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('timeouts', () => {
  test('fails within the request timeout, saying so, when the server never answers', async () => {
    const result = await loginThrough([{ kind: EmulatorFaultKind.HANG }], {
      requestTimeoutSeconds: 1,
    });

    expect(result.error).toMatchObject({ code: 'TIMEOUT', host: emulator.url, org: ORG });
    expect(result.error?.message).toMatch(/did not answer within 1 s \(requestTimeoutSeconds\)/);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(950);
    expect(result.elapsedMs).toBeLessThan(5_000);
    // The login was sent: Palette may have judged it, so it is not sent again.
    expect(result.logins).toHaveLength(1);
  });

  test('fails by the deadline when it comes before the request timeout', async () => {
    const result = await loginThrough([{ kind: EmulatorFaultKind.HANG }], {
      requestTimeoutSeconds: 30,
      deadlineSeconds: 1.5,
    });

    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.error?.message).toMatch(/before the deadline ran out, 1.5 s into this attempt/);
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  test('stops retrying when the next wait would pass the deadline', async () => {
    const busy = { status: 503, headers: { 'Retry-After': '1' } };
    const result = await loginThrough([busy, busy, busy, busy, busy], {
      deadlineSeconds: 2.5,
      maxAttempts: 10,
    });
    const ended = Date.now();

    expect(result.error?.code).toBe('SERVER_UNAVAILABLE');
    const gaveUp = /Gave up after (\d+) attempts in [\d.]+ s: waiting 1 s more would pass the 2.5 s deadline/
      .exec(result.error?.message ?? '');
    expect(gaveUp).not.toBeNull();
    // The deadline also covers the start of the login worker, slow on a busy machine, so the
    // number of attempts that fit varies; the message must count the requests Palette saw.
    const attempts = Number(gaveUp![1]);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(result.logins).toHaveLength(attempts);
    // It gave up at once after the last attempt rather than after the 1 s wait.
    expect(ended - Date.parse(result.logins[attempts - 1].at)).toBeLessThan(1_000);
  });
});

describe('retries', () => {
  test('retries 429, 502, 503 and 504, then logs in', async () => {
    const now = { 'Retry-After': '0' };
    const result = await loginThrough(
      [429, 502, 503, 504].map((status) => ({ status, headers: now })),
      { maxAttempts: 5 },
    );

    expect(result.error).toBeUndefined();
    expect(result.logins.map((login) => login.status)).toEqual([429, 502, 503, 504, 200]);
  });

  test('backs off between retries without Retry-After, within the jittered bound', async () => {
    const result = await loginThrough([{ status: 503 }, { status: 502 }]);

    expect(result.error).toBeUndefined();
    expect(result.logins).toHaveLength(3);
    // Full jitter: at most 1 s, then at most 2 s, between the first attempt and the last.
    const [first, , last] = result.logins.map((login) => Date.parse(login.at));
    expect(last - first).toBeLessThan(3_000 + 1_000);
  });

  test('retries connections the server drops, then logs in', async () => {
    const drop = { kind: EmulatorFaultKind.DROP_CONNECTION };
    const result = await loginThrough([drop, drop]);

    expect(result.error).toBeUndefined();
    expect(result.logins.map((login) => login.fault ?? login.status)).toEqual([
      'drop-connection',
      'drop-connection',
      200,
    ]);
  });

  test('gives up on dropped connections after maxAttempts, saying how often it tried', async () => {
    const drop = { kind: EmulatorFaultKind.DROP_CONNECTION };
    const result = await loginThrough([drop, drop], { maxAttempts: 2 });

    expect(result.error?.code).toBe('CONNECTION_RESET');
    expect(result.error?.message).toMatch(/Gave up after 2 attempts in [\d.]+ s \(maxAttempts\)/);
    expect(result.logins).toHaveLength(2);
  });

  test('retries refused connections until the server comes up', async () => {
    const port = await closedPort();
    const emailId = 'late@palette.example';
    // The login starts now and meets a closed port; the server starts while it backs off.
    const started = Date.now();
    const stack = new TerraformStack(Testing.app(), 'late');
    const credentials = new PaletteCredentials(stack, 'palette', {
      host: `http://127.0.0.1:${port}`,
      org: ORG,
      emailId,
      password: PASSWORD,
      cache: false,
      maxAttempts: 8,
    });
    const late = await PaletteEmulator.start({
      port,
      users: [{ emailId, org: ORG, password: PASSWORD }],
    });
    try {
      expect(() => credentials.expiresAt).not.toThrow();
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(await loginsOf(late, emailId)).toHaveLength(1);
    } finally {
      await late.stop();
    }
  });

  test('gives up on a refused connection after maxAttempts', async () => {
    const port = await closedPort();
    const result = probeLogin({
      host: `http://127.0.0.1:${port}`,
      org: ORG,
      emailId: pool.next(),
      password: PASSWORD,
      maxAttempts: 2,
    });

    expect(result.error?.code).toBe('CONNECTION_REFUSED');
    expect(result.error?.message).toMatch(/connection was refused \(ECONNREFUSED\)/);
    expect(result.error?.message).toMatch(/Gave up after 2 attempts/);
  });

  test('honours Retry-After in seconds', async () => {
    const result = await loginThrough([{ status: 429, headers: { 'Retry-After': '1' } }]);

    expect(result.error).toBeUndefined();
    expect(result.logins).toHaveLength(2);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(950);
  });

  test('honours Retry-After as an HTTP date', async () => {
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    const result = await loginThrough([{ status: 503, headers: { 'Retry-After': inTwoSeconds } }]);

    expect(result.error).toBeUndefined();
    expect(result.logins).toHaveLength(2);
    // HTTP dates have whole seconds, so the wait is between one and two seconds.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(900);
  });

  test('fails at once when Retry-After exceeds the cap, saying how long was asked', async () => {
    const result = await loginThrough([{ status: 429, headers: { 'Retry-After': '120' } }]);

    expect(result.error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(result.error?.message).toMatch(/asked to wait 120 s .* longer than the 30 s/);
    expect(result.logins).toHaveLength(1);
    // Far below the 120 s asked for; the slack is for the login worker's start on a busy machine.
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  test.each([
    [400, 'BAD_REQUEST'],
    [403, 'FORBIDDEN'],
  ])('never retries %i', async (status, code) => {
    const result = await loginThrough([{ status, body: '{"code":"Refused","message":"no"}' }]);

    expect(result.error).toMatchObject({ code, status });
    expect(result.error?.message).toMatch(/not retried/);
    expect(result.logins).toHaveLength(1);
  });

  test('never retries a login rejected with 401, since failures suspend the account', async () => {
    const emailId = pool.next();
    const result = probeLogin({ host: emulator.url, org: ORG, emailId, password: 'wrong' });

    expect(result.error).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(result.error?.message).toMatch(/five failed logins suspend/);
    expect(await loginsOf(emulator, emailId)).toHaveLength(1);
  });

  test('never retries an MFA answer', async () => {
    const result = probeLogin({
      host: emulator.url,
      org: ORG,
      emailId: MFA_EMAIL,
      password: PASSWORD,
    });

    expect(result.error?.code).toBe('MFA_REQUIRED');
    expect(await loginsOf(emulator, MFA_EMAIL)).toHaveLength(1);
  });

  test('sends one request only when maxAttempts is 1', async () => {
    const result = await loginThrough([{ status: 503 }], { maxAttempts: 1 });

    expect(result.error?.message).toMatch(/Retries are off \(maxAttempts is 1\)/);
    expect(result.logins).toHaveLength(1);
  });
});

describe('tracing', () => {
  test('NODE_DEBUG=palette-credentials prints every attempt the worker makes, and no secret', async () => {
    await emulator.scriptFaults(LOGIN_PATH, [503, 503].map((status) => ({
      status,
      headers: { 'Retry-After': '0' },
    })));
    const emailId = pool.next();
    // A process of its own, since NODE_DEBUG is read when a process (or worker) starts.
    const synth = `
      const { App, TerraformStack } = require('cdktf');
      const { PaletteCredentials } = require(${JSON.stringify(path.resolve(__dirname, '..', 'lib'))});
      const stack = new TerraformStack(new App(), 'stack');
      const palette = new PaletteCredentials(stack, 'palette', { cache: false });
      console.log(palette.expiresAt);
    `;
    const run = spawnSync(process.execPath, ['-e', synth], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        NODE_DEBUG: 'palette-credentials',
        SPECTROCLOUD_HOST: emulator.url,
        SPECTROCLOUD_ORG: ORG,
        SPECTROCLOUD_USERNAME: emailId,
        SPECTROCLOUD_PASSWORD: PASSWORD,
      },
    });
    const traces = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('PALETTE-CREDENTIALS '))
      .map((line) => line.replace(/^PALETTE-CREDENTIALS \d+: /, ''));

    expect(run.status).toBe(0);
    expect(traces).toEqual([
      'login attempt 1: SERVER_UNAVAILABLE, retry in 0 ms',
      'login attempt 2: SERVER_UNAVAILABLE, retry in 0 ms',
      'login attempt 3: success',
    ]);
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
  });
});

describe('redirects', () => {
  let otherHost: LoopbackServer;

  beforeAll(async () => {
    otherHost = await startLoopbackServer('recorder', '127.0.0.2');
  });

  afterAll(async () => {
    await otherHost?.stop();
  });

  test.each([301, 302, 307, 308])('follows no %i, sending nothing elsewhere', async (status) => {
    const location = `http://127.0.0.2:${otherHost.port}${LOGIN_PATH}`;
    const result = await loginThrough([{ status, headers: { Location: location } }]);

    expect(result.error).toMatchObject({ code: 'REDIRECT', status });
    expect(result.error?.message).toMatch(
      new RegExp(`redirect \\(HTTP ${status}\\) to host 127\\.0\\.0\\.2:${otherHost.port}`),
    );
    expect(result.logins).toHaveLength(1);
    expect(await otherHost.requests()).toEqual([]);
  });
});

describe('responses', () => {
  const jwt = (claims: object): string =>
    `${encodeJwtSegment({ alg: 'HS256', typ: 'JWT' })}.${encodeJwtSegment(claims)}.c2ln`;
  const tokenBody = (token: unknown): string =>
    JSON.stringify({ Authorization: token, isMfa: false });
  const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';

  const F = EmulatorFaultKind;
  const cases: { name: string; fault: EmulatorFault; code: string; says: RegExp }[] = [
    {
      name: 'an HTML page',
      fault: { body: html, contentType: 'text/html' },
      code: 'NOT_JSON',
      says: /an HTML page instead of JSON \(content type text\/html\)/,
    },
    {
      name: 'plain text',
      fault: { body: 'OK', contentType: 'text/plain' },
      code: 'NOT_JSON',
      says: /a body instead of JSON/,
    },
    {
      name: 'truncated JSON',
      fault: { body: tokenBody(jwt({ exp: 1 })).slice(0, 30) },
      code: 'MALFORMED_JSON',
      says: /cut short or malformed \(30 bytes\)/,
    },
    {
      name: 'a JSON array',
      fault: { body: '[]' },
      code: 'INVALID_BODY',
      says: /JSON that is not an object/,
    },
    {
      name: 'a number token',
      fault: { body: tokenBody(42) },
      code: 'INVALID_BODY',
      says: /"Authorization" field that is not a string/,
    },
    {
      name: 'a string isMfa',
      fault: { body: '{"Authorization":"x","isMfa":"no"}' },
      code: 'INVALID_BODY',
      says: /"isMfa" field that is not a boolean/,
    },
    {
      name: 'no token at all',
      fault: { body: '{"isMfa":false}' },
      code: 'EMPTY_TOKEN',
      says: /without a token/,
    },
    {
      name: 'an empty token',
      fault: { kind: F.EMPTY_TOKEN },
      code: 'EMPTY_TOKEN',
      says: /without a token/,
    },
    {
      name: 'a token that is not a JWT',
      fault: { kind: F.TOKEN_NOT_A_JWT },
      code: 'NOT_A_JWT',
      says: /not a JWT/,
    },
    {
      name: 'a JWT without exp',
      fault: { kind: F.TOKEN_WITHOUT_EXPIRY },
      code: 'JWT_WITHOUT_EXPIRY',
      says: /no numeric "exp" claim/,
    },
    {
      name: 'an expired JWT',
      fault: { kind: F.EXPIRED_TOKEN },
      code: 'TOKEN_EXPIRED',
      says: /had already expired/,
    },
    {
      name: 'a body over 64 KiB',
      fault: { body: 'x'.repeat(1024), bodyRepeat: 100 },
      code: 'BODY_TOO_LARGE',
      says: /larger than a Palette answer can be/,
    },
    {
      name: 'an unexpected status',
      fault: { status: 500, body: '{"code":"InternalError"}' },
      code: 'UNEXPECTED_STATUS',
      says: /HTTP 500 InternalError/,
    },
  ];

  test.each(cases)('fails clearly on $name, without retrying', async ({ fault, code, says }) => {
    const result = await loginThrough([fault]);

    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toMatch(says);
    expect(result.error?.message).toMatch(
      new RegExp(`^Palette at ${emulator.url} \\(org "${ORG}"\\)`),
    );
    expect(result.logins).toHaveLength(1);
  });

  test('gives each kind of bad answer a code of its own', () => {
    const kinds = [
      'an HTML page',
      'truncated JSON',
      'a number token',
      'an empty token',
      'a token that is not a JWT',
      'a JWT without exp',
      'an expired JWT',
      'a body over 64 KiB',
    ];
    const codes = kinds.map((kind) => cases.find((c) => c.name === kind)!.code);

    expect(new Set(codes).size).toBe(kinds.length);
  });

  test('still retries a gateway error whose body is too large to read', async () => {
    const result = await loginThrough([{ status: 502, body: '<p>', bodyRepeat: 40_000 }]);

    expect(result.error).toBeUndefined();
    expect(result.logins).toHaveLength(2);
  });
});

describe('inputs', () => {
  const awkward = {
    emailId: 'ci+palette@palette.example',
    org: 'MixedCase-Org',
    password: ' "quoted" \\back\\slash ünïcødé ✓ trailing ',
  };
  let picky: PaletteEmulator;

  beforeAll(async () => {
    picky = await PaletteEmulator.start({ users: [awkward] });
  });

  afterAll(async () => {
    await picky?.stop();
  });

  test('sends passwords, emails and orgs byte for byte, case and spaces kept', () => {
    // The emulator compares every field byte for byte, so a login proves the bytes arrived.
    expect(probeLogin({ host: picky.url, ...awkward }).error).toBeUndefined();
  });

  test('does not fold the org\'s case', () => {
    const result = probeLogin({ host: picky.url, ...awkward, org: 'mixedcase-org' });

    expect(result.error?.code).toBe('INVALID_CREDENTIALS');
  });

  test.each([
    ['org', ' '],
    ['emailId', ''],
    ['password', '\t \n'],
  ])('refuses an empty or blank %s before any request', async (field, value) => {
    await picky.clearRequests();

    expect(() => probeLogin({ host: picky.url, ...awkward, [field]: value })).toThrow(
      expect.objectContaining({ code: 'EMPTY_SETTING' }),
    );
    expect(await picky.requests()).toEqual([]);
  });

  test('accepts a host with a trailing slash', () => {
    const result = probeLogin({ host: `${picky.url}/`, ...awkward, emailId: awkward.emailId });

    expect(result.error).toBeUndefined();
    expect(result.credentials.endpoint).toBe(picky.url);
  });
});
