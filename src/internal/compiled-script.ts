import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path of a compiled script of this package that must run outside the current module system
 * (a worker thread or a child process), given its path relative to `lib/`, for example
 * `bridge/login-worker.js`.
 *
 * Resolving through the package root rather than `__dirname` lets the library's own tests, which
 * run the TypeScript sources under ts-jest, start the compiled twin in `lib/`, and lets the
 * bundle that apps load (`lib/index.js`) find the scripts jsii wrote.
 */
export function compiledScript(relativePath: string): string {
  const script = path.join(packageRoot(), 'lib', relativePath);
  if (!existsSync(script)) {
    throw new Error(
      `The compiled script lib/${relativePath} of cdktf-palette-credentials is missing. ` +
        'Run `npx projen compile` (or reinstall the package) and try again.',
    );
  }
  return script;
}

let root: string | undefined;

/**
 * The nearest folder above this module that holds a package.json: the package root, whether this
 * code runs from `src/internal/`, `lib/internal/` or the bundle in `lib/`.
 */
function packageRoot(): string {
  if (root === undefined) {
    let folder = path.dirname(__dirname);
    while (!existsSync(path.join(folder, 'package.json')) && path.dirname(folder) !== folder) {
      folder = path.dirname(folder);
    }
    root = folder;
  }
  return root;
}
