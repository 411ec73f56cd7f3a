/*
 * The emulator's fault injection and HTTPS mode, seen from a plain HTTP client (this process's
 * fetch, and node:https for TLS), without the library's login in the way.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { EmulatorFaultKind, PaletteEmulator } from '../src';
import { createTestCertificates, TestCertificates } from './support/test-certificates';

const LOGIN = '/v1/auth/authenticate';
const USER = { emailId: 'faults@palette.example', org: 'Faults-Org', password: 'faults-pw' };

let emulator: PaletteEmulator;

beforeAll(async () => {
  emulator = await PaletteEmulator.start({ users: [USER] });
});

afterAll(async () => {
  await emulator?.stop();
});

afterEach(async () => {
  await emulator.clearFaults();
  await emulator.clearRequests();
});

function login(): Promise<Response> {
  return fetch(`${emulator.url}${LOGIN}?setCookie=false`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(USER),
  });
}

describe('scriptFaults', () => {
  test('answers the next requests of a path with the faults, in order, then normally', async () => {
    await emulator.scriptFaults(LOGIN, [
      { status: 503, headers: { 'Retry-After': '7' } },
      { status: 200, body: '<html>', contentType: 'text/html' },
    ]);

    const first = await login();
    const second = await login();
    const third = await login();

    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await second.text()).toBe('<html>');
    expect(second.headers.get('content-type')).toBe('text/html');
    expect(third.status).toBe(200);
    expect((await emulator.requests()).map((r) => [r.status, r.fault, r.emailId])).toEqual([
      [503, 'respond', USER.emailId],
      [200, 'respond', USER.emailId],
      [200, undefined, USER.emailId],
    ]);
  });

  test('leaves other paths alone', async () => {
    await emulator.scriptFaults('/v1/users/info', [{ status: 418 }]);

    expect((await login()).status).toBe(200);
  });

  test('repeats a body to make a large answer', async () => {
    await emulator.scriptFaults(LOGIN, [{ body: 'ab', bodyRepeat: 50_000 }]);

    expect((await (await login()).text()).length).toBe(100_000);
  });

  test('drops the connection without an answer, logging status 0', async () => {
    await emulator.scriptFaults(LOGIN, [{ kind: EmulatorFaultKind.DROP_CONNECTION }]);

    await expect(login()).rejects.toThrow();
    expect(await emulator.requests()).toEqual([
      expect.objectContaining({ status: 0, fault: 'drop-connection' }),
    ]);
  });

  test('hangs until the client gives up', async () => {
    await emulator.scriptFaults(LOGIN, [{ kind: EmulatorFaultKind.HANG }]);

    const started = Date.now();
    const answer = fetch(`${emulator.url}${LOGIN}`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(500),
    });

    await expect(answer).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  test('waits delayMs before acting', async () => {
    await emulator.scriptFaults(LOGIN, [{ status: 502, delayMs: 300 }]);

    const started = Date.now();
    expect((await login()).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  test.each([
    [EmulatorFaultKind.EMPTY_TOKEN, (token: string) => token === ''],
    [EmulatorFaultKind.TOKEN_NOT_A_JWT, (token: string) => token.split('.').length === 1],
    [EmulatorFaultKind.TOKEN_WITHOUT_EXPIRY, (token: string) => !('exp' in claims(token))],
    [EmulatorFaultKind.EXPIRED_TOKEN, (token: string) => claims(token).exp < Date.now() / 1000],
  ])('answers %s with such a token', async (kind, isSuch) => {
    await emulator.scriptFaults(LOGIN, [{ kind }]);

    const body = await (await login()).json();

    expect(body.isMfa).toBe(false);
    expect(isSuch(body.Authorization)).toBe(true);
  });

  test.each([
    [{ kind: 'explode' }, /kind must be one of/],
    [{ status: 99 }, /status must be an integer from 100 to 599/],
    [{ delayMs: -1 }, /delayMs must be an integer/],
    [{ colour: 'red' }, /unknown fields colour/],
    [{ body: 'x', bodyRepeat: 20_000_000 }, /bodyRepeat must be an integer|16 MiB/],
    [{ headers: { 'Retry-After': 5 } }, /headers must map names to strings/],
  ])('refuses the fault %j, saying why', async (fault, reason) => {
    await expect(emulator.scriptFaults(LOGIN, [fault as any])).rejects.toThrow(reason);
  });

  test('refuses a fault for its own admin paths', async () => {
    await expect(emulator.scriptFaults('/__emulator/requests', [{ status: 500 }])).rejects.toThrow(
      /outside \/__emulator\//,
    );
  });
});

describe('HTTPS', () => {
  let certificates: TestCertificates;

  beforeAll(() => {
    certificates = createTestCertificates();
  });

  afterAll(() => certificates?.remove());

  test('serves HTTPS with the given certificate, and its admin calls still work', async () => {
    const tls = await PaletteEmulator.start({
      tlsCertificatePath: certificates.serverCertificatePath,
      tlsKeyPath: certificates.serverKeyPath,
    });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const ca = readFileSync(certificates.caCertificatePath, 'utf8');
        request(`${tls.url}/v1/users/info`, { ca }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });

      expect(status).toBe(401);
      expect(await tls.requests()).toEqual([
        expect.objectContaining({ path: '/v1/users/info', status: 401 }),
      ]);
      expect((await tls.connectionStats()).failedTlsHandshakes).toBe(0);
    } finally {
      await tls.stop();
    }
  });

  test('fails to start if only one of the certificate and the key is given', async () => {
    await expect(
      PaletteEmulator.start({ tlsCertificatePath: certificates.serverCertificatePath }),
    ).rejects.toThrow(/tlsCertificatePath and tlsKeyPath must be given together/);
  });

  test('fails to start if a file is missing, naming it', async () => {
    await expect(
      PaletteEmulator.start({
        tlsCertificatePath: '/nonexistent/cert.pem',
        tlsKeyPath: certificates.serverKeyPath,
      }),
    ).rejects.toThrow(/tlsCertificatePath \/nonexistent\/cert\.pem cannot be read \(ENOENT\)/);
  });
});

function claims(token: string): { exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
