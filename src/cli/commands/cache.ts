import { parseArgs } from 'node:util';
import { cacheDirectory, CACHE_DIRECTORY_VARIABLE } from '../../cache/cache-location';
import { TokenCache } from '../../cache/token-cache';
import { CliCommand, CliUsageError } from '../cli-command';

const USAGE = `Usage: palette-credentials cache clear

Deletes every Palette token cached for this user, so that the next synth logs in with the
password. Use it after a password change, or when a cached token was revoked on the server.

The cache lives in $XDG_CACHE_HOME/cdktf-palette-credentials, else
~/.cache/cdktf-palette-credentials (~/Library/Caches on macOS, %LOCALAPPDATA% on Windows);
${CACHE_DIRECTORY_VARIABLE} moves it. Only files this library created there are deleted.

Options:
  -h, --help   show this help
`;

/**
 * `palette-credentials cache clear`: empties the token cache and says how many cached sessions
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
    const sessions = removed === 1 ? '1 cached session' : `${removed} cached sessions`;
    context.stdout.write(`Removed ${sessions} from ${directory}.\n`);
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
