import { DEFAULT_PALETTE_HOST, parseEndpoint } from './endpoint';
import { PaletteConfigurationError } from '../errors';

/** What a login needs, as the user may give it: every field may also come from the environment. */
export interface LoginInput {
  readonly host?: string;
  readonly org?: string;
  readonly emailId?: string;
  readonly password?: string;
}

/** A complete, validated set of login settings. */
export interface LoginSettings {
  /** Origin of the Palette API, for example `https://api.spectrocloud.com`. */
  readonly endpoint: string;
  readonly org: string;
  readonly emailId: string;
  readonly password: string;
}

/**
 * The environment variables each setting falls back to. The host and user names follow the
 * Spectro Cloud Terraform provider, so an existing shell setup keeps working.
 */
export const LOGIN_ENVIRONMENT = {
  host: 'SPECTROCLOUD_HOST',
  org: 'SPECTROCLOUD_ORG',
  emailId: 'SPECTROCLOUD_USERNAME',
  password: 'SPECTROCLOUD_PASSWORD',
} as const;

/**
 * Combines explicit settings with their environment fallbacks and validates the result, so that
 * a mistake is reported before any login attempt is spent.
 *
 * The password is kept exactly as given, spaces included: it is compared byte for byte by the
 * server. Only a value made entirely of white space is refused, since it can never be right.
 */
export function resolveLoginSettings(input: LoginInput, env: NodeJS.ProcessEnv): LoginSettings {
  const host = input.host ?? nonEmpty(env[LOGIN_ENVIRONMENT.host]) ?? DEFAULT_PALETTE_HOST;

  return {
    endpoint: parseEndpoint(requireText('host', host)),
    org: requireSetting('org', input.org, env),
    emailId: requireSetting('emailId', input.emailId, env),
    password: requireSetting('password', input.password, env),
  };
}

function requireSetting(
  name: Exclude<keyof LoginInput, 'host'>,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const variable = LOGIN_ENVIRONMENT[name];
  const value = explicit ?? nonEmpty(env[variable]);
  if (value === undefined) {
    throw new PaletteConfigurationError(
      'MISSING_SETTING',
      `No Palette ${name} is configured. Set the \`${name}\` prop, or the ${variable} ` +
        'environment variable.',
    );
  }
  return requireText(name, value);
}

function requireText(name: string, value: string): string {
  if (value.trim() === '') {
    const variable = LOGIN_ENVIRONMENT[name as keyof typeof LOGIN_ENVIRONMENT];
    throw new PaletteConfigurationError(
      'EMPTY_SETTING',
      `The Palette ${name} is empty or only white space. Set the \`${name}\` prop, or the ` +
        `${variable} environment variable, to a real value.`,
    );
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
