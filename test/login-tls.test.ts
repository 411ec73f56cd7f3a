/*
 * TLS against an emulator that serves HTTPS with a certificate from a private authority made
 * for this run with openssl.
 */
import { AnnotationMetadataEntryType } from 'cdktf';
import { PaletteEmulator } from '../src';
import { loginsOf, probeLogin, UserPool } from './support/login-probe';
import { createTestCertificates, TestCertificates } from './support/test-certificates';

const ORG = 'Tls-Org';
const PASSWORD = 'tls-password';
const pool = new UserPool('tls', 20, ORG, PASSWORD);

let certificates: TestCertificates;
let emulator: PaletteEmulator;

beforeAll(async () => {
  certificates = createTestCertificates();
  emulator = await PaletteEmulator.start({
    users: pool.users,
    tlsCertificatePath: certificates.serverCertificatePath,
    tlsKeyPath: certificates.serverKeyPath,
    loginRateLimit: { perSecond: 1000, burst: 1000 },
  });
});

afterAll(async () => {
  await emulator?.stop();
  certificates?.remove();
});

afterEach(() => {
  delete process.env.SPECTROCLOUD_CA_BUNDLE;
});

function login(props = {}) {
  const emailId = pool.next();
  const probe = probeLogin({ host: emulator.url, org: ORG, emailId, password: PASSWORD, ...props });
  return { emailId, ...probe };
}

test('serves HTTPS on 127.0.0.1', () => {
  expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
});

test('verifies certificates by default: an untrusted one fails at once, unretried', async () => {
  const before = await emulator.connectionStats();

  const result = login();

  const after = await emulator.connectionStats();
  expect(result.error).toMatchObject({ code: 'TLS', host: emulator.url, org: ORG });
  expect(result.error?.message).toMatch(
    /failed TLS certificate verification: its certificate .*authority this machine does not trust/,
  );
  expect(result.error?.message).toMatch(
    /\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)/,
  );
  expect(result.error?.message).toMatch(/caBundlePath prop or the SPECTROCLOUD_CA_BUNDLE/);
  expect(result.error?.message).toMatch(/not retried/);
  expect(after.failedTlsHandshakes - before.failedTlsHandshakes).toBe(1);
  expect(await loginsOf(emulator, result.emailId)).toEqual([]);
  // No backoff wait: the slack is only for the login worker's start on a busy machine.
  expect(result.elapsedMs).toBeLessThan(5_000);
});

test('trusts a private authority given with caBundlePath', async () => {
  const result = login({ caBundlePath: certificates.caCertificatePath });

  expect(result.error).toBeUndefined();
  expect(await loginsOf(emulator, result.emailId)).toHaveLength(1);
});

test('trusts a private authority given with SPECTROCLOUD_CA_BUNDLE', () => {
  process.env.SPECTROCLOUD_CA_BUNDLE = certificates.caCertificatePath;

  expect(login().error).toBeUndefined();
});

test('prefers the caBundlePath prop to the environment variable', () => {
  process.env.SPECTROCLOUD_CA_BUNDLE = certificates.otherCaCertificatePath;

  expect(login({ caBundlePath: certificates.caCertificatePath }).error).toBeUndefined();
});

test('fails if the bundle holds another authority', () => {
  const result = login({ caBundlePath: certificates.otherCaCertificatePath });

  expect(result.error?.code).toBe('TLS');
});

test('fails if the certificate is for another name, even from a trusted authority', async () => {
  const misnamed = await PaletteEmulator.start({
    tlsCertificatePath: certificates.wrongNameCertificatePath,
    tlsKeyPath: certificates.wrongNameKeyPath,
  });
  try {
    const result = probeLogin({
      host: misnamed.url,
      org: ORG,
      emailId: pool.next(),
      password: PASSWORD,
      caBundlePath: certificates.caCertificatePath,
    });

    expect(result.error?.code).toBe('TLS');
    expect(result.error?.message).toMatch(/certificate is for another host name/);
  } finally {
    await misnamed.stop();
  }
});

test('fails fast with a TLS error when the port serves plain HTTP', async () => {
  const plain = await PaletteEmulator.start();
  try {
    const result = probeLogin({
      host: plain.url.replace('http://', 'https://'),
      org: ORG,
      emailId: pool.next(),
      password: PASSWORD,
    });

    expect(result.error?.code).toBe('TLS');
    expect(result.error?.message).toMatch(/did not complete a TLS handshake .*serves HTTPS/);
  } finally {
    await plain.stop();
  }
});

test('insecureSkipTlsVerify logs in without verification, and warns', () => {
  const result = login({ insecureSkipTlsVerify: true });

  expect(result.error).toBeUndefined();
  const warnings = result.credentials.node.metadata
    .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
    .map((entry) => String(entry.data));
  expect(warnings).toEqual([
    expect.stringMatching(/insecureSkipTlsVerify is set: .* does not verify TLS certificates/),
  ]);
});

test('adds no warning while verification is on', () => {
  const result = login({ caBundlePath: certificates.caCertificatePath });

  expect(
    result.credentials.node.metadata.filter((e) => e.type === AnnotationMetadataEntryType.WARN),
  ).toEqual([]);
});
