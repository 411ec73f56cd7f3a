/*
 * Preloaded into an app under test: a call of process.exit made while code of this library is
 * on the stack prints a marker and throws instead of exiting. A library must let the app fail
 * on its own terms. Other callers, such as ts-node's handler of uncaught errors, exit as usual.
 */
import * as path from 'node:path';

export const PROCESS_EXIT_MARKER = 'process.exit was called by cdktf-palette-credentials';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LIBRARY_FOLDERS = ['lib', 'src'].map((folder) => path.join(REPO_ROOT, folder) + path.sep);
const exit = process.exit.bind(process);

process.exit = ((code?: number) => {
  const stack = new Error().stack ?? '';
  if (LIBRARY_FOLDERS.some((folder) => stack.includes(folder))) {
    process.stderr.write(`${PROCESS_EXIT_MARKER} (code ${String(code)})\n`);
    throw new Error(PROCESS_EXIT_MARKER);
  }
  return exit(code);
}) as typeof process.exit;
