import { cacheDirectory } from './cache-location';
import { PaletteConfigurationError } from '../errors';

/** The environment variable that turns the token cache off (`off`) or on (`on`). */
export const CACHE_SWITCH_VARIABLE = 'PALETTE_CREDENTIALS_CACHE';

/**
 * The least lifetime a token must have left when the construct hands it out: 10 minutes.
 *
 * Palette's shortest token lifetime is 15 minutes, so a fresh token always satisfies it, and a
 * cached token is reused for the first 5 minutes of its life. Ten minutes covers a typical
 * `cdktf deploy` (synth, then plan and apply of a few stacks) started right after the synth.
 */
export const DEFAULT_MIN_VALIDITY_SECONDS = 10 * 60;

/** The longest token lifetime a Palette tenant can choose, 1440 minutes. */
const MAX_TOKEN_LIFETIME_SECONDS = 1440 * 60;

const SWITCH_VALUES: Record<string, boolean> = {
  on: true,
  true: true,
  1: true,
  yes: true,
  off: false,
  false: false,
  0: false,
  no: false,
};

/** What the user may say about the cache, as construct props. */
export interface CacheInput {
  readonly cache?: boolean;
  readonly minValiditySeconds?: number;
}

/** The validated cache settings of one login. */
export interface CacheSettings {
  /** The cache folder, or `undefined` when the cache is off. */
  readonly directory?: string;

  /** The least lifetime, in seconds, a handed-out token must have left. */
  readonly minValiditySeconds: number;
}

/**
 * Combines the `cache` and `minValiditySeconds` props with the environment. A prop wins over
 * its environment variable, as every other setting of the library does.
 *
 * @throws PaletteConfigurationError when a value is out of range or the switch is not a word
 * this library knows, before any login attempt is spent
 */
export function resolveCacheSettings(input: CacheInput, env: NodeJS.ProcessEnv): CacheSettings {
  const minValiditySeconds = input.minValiditySeconds ?? DEFAULT_MIN_VALIDITY_SECONDS;
  const validRange = minValiditySeconds >= 0 && minValiditySeconds < MAX_TOKEN_LIFETIME_SECONDS;
  if (!Number.isFinite(minValiditySeconds) || !validRange) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `minValiditySeconds is ${minValiditySeconds}; give a number of seconds from 0 to ` +
        `${MAX_TOKEN_LIFETIME_SECONDS - 1}, less than the longest Palette token lifetime.`,
    );
  }

  const enabled = input.cache ?? switchFromEnvironment(env);
  return { directory: enabled ? cacheDirectory(env) : undefined, minValiditySeconds };
}

function switchFromEnvironment(env: NodeJS.ProcessEnv): boolean {
  const raw = env[CACHE_SWITCH_VARIABLE];
  if (raw === undefined || raw.trim() === '') {
    return true;
  }
  const value = SWITCH_VALUES[raw.trim().toLowerCase()];
  if (value === undefined) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `${CACHE_SWITCH_VARIABLE} is "${raw}"; set it to "off" to turn the token cache off, or ` +
        '"on" (the default) to keep it.',
    );
  }
  return value;
}
