/*
 * Proxies, with a CONNECT proxy of our own in a child process on 127.0.0.1. Hosts are loopback
 * addresses or `localhost`, so nothing is ever looked up in DNS; the NO_PROXY matching of other
 * names is covered, rule by rule, in proxy-environment.test.ts.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { PaletteEmulator } from '../src';
import { probeLogin, UserPool } from './support/login-probe';
import { LoopbackServer, startLoopbackServer } from './support/loopback-server';
import { createTestCertificates, TestCertificates } from './support/test-certificates';
import { PROXY_VARIABLES } from '../src/client/proxy-variables';

const ORG = 'Proxy-Org';
const PASSWORD = 'proxy-test-password';
const PROXY_USER = 'palette-user';
const PROXY_PASSWORD = 'proxy@marker-5d1f';
const pool = new UserPool('proxy', 40, ORG, PASSWORD);
// Every test logs in from 127.0.0.1; the documented limit would make them wait on each other.
const UNLIMITED = { perSecond: 1000, burst: 1000 };

let certificates: TestCertificates;
let tlsEmulator: PaletteEmulator;
let plainEmulator: PaletteEmulator;
let proxy: LoopbackServer;
let guardedProxy: LoopbackServer;
let deadPort: number;
const saved = new Map<string, string | undefined>();

beforeAll(async () => {
  certificates = createTestCertificates();
  [tlsEmulator, plainEmulator, proxy, guardedProxy, deadPort] = await Promise.all([
    PaletteEmulator.start({
      users: pool.users,
      tlsCertificatePath: certificates.serverCertificatePath,
      tlsKeyPath: certificates.serverKeyPath,
      loginRateLimit: UNLIMITED,
    }),
    PaletteEmulator.start({ users: pool.users, loginRateLimit: UNLIMITED }),
    startLoopbackServer('proxy'),
    startLoopbackServer('proxy', '127.0.0.1', `${PROXY_USER}:${PROXY_PASSWORD}`),
    closedPort(),
  ]);
  for (const name of [...PROXY_VARIABLES, 'HTTP_PROXY']) {
    saved.set(name, process.env[name]);
  }
});

beforeEach(async () => {
  for (const name of saved.keys()) {
    delete process.env[name];
  }
  await Promise.all([proxy.clear(), guardedProxy.clear()]);
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) {
      delete process.env[name];
    } else {
      process.env[name] = value;
    }
  }
  await Promise.all(
    [tlsEmulator, plainEmulator, proxy, guardedProxy].map((server) => server?.stop()),
  );
  certificates?.remove();
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const tlsPort = (): string => new URL(tlsEmulator.url).port;
const deadProxy = (): string => `http://127.0.0.1:${deadPort}`;

/** Logs in to the plain HTTP emulator, which only http_proxy (never HTTP_PROXY) applies to. */
function loginOverPlainHttp() {
  const emailId = pool.next();
  return probeLogin({ host: plainEmulator.url, org: ORG, emailId, password: PASSWORD });
}

/** Logs in to the HTTPS emulator, at `host` (default its 127.0.0.1 URL), trusting its CA. */
function loginOverTls(host = tlsEmulator.url, props = {}) {
  return probeLogin({
    host,
    org: ORG,
    emailId: pool.next(),
    password: PASSWORD,
    caBundlePath: certificates.caCertificatePath,
    ...props,
  });
}

test('tunnels the login through HTTPS_PROXY with CONNECT, TLS staying end to end', async () => {
  process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;

  const result = loginOverTls();

  expect(result.error).toBeUndefined();
  expect(await proxy.requests()).toEqual([
    { method: 'CONNECT', target: `127.0.0.1:${tlsPort()}`, status: 200, authorized: true },
  ]);
});

test('prefers https_proxy to HTTPS_PROXY', async () => {
  process.env.https_proxy = `127.0.0.1:${proxy.port}`;
  process.env.HTTPS_PROXY = deadProxy();

  expect(loginOverTls().error).toBeUndefined();
  expect(await proxy.requests()).toHaveLength(1);
});

test('falls back to ALL_PROXY', async () => {
  process.env.ALL_PROXY = `http://127.0.0.1:${proxy.port}`;

  expect(loginOverTls().error).toBeUndefined();
  expect(await proxy.requests()).toHaveLength(1);
});

test('ignores HTTP_PROXY in capitals for an http:// host, as curl does', async () => {
  process.env.HTTP_PROXY = deadProxy();

  const result = loginOverPlainHttp();

  expect(result.error).toBeUndefined();
  expect(await proxy.requests()).toEqual([]);
});

