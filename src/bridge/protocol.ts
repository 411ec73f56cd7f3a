import type { ClientOptions } from '../client/client-options';
import type { LoginSettings } from '../client/login-settings';
import type { PaletteSession } from '../client/token-response';
import type { PaletteErrorTransfer } from '../errors';

/** What the synth thread asks the login worker to do. */
export interface LoginJob {
  readonly id: number;
  readonly settings: LoginSettings;
  readonly attemptTimeoutMs?: number;

  /** Timeouts, retries, TLS and proxy settings of the HTTP calls. @default - the defaults */
  readonly client?: ClientOptions;

  /** The least lifetime, in seconds, the session handed back must have left. */
  readonly minValiditySeconds: number;

  /** The token cache folder, computed on the synth thread; `undefined` when the cache is off. */
  readonly cacheDirectory?: string;

  /** How long to wait for another process that is logging in as the same user. */
  readonly lockWaitMs: number;
}

/** What the login worker answers, exactly once per job. */
export type LoginOutcome =
  | { readonly id: number; readonly ok: true; readonly session: PaletteSession }
  | { readonly id: number; readonly ok: false; readonly error: PaletteErrorTransfer };

/** What the worker is started with. */
export interface LoginWorkerData {
  /** One counter, bumped after every posted outcome so that the synth thread can wake. */
  readonly signal: Int32Array;
  /** Where outcomes are posted; the synth thread reads it without an event loop. */
  readonly outcomes: MessagePort;
}

type MessagePort = import('node:worker_threads').MessagePort;
