import { matchesNoProxy, proxyFor } from '../src/client/proxy-environment';
import { captureProxyEnvironment, ProxyEnvironment } from '../src/client/proxy-variables';

// These names are never resolved: the rules compare text, and no request is made.
const HTTPS_TARGET = new URL('https://palette.example.com');
const HTTP_TARGET = new URL('http://127.0.0.1:8080');

describe('proxyFor, by curl\'s rules', () => {
  test.each<[string, ProxyEnvironment, URL, string | undefined]>([
    ['https uses https_proxy', { https_proxy: 'http://p1:3128' }, HTTPS_TARGET, 'https_proxy'],
    ['https uses HTTPS_PROXY', { HTTPS_PROXY: 'http://p2:3128' }, HTTPS_TARGET, 'HTTPS_PROXY'],
    [
      'lowercase wins over capitals',
      { https_proxy: 'http://p1:3128', HTTPS_PROXY: 'http://p2:3128' },
      HTTPS_TARGET,
      'https_proxy',
    ],
    ['http uses http_proxy', { http_proxy: 'http://p1:3128' }, HTTP_TARGET, 'http_proxy'],
    ['https ignores http_proxy', { http_proxy: 'http://p1:3128' }, HTTPS_TARGET, undefined],
    ['all_proxy is the fallback', { all_proxy: 'http://p3:3128' }, HTTPS_TARGET, 'all_proxy'],
    ['ALL_PROXY is the last fallback', { ALL_PROXY: 'http://p3:3128' }, HTTP_TARGET, 'ALL_PROXY'],
    [
      'a scheme-specific proxy wins over all_proxy',
      { all_proxy: 'http://p3:3128', HTTPS_PROXY: 'http://p2:3128' },
      HTTPS_TARGET,
      'HTTPS_PROXY',
    ],
    ['nothing set means direct', {}, HTTPS_TARGET, undefined],
  ])('%s', (_name, env, target, variable) => {
    expect(proxyFor(target, env)?.variable).toBe(variable);
  });

  test('ignores HTTP_PROXY in capitals, as curl does (the httpoxy hole)', () => {
    const env = captureProxyEnvironment({ HTTP_PROXY: 'http://evil:3128' });

    expect(env).toEqual({});
    expect(proxyFor(HTTP_TARGET, env)).toBeUndefined();
  });

  test('treats an empty variable as unset, so the capitals still apply', () => {
    const env = captureProxyEnvironment({ https_proxy: '', HTTPS_PROXY: 'http://p2:3128' });

    expect(proxyFor(HTTPS_TARGET, env)?.variable).toBe('HTTPS_PROXY');
  });

  test('reads no_proxy before NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://p:1', no_proxy: 'other.com', NO_PROXY: 'example.com' };

    expect(proxyFor(HTTPS_TARGET, env)).toBeDefined();
  });

  test('defaults the scheme to http:// and the port to 1080, as curl does', () => {
    const choice = proxyFor(HTTPS_TARGET, { HTTPS_PROXY: 'proxy.corp' });

    expect(choice?.url.href).toBe('http://proxy.corp:1080/');
  });

  test('keeps an explicit port, even the scheme default', () => {
    expect(proxyFor(HTTPS_TARGET, { HTTPS_PROXY: 'http://proxy.corp:80' })?.url.port).toBe('');
    expect(proxyFor(HTTPS_TARGET, { HTTPS_PROXY: 'proxy.corp:3128' })?.url.port).toBe('3128');
  });

  test('describes the proxy without its credentials', () => {
    const choice = proxyFor(HTTPS_TARGET, { HTTPS_PROXY: 'http://user:s3cret@proxy.corp:3128' });

    expect(choice?.description).toBe('http://proxy.corp:3128 (from HTTPS_PROXY)');
    expect(choice?.url.password).toBe('s3cret');
  });

  test.each([
    ['socks5://user:s3cret@proxy.corp:1080', /SOCKS proxies are not supported/],
    ['ftp://user:s3cret@proxy.corp', /scheme ftp is not supported/],
    ['http://user:s3cret@[bad', /not a URL/],
  ])('fails if the proxy is %s, naming the variable but never its value', (value, reason) => {
    let failure: any;
    try {
      proxyFor(HTTPS_TARGET, { HTTPS_PROXY: value });
    } catch (error) {
      failure = error;
    }

    expect(failure).toMatchObject({ code: 'INVALID_PROXY' });
    expect(failure.message).toMatch(reason);
    expect(failure.message).toMatch(/HTTPS_PROXY/);
    expect(failure.message).not.toMatch(/s3cret|user/);
  });
});

describe('matchesNoProxy, by curl\'s rules', () => {
  test.each<[string, string, boolean]>([
    ['example.com', 'example.com', true],
    ['api.example.com', 'example.com', true],
    ['a.b.example.com', 'example.com', true],
    ['notexample.com', 'example.com', false],
    ['example.com', '.example.com', true],
    ['api.example.com', '.example.com', true],
    ['API.Example.COM', 'example.com', true],
    ['api.example.com', 'EXAMPLE.com', true],
    ['api.example.com.', 'example.com', true],
    ['api.example.com', 'example.com.', true],
    ['example.com', 'api.example.com', false],
    ['example.org', 'example.com', false],
    ['api.example.com', 'other.com, example.com', true],
    ['api.example.com', 'other.com example.com', true],
    ['api.example.com', ',,other.com,,example.com,', true],
    ['anything.at.all', '*', true],
    ['anything.at.all', 'other.com,*', false],
    ['example.com', 'example.com:443', false],
    ['localhost', 'localhost', true],
    ['localhost', 'host', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['127.0.0.1', '127.0.0.0/8', true],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['192.168.4.5', '192.168.0.0/16', true],
    ['127.0.0.1', 'localhost', false],
    ['localhost', '127.0.0.1', false],
    ['[::1]', '::1', true],
    ['[::1]', '[::1]', true],
    ['[fd00::1234]', 'fd00::/8', true],
    ['[fe80::1]', 'fd00::/8', false],
    ['[::1]', '127.0.0.1', false],
    ['', 'example.com', false],
  ])('%s against "%s": %s', (hostname, noProxy, expected) => {
    expect(matchesNoProxy(hostname, noProxy)).toBe(expected);
  });

  test('bypasses the proxy for a NO_PROXY match, whichever proxy variable is set', () => {
    const env = { https_proxy: 'http://p:1', NO_PROXY: '.example.com' };

    expect(proxyFor(HTTPS_TARGET, env)).toBeUndefined();
    expect(proxyFor(new URL('https://palette.example.org'), env)).toBeDefined();
  });
});