test('uses http_proxy for an http:// host', async () => {
  process.env.http_proxy = `http://127.0.0.1:${proxy.port}`;

  const result = loginOverPlainHttp();

  expect(result.error).toBeUndefined();
  expect(await proxy.requests()).toEqual([
    expect.objectContaining({ target: new URL(plainEmulator.url).host, status: 200 }),
  ]);
});

test.each([
  ['NO_PROXY', 'localhost'],
  ['NO_PROXY', '.localhost'],
  ['no_proxy', 'example.com, localhost'],
  ['NO_PROXY', '*'],
])('goes direct when %s=%j matches the host', (variable, value) => {
  process.env.HTTPS_PROXY = deadProxy();
  process.env[variable] = value;

  expect(loginOverTls(`https://localhost:${tlsPort()}`).error).toBeUndefined();
});

test.each([
  ['NO_PROXY', '127.0.0.1'],
  ['no_proxy', '127.0.0.0/8'],
])('goes direct when %s=%j matches the address', (variable, value) => {
  process.env.HTTPS_PROXY = deadProxy();
  process.env[variable] = value;

  expect(loginOverTls().error).toBeUndefined();
});

test.each(['host', 'calhost', 'other.localhost', '127.0.0.2', 'localhost:1'])(
  'uses the proxy when NO_PROXY=%j does not match the host',
  async (value) => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;
    process.env.NO_PROXY = value;

    expect(loginOverTls(`https://localhost:${tlsPort()}`).error).toBeUndefined();
    expect(await proxy.requests()).toEqual([
      expect.objectContaining({ target: `localhost:${tlsPort()}`, status: 200 }),
    ]);
  },
);

test('sends the proxy credentials of the URL to the proxy, decoded', async () => {
  const encoded = encodeURIComponent(PROXY_PASSWORD);
  process.env.HTTPS_PROXY = `http://${PROXY_USER}:${encoded}@127.0.0.1:${guardedProxy.port}`;

  expect(loginOverTls().error).toBeUndefined();
  expect(await guardedProxy.requests()).toEqual([
    expect.objectContaining({ method: 'CONNECT', status: 200, authorized: true }),
  ]);
});

test('fails if the proxy wants other credentials, naming the proxy but never them', async () => {
  process.env.HTTPS_PROXY = `http://${PROXY_USER}:wrong-marker-91c2@127.0.0.1:${guardedProxy.port}`;

  const result = loginOverTls();

  expect(result.error?.code).toBe('PROXY_AUTH_REQUIRED');
  expect(result.error?.message).toMatch(
    new RegExp(
      `proxy http://127\\.0\\.0\\.1:${guardedProxy.port} \\(from HTTPS_PROXY\\) asked for ` +
        'credentials \\(HTTP 407\\)',
    ),
  );
  const everything =
    inspect(result.error, { showHidden: true, depth: null }) + JSON.stringify(result.error);
  expect(everything).not.toMatch(/wrong-marker-91c2|palette-user/);
  // A refused proxy login is not repeated.
  expect(await guardedProxy.requests()).toHaveLength(1);
});

test('retries when the proxy cannot reach Palette (502), then says so', async () => {
  process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;

  const result = loginOverTls(`https://127.0.0.1:${deadPort}`, { maxAttempts: 2 });

  expect(result.error?.code).toBe('PROXY_REFUSED');
  expect(result.error?.message).toMatch(/refused to open a tunnel .*\(HTTP 502\)/);
  expect(result.error?.message).toMatch(/Gave up after 2 attempts/);
  expect(await proxy.requests()).toHaveLength(2);
});

test('fails if the proxy itself refuses connections, naming the proxy and its variable', () => {
  process.env.https_proxy = `http://user:unused-marker@127.0.0.1:${deadPort}`;

  const result = loginOverTls(undefined, { maxAttempts: 1 });

  expect(result.error?.code).toBe('CONNECTION_REFUSED');
  expect(result.error?.message).toMatch(
    new RegExp(`connect to the proxy http://127\\.0\\.0\\.1:${deadPort} \\(from https_proxy\\)`),
  );
  expect(result.error?.message).not.toMatch(/unused-marker/);
});

test('fails before any request if the proxy variable is unusable', async () => {
  process.env.HTTPS_PROXY = `socks5://user:socks-marker@127.0.0.1:${proxy.port}`;

  const result = loginOverTls();

  expect(result.error?.code).toBe('INVALID_PROXY');
  expect(result.error?.message).toMatch(/HTTPS_PROXY .*SOCKS proxies are not supported/);
  expect(result.error?.message).not.toMatch(/socks-marker/);
  expect(await proxy.requests()).toEqual([]);
});
