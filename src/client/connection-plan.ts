import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import { ClientOptions } from './client-options';
import { ProxyChoice, proxyFor } from './proxy-environment';
import { trustedAuthorities } from './tls-trust';
import { PaletteConfigurationError } from '../errors';

/** How requests to one endpoint travel: through which proxy, trusting which authorities. */
export interface ConnectionPlan {
  /**
   * The proxy requests go through.
   *
   * @default - direct
   */
  readonly proxy?: ProxyChoice;

  /** got's `agent` option: a tunnelling agent when a proxy is used. */
  readonly agent: { http?: HttpAgent; https?: HttpsAgent };

  /** got's `https` option. */
  readonly https: { certificateAuthority?: string[]; rejectUnauthorized: boolean };
}

/**
 * Decides, once per client, how its requests reach `endpoint`.
 *
 * A proxy is reached with an HTTP CONNECT tunnel, so TLS still runs end to end between this
 * client and Palette and the proxy sees neither the password nor the token. Certificate checks
 * are the same with or without a proxy.
 *
 * @throws PaletteConfigurationError when the proxy variable is unusable, or when an IPv6 literal
 * host would have to go through a proxy, which the tunnelling agent cannot address
 */
export function planConnection(
  endpoint: URL,
  options: ClientOptions,
  env: NodeJS.ProcessEnv,
): ConnectionPlan {
  const https = {
    certificateAuthority:
      options.caCertificates === undefined
        ? undefined
        : trustedAuthorities(options.caCertificates, env),
    rejectUnauthorized: options.insecureSkipTlsVerify !== true,
  };

  const proxy = proxyFor(endpoint, options.proxyEnvironment ?? {});
  if (proxy === undefined) {
    return { https, agent: {} };
  }
  if (isIP(endpoint.hostname.replace(/^\[(.*)\]$/, '$1')) === 6) {
    throw new PaletteConfigurationError(
      'INVALID_HOST',
      `The Palette host ${endpoint.host} is an IPv6 address, which cannot be reached through the ` +
        `proxy ${proxy.description}. Add it to NO_PROXY, or use a host name.`,
      { host: endpoint.origin },
    );
  }

  // Required here, not at the top: most logins go direct and never need the tunnelling agents.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { HttpProxyAgent, HttpsProxyAgent } = require('hpagent') as typeof import('hpagent');
  // keepAlive off: a synth makes a handful of requests, and an idle tunnel would outlive them.
  const agentOptions = { proxy: proxy.url, keepAlive: false };
  return {
    proxy,
    https,
    agent: { http: new HttpProxyAgent(agentOptions), https: new HttpsProxyAgent(agentOptions) },
  };
}
