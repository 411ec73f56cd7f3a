/*
 * PaletteApiKey, the emulator's API-key endpoints and `palette-credentials api-keys`. The
 * emulator runs in its own process; synths run in this one (Testing) or as processes of their
 * own (the compiled test/fixtures/api-key-app.ts, and examples/spectrocloud-provider), and the
 * emulator's request log says what each of them sent.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AnnotationMetadataEntryType, TerraformStack, Testing } from 'cdktf';
import { UserPool } from './support/login-probe';
import { contractViolations } from './support/openapi';
import { secretExposures } from './support/secret-exposure';
import { SpectrocloudProvider } from '../examples/spectrocloud-provider/spectrocloud-provider';
import { AppRun, CompiledApps, compileApps, runApp } from '../scripts/support/compiled-apps';
import { synthExample } from '../scripts/support/example-app';
import { filesContaining } from '../scripts/support/secret-scan';
import {
  EmulatorFault,
  EmulatorFaultKind,
  PaletteApiKey,
  PaletteApiKeyProps,
  PaletteCredentials,
  PaletteCredentialsProps,
  PaletteEmulator,
} from '../src';
import { PaletteCredentialsError } from '../src/errors';
import { compiledScript } from '../src/internal/compiled-script';

const ORG = 'Keys-Org';
// Found anywhere it should not be, it proves a leak: no code path has a reason to write it.
const PASSWORD = `pw-marker-${randomBytes(8).toString('hex')}`;
const pool = new UserPool('keys', 40, ORG, PASSWORD);
const API_KEYS = '/v1/apiKeys';
const SENSITIVE_LITERAL = /^\$\{sensitive\("([^"]+)"\)\}$/;

let emulator: PaletteEmulator;
let apps: CompiledApps;
const scratch: string[] = [];

beforeAll(async () => {
  emulator = await PaletteEmulator.start({
    users: pool.users,
    // Every test logs in from 127.0.0.1; the documented limit would make them wait on each other.
    loginRateLimit: { perSecond: 1000, burst: 1000 },
  });
  apps = compileApps([path.join(__dirname, 'fixtures', 'api-key-app.ts')]);
});

afterEach(async () => {
  await emulator.clearFaults();
});

afterAll(async () => {
  await emulator?.stop();
  apps?.remove();
  scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function newDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `palette-${prefix}-`));
  scratch.push(dir);
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Direct calls to the emulator

interface Answer {
  readonly status: number;
  readonly body: any;
}

async function call(
  pathname: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const response = await fetch(`${emulator.url}${pathname}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A token of `emailId`, from a password login. */
async function tokenOf(emailId: string): Promise<string> {
  const answer = await call('/v1/auth/authenticate?setCookie=false', {
    method: 'POST',
    body: { emailId, org: ORG, password: PASSWORD },
  });
  expect(answer.status).toBe(200);
  return answer.body.Authorization;
}

async function userUidOf(token: string): Promise<string> {
  return (await call('/v1/users/info', { headers: { Authorization: token } })).body.userUid;
}

function keyOrder(userUid: string, name = 'ci-pipeline', expiresInSeconds = 3600) {
  const expiry = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
  return { metadata: { name }, spec: { expiry, userUid } };
}

async function mintDirectly(token: string, name?: string, expiresInSeconds?: number) {
  const order = keyOrder(await userUidOf(token), name, expiresInSeconds);
  const answer = await call(API_KEYS, { method: 'POST', headers: { Authorization: token }, body: order });
  expect(answer.status).toBe(201);
  return answer.body as { apiKey: string; uid: string };
}

function usersInfoWithKey(apiKey: string, header = 'ApiKey'): Promise<Answer> {
  return call('/v1/users/info', { headers: { [header]: apiKey } });
}

function expectV1Error(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(contractViolations('v1Error', answer.body)).toEqual([]);
  expect(answer.body.code).toBe(code);
}

