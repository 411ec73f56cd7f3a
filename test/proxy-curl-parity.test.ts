/*
 * curl as the reference: for each environment and URL, curl itself runs against a proxy of our
 * own, and the library must decide the same way, proxy or direct. Names never reach DNS: curl's
 * --resolve pins them to 127.0.0.1 when it goes direct, and the proxy refuses (without
 * connecting anywhere) any target that is not a loopback address.
 */
import { spawnSync } from 'node:child_process';
import { LoopbackServer, startLoopbackServer } from './support/loopback-server';
import { proxyFor } from '../src/client/proxy-environment';
import { captureProxyEnvironment } from '../src/client/proxy-variables';

let proxy: LoopbackServer;
let direct: LoopbackServer;

beforeAll(async () => {
  [proxy, direct] = await Promise.all([
    startLoopbackServer('proxy'),
    startLoopbackServer('recorder'),
  ]);
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), direct?.stop()]);
});

/** Whether curl sent a request for `url` through the proxy, with only `env` set. */
async function curlUsesProxy(url: URL, env: Record<string, string>): Promise<boolean> {
  await proxy.clear();
  const pin = /^[\d.]+$/.test(url.hostname) ? [] : ['--resolve', `${url.host}:127.0.0.1`];
  const run = spawnSync(
    'curl',
    ['-q', '--silent', '--output', '/dev/null', '--max-time', '5', ...pin, url.href],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' },
  );
  if (run.error !== undefined) {
    throw new Error(`curl could not run (${run.error.message}); this test needs curl.`);
  }
  return (await proxy.requests()).length > 0;
}

const proxyUrl = (): string => `http://127.0.0.1:${proxy.port}`;

describe.each([
  { noProxy: 'example.com', host: 'example.com', proxied: false },
  { noProxy: 'example.com', host: 'api.example.com', proxied: false },
  { noProxy: 'example.com', host: 'notexample.com', proxied: true },
  { noProxy: '.example.com', host: 'example.com', proxied: false },
  { noProxy: '.example.com', host: 'a.b.example.com', proxied: false },
  { noProxy: 'EXAMPLE.com', host: 'api.example.com', proxied: false },
  { noProxy: 'example.com.', host: 'api.example.com', proxied: false },
  { noProxy: 'api.example.com', host: 'example.com', proxied: true },
  { noProxy: 'other.com, example.com', host: 'api.example.com', proxied: false },
  { noProxy: 'other.com example.com', host: 'api.example.com', proxied: false },
  { noProxy: ',,other.com,,', host: 'api.example.com', proxied: true },
  { noProxy: '*', host: 'api.example.com', proxied: false },
  { noProxy: 'other.com,*', host: 'api.example.com', proxied: true },
  { noProxy: 'example.com:443', host: 'example.com', proxied: true },
  { noProxy: 'localhost', host: 'localhost', proxied: false },
  { noProxy: 'host', host: 'localhost', proxied: true },
  { noProxy: '127.0.0.1', host: '127.0.0.1', proxied: false },
  { noProxy: '127.0.0.2', host: '127.0.0.1', proxied: true },
  { noProxy: '127.0.0.0/8', host: '127.0.0.1', proxied: false },
  { noProxy: '10.0.0.0/8', host: '127.0.0.1', proxied: true },
  { noProxy: 'localhost', host: '127.0.0.1', proxied: true },
])('NO_PROXY=$noProxy for $host', ({ noProxy, host, proxied }) => {
  test.each(['NO_PROXY', 'no_proxy'])('is read from %s as curl reads it', async (variable) => {
    const url = new URL(`https://${host}:${direct.port}/`);
    const env = { HTTPS_PROXY: proxyUrl(), [variable]: noProxy };

    const viaProxy = proxyFor(url, captureProxyEnvironment(env)) !== undefined;

    expect({ library: viaProxy, curl: await curlUsesProxy(url, env) }).toEqual({
      library: proxied,
      curl: proxied,
    });
  });
});

describe.each<{ name: string; scheme: string; env: (proxyAt: string) => Record<string, string> }>([
  { name: 'HTTPS_PROXY', scheme: 'https', env: (p) => ({ HTTPS_PROXY: p }) },
  { name: 'https_proxy', scheme: 'https', env: (p) => ({ https_proxy: p }) },
  { name: 'http_proxy for https', scheme: 'https', env: (p) => ({ http_proxy: p }) },
  { name: 'HTTP_PROXY for http', scheme: 'http', env: (p) => ({ HTTP_PROXY: p }) },
  { name: 'http_proxy for http', scheme: 'http', env: (p) => ({ http_proxy: p }) },
  { name: 'all_proxy', scheme: 'https', env: (p) => ({ all_proxy: p }) },
  { name: 'ALL_PROXY', scheme: 'http', env: (p) => ({ ALL_PROXY: p }) },
  {
    name: 'no_proxy before NO_PROXY',
    scheme: 'https',
    env: (p) => ({ HTTPS_PROXY: p, no_proxy: 'other.com', NO_PROXY: 'example.com' }),
  },
  {
    name: 'an empty https_proxy',
    scheme: 'https',
    env: (p) => ({ https_proxy: '', HTTPS_PROXY: p }),
  },
])('$name', ({ scheme, env }) => {
  test('decides as curl does', async () => {
    const url = new URL(`${scheme}://api.example.com:${direct.port}/`);
    const variables = env(proxyUrl());

    const viaProxy = proxyFor(url, captureProxyEnvironment(variables)) !== undefined;

    expect(viaProxy).toBe(await curlUsesProxy(url, variables));
  });
});
