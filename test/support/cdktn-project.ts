import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The CDK Terrain release line the README tells cdktn users to install. */
export const CDKTN_VERSION = '^0.24.0';

/** The constructs releases that cdktn 0.24 accepts as its peer (`>=10.6 <10.8`). */
export const CDKTN_CONSTRUCTS_VERSION = '~10.7.0';

/**
 * Creates a CDK Terrain app in `dir` that installs this library exactly as the README's
 * "CDK Terrain (cdktn)" section says, with a tarball packed from this checkout in place of the
 * published package: what npm would unpack for a user, not a link to this repository's
 * node_modules (where `cdktf` is the real cdktf).
 *
 * Only the npm registry is contacted, through npm's own cache.
 */
export function createCdktnProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const tarball = packLibrary(dir);
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'palette-cdktn-app', version: '0.0.0', private: true }, null, 2),
  );

  npm(dir, ['pkg', 'set', `overrides.cdktf=npm:cdktn@${CDKTN_VERSION}`]);
  npm(dir, [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    `cdktn@${CDKTN_VERSION}`,
    `constructs@${CDKTN_CONSTRUCTS_VERSION}`,
    tarball,
  ]);
}

/**
 * Adds a prebuilt cdktf provider package to the app. No `@cdktn/provider-null` is published; the
 * cdktf one loads cdktn through the same override.
 */
export function installPrebuiltProvider(dir: string, spec: string): void {
  npm(dir, ['install', '--no-audit', '--no-fund', '--prefer-offline', spec]);
}

/**
 * Writes `examples/<example>/main.ts` to `<dir>/main.ts` with its cdktf import turned into a
 * cdktn one, so that the cdktn app stays the same app as the example.
 */
export function writeExampleForCdktn(example: string, dir: string): void {
  const source = readFileSync(path.join(REPO_ROOT, 'examples', example, 'main.ts'), 'utf8');
  const cdktfImport = / from 'cdktf';\n/g;
  if ((source.match(cdktfImport) ?? []).length !== 1) {
    throw new Error(`examples/${example}/main.ts must import from 'cdktf' in exactly one line.`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.ts'), source.replace(cdktfImport, " from 'cdktn';\n"));
}

/** The `name` and `version` of the package a bare import of `name` resolves to in `dir`. */
export function resolvedPackage(dir: string, name: string): { name: string; version: string } {
  const manifest = path.join(dir, 'node_modules', name, 'package.json');
  return JSON.parse(readFileSync(manifest, 'utf8'));
}

/** Packs this checkout (its compiled `lib/`) as `npm publish` would, and returns the tarball. */
function packLibrary(destination: string): string {
  const packed = npm(REPO_ROOT, ['pack', '--json', '--pack-destination', destination]);
  const [{ filename }] = JSON.parse(packed) as Array<{ filename: string }>;
  return path.join(destination, filename);
}

function npm(cwd: string, args: string[]): string {
  const run = spawnSync('npm', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(
      `npm ${args.join(' ')} failed in ${cwd} (exit ${run.status}):\n${run.stderr}`,
    );
  }
  return run.stdout;
}
