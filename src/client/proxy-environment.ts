import { isIP } from 'node:net';
import type { ProxyEnvironment } from './proxy-variables';
import { PaletteConfigurationError } from '../errors';

/** The proxy chosen for a target, and which variable chose it, for messages. */
export interface ProxyChoice {
  /** The proxy URL, user information included; never put it in a message, use `describe`. */
  readonly url: URL;

  /** The variable the proxy came from, for example `HTTPS_PROXY`. */
  readonly variable: string;

  /** `http://proxy.example:3128 (from HTTPS_PROXY)`: the proxy without its credentials. */
  readonly description: string;
}

/** curl's port for a proxy URL that names none. */
const DEFAULT_PROXY_PORTS: Record<string, string> = { 'http:': '1080', 'https:': '443' };

/**
 * The proxy a request to `target` goes through, by curl's rules:
 *
 * - `no_proxy`, else `NO_PROXY`, is checked first; a match means no proxy (see
 *   {@link matchesNoProxy}).
 * - An `https://` target uses `https_proxy`, else `HTTPS_PROXY`; an `http://` target uses
 *   `http_proxy` only. Either falls back to `all_proxy`, else `ALL_PROXY`.
 * - A proxy without a scheme is `http://`; one without a port uses 1080 (443 for `https://`).
 *
 * @returns `undefined` when the request goes direct
 * @throws PaletteConfigurationError when the chosen variable does not hold a usable proxy URL;
 * the message names the variable, never its value, which may hold a password
 */
export function proxyFor(target: URL, env: ProxyEnvironment): ProxyChoice | undefined {
  const noProxy = env.no_proxy ?? env.NO_PROXY;
  if (noProxy !== undefined && matchesNoProxy(target.hostname, noProxy)) {
    return undefined;
  }

  const candidates: (keyof ProxyEnvironment)[] =
    target.protocol === 'https:'
      ? ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']
      : ['http_proxy', 'all_proxy', 'ALL_PROXY'];
  const variable = candidates.find((name) => env[name] !== undefined);
  if (variable === undefined) {
    return undefined;
  }

  const url = parseProxyUrl(env[variable]!, variable);
  return { url, variable, description: `${url.protocol}//${url.host} (from ${variable})` };
}

/**
 * Whether `no_proxy` exempts `hostname`, with curl's matching:
 *
 * - The value is a list of names separated by commas or blanks; `*` alone matches every host.
 * - A name matches itself and every subdomain, case-insensitively: `example.com` and
 *   `.example.com` both match `example.com` and `api.example.com`, never `notexample.com`.
 *   Trailing dots are ignored on both sides.
 * - An IP address matches the same address, or a CIDR range written `10.0.0.0/8` or
 *   `fd00::/8`. Names never match IP addresses and the other way round: no DNS is consulted.
 * - Ports are not part of the match.
 *
 * @param hostname a URL hostname; an IPv6 literal may keep its brackets
 */
export function matchesNoProxy(hostname: string, noProxy: string): boolean {
  if (noProxy.trim() === '*') {
    return true;
  }

  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const entries = noProxy.split(/[\s,]+/).filter((entry) => entry !== '');
  if (isIP(host) !== 0) {
    return entries.some((entry) => addressMatches(host, entry));
  }
  const name = host.replace(/\.$/, '').toLowerCase();
  return entries.some((entry) => nameMatches(name, entry));
}

function nameMatches(name: string, entry: string): boolean {
  const domain = entry.replace(/\.$/, '').replace(/^\./, '').toLowerCase();
  if (domain === '') {
    return false;
  }
  return name === domain || name.endsWith(`.${domain}`);
}

function addressMatches(address: string, entry: string): boolean {
  const [network, bitsText] = entry.replace(/^\[(.*)\]$/, '$1').split('/', 2);
  const family = isIP(address);
  if (isIP(network) !== family) {
    return false;
  }

  const width = family === 4 ? 32 : 128;
  // As in curl, a missing or zero prefix length means the whole address.
  const bits = bitsText === undefined || Number(bitsText) === 0 ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) {
    return false;
  }
  return prefixBits(address, bits) === prefixBits(network, bits);
}

/** The first `bits` bits of an address, as a string of 0s and 1s. */
function prefixBits(address: string, bits: number): string {
  const bytes = isIP(address) === 4 ? address.split('.').map(Number) : ipv6Bytes(address);
  return bytes
    .map((byte) => byte.toString(2).padStart(8, '0'))
    .join('')
    .slice(0, bits);
}

function ipv6Bytes(address: string): number[] {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets first.
  const withoutV4 = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [Number(a) * 256 + Number(b), Number(c) * 256 + Number(d)]
      .map((part) => part.toString(16))
      .join(':'),
  );
  const [head, tail] = withoutV4.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array(8 - headParts.length - tailParts.length).fill('0');
  const hextets = tail === undefined ? headParts : [...headParts, ...zeros, ...tailParts];
  return hextets.flatMap((hextet) => {
    const value = parseInt(hextet, 16);
    return [Math.floor(value / 256), value % 256];
  });
}

function parseProxyUrl(value: string, variable: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidProxy(variable, 'it is not a URL such as http://proxy.example.com:3128');
  }

  if (/^socks/.test(url.protocol)) {
    throw invalidProxy(variable, 'SOCKS proxies are not supported; give an http:// proxy');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidProxy(variable, `the scheme ${url.protocol.replace(':', '')} is not supported`);
  }
  if (url.hostname === '') {
    throw invalidProxy(variable, 'it names no host');
  }
  // URL drops a port equal to the scheme's default, so an explicit :80 is looked for in the text.
  if (url.port === '' && !hasExplicitPort(withScheme)) {
    url.port = DEFAULT_PROXY_PORTS[url.protocol];
  }
  return url;
}

function hasExplicitPort(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):\d+/i.test(url);
}

function invalidProxy(variable: string, reason: string): PaletteConfigurationError {
  return new PaletteConfigurationError(
    'INVALID_PROXY',
    `The proxy in the ${variable} environment variable cannot be used: ${reason}. Fix or unset ` +
      `${variable}, or add the Palette host to NO_PROXY to reach it directly.`,
  );
}
