import { parseArgs, ParseArgsConfig } from 'node:util';
import { CliContext, CliUsageError } from './cli-command';
import { readFirstLine } from './process-lifetime';
import { resolveCacheSettings } from '../cache/cache-settings';
import { ClientOptions } from '../client/client-options';
import { resolveConnectionSettings } from '../client/connection-settings';
import { LOGIN_ENVIRONMENT, LoginSettings, resolveLoginSettings } from '../client/login-settings';
import { PaletteConfigurationError } from '../errors';

/** The options every command that logs in takes, for parseArgs. */
export const LOGIN_OPTIONS = {
  'host': { type: 'string' },
  'org': { type: 'string' },
  'email': { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** The same options as `--help` lists them. */
export const LOGIN_OPTIONS_HELP = `Login options (each falls back to its environment variable):
  --host HOST        Palette API host (${LOGIN_ENVIRONMENT.host}, else api.spectrocloud.com)
  --org ORG          organization (tenant) name (${LOGIN_ENVIRONMENT.org})
  --email EMAIL      user's email (${LOGIN_ENVIRONMENT.emailId})
  --password-stdin   read the password from the first line of stdin instead of
                     ${LOGIN_ENVIRONMENT.password}; there is no --password flag, since a
                     command line is visible to every user of the machine
  -h, --help         show this help
The CA bundle (SPECTROCLOUD_CA_BUNDLE), proxies (HTTPS_PROXY, NO_PROXY) and the token cache
(PALETTE_CREDENTIALS_CACHE, PALETTE_CREDENTIALS_CACHE_DIR) are read as a synth reads them.
`;

/** The login options a command line gave. */
export interface LoginFlags {
  readonly host?: string;
  readonly org?: string;
  readonly email?: string;
  readonly passwordStdin: boolean;
}

/**
 * Parses a command line of `options` (the login options included), refusing a password flag
 * before anything else reads the arguments, and never repeating an argument in an error: a
 * misplaced one may be the password.
 */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  if (args.some((arg) => /^--?(password|pass|pw)(=|$)/i.test(arg))) {
    throw new CliUsageError(
      'There is no --password option: a command line is visible to every user of the ' +
        `machine and stays in shell history. Set ${LOGIN_ENVIRONMENT.password}, or pipe the ` +
        'password with --password-stdin.',
    );
  }
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
    const values = parsed.values as Record<string, string | boolean | undefined>;
    return { values, positionals: parsed.positionals };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const problem = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? 'An option is not known.'
      : 'An option is missing its value, or a flag was given a value.';
    throw new CliUsageError(`${problem} See --help for the options.`);
  }
}

/** The login options out of parsed values. */
export function loginFlags(values: Record<string, string | boolean | undefined>): LoginFlags {
  return {
    host: values.host as string | undefined,
    org: values.org as string | undefined,
    email: values.email as string | undefined,
    passwordStdin: values['password-stdin'] === true,
  };
}

/** Everything a command needs to talk to Palette as the user. */
export interface CliLogin {
  readonly settings: LoginSettings;
  readonly client: ClientOptions;

  /** The token cache folder, or `undefined` when the cache is off. */
  readonly cacheDirectory?: string;
}

/**
 * The login settings from the flags and the environment, as a synth would resolve them, with
 * the password from stdin when `--password-stdin` says so.
 *
 * @throws PaletteConfigurationError when a setting is missing or invalid, before any request
 */
export async function resolveCliLogin(flags: LoginFlags, context: CliContext): Promise<CliLogin> {
  const env = context.env;
  const org = required('--org', 'org', flags.org, env);
  const emailId = required('--email', 'emailId', flags.email, env);
  const password = flags.passwordStdin
    ? await passwordFromStdin(context)
    : required('--password-stdin', 'password', undefined, env);

  return {
    settings: resolveLoginSettings({ host: flags.host, org, emailId, password }, env),
    client: resolveConnectionSettings({}, env),
    cacheDirectory: resolveCacheSettings({}, env).directory,
  };
}

function required(
  flag: string,
  name: keyof typeof LOGIN_ENVIRONMENT,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const variable = LOGIN_ENVIRONMENT[name];
  const value = explicit ?? env[variable];
  if (value === undefined || value.trim() === '') {
    const how = name === 'password' ? `pipe it with ${flag}` : `pass ${flag}`;
    throw new PaletteConfigurationError(
      value === undefined ? 'MISSING_SETTING' : 'EMPTY_SETTING',
      `No Palette ${name} is configured: set ${variable}, or ${how}.`,
    );
  }
  return value;
}

async function passwordFromStdin(context: CliContext): Promise<string> {
  const line = (await readFirstLine(context.stdin)).replace(/\r$/, '');
  context.stdin.destroy();
  if (line.trim() === '') {
    throw new PaletteConfigurationError(
      'EMPTY_SETTING',
      '--password-stdin read no password: pipe it in, for example from a secret manager.',
    );
  }
  return line;
}
