import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** PEM files of a private certificate authority and a server certificate it signed. */
export interface TestCertificates {
  /** The folder holding every file; `remove()` deletes it. */
  readonly directory: string;

  /** The private authority's certificate: what a client must trust. */
  readonly caCertificatePath: string;

  /** A second authority that signed nothing the server presents. */
  readonly otherCaCertificatePath: string;

  /** The server certificate, for `127.0.0.1` and `localhost`, signed by the private authority. */
  readonly serverCertificatePath: string;
  readonly serverKeyPath: string;

  /** A certificate from the same authority for a name that is not 127.0.0.1, and its key. */
  readonly wrongNameCertificatePath: string;
  readonly wrongNameKeyPath: string;

  remove(): void;
}

/**
 * Makes a private certificate authority and a server certificate with the `openssl` command
 * line, in a fresh temporary folder. Nothing is committed: every test run has keys of its own.
 */
export function createTestCertificates(): TestCertificates {
  const directory = mkdtempSync(path.join(tmpdir(), 'palette-tls-'));
  const file = (name: string): string => path.join(directory, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] });
  };

  for (const name of ['ca', 'other-ca']) {
    openssl(
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', `/CN=cdktf-palette-credentials test ${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`),
    );
  }

  const issue = (name: string, subjectAltName: string): void => {
    writeFileSync(
      file(`${name}.ext`),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${subjectAltName}`,
      ].join('\n'),
    );
    openssl(
      'req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`,
      '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`),
    );
    openssl(
      'x509', '-req', '-in', file(`${name}.csr`), '-days', '2',
      '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`),
    );
  };
  issue('server', 'IP:127.0.0.1,DNS:localhost');
  issue('wrong-name', 'DNS:palette.invalid');

  return {
    directory,
    caCertificatePath: file('ca.pem'),
    otherCaCertificatePath: file('other-ca.pem'),
    serverCertificatePath: file('server.pem'),
    serverKeyPath: file('server.key'),
    wrongNameCertificatePath: file('wrong-name.pem'),
    wrongNameKeyPath: file('wrong-name.key'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
