import { existsSync } from 'node:fs';
import * as path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The path of a compiled script of this package that must run outside the current module system
 * (a worker thread or a child process), given its path relative to `lib/`, for example
 * `bridge/login-worker.js`.
 *
 * Resolving through the package root rather than `__dirname` lets the library's own tests, which
 * run the TypeScript sources under ts-jest, start the compiled twin in `lib/`.
 */
export function compiledScript(relativePath: string): string {
  const script = path.join(PACKAGE_ROOT, 'lib', relativePath);
  if (!existsSync(script)) {
    throw new Error(
      `The compiled script lib/${relativePath} of cdktf-palette-credentials is missing. ` +
        'Run `npx projen compile` (or reinstall the package) and try again.',
    );
  }
  return script;
}
