import type { ApiKeyJob, ApiKeyOutcome } from './api-key-protocol';
import type { LoginOutcome } from './protocol';
import { obtainApiKey } from '../cache/cached-api-key';
import { PaletteApiKeys } from '../client/api-keys';
import { describe } from '../client/token-response';
import { PaletteCredentialsError, PaletteErrorTransfer } from '../errors';

/** The logins a worker ran, by job id, as promises that never reject. */
export type LoginsById = ReadonlyMap<number, Promise<LoginOutcome>>;

/**
 * The worker side of an API-key job: a key from the cache while one lasts, else a key minted
 * with the token of the login the job names, once that login has finished.
 */
export async function performApiKeyJob(
  job: ApiKeyJob,
  logins: LoginsById,
): Promise<ApiKeyOutcome> {
  const { identity } = job;
  try {
    const keys = new PaletteApiKeys(identity.endpoint, job.context.client);
    const key = await obtainApiKey(
      {
        identity,
        minValiditySeconds: job.minValiditySeconds,
        lifetimeSeconds: job.lifetimeSeconds,
        cacheDirectory: job.context.cacheDirectory,
        lockWaitMs: job.lockWaitMs,
      },
      async () => {
        const token = await tokenOf(job, logins);
        const now = Math.floor(Date.now() / 1000);
        const order = {
          name: `${job.namePrefix}@${compactTime(now)}`,
          expiresAt: now + job.lifetimeSeconds,
        };
        return keys.mint(token, order, identity.org);
      },
    );
    return { id: job.id, ok: true, key };
  } catch (error) {
    return { id: job.id, ok: false, error: toSafeTransfer(error, identity) };
  }
}

/** The token of the login `job` continues, waiting for it when it still runs here. */
async function tokenOf(job: ApiKeyJob, logins: LoginsById): Promise<string> {
  const login = job.context.login;
  if ('token' in login) {
    return login.token;
  }
  if ('error' in login) {
    throw PaletteCredentialsError.fromTransfer(login.error);
  }

  const outcome = await logins.get(login.jobId);
  if (outcome === undefined) {
    const context = { host: job.identity.endpoint, org: job.identity.org };
    throw new PaletteCredentialsError(
      'INTERNAL',
      `The API key for ${describe(context)} names a login this worker never ran. Please ` +
        'report it to the cdktf-palette-credentials maintainers.',
      context,
    );
  }
  if (!outcome.ok) {
    throw PaletteCredentialsError.fromTransfer(outcome.error);
  }
  return outcome.session.token;
}

/** `20250131T120000Z`: the mint time in a key's name, short and sortable. */
function compactTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/**
 * Our own errors are built without secrets and travel as they are. Anything else is a defect
 * whose message may quote a request, or the key, so only its class name crosses over.
 */
function toSafeTransfer(
  error: unknown,
  identity: { endpoint: string; org: string },
): PaletteErrorTransfer {
  if (error instanceof PaletteCredentialsError) {
    return error.toTransfer();
  }
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  const context = { host: identity.endpoint, org: identity.org };
  return new PaletteCredentialsError(
    'INTERNAL',
    `Minting an API key at ${describe(context)} failed with an unexpected ${kind}. Please ` +
      'report it to the cdktf-palette-credentials maintainers.',
    context,
  ).toTransfer();
}
