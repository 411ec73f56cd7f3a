import { TerraformStack, Testing } from 'cdktf';
import { PaletteCredentials } from '../src';
import { cacheDirectory } from '../src/cache/cache-location';
import { DEFAULT_MIN_VALIDITY_SECONDS, resolveCacheSettings } from '../src/cache/cache-settings';

const HOME = '/home/someone';

describe('the token cache folder', () => {
  test.each([
    ['Linux with XDG_CACHE_HOME', 'linux', { XDG_CACHE_HOME: '/xdg' }, '/xdg/cdktf-palette-credentials'],
    ['Linux without it', 'linux', {}, `${HOME}/.cache/cdktf-palette-credentials`],
    ['a relative XDG_CACHE_HOME, which the specification says to ignore', 'linux',
      { XDG_CACHE_HOME: 'relative' }, `${HOME}/.cache/cdktf-palette-credentials`],
    ['macOS', 'darwin', {}, `${HOME}/Library/Caches/cdktf-palette-credentials`],
    ['macOS with XDG_CACHE_HOME', 'darwin', { XDG_CACHE_HOME: '/xdg' },
      '/xdg/cdktf-palette-credentials'],
    ['Windows', 'win32', { LOCALAPPDATA: 'C:\\Users\\someone\\AppData\\Local' },
      'C:\\Users\\someone\\AppData\\Local\\cdktf-palette-credentials\\Cache'],
    ['PALETTE_CREDENTIALS_CACHE_DIR, which wins everywhere', 'linux',
      { PALETTE_CREDENTIALS_CACHE_DIR: '/chosen', XDG_CACHE_HOME: '/xdg' }, '/chosen'],
  ])('follows the convention of %s', (_, platform, env, expected) => {
    expect(cacheDirectory(env, platform as NodeJS.Platform, HOME)).toBe(expected);
  });
});

describe('cache settings', () => {
  const env = { PALETTE_CREDENTIALS_CACHE_DIR: '/chosen' };

  test('turn the cache on, with a minimum validity of ten minutes, by default', () => {
    expect(resolveCacheSettings({}, env)).toEqual({
      directory: '/chosen',
      minValiditySeconds: DEFAULT_MIN_VALIDITY_SECONDS,
    });
    expect(DEFAULT_MIN_VALIDITY_SECONDS).toBe(600);
  });

  test.each(['off', 'OFF', 'false', '0', 'no'])('turn the cache off for %s', (value) => {
    const settings = resolveCacheSettings({}, { ...env, PALETTE_CREDENTIALS_CACHE: value });

    expect(settings.directory).toBeUndefined();
  });

  test('let the cache prop win over the environment variable', () => {
    const offInEnvironment = { ...env, PALETTE_CREDENTIALS_CACHE: 'off' };

    expect(resolveCacheSettings({ cache: true }, offInEnvironment).directory).toBe('/chosen');
    expect(resolveCacheSettings({ cache: false }, env).directory).toBeUndefined();
  });

  test.each([-1, Number.NaN, 86_400])('fail if minValiditySeconds is %s', (minValiditySeconds) => {
    const stack = new TerraformStack(Testing.app(), 'invalid');

    expect(
      () =>
        new PaletteCredentials(stack, 'palette', {
          // Loopback, should the validation ever move after the login has started.
          host: 'http://127.0.0.1:9',
          org: 'org',
          emailId: 'someone@palette.example',
          password: 'never-sent',
          minValiditySeconds,
        }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SETTING' }));
  });
});
