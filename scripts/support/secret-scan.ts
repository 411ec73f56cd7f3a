import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The files under `dir` (recursively) whose bytes contain `secret`, for leak checks. */
export function filesContaining(dir: string, secret: string): string[] {
  const needle = Buffer.from(secret, 'utf8');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file).includes(needle));
}