/** The requests since the last call, as `METHOD path status`, for readable failures. */
async function requestsSince(): Promise<string[]> {
  const requests = await emulator.requests();
  await emulator.clearRequests();
  return requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

describe("the emulator's API-key endpoints", () => {
  test('mint a key (201 v1ApiKeyCreateResponse) that /v1/users/info accepts in an ApiKey header of any case', async () => {
    const emailId = pool.next();
    const token = await tokenOf(emailId);
    const userUid = await userUidOf(token);

    const created = await call(API_KEYS, {
      method: 'POST',
      headers: { Authorization: token },
      body: keyOrder(userUid),
    });

    expect(created.status).toBe(201);
    expect(contractViolations('v1ApiKeyCreateResponse', created.body)).toEqual([]);
    for (const header of ['ApiKey', 'apiKey', 'APIKEY']) {
      const info = await usersInfoWithKey(created.body.apiKey, header);
      expect(info.status).toBe(200);
      expect(contractViolations('v1UserInfo', info.body)).toEqual([]);
      expect(info.body).toEqual(expect.objectContaining({ orgName: ORG, userUid }));
    }
  });

  test('list and show the caller\'s keys as v1ApiKeys and v1ApiKey, never with the key', async () => {
    const token = await tokenOf(pool.next());
    const minted = await mintDirectly(token, 'listed-key');
    const othersToken = await tokenOf(pool.next());
    await mintDirectly(othersToken, 'someone-elses-key');

    const list = await call(API_KEYS, { headers: { Authorization: token } });
    const one = await call(`${API_KEYS}/${minted.uid}`, { headers: { Authorization: token } });

    expect(list.status).toBe(200);
    expect(contractViolations('v1ApiKeys', list.body)).toEqual([]);
    expect(list.body.items.map((item: any) => item.metadata.name)).toEqual(['listed-key']);
    expect(one.status).toBe(200);
    expect(contractViolations('v1ApiKey', one.body)).toEqual([]);
    expect(one.body.metadata).toEqual(expect.objectContaining({ uid: minted.uid }));
    expect(JSON.stringify([list.body, one.body]).includes(minted.apiKey)).toBe(false);
  });

  test('refuse a deleted key and an expired key with 401, logging only their uid', async () => {
    const token = await tokenOf(pool.next());
    const deleted = await mintDirectly(token, 'to-delete');
    const expiring = await mintDirectly(token, 'short-lived', 1);

    const removal = await call(`${API_KEYS}/${deleted.uid}`, {
      method: 'DELETE',
      headers: { Authorization: token },
    });
    const again = await call(`${API_KEYS}/${deleted.uid}`, {
      method: 'DELETE',
      headers: { Authorization: token },
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await emulator.clearRequests();

    expect(removal.status).toBe(204);
    expectV1Error(again, 404, 'NotFound');
    expectV1Error(await usersInfoWithKey(deleted.apiKey), 401, 'Unauthorized');
    expectV1Error(await usersInfoWithKey(expiring.apiKey), 401, 'Unauthorized');
    expectV1Error(await usersInfoWithKey('not-a-key-of-this-emulator'), 401, 'Unauthorized');
    const log = await emulator.requests();
    expect(log.map((r) => [r.credentialKind, r.apiKeyId, r.status])).toEqual([
      ['apiKey', deleted.uid, 401],
      ['apiKey', expiring.uid, 401],
      ['apiKey', undefined, 401],
    ]);
  });

  test('fail without a token (401), with only an API key (401), for another user (403) or with a bad body (400)', async () => {
    const token = await tokenOf(pool.next());
    const { apiKey } = await mintDirectly(token);
    const order = keyOrder(await userUidOf(token));

    const answers = {
      anonymous: await call(API_KEYS, { method: 'POST', body: order }),
      apiKeyOnly: await call(API_KEYS, { method: 'POST', headers: { ApiKey: apiKey }, body: order }),
      otherUser: await call(API_KEYS, {
        method: 'POST',
        headers: { Authorization: token },
        body: keyOrder('0123456789abcdef01234567'),
      }),
      pastExpiry: await call(API_KEYS, {
        method: 'POST',
        headers: { Authorization: token },
        body: { ...order, spec: { ...order.spec, expiry: '2000-01-01T00:00:00Z' } },
      }),
      noName: await call(API_KEYS, {
        method: 'POST',
        headers: { Authorization: token },
        body: { spec: order.spec },
      }),
      listAnonymous: await call(API_KEYS),
    };

    expectV1Error(answers.anonymous, 401, 'Unauthorized');
    expectV1Error(answers.apiKeyOnly, 401, 'Unauthorized');
    expectV1Error(answers.otherUser, 403, 'Forbidden');
    expectV1Error(answers.pastExpiry, 400, 'BadRequest');
    expectV1Error(answers.noName, 400, 'BadRequest');
    expectV1Error(answers.listAnonymous, 401, 'Unauthorized');
  });

  test('log keys by uid, as credential kind apiKey, and never the key itself', async () => {
    const token = await tokenOf(pool.next());
    await emulator.clearRequests();
    const minted = await mintDirectly(token, 'logged-key');
    await usersInfoWithKey(minted.apiKey);

    const log = await emulator.requests();
    expect(log.map((r) => [r.method, r.path, r.credentialKind, r.apiKeyId])).toEqual([
      ['GET', '/v1/users/info', 'jwt', undefined],
      ['POST', API_KEYS, 'jwt', minted.uid],
      ['GET', '/v1/users/info', 'apiKey', minted.uid],
    ]);
    expect(JSON.stringify(log).includes(minted.apiKey)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The construct, synthesized in this process

interface KeyProbe {
  readonly stack: TerraformStack;
  readonly credentials: PaletteCredentials;
  readonly key: PaletteApiKey;
}

/** A stack with credentials for a fresh user, and a key of theirs. */
function keyStack(
  keyProps: Omit<PaletteApiKeyProps, 'credentials'> = {},
  credentialProps: PaletteCredentialsProps = {},
): KeyProbe {
  const stack = new TerraformStack(Testing.app(), 'keys');
  const credentials = new PaletteCredentials(stack, 'palette', {
    host: emulator.url,
    org: ORG,
    emailId: pool.next(),
    password: PASSWORD,
    ...credentialProps,
  });
  const key = new PaletteApiKey(stack, 'key', { credentials, ...keyProps });
  return { stack, credentials, key };
}

/** The key inside a `${sensitive("…")}` rendering. */
function literalOf(rendered: unknown): string {
  const match = SENSITIVE_LITERAL.exec(String(rendered));
  expect(match).not.toBeNull();
  return match![1];
}

/** The error the key's minting ended with, as a synth would throw it. */
function mintingError(probe: KeyProbe): PaletteCredentialsError {
  try {
    void probe.key.uid;
  } catch (error) {
    if (error instanceof PaletteCredentialsError) {
      return error;
    }
    throw error;
  }
  throw new Error('The key was minted.');
}

async function postsOfApiKeys(): Promise<number> {
  return (await emulator.requests()).filter((r) => r.path === API_KEYS && r.method === 'POST')
    .length;
}

describe('PaletteApiKey', () => {
  test('renders the key as sensitive in its output and provider block, and the key opens /v1/users/info', async () => {
    const probe = keyStack({ expiresInHours: 6 }, { cache: false });
    new SpectrocloudProvider(probe.stack, 'spectrocloud', probe.key.providerConfig('Team-A'));

    const config = JSON.parse(Testing.synth(probe.stack));

    const output = config.output.key_api_key;
    expect(output.sensitive).toBe(true);
    const apiKey = literalOf(output.value);
    const [provider] = config.provider.spectrocloud;
    expect(provider).toEqual({
      host: new URL(emulator.url).host,
      api_key: output.value,
      project_name: 'Team-A',
    });
    const info = await usersInfoWithKey(apiKey);
    expect(info.status).toBe(200);
    expect(info.body.orgName).toBe(ORG);
    const lifetimeHours = (Date.parse(probe.key.expiresAt) - Date.now()) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThan(5.9);
    expect(lifetimeHours).toBeLessThanOrEqual(6);
  });

  test('names the key after the app folder, stack and construct path, or after its name prop', () => {
    const unnamed = keyStack();
    const named = keyStack({ name: 'team-a/clusters' });

    expect(unnamed.key.namePrefix).toBe(
      `cdktf-palette-credentials:${path.basename(process.cwd())}/keys/key`,
    );
    expect(unnamed.key.name).toMatch(
      new RegExp(`^${escape(unnamed.key.namePrefix)}@\\d{8}T\\d{6}Z$`),
    );
    expect(named.key.name).toMatch(/^cdktf-palette-credentials:team-a\/clusters@\d{8}T\d{6}Z$/);
    expect(named.key.uid).toMatch(/^[0-9a-f]{24}$/);
  });

  test('turns off the provider\'s TLS verification only when the credentials skip it', () => {
    const verifying = keyStack();
    const skipping = keyStack({}, { insecureSkipTlsVerify: true });

    expect(verifying.key.providerConfig()).toEqual({
      host: new URL(emulator.url).host,
      apiKey: verifying.key.apiKey,
    });
    expect(skipping.key.providerConfig().ignoreInsecureTlsError).toBe(true);
    // Both keys are minted before the next test counts requests.
    expect([verifying.key.uid, skipping.key.uid]).toHaveLength(2);
  });

  test('warns that every synth mints a key when the token cache is off', () => {
    const probe = keyStack({}, { cache: false });

    const warnings = probe.key.node.metadata
      .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
      .map((entry) => String(entry.data));
    expect(warnings).toEqual([
      expect.stringMatching(/token cache is off, so every synth mints a new API key/),
    ]);
    expect(probe.key.uid).toMatch(/^[0-9a-f]{24}$/);
  });

  test.each([
    ['expiresInHours is 0', { expiresInHours: 0 }, /expiresInHours is 0/],
    ['expiresInHours passes 90 days', { expiresInHours: 2161 }, /at most 2160/],
    ['minValidityHours is negative', { minValidityHours: -1 }, /minValidityHours is -1/],
    ['minValidityHours is not below expiresInHours', { expiresInHours: 2, minValidityHours: 2 },
      /not less than its expiresInHours/],
    ['the name holds a control character', { name: 'a\nb' }, /name "a\\nb" is not usable/],
  ])('fails if %s, before any key is minted', async (_, props, message) => {
    await emulator.clearRequests();

    expect(() => keyStack(props)).toThrow(
      expect.objectContaining({ code: 'INVALID_SETTING', message: expect.stringMatching(message) }),
    );
    expect(await postsOfApiKeys()).toBe(0);
  });
});

describe('minting through faults: POST /v1/apiKeys is never sent twice unless nothing was done', () => {
  async function mintThrough(faults: EmulatorFault[]) {
    await emulator.clearRequests();
    await emulator.scriptFaults(API_KEYS, faults);
    const probe = keyStack({}, { cache: false });
    const error = (() => {
      try {
        void probe.key.uid;
        return undefined;
      } catch (caught) {
        return caught as PaletteCredentialsError;
      }
    })();
    return { probe, error, posts: await postsOfApiKeys() };
  }

  test.each([
    ['a 502 from a gateway', [{ status: 502 }], 'SERVER_UNAVAILABLE'],
    ['a 504 from a gateway', [{ status: 504 }], 'SERVER_UNAVAILABLE'],
    ['a dropped connection', [{ kind: EmulatorFaultKind.DROP_CONNECTION }], 'CONNECTION_RESET'],
    ['a 201 whose body is cut short', [{ status: 201, body: '{"apiKey":"abc' }], 'MALFORMED_JSON'],
  ])('fails after %s with one request, saying a key may exist and how to delete it', async (_, faults, code) => {
    const { error, posts } = await mintThrough(faults as EmulatorFault[]);

    expect(posts).toBe(1);
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(/may have created the key "cdktf-palette-credentials:.*@\d{8}T\d{6}Z"/);
    expect(error?.message).toMatch(/palette-credentials api-keys remove --match/);
  });

  test('sends it again after 503 and 429, which say nothing was done, and mints once', async () => {
    const { probe, error, posts } = await mintThrough([
      { status: 503 },
      { status: 429, headers: { 'Retry-After': '0' } },
    ]);

    expect(error).toBeUndefined();
    expect(posts).toBe(3);
    const config = JSON.parse(Testing.synth(probe.stack));
    const apiKey = literalOf(config.output.key_api_key.value);
    expect((await usersInfoWithKey(apiKey)).status).toBe(200);
  });

  test('fails if the user may not mint keys (403), naming the action, without a retry', async () => {
    const { error, posts } = await mintThrough([{ status: 403, body: '{"code":"Forbidden"}' }]);

    expect(posts).toBe(1);
    expect(error).toMatchObject({ code: 'FORBIDDEN', host: emulator.url, org: ORG, status: 403 });
    expect(error?.message).toMatch(/refused to create an API key \(403 Forbidden\)/);
  });

  test('errors carry neither the password, the token nor a key', async () => {
    const key = `leaked-key-${randomBytes(8).toString('hex')}`;
    const { probe, error } = await mintThrough([
      { status: 500, body: JSON.stringify({ code: 'x', message: key, apiKey: key }) },
    ]);

    const token = probe.credentials._pendingLogin.session().token;
    expect(error?.code).toBe('UNEXPECTED_STATUS');
    expect(secretExposures(error, [PASSWORD, token, key])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Synth processes sharing the token cache

interface KeySynth {
  readonly run: AppRun;
  readonly config: string;
  readonly apiKey: string;
}

interface SynthOptions {
  readonly cacheDir: string;
  readonly emailId: string;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

function appEnvironment(options: SynthOptions, outRoot: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SPECTROCLOUD_HOST: emulator.url,
    SPECTROCLOUD_ORG: ORG,
    SPECTROCLOUD_USERNAME: options.emailId,
    SPECTROCLOUD_PASSWORD: PASSWORD,
    PALETTE_CREDENTIALS_CACHE_DIR: options.cacheDir,
    CDKTF_OUTDIR: path.join(outRoot, 'cdktf.out'),
    ...options.env,
  };
}

async function synth(options: SynthOptions): Promise<KeySynth> {
  const outRoot = newDir('key-synth');
  const run = await runApp(apps.scripts['api-key-app'], options.cwd, appEnvironment(options, outRoot));
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const file = path.join(outRoot, 'cdktf.out', 'stacks', 'keys', 'cdk.tf.json');
  const config = readFileSync(file, 'utf8');
  return { run, config, apiKey: literalOf(JSON.parse(config).output.key_api_key.value) };
}

function cacheFolder(): string {
  return path.join(newDir('key-cache'), 'cdktf-palette-credentials');
}

describe('the API key across synth processes', () => {
  test('is minted once for two synths; the second sends no request and writes the same stack', async () => {
    const options = { cacheDir: cacheFolder(), emailId: pool.next(), cwd: newDir('project') };
    await emulator.clearRequests();

    const first = await synth(options);
    const cold = await requestsSince();
    const second = await synth(options);
    const warm = await requestsSince();

    expect(cold).toEqual([
      'POST /v1/auth/authenticate 200',
      'GET /v1/users/info 200',
      `POST ${API_KEYS} 201`,
    ]);
    expect(warm).toEqual([]);
    // Compared as booleans, so that a failure never prints a key.
    expect(second.config === first.config).toBe(true);
    expect((await usersInfoWithKey(second.apiKey)).status).toBe(200);
  });

  test('is minted once by 5 synth processes started at once against an empty cache', async () => {
    const options = { cacheDir: cacheFolder(), emailId: pool.next(), cwd: newDir('project') };
    await emulator.clearRequests();

    const synths = await Promise.all(Array.from({ length: 5 }, () => synth(options)));

    const requests = await requestsSince();
    expect(requests.filter((r) => r.startsWith(`POST ${API_KEYS}`))).toEqual([`POST ${API_KEYS} 201`]);
    expect(new Set(synths.map((s) => s.apiKey)).size).toBe(1);
  });

  test('is kept in a 0600 file beside the token, with neither the password nor the token', async () => {
    const cacheDir = cacheFolder();
    const made = await synth({ cacheDir, emailId: pool.next(), cwd: newDir('project') });

    const files = readdirSync(cacheDir).map((name) => path.join(cacheDir, name));
    const holdingKey = filesContaining(cacheDir, made.apiKey);
    expect(holdingKey).toHaveLength(1);
    expect(files).toHaveLength(2);
    expect(files.map((file) => (statSync(file).mode % 0o1000).toString(8))).toEqual(['600', '600']);
    expect(filesContaining(cacheDir, PASSWORD)).toEqual([]);
    const entry = JSON.parse(readFileSync(holdingKey[0], 'utf8'));
    expect(entry).toEqual(expect.objectContaining({
      format: 'cdktf-palette-credentials/api-key-cache',
      uid: expect.any(String),
      expiresAt: expect.any(Number),
    }));
    expect(Object.keys(entry)).not.toContain('token');
  });

  test('is replaced when it lives longer than a new, shorter expiresInHours', async () => {
    const options = { cacheDir: cacheFolder(), emailId: pool.next(), cwd: newDir('project') };
    const first = await synth({ ...options, env: { FIXTURE_EXPIRES_IN_HOURS: '4' } });
    await emulator.clearRequests();

    const second = await synth({
      ...options,
      env: { FIXTURE_EXPIRES_IN_HOURS: '2', FIXTURE_MIN_VALIDITY_HOURS: '1' },
    });

    expect(await postsOfApiKeys()).toBe(1);
    expect(second.apiKey === first.apiKey).toBe(false);
  });

  test('is replaced when it has less than minValidityHours left', async () => {
    const options = { cacheDir: cacheFolder(), emailId: pool.next(), cwd: newDir('project') };
    const first = await synth({
      ...options,
      env: { FIXTURE_EXPIRES_IN_HOURS: '1', FIXTURE_MIN_VALIDITY_HOURS: '0.5' },
    });
    await emulator.clearRequests();

    const second = await synth({
      ...options,
      env: { FIXTURE_EXPIRES_IN_HOURS: '3', FIXTURE_MIN_VALIDITY_HOURS: '1.5' },
    });

    expect(await postsOfApiKeys()).toBe(1);
    expect(second.apiKey === first.apiKey).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// palette-credentials api-keys

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const run = spawnSync(process.execPath, [compiledScript('cli/main.js'), ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('palette-credentials api-keys', () => {
  test('removes only the keys this library minted, by match, and forgets them in the cache', async () => {
    const options = { cacheDir: cacheFolder(), emailId: pool.next(), cwd: newDir('project') };
    const alpha = await synth({ ...options, env: { FIXTURE_KEY_NAME: 'alpha' } });
    const beta = await synth({ ...options, env: { FIXTURE_KEY_NAME: 'beta' } });
    const token = await tokenOf(options.emailId);
    const foreign = await mintDirectly(token, 'ci-pipeline');
    const env = {
      SPECTROCLOUD_HOST: emulator.url,
      SPECTROCLOUD_ORG: ORG,
      SPECTROCLOUD_USERNAME: options.emailId,
      SPECTROCLOUD_PASSWORD: PASSWORD,
      PALETTE_CREDENTIALS_CACHE_DIR: options.cacheDir,
    };

    const listed = cli(['api-keys', 'list'], env);
    const dryRun = cli(['api-keys', 'remove', '--match', 'alpha', '--dry-run'], env);
    const afterDryRun = (await usersInfoWithKey(alpha.apiKey)).status;
    const removed = cli(['api-keys', 'remove', '--match', 'alpha'], env);

    expect(listed).toMatchObject({ status: 0, stderr: '' });
    expect(listed.stdout).toMatch(/cdktf-palette-credentials:alpha@.* uid [0-9a-f]+ {2}expires /);
    expect(listed.stdout).toMatch(/cdktf-palette-credentials:beta@/);
    expect(listed.stdout).not.toMatch(/ci-pipeline/);
    expect(listed.stdout).toMatch(/^2 API keys minted by cdktf-palette-credentials\.$/m);
    expect(dryRun.stdout).toMatch(/^1 API key would be removed\.$/m);
    expect(afterDryRun).toBe(200);
    expect(removed).toMatchObject({ status: 0, stderr: '' });
    expect(removed.stdout).toMatch(/^Removed: cdktf-palette-credentials:alpha@/m);
    expect(removed.stdout).toMatch(/^Removed 1 API key minted by cdktf-palette-credentials\.$/m);
    expect((await usersInfoWithKey(alpha.apiKey)).status).toBe(401);
    expect((await usersInfoWithKey(beta.apiKey)).status).toBe(200);
    expect((await usersInfoWithKey(foreign.apiKey)).status).toBe(200);
    for (const run of [listed, dryRun, removed]) {
      const output = run.stdout + run.stderr;
      const leaked = [alpha.apiKey, beta.apiKey, foreign.apiKey, PASSWORD, token]
        .filter((secret) => output.includes(secret));
      expect(leaked).toEqual([]);
    }

    // The deleted key is gone from the cache too: the next synth of "alpha" mints a new one.
    await emulator.clearRequests();
    const again = await synth({ ...options, env: { FIXTURE_KEY_NAME: 'alpha' } });
    expect(await postsOfApiKeys()).toBe(1);
    expect((await usersInfoWithKey(again.apiKey)).status).toBe(200);

    const all = cli(['api-keys', 'remove'], env);
    expect(all.stdout).toMatch(/^Removed 2 API keys minted by cdktf-palette-credentials\.$/m);
    expect((await usersInfoWithKey(foreign.apiKey)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// examples/spectrocloud-provider

describe('examples/spectrocloud-provider', () => {
  test('wires the provider in one line: host, sensitive api_key, pinned source', async () => {
    const emailId = pool.next();
    const workDir = newDir('spectrocloud-example');
    await emulator.clearRequests();

    const synthesized = synthExample(
      path.resolve(__dirname, '..', 'examples', 'spectrocloud-provider'),
      workDir,
      {
        ...process.env,
        SPECTROCLOUD_HOST: emulator.url,
        SPECTROCLOUD_ORG: ORG,
        SPECTROCLOUD_USERNAME: emailId,
        SPECTROCLOUD_PASSWORD: PASSWORD,
        PALETTE_PROJECT: 'Team-A',
      },
    );

    expect(synthesized.stderr).toBe('');
    const text = readFileSync(path.join(synthesized.stacks[0].directory, 'cdk.tf.json'), 'utf8');
    const config = JSON.parse(text);
    const [provider] = config.provider.spectrocloud;
    const apiKey = literalOf(provider.api_key);
    expect(provider.host).toBe(new URL(emulator.url).host);
    expect(provider.project_name).toBe('Team-A');
    expect(config.terraform.required_providers.spectrocloud).toEqual({
      source: 'spectrocloud/spectrocloud',
      version: '>= 0.17.2',
    });
    expect(config.output['spectrocloud-key_api_key'].sensitive).toBe(true);
    expect(config.output.api_key_name.value).toMatch(
      /^cdktf-palette-credentials:.*\/palette-spectrocloud\/spectrocloud-key@\d{8}T\d{6}Z$/,
    );
    // The key appears only inside sensitive(): in the provider block and the output.
    expect(text.split(apiKey).length - 1).toBe(2);
    expect(text.split(`sensitive(\\"${apiKey}\\")`).length - 1).toBe(2);
    expect(filesContaining(path.join(workDir, 'cdktf.out'), PASSWORD)).toEqual([]);
    expect((await usersInfoWithKey(apiKey)).status).toBe(200);
    expect(await postsOfApiKeys()).toBe(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
