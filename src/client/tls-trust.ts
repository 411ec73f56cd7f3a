import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PaletteConfigurationError } from '../errors';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads and checks a CA bundle on the synth thread, so that a wrong path or a file that holds
 * no certificate fails at construction, before any request, instead of as a TLS error later.
 *
 * @param source how the user gave the path, for the message: the prop or the variable
 * @returns the certificates, as PEM text
 */
export function readCaBundle(file: string, source: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PaletteConfigurationError(
      'CA_BUNDLE_UNREADABLE',
      `The CA bundle ${file} (from ${source}) cannot be read (${reason}). Point ${source} at a ` +
        'PEM file holding the certificate of the authority that signed the Palette certificate.',
    );
  }

  const certificates = text.match(PEM_CERTIFICATE) ?? [];
  const unreadable = certificates.findIndex((pem) => !isCertificate(pem));
  if (certificates.length === 0 || unreadable >= 0) {
    const what = certificates.length === 0 ? 'holds no PEM certificate' : 'holds a damaged one';
    throw new PaletteConfigurationError(
      'CA_BUNDLE_INVALID',
      `The CA bundle ${file} (from ${source}) ${what}. Give a PEM file with one or more ` +
        '"-----BEGIN CERTIFICATE-----" blocks (a private key or a DER file will not do).',
    );
  }
  return certificates.join('\n');
}

/**
 * Every certificate authority a connection trusts when a bundle is given: Node's own roots, those
 * of `NODE_EXTRA_CA_CERTS`, and the bundle.
 *
 * Node replaces, rather than extends, its roots when a connection names its own, so the roots a
 * user already relies on are listed again; a bundle for a private Palette must not break a proxy
 * or a public endpoint that worked before.
 */
export function trustedAuthorities(bundle: string, env: NodeJS.ProcessEnv): string[] {
  // Required here, not at the top: a synth whose token comes from the cache never loads node:tls.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { rootCertificates } = require('node:tls') as typeof import('node:tls');
  return [...rootCertificates, ...extraCertificates(env), bundle];
}

function extraCertificates(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || file === '') {
    return [];
  }
  try {
    return readFileSync(file, 'utf8').match(PEM_CERTIFICATE) ?? [];
  } catch {
    // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
    return [];
  }
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
