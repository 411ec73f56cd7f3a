import { PaletteConfigurationError } from '../errors';
import { DEMO_USER } from './demo-user';
import { EmulatorServerOptions } from './emulator-server';
import { readTlsIdentity } from './emulator-tls-files';
import { EmulatorUserRecord } from './user-directory';

const OPTION_NAMES = [
  'users',
  'tokenTtlMinutes',
  'sessionTimeoutMinutes',
  'port',
  'responseDelayMs',
  'loginRateLimit',
  'tlsCertificatePath',
  'tlsKeyPath',
];
const RATE_LIMIT_FIELDS = ['perSecond', 'burst'];

/** The longest answer delay: a test that needs more is better served by a timeout fault. */
const MAX_RESPONSE_DELAY_MS = 60_000;
const USER_FIELDS = ['emailId', 'org', 'password', 'mfa'];

/** The longest token lifetime a Palette tenant can choose. */
const MAX_TOKEN_TTL_MINUTES = 1440;

/**
 * Checks emulator options that arrive as untyped JSON (from `PaletteEmulator` through the child
 * process's stdin, or from a JavaScript caller) and turns them into server options.
 *
 * Validating in one place means a mistake is reported the same way whichever side finds it, and
 * before any process starts. Messages name the bad setting, never a password's value.
 *
 * @throws PaletteConfigurationError when a setting is missing, of the wrong type or out of range
 */
export function parseEmulatorConfig(value: unknown): EmulatorServerOptions {
  const config = value ?? {};
  if (!isRecord(config)) {
    throw invalid('The emulator options must be an object.');
  }
  rejectUnknownKeys(config, OPTION_NAMES, 'emulator options');

  const tokenTtlMinutes = optionalPositive(config, 'tokenTtlMinutes', 15);
  if (tokenTtlMinutes > MAX_TOKEN_TTL_MINUTES) {
    throw invalid(`tokenTtlMinutes is ${tokenTtlMinutes}; Palette allows at most 1440.`);
  }

  return {
    users: parseUsers(config.users),
    port: parsePort(config.port),
    tokenTtlSeconds: minutesToSeconds(tokenTtlMinutes),
    sessionTtlSeconds: minutesToSeconds(optionalPositive(config, 'sessionTimeoutMinutes', 240)),
    responseDelayMs: parseResponseDelay(config.responseDelayMs),
    ...(config.loginRateLimit === undefined
      ? {}
      : { authenticateRateLimit: parseRateLimit(config.loginRateLimit) }),
    tls: readTlsIdentity(config.tlsCertificatePath, config.tlsKeyPath),
  };
}

function parseResponseDelay(value: unknown): number {
  if (value === undefined) {
    return 0;
  }
  const valid = typeof value === 'number' && Number.isInteger(value) && value >= 0;
  if (!valid || value > MAX_RESPONSE_DELAY_MS) {
    throw invalid(
      `responseDelayMs must be an integer from 0 to ${MAX_RESPONSE_DELAY_MS}, ` +
        `not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function parseRateLimit(value: unknown): { perSecond: number; burst: number } {
  if (!isRecord(value)) {
    throw invalid('loginRateLimit must be an object with perSecond and burst.');
  }
  rejectUnknownKeys(value, RATE_LIMIT_FIELDS, 'loginRateLimit');
  for (const field of RATE_LIMIT_FIELDS) {
    const number = value[field];
    if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
      throw invalid(`loginRateLimit.${field} must be a positive number.`);
    }
  }
  return { perSecond: value.perSecond as number, burst: value.burst as number };
}

function parseUsers(value: unknown): EmulatorUserRecord[] {
  if (value === undefined) {
    return [DEMO_USER];
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid('users must be a non-empty array; leave it out to get the demo user.');
  }

  const seen = new Set<string>();
  return value.map((user: unknown, index) => {
    const where = `users[${index}]`;
    if (!isRecord(user)) {
      throw invalid(`${where} must be an object with emailId, org and password.`);
    }
    rejectUnknownKeys(user, USER_FIELDS, where);

    for (const field of ['emailId', 'org', 'password']) {
      if (typeof user[field] !== 'string' || user[field] === '') {
        throw invalid(`${where}.${field} must be a non-empty string.`);
      }
    }
    if (user.mfa !== undefined && typeof user.mfa !== 'boolean') {
      throw invalid(`${where}.mfa must be a boolean.`);
    }

    const record = user as unknown as EmulatorUserRecord;
    const key = JSON.stringify([record.emailId, record.org]);
    if (seen.has(key)) {
      throw invalid(`${where} repeats the emailId and org of an earlier user.`);
    }
    seen.add(key);
    const { emailId, org, password, mfa } = record;
    return { emailId, org, password, mfa };
  });
}

function parsePort(value: unknown): number {
  if (value === undefined) {
    return 0;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw invalid(`port must be an integer from 0 to 65535, not ${JSON.stringify(value)}.`);
  }
  return value;
}

function optionalPositive(config: Record<string, unknown>, name: string, fallback: number): number {
  const value = config[name];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(`${name} must be a positive number of minutes, not ${JSON.stringify(value)}.`);
  }
  return value;
}

function minutesToSeconds(minutes: number): number {
  return Math.max(1, Math.round(minutes * 60));
}

function rejectUnknownKeys(record: Record<string, unknown>, known: string[], where: string): void {
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const names = `${unknown.join(', ')} in ${where}`;
    throw invalid(`Unknown setting ${names}; the known settings are ${known.join(', ')}.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): PaletteConfigurationError {
  return new PaletteConfigurationError('INVALID_EMULATOR_OPTIONS', message);
}
