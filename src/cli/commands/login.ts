import { sessionIdentity } from '../../cache/cache-entry';
import { TokenCache } from '../../cache/token-cache';
import { PaletteClient } from '../../client/palette-client';
import { CliCommand, CliUsageError } from '../cli-command';
import { EXIT_CODES, EXIT_CODES_HELP } from '../exit-codes';
import {
  LOGIN_OPTIONS,
  LOGIN_OPTIONS_HELP,
  loginFlags,
  parseCommandLine,
  resolveCliLogin,
} from '../login-flags';

const USAGE = `Usage: palette-credentials login [--host HOST] [--org ORG] [--email EMAIL]
                                 [--password-stdin]

Checks the Palette credentials with a password login, and prints the user, the org and when
the token expires. It never prints the token. Settings come from the same SPECTROCLOUD_*
variables as a synth, so it tells whether a synth would log in.

It always sends the password, even when the token cache holds a token: a cached token proves
nothing about the password. A failed login counts towards Palette's limit of five, after which
the account is suspended for 15 minutes; it is never retried. The new token is written to the
token cache (unless PALETTE_CREDENTIALS_CACHE=off), so the next synth reuses it.

${LOGIN_OPTIONS_HELP}
${EXIT_CODES_HELP}`;

/**
 * `palette-credentials login`: a password login that reports who logged in and for how long,
 * for checking a pipeline's settings before a synth spends a login attempt on them.
 */
export const loginCommand: CliCommand = {
  name: 'login',
  summary: 'Check the credentials; print user, org and token expiry, never the token',
  usage: USAGE,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, LOGIN_OPTIONS);
    if (positionals.length > 0) {
      throw new CliUsageError('login takes no arguments, only options.');
    }

    const login = await resolveCliLogin(loginFlags(values), context);
    const { settings } = login;
    const client = new PaletteClient(settings.endpoint, login.client);
    const session = await client.authenticate(settings);
    const user = await client.userInfo(session.token, settings.org);

    const cached = cacheQuietly(login.cacheDirectory, settings, session);
    const expires = new Date(session.expiresAt * 1000).toISOString();
    const minutesLeft = Math.floor((session.expiresAt - Date.now() / 1000) / 60);
    context.stdout.write(
      [
        `Logged in to ${settings.endpoint} as ${settings.emailId}.`,
        `  org:           ${user.orgName} (tenant uid ${user.tenantUid})`,
        `  user uid:      ${user.userUid}`,
        `  token expires: ${expires} (in ${minutesLeft} min)`,
        cached,
        '',
      ].join('\n'),
    );
    return EXIT_CODES.ok;
  },
};

/** Caches the new token for the next synth, and says whether it did. */
function cacheQuietly(
  directory: string | undefined,
  settings: Parameters<typeof sessionIdentity>[0],
  session: Parameters<TokenCache['write']>[1],
): string {
  if (directory === undefined) {
    return 'The token cache is off (PALETTE_CREDENTIALS_CACHE): nothing was stored.';
  }
  try {
    new TokenCache(directory).write(sessionIdentity(settings), session);
    return `The token is cached in ${directory} for the next synth.`;
  } catch {
    return `The token could not be cached in ${directory}; the next synth logs in again.`;
  }
}
