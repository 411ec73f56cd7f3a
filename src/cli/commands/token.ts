import { DEFAULT_MIN_VALIDITY_SECONDS } from '../../cache/cache-settings';
import { CliCommand, CliContext, CliUsageError } from '../cli-command';
import { cliSession } from '../cli-session';
import { EXIT_CODES, EXIT_CODES_HELP } from '../exit-codes';
import {
  LOGIN_OPTIONS,
  LOGIN_OPTIONS_HELP,
  loginFlags,
  parseCommandLine,
  resolveCliLogin,
} from '../login-flags';

const USAGE = `Usage: palette-credentials token [--min-validity SECONDS] [--allow-terminal]
                                 [login options]

Prints a Palette token (a JWT) and a newline to stdout, for a script:

  curl -H "Authorization: $(palette-credentials token)" "https://$SPECTROCLOUD_HOST/v1/users/info"

The token comes from the token cache while it has at least --min-validity seconds left, else
from a refresh, else from a password login; a new token is cached, as a synth caches it.

A token on a screen ends up in scrollback, screenshots and screen shares, so it is printed only
when stdout is not a terminal (a pipe, a file, $(...)). Otherwise the command prints nothing to
stdout, exits with 3 and sends no request, unless --allow-terminal says to print it anyway.

Options:
  --min-validity SECONDS  least lifetime the token must have left (default ${DEFAULT_MIN_VALIDITY_SECONDS})
  --allow-terminal        print the token even when stdout is a terminal

${LOGIN_OPTIONS_HELP}
${EXIT_CODES_HELP}`;

const OPTIONS = {
  ...LOGIN_OPTIONS,
  'min-validity': { type: 'string' },
  'allow-terminal': { type: 'boolean', default: false },
} as const;

/**
 * `palette-credentials token`: the token on stdout for scripts, never on a terminal unless asked.
 */
export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'Print a token for scripts (refuses a terminal unless --allow-terminal)',
  usage: USAGE,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, OPTIONS);
    if (positionals.length > 0) {
      throw new CliUsageError('token takes no arguments, only options.');
    }
    const minValiditySeconds = parseMinValidity(values['min-validity'] as string | undefined);

    if (isTerminal(context) && values['allow-terminal'] !== true) {
      context.stderr.write(
        'palette-credentials token: stdout is a terminal, so the token was not printed. Pipe ' +
          'or capture it, as in "$(palette-credentials token)", or pass --allow-terminal to ' +
          'print it on the screen.\n',
      );
      return EXIT_CODES.refusedTerminal;
    }

    const login = await resolveCliLogin(loginFlags(values), context);
    const session = await cliSession(login, minValiditySeconds);
    context.stdout.write(`${session.token}\n`);
    return EXIT_CODES.ok;
  },
};

function parseMinValidity(value: string | undefined): number {
  if (value === undefined) {
    return DEFAULT_MIN_VALIDITY_SECONDS;
  }
  if (!/^\d+$/.test(value)) {
    throw new CliUsageError('--min-validity expects a whole number of seconds.');
  }
  return Number(value);
}

function isTerminal(context: CliContext): boolean {
  return (context.stdout as { isTTY?: boolean }).isTTY === true;
}
