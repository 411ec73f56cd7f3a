import { homedir } from 'node:os';
import path from 'node:path';

/** The folder of this library inside the user's cache directory. */
export const CACHE_FOLDER_NAME = 'cdktf-palette-credentials';

/** The environment variable that moves the token cache to a folder of the user's choice. */
export const CACHE_DIRECTORY_VARIABLE = 'PALETTE_CREDENTIALS_CACHE_DIR';

/**
 * The folder that holds the token cache.
 *
 * `PALETTE_CREDENTIALS_CACHE_DIR` wins when set. Otherwise the folder follows each platform's
 * convention for per-user caches, so that cleaning tools and backups treat it as one:
 *
 * - Linux and other Unix systems: `$XDG_CACHE_HOME/cdktf-palette-credentials`, else
 *   `~/.cache/cdktf-palette-credentials` (the XDG Base Directory specification).
 * - macOS: the same when `XDG_CACHE_HOME` is set, else
 *   `~/Library/Caches/cdktf-palette-credentials`.
 * - Windows: `%LOCALAPPDATA%\cdktf-palette-credentials\Cache`.
 *
 * A relative `XDG_CACHE_HOME` is ignored, as the specification asks: it would point somewhere
 * different in every working directory.
 */
export function cacheDirectory(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  homeDirectory?: string,
): string {
  const chosen = env[CACHE_DIRECTORY_VARIABLE];
  if (chosen !== undefined && chosen !== '') {
    return path.resolve(chosen);
  }

  // Looked up only here: a folder chosen by the variable needs no home directory.
  const home = homeDirectory ?? homedir();

  if (platform === 'win32') {
    const localAppData = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
    return path.win32.join(localAppData, CACHE_FOLDER_NAME, 'Cache');
  }

  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && path.isAbsolute(xdg)) {
    return path.join(xdg, CACHE_FOLDER_NAME);
  }
  const base = platform === 'darwin'
    ? path.join(home, 'Library', 'Caches')
    : path.join(home, '.cache');
  return path.join(base, CACHE_FOLDER_NAME);
}
