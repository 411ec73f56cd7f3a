/*
 * What an app gets from `require('cdktf-palette-credentials')`: the bundle that
 * scripts/bundle-library.ts writes over jsii's lib/index.js. These tests run plain Node in the
 * package, as a user's app resolves the package, against the compiled lib/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PaletteEmulator } from '../src';

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Runs `script` with plain Node inside the package, as CommonJS or as an ES module, and returns
 * what it printed as JSON. `env` adds to, or replaces, the test's environment.
 */
function inPackage(
  script: string,
  type: 'commonjs' | 'module' = 'commonjs',
  env: Record<string, string> = {},
): any {
  const run = spawnSync(process.execPath, ['--input-type', type, '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SPECTROCLOUD_ORG: '', PALETTE_CREDENTIALS_CACHE: 'off', ...env },
  });
  if (run.status !== 0) {
    throw new Error(`The script failed (exit ${run.status}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

describe('the package entry point', () => {
  test('is one bundled file, the same for exports and main, that loads the constructs lazily', () => {
    const result = inPackage(`
      const path = require('node:path');
      const entry = require.resolve('cdktf-palette-credentials');
      const library = require('cdktf-palette-credentials');
      const ownFiles = () => Object.keys(require.cache)
        .filter((file) => file.startsWith(path.join(process.cwd(), 'lib')))
        .map((file) => path.relative(process.cwd(), file));
      const onLoad = ownFiles();
      const construct = typeof library.PaletteCredentials;
      console.log(JSON.stringify({
        entry: path.relative(process.cwd(), entry),
        main: require('./package.json').main,
        names: Object.keys(library).sort(),
        onLoad,
        afterUse: ownFiles(),
        construct,
        className: library.PaletteApiKey.name,
        credentialsName: library.PaletteCredentials.name,
        afterApiKey: ownFiles(),
      }));
    `);

    expect(result.entry).toBe(path.join('lib', 'index.js'));
    expect(result.main).toBe('lib/index.js');
    expect(result.names).toEqual([
      'EmulatorFaultKind',
      'PaletteApiKey',
      'PaletteCredentials',
      'PaletteEmulator',
    ]);
    // One file, and nothing else of the package until something fails or an emulator starts.
    expect(result.onLoad).toEqual([path.join('lib', 'index.js')]);
    expect(result.afterUse).toEqual([path.join('lib', 'index.js')]);
    expect(result.construct).toBe('function');
    expect(result.className).toBe('PaletteApiKey');
    expect(result.credentialsName).toBe('PaletteCredentials');
    // PaletteApiKey lives in the file of what a synth loads only when it needs it.
    expect(result.afterApiKey).toEqual([
      path.join('lib', 'index.js'),
      path.join('lib', 'on-demand.js'),
    ]);
  });

  test('serves a warm token cache from that file alone, and loads the rest for a login', async () => {
    const emulator = await PaletteEmulator.start({
      users: [{ emailId: 'entry@palette.example', org: 'Entry-Org', password: 'entry-password' }],
    });
    const cacheDirectory = mkdtempSync(path.join(tmpdir(), 'palette-entry-'));
    const synth = `
      const path = require('node:path');
      const { App, TerraformStack } = require('cdktf');
      const { PaletteCredentials } = require('cdktf-palette-credentials');
      const ownFiles = () => Object.keys(require.cache)
        .filter((file) => file.startsWith(path.join(process.cwd(), 'lib')))
        .map((file) => path.relative(process.cwd(), file));
      const stack = new TerraformStack(new App(), 'stack');
      const palette = new PaletteCredentials(stack, 'palette');
      console.log(JSON.stringify({ expiresAt: palette.expiresAt, files: ownFiles() }));
    `;
    const env = {
      SPECTROCLOUD_HOST: emulator.url,
      SPECTROCLOUD_ORG: 'Entry-Org',
      SPECTROCLOUD_USERNAME: 'entry@palette.example',
      SPECTROCLOUD_PASSWORD: 'entry-password',
      PALETTE_CREDENTIALS_CACHE: 'on',
      PALETTE_CREDENTIALS_CACHE_DIR: cacheDirectory,
    };
    try {
      const cold = inPackage(synth, 'commonjs', env);
      const warm = inPackage(synth, 'commonjs', env);
      const logins = (await emulator.requests()).filter((r) => r.path === '/v1/auth/authenticate');

      expect(logins).toHaveLength(1);
      expect(warm.expiresAt).toBe(cold.expiresAt);
      expect(cold.files.sort()).toEqual([path.join('lib', 'index.js'), path.join('lib', 'on-demand.js')]);
      expect(warm.files).toEqual([path.join('lib', 'index.js')]);
    } finally {
      rmSync(cacheDirectory, { recursive: true, force: true });
      await emulator.stop();
    }
  });

  test('gives ES modules the same named exports, and the same classes, as require', () => {
    const result = inPackage(
      `
      import { createRequire } from 'node:module';
      import * as library from 'cdktf-palette-credentials';
      import { PaletteCredentials, PaletteEmulator } from 'cdktf-palette-credentials';
      import { PaletteConfigurationError } from 'cdktf-palette-credentials/errors';
      const required = createRequire(process.cwd() + '/')('cdktf-palette-credentials');
      console.log(JSON.stringify({
        names: Object.keys(library).filter((name) => !['default', '__esModule'].includes(name)).sort(),
        required: Object.keys(required).sort(),
        sameConstruct: PaletteCredentials === required.PaletteCredentials,
        sameEmulator: PaletteEmulator === required.PaletteEmulator,
        errorClass: typeof PaletteConfigurationError,
      }));
    `,
      'module',
    );

    expect(result.names).toEqual(result.required);
    expect(result).toMatchObject({ sameConstruct: true, sameEmulator: true, errorClass: 'function' });
  });

  test('throws the error classes of cdktf-palette-credentials/errors', () => {
    const result = inPackage(`
      const { App, TerraformStack } = require('cdktf');
      const { PaletteCredentials, PaletteEmulator } = require('cdktf-palette-credentials');
      const errors = require('cdktf-palette-credentials/errors');
      const describe = (error) => ({
        code: error.code,
        configuration: error instanceof errors.PaletteConfigurationError,
        base: error instanceof errors.PaletteCredentialsError,
      });
      let construct;
      try {
        new PaletteCredentials(new TerraformStack(new App(), 'stack'), 'palette');
      } catch (error) {
        construct = describe(error);
      }
      // The emulator's launcher is loaded as a file of its own, beside the bundle.
      PaletteEmulator.start({ tokenTtlMinutes: -1 }).then(
        () => console.log('{}'),
        (error) => console.log(JSON.stringify({ construct, emulator: describe(error) })),
      );
    `);

    const expected = { code: expect.any(String), configuration: true, base: true };
    expect(result.construct).toEqual({ ...expected, code: 'MISSING_SETTING' });
    expect(result.emulator).toEqual(expected);
  });
});
