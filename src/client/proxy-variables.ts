/*
 * The proxy variables a synth captures, apart from the rules that choose a proxy with them
 * (proxy-environment.ts): every construct captures them, while only a login reads the rules.
 */

/**
 * The variables curl reads to choose a proxy, in the order it reads them.
 *
 * `HTTP_PROXY` in capitals is missing on purpose: curl ignores it, because a CGI program receives
 * the request's `Proxy:` header as that variable (the "httpoxy" hole), so a client that honoured
 * it would let a caller choose where credentials go.
 */
export const PROXY_VARIABLES = [
  'https_proxy',
  'HTTPS_PROXY',
  'http_proxy',
  'all_proxy',
  'ALL_PROXY',
  'no_proxy',
  'NO_PROXY',
] as const;

/** The proxy variables of one environment, as plain data that can cross to a worker. */
export type ProxyEnvironment = Partial<Record<(typeof PROXY_VARIABLES)[number], string>>;

/** Copies the proxy variables out of an environment, leaving empty ones out as curl does. */
export function captureProxyEnvironment(env: NodeJS.ProcessEnv): ProxyEnvironment {
  const captured: Record<string, string> = {};
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      captured[name] = value;
    }
  }
  return captured;
}
