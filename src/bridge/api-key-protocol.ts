import type { ApiKeyIdentity } from '../cache/api-key-entry';
import type { MintedApiKey } from '../client/api-keys';
import type { ClientOptions } from '../client/client-options';
import type { PaletteErrorTransfer } from '../errors';

/**
 * Where the token that mints a key comes from. A login the worker is running (or ran) is named
 * by its job id, and the worker waits for it there, so that minting follows the login without
 * the synth thread waiting in between. A login the synth thread already finished (a warm token
 * cache) hands over its token, and a failed one its error. The password never travels with an
 * API-key job.
 */
export type LoginHandOff =
  | { readonly jobId: number }
  | { readonly token: string }
  | { readonly error: PaletteErrorTransfer };

/** What an API key needs from the login it continues, besides its token. */
export interface LoginContext {
  readonly login: LoginHandOff;

  /** Timeouts, retries, TLS and proxy settings of the login. @default - the defaults */
  readonly client?: ClientOptions;

  /** The token cache folder, which holds API keys too; `undefined` when the cache is off. */
  readonly cacheDirectory?: string;

  /** How long the synth thread would wait for the login itself, in milliseconds. */
  readonly loginWaitMs: number;
}

/** What the synth thread asks the worker to do once a login has a token: find or mint a key. */
export interface ApiKeyJob {
  readonly kind: 'api-key';
  readonly id: number;
  readonly context: LoginContext;

  /** Whose key, for which slot: the cache entry's identity. */
  readonly identity: ApiKeyIdentity;

  /** The name a new key gets, up to its mint time, which the worker appends. */
  readonly namePrefix: string;

  /** The lifetime, in seconds, of a new key. */
  readonly lifetimeSeconds: number;

  /** The least lifetime, in seconds, a reused key must have left. */
  readonly minValiditySeconds: number;

  /** How long to wait for another process that is minting the same key. */
  readonly lockWaitMs: number;
}

/** What the worker answers to an API-key job, exactly once. */
export type ApiKeyOutcome =
  | { readonly id: number; readonly ok: true; readonly key: MintedApiKey }
  | { readonly id: number; readonly ok: false; readonly error: PaletteErrorTransfer };

/** Whether a message to the worker is an API-key job rather than a login. */
export function isApiKeyJob(job: unknown): job is ApiKeyJob {
  return (job as { kind?: unknown } | undefined)?.kind === 'api-key';
}
