import { parseArgs } from 'node:util';
import { cacheDirectory, CACHE_DIRECTORY_VARIABLE } from '../../cache/cache-location';
import { TokenCache } from '../../cache/token-cache';
import { CliCommand, CliUsageError } from '../cli-command';

const USAGE = `Usage: palette-credentials cache clear

Deletes every Palette token and API key cached for this user, so that the next synth logs in
with the password. Use it after a password change, or when a cached token or key was revoked on
the server.

The cache lives in $XDG_CACHE_HOME/cdktf-palette-credentials, else
~/.cache/cdktf-palette-credentials (~/Library/Caches on macOS, %LOCALAPPDATA% on Windows);
${CACHE_DIRECTORY_VARIABLE} moves it. Only files this library created there are deleted.

Options:
  -h, --help   show this help
`;

/**
 * `palette-credentials cache clear`: empties the token cache and says how many entries
 * it deleted. It prints counts and the folder, never a token.
 */
export const cacheCommand: CliCommand = {
  name: 'cache',
  summary: 'Clear the token cache (`cache clear`)',
  usage: USAGE,
  run: async (args, context) => {
    const { action } = parseCommandLine(args);
    if (action !== 'clear') {
      const problem = action === undefined ? 'No action given.' : `Unknown action "${action}".`;
      throw new CliUsageError(`${problem} The only action is "clear".`);
    }

    const directory = cacheDirectory(context.env);
    const removed = new TokenCache(directory).clear();
    // Tokens and API keys are entries alike, named by digests; the count does not tell them apart.
    const entries = removed === 1 ? '1 cache entry' : `${removed} cache entries`;
    context.stdout.write(`Removed ${entries} (tokens and API keys) from ${directory}.\n`);
    return 0;
  },
};

function parseCommandLine(args: string[]): { action?: string } {
  try {
    const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
    if (positionals.length > 1) {
      throw new CliUsageError(`Unexpected argument "${positionals[1]}".`);
    }
    return { action: positionals[0] };
  } catch (error) {
    throw error instanceof CliUsageError ? error : new CliUsageError((error as Error).message);
  }
}
