import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveConnectionSettings } from '../src/client/connection-settings';
import { parseEndpoint } from '../src/client/endpoint';
import { resolveLoginSettings } from '../src/client/login-settings';

function failureOf(action: () => unknown): any {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('parseEndpoint', () => {
  test.each([
    ['api.spectrocloud.com', 'https://api.spectrocloud.com'],
    ['api.spectrocloud.com/', 'https://api.spectrocloud.com'],
    ['https://palette.example.com/', 'https://palette.example.com'],
    ['  palette.example.com  ', 'https://palette.example.com'],
    ['palette.example.com:8443', 'https://palette.example.com:8443'],
    ['https://palette.example.com:443', 'https://palette.example.com'],
    ['[::1]:8443', 'https://[::1]:8443'],
    ['https://[fd00::10]', 'https://[fd00::10]'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://127.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.255.0.9', 'http://127.255.0.9'],
    ['http://palette.localhost:8080', 'http://palette.localhost:8080'],
    ['HTTPS://Palette.Example.com', 'https://palette.example.com'],
    ['Http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('accepts %s as %s', (host, origin) => {
    expect(parseEndpoint(host)).toBe(origin);
  });

  test.each([
    ['https://palette.example.com/v1', /contains a path/],
    ['palette.example.com/api', /contains a path/],
    ['https://palette.example.com/?org=x', /query/],
    ['::1', /IPv6 address needs brackets, as in \[::1\]/],
    ['fd00::10', /IPv6 address needs brackets/],
    ['ftp://palette.example.com', /scheme ftp is not supported/],
    ['FTP://palette.example.com', /scheme ftp is not supported/],
    ['http://127.0.0.1234', /not a host name/],
    ['https://palette example.com', /not a host name/],
  ])('fails if the host is %s, with a clear message', (host, reason) => {
    const failure = failureOf(() => parseEndpoint(host));

    expect(failure).toMatchObject({ code: 'INVALID_HOST' });
    expect(failure.message).toMatch(reason);
  });

  test('fails if the host carries user information, without repeating it', () => {
    const host = 'https://admin:s3cret-marker@palette.example.com';
    const failure = failureOf(() => parseEndpoint(host));

    expect(failure.code).toBe('INVALID_HOST');
    expect(failure.message).toMatch(/user information/);
    expect(failure.message).not.toMatch(/s3cret-marker|admin/);
  });

  test.each([
    'http://palette.example.com',
    'http://128.0.0.1',
    'http://127.0.0.1.example.com',
    'http://127.0.0.example',
    'http://localhost.example.com',
    'http://[::2]',
  ])('fails if http:// is used for %s, which is not loopback', (host) => {
    expect(failureOf(() => parseEndpoint(host)).code).toBe('INSECURE_HOST');
  });
});

describe('resolveLoginSettings', () => {
  const complete = { org: 'Org', emailId: 'a+b@example.com', password: ' pw ' };

  test.each([
    ['org', ''],
    ['org', '   '],
    ['emailId', '\t'],
    ['password', ' \n '],
  ])('fails before any request if %s is %j', (field, value) => {
    const failure = failureOf(() => resolveLoginSettings({ ...complete, [field]: value }, {}));

    expect(failure.code).toBe('EMPTY_SETTING');
    expect(failure.message).toMatch(new RegExp(`Palette ${field} is empty`));
  });

  test('keeps every value exactly as given: case, spaces, plus signs', () => {
    const settings = resolveLoginSettings({ ...complete, org: 'MixedCase-Org' }, {});

    expect(settings).toMatchObject({
      org: 'MixedCase-Org',
      emailId: 'a+b@example.com',
      password: ' pw ',
    });
  });
});

describe('resolveConnectionSettings', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'palette-settings-'));
    writeFileSync(path.join(dir, 'not-pem.txt'), 'hello');
    writeFileSync(
      path.join(dir, 'broken.pem'),
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('leaves every tuning at its default when nothing is set', () => {
    expect(resolveConnectionSettings({}, {})).toEqual({
      attemptTimeoutMs: undefined,
      deadlineMs: undefined,
      maxAttempts: undefined,
      caCertificates: undefined,
      insecureSkipTlsVerify: undefined,
      proxyEnvironment: {},
    });
  });

  test('converts seconds to milliseconds', () => {
    const options = resolveConnectionSettings(
      { requestTimeoutSeconds: 2.5, deadlineSeconds: 30, maxAttempts: 1 },
      {},
    );

    expect(options).toMatchObject({ attemptTimeoutMs: 2_500, deadlineMs: 30_000, maxAttempts: 1 });
  });

  test.each([
    [{ requestTimeoutSeconds: 0 }, /requestTimeoutSeconds is 0; it must be a positive/],
    [{ deadlineSeconds: -1 }, /deadlineSeconds is -1/],
    [{ deadlineSeconds: Number.NaN }, /deadlineSeconds is NaN/],
    [{ maxAttempts: 0 }, /maxAttempts is 0; it must be a whole number from 1 to 10/],
    [{ maxAttempts: 2.5 }, /maxAttempts is 2.5/],
    [{ maxAttempts: 11 }, /maxAttempts is 11/],
  ])('fails if %j', (input, reason) => {
    const failure = failureOf(() => resolveConnectionSettings(input, {}));

    expect(failure.code).toBe('INVALID_SETTING');
    expect(failure.message).toMatch(reason);
  });

  test('fails if the CA bundle cannot be read, naming the file and where it came from', () => {
    const missing = path.join(dir, 'missing.pem');

    const fromProp = failureOf(() => resolveConnectionSettings({ caBundlePath: missing }, {}));
    const fromEnv = failureOf(() =>
      resolveConnectionSettings({}, { SPECTROCLOUD_CA_BUNDLE: missing }),
    );

    expect(fromProp.code).toBe('CA_BUNDLE_UNREADABLE');
    expect(fromProp.message).toMatch(/missing\.pem \(from the caBundlePath prop\).*ENOENT/);
    expect(fromEnv.message).toMatch(/from the SPECTROCLOUD_CA_BUNDLE environment variable/);
  });

  test.each([
    ['not-pem.txt', /holds no PEM certificate/],
    ['broken.pem', /holds a damaged one/],
  ])('fails if the CA bundle %s is not a PEM certificate', (file, reason) => {
    const failure = failureOf(() =>
      resolveConnectionSettings({ caBundlePath: path.join(dir, file) }, {}),
    );

    expect(failure.code).toBe('CA_BUNDLE_INVALID');
    expect(failure.message).toMatch(reason);
  });

  test('captures the proxy variables curl reads, and no others', () => {
    const options = resolveConnectionSettings(
      {},
      { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp', HTTP_PROXY: 'http://x:1', PATH: '/bin' },
    );

    expect(options.proxyEnvironment).toEqual({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp' });
  });
});
