import { isIP } from 'node:net';
import { PaletteConfigurationError } from '../errors';

/** The public Palette SaaS API, used when no host is configured. */
export const DEFAULT_PALETTE_HOST = 'api.spectrocloud.com';

/**
 * Turns the `host` setting into the base URL every request starts from.
 *
 * A bare host (`api.spectrocloud.com`, `palette.internal:8443`, `[::1]:8080`) means HTTPS. An
 * explicit `https://` URL is kept. `http://` is accepted only for loopback hosts, because the
 * password travels in the request body. Paths, queries, fragments and user information are
 * refused: Palette serves its API at the root, and anything else is a misconfiguration that would
 * otherwise surface later as a confusing 404.
 *
 * @returns the origin without a trailing slash, for example `https://api.spectrocloud.com`
 */
export function parseEndpoint(host: string): string {
  const trimmed = host.trim();
  // Letters of both cases spelled out: V8 compiles a case-insensitive pattern about three times
  // slower, and every synth compiles this one.
  const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(trimmed);
  const withScheme = hasScheme ? trimmed : `https://${trimmed}`;

  if (mayBeIpv6Address(trimmed) && isIP(trimmed) === 6) {
    const bracketed = `[${trimmed}]`;
    throw invalidHost(
      host,
      `an IPv6 address needs brackets, as in ${bracketed} or https://${bracketed}:8443`,
    );
  }

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidHost(host, 'it is not a host name or an https:// URL');
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidHost(host, `the scheme ${url.protocol.replace(':', '')} is not supported`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidHost(host, 'it contains user information; pass credentials as props instead');
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw invalidHost(
      host,
      'it contains a path, query or fragment; Palette serves its API at the root',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new PaletteConfigurationError(
      'INSECURE_HOST',
      `The Palette host "${url.host}" uses http://, which would send the password unencrypted. ` +
        'Use https://, or a bare host name (https is the default); http:// is accepted only for ' +
        'loopback hosts such as 127.0.0.1 or localhost.',
    );
  }

  return url.origin;
}

/**
 * Whether a URL's hostname names this machine. The URL parser has already written any IPv4
 * address in its canonical dotted form (`127.1` becomes `127.0.0.1`, and a part above 255 is
 * refused) and kept an IPv6 literal's brackets, so plain patterns suffice, and Node's IP parser
 * (a large pattern to compile at every synth) is not needed.
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]'
  );
}

/**
 * Whether `text` could be a bare IPv6 address: one has at least two colons and no slash. It
 * spares the common host names and URLs `isIP()`, which compiles Node's large IPv6 pattern on
 * first use, a few milliseconds that every synth would pay.
 */
function mayBeIpv6Address(text: string): boolean {
  return !text.includes('/') && text.indexOf(':') !== text.lastIndexOf(':');
}

function invalidHost(host: string, reason: string): PaletteConfigurationError {
  return new PaletteConfigurationError(
    'INVALID_HOST',
    `The Palette host "${withoutUserInformation(host)}" is not valid: ${reason}. ` +
      `Give a host such as ${DEFAULT_PALETTE_HOST}, or a URL such as ` +
        'https://palette.example.com:8443.',
  );
}

/** The host as the user wrote it, minus any `user:password@`, which must never be repeated. */
function withoutUserInformation(host: string): string {
  return host.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, '$1…@');
}
