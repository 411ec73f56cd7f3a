import { ClientOptions } from './client-options';
import { captureProxyEnvironment } from './proxy-variables';
import { readCaBundle } from './tls-trust';
import { PaletteConfigurationError } from '../errors';

/** How the user tunes the connection, in the units of the construct's props. */
export interface ConnectionInput {
  readonly requestTimeoutSeconds?: number;
  readonly deadlineSeconds?: number;
  readonly maxAttempts?: number;
  readonly caBundlePath?: string;
  readonly insecureSkipTlsVerify?: boolean;
}

/** The environment variable that names a PEM file of extra trusted certificate authorities. */
export const CA_BUNDLE_ENVIRONMENT = 'SPECTROCLOUD_CA_BUNDLE';

/** More attempts than this would only add failed logins to a server that is down. */
const MAX_ATTEMPTS_LIMIT = 10;

/**
 * Checks the connection settings and turns them into client options on the synth thread: a bad
 * number or CA bundle fails at construction, before any login attempt is spent, and the proxy
 * variables are read from the environment the app sees now.
 */
export function resolveConnectionSettings(
  input: ConnectionInput,
  env: NodeJS.ProcessEnv,
): ClientOptions {
  const caBundle = caBundleSource(input, env);

  return {
    attemptTimeoutMs: positiveSeconds('requestTimeoutSeconds', input.requestTimeoutSeconds),
    deadlineMs: positiveSeconds('deadlineSeconds', input.deadlineSeconds),
    maxAttempts: attemptCount(input.maxAttempts),
    caCertificates: caBundle && readCaBundle(caBundle.file, caBundle.source),
    insecureSkipTlsVerify: input.insecureSkipTlsVerify === true ? true : undefined,
    proxyEnvironment: captureProxyEnvironment(env),
  };
}

function caBundleSource(
  input: ConnectionInput,
  env: NodeJS.ProcessEnv,
): { file: string; source: string } | undefined {
  if (input.caBundlePath !== undefined) {
    if (input.caBundlePath.trim() === '') {
      throw new PaletteConfigurationError(
        'EMPTY_SETTING',
        'The Palette caBundlePath is empty. Leave it out, or give the path of a PEM file.',
      );
    }
    return { file: input.caBundlePath, source: 'the caBundlePath prop' };
  }
  const fromEnv = env[CA_BUNDLE_ENVIRONMENT];
  return fromEnv === undefined || fromEnv.trim() === ''
    ? undefined
    : { file: fromEnv, source: `the ${CA_BUNDLE_ENVIRONMENT} environment variable` };
}

function positiveSeconds(name: string, value: number | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `The Palette ${name} is ${String(value)}; it must be a positive number of seconds.`,
    );
  }
  return Math.round(value * 1000);
}

function attemptCount(value: number | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isInteger(value) || value < 1 || value > MAX_ATTEMPTS_LIMIT) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `The Palette maxAttempts is ${String(value)}; it must be a whole number from 1 to ` +
        `${MAX_ATTEMPTS_LIMIT}. Use 1 to turn retries off.`,
    );
  }
  return value;
}
