import type { ApiKeyJob, ApiKeyOutcome } from './api-key-protocol';
import { LoginBridge } from './login-bridge';
import type { PendingLogin } from './login-registry';
import type { ApiKeyIdentity } from '../cache/api-key-entry';
import { cachedApiKey } from '../cache/cached-api-key';
import type { MintedApiKey } from '../client/api-keys';
import { CLIENT_DEFAULTS } from '../client/client-options';
import { describe } from '../client/token-response';
import { PaletteConnectionError, PaletteCredentialsError } from '../errors';

/** Extra time the synth thread grants the worker beyond the client's own deadlines. */
const WAIT_MARGIN_MS = 5_000;

/** Which key a construct wants. */
export interface ApiKeyWish {
  /** Whose key, for which slot. */
  readonly identity: ApiKeyIdentity;

  /** The name of a new key, before the mint time the worker appends. */
  readonly namePrefix: string;

  /** The lifetime, in seconds, of a new key. */
  readonly lifetimeSeconds: number;

  /** The least lifetime, in seconds, a reused key must have left. */
  readonly minValiditySeconds: number;
}

/**
 * An API key that has been asked for and whose outcome can be awaited synchronously, like a
 * {@link PendingLogin}: the job starts when the construct is created, right behind the login it
 * needs, and the synth thread waits only when the key is first rendered.
 */
export class PendingApiKey {
  /**
   * Asks for a key minted with `login`'s token. A key in the cache that lasts long enough is
   * read here, on the synth thread: no worker, no request, and the login's token is not needed.
   */
  public static request(
    login: PendingLogin,
    wish: ApiKeyWish,
    bridge: LoginBridge = LoginBridge.shared(),
  ): PendingApiKey {
    const context = login.handOff();
    const id = bridge.nextJobId();
    const cached = context.cacheDirectory === undefined
      ? undefined
      : cachedApiKey(context.cacheDirectory, wish);
    if (cached !== undefined) {
      return new PendingApiKey(bridge, wish, id, 0, { id, ok: true, key: cached });
    }

    // Another process mints with two calls, each ending by its deadline.
    const callMs = context.client?.deadlineMs ?? CLIENT_DEFAULTS.deadlineMs;
    const lockWaitMs = 2 * callMs;
    const job: ApiKeyJob = { kind: 'api-key', id, context, ...wish, lockWaitMs };
    bridge.submit(job);
    const waitMs = context.loginWaitMs + lockWaitMs + 2 * callMs + WAIT_MARGIN_MS;
    return new PendingApiKey(bridge, wish, id, waitMs);
  }

  private outcome?: ApiKeyOutcome;

  private constructor(
    private readonly bridge: LoginBridge,
    private readonly wish: ApiKeyWish,
    private readonly id: number,
    private readonly waitMs: number,
    settled?: ApiKeyOutcome,
  ) {
    this.outcome = settled;
  }

  /** The key, waiting for it if needed. Throws the error of the login or of the minting. */
  public key(): MintedApiKey {
    this.outcome ??= (this.bridge.awaitOutcome(this.id, this.waitMs) as ApiKeyOutcome) ?? {
      id: this.id,
      ok: false,
      error: this.stalled().toTransfer(),
    };
    if (!this.outcome.ok) {
      throw PaletteCredentialsError.fromTransfer(this.outcome.error);
    }
    return this.outcome.key;
  }

  private stalled(): PaletteConnectionError {
    const context = { host: this.wish.identity.endpoint, org: this.wish.identity.org };
    return new PaletteConnectionError(
      'TIMEOUT',
      `Minting an API key at ${describe(context)} did not finish within ${this.waitMs} ms. ` +
        'Check that the host is reachable from this machine (VPN, proxy, firewall).',
      context,
    );
  }
}
