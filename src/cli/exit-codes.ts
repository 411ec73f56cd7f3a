import { CliUsageError, USAGE_EXIT_CODE } from './cli-command';
import {
  PaletteConfigurationError,
  PaletteConnectionError,
  PaletteResponseError,
  PaletteUnavailableError,
} from '../errors';

/**
 * The exit codes of `palette-credentials`, so that a script can tell a password to fix from a
 * network to wait for. They are part of the command line's contract: documented in `--help` and
 * the README, and never reused for something else.
 */
export const EXIT_CODES = {
  /** The command did what it was asked. */
  ok: 0,

  /** Palette refused the login or the token, or the command failed in another way. */
  failed: 1,

  /** The command line or a setting is wrong; nothing was sent to Palette. */
  usage: USAGE_EXIT_CODE,

  /** `token` would have printed the token to a terminal, and did not. */
  refusedTerminal: 3,

  /** Palette could not be reached, or answered with something unusable: worth trying again. */
  unavailable: 4,
} as const;

/** The exit codes as `--help` lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  Palette refused the login or the token (wrong email, org or password, a suspended
     account, MFA), or another failure
  2  wrong command line or settings; nothing was sent to Palette
  3  token: stdout is a terminal, so the token was not printed (see --allow-terminal)
  4  Palette could not be reached or answered unusably (network, TLS, proxy, timeout,
     rate limit, 5xx, not a Palette API); try again later or check the host
`;

/** The exit code a failure ends the command with. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliUsageError || error instanceof PaletteConfigurationError) {
    return EXIT_CODES.usage;
  }
  const unavailable =
    error instanceof PaletteConnectionError ||
    error instanceof PaletteUnavailableError ||
    error instanceof PaletteResponseError;
  return unavailable ? EXIT_CODES.unavailable : EXIT_CODES.failed;
}
