/*
 * Runs before every test file. The token cache is on by default, so each test file gets a cache
 * folder of its own: no test may read a token that another test, an earlier run or the
 * developer's own synths left behind. Child processes inherit it through `process.env`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CACHE_DIRECTORY_VARIABLE } from '../../src/cache/cache-location';

const directory = mkdtempSync(path.join(tmpdir(), 'palette-test-cache-'));
process.env[CACHE_DIRECTORY_VARIABLE] = directory;

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});
