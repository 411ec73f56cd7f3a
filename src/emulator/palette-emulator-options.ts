/**
 * An account the Palette emulator accepts.
 *
 * Emulator-only: these credentials exist nowhere but in the emulator that was given them.
 */
export interface EmulatorUser {
  /** The login email, matched byte for byte. */
  readonly emailId: string;

  /**
   * The organization (tenant) name, matched byte for byte: the real service receives it as the
   * user typed it, so the emulator does not fold case either.
   */
  readonly org: string;

  /**
   * The password, matched byte for byte.
   *
   * It reaches the emulator's process through a pipe, never its command line or environment, and
   * never appears in its output or request log.
   */
  readonly password: string;

  /**
   * Whether the account needs a second factor. Its logins answer `isMfa: true` with a token that
   * every other endpoint refuses, as Palette does, so a client's refusal of MFA can be tested.
   *
   * @default false
   */
  readonly mfa?: boolean;
}

/** How a {@link PaletteEmulator} behaves. */
export interface PaletteEmulatorOptions {
  /**
   * The accounts that can log in.
   *
   * @default - one demo account: `PaletteEmulator.DEMO_EMAIL_ID`, `PaletteEmulator.DEMO_ORG`
   * and `PaletteEmulator.DEMO_PASSWORD`
   */
  readonly users?: EmulatorUser[];

  /**
   * How long each token lives, the distance between its `iat` and `exp` claims.
   *
   * Palette lets a tenant choose 15 to 1440 minutes. The emulator also accepts shorter and
   * fractional values (a minimum of one second) so that a test can watch a token expire.
   *
   * @default 15
   */
  readonly tokenTtlMinutes?: number;

  /**
   * How long after a password login its tokens can still be refreshed; after that only a new
   * login helps.
   *
   * @default 240 - Palette's default session timeout
   */
  readonly sessionTimeoutMinutes?: number;

  /**
   * The port to listen on. The emulator always listens on 127.0.0.1 only.
   *
   * @default 0 - a free port chosen by the system; read it from `PaletteEmulator.url`
   */
  readonly port?: number;

  /**
   * How long every Palette endpoint waits before it answers, in milliseconds, to stand in for
   * a distant server: a test can then tell logins that run concurrently from logins that run
   * one after another. The emulator's own `/__emulator/` endpoints answer at once.
   *
   * @default 0
   */
  readonly responseDelayMs?: number;

  /**
   * The rate limit of `POST /v1/auth/authenticate` per source address.
   *
   * Everything a test runs reaches the emulator from 127.0.0.1, one address, where machines
   * reaching Palette may have many; raise it to test what the library does apart from the limit.
   *
   * @default - Palette's documented limit: 10 a second, with a burst of 5
   */
  readonly loginRateLimit?: EmulatorRateLimit;

  /**
   * A PEM file with the certificate (and any intermediates) to serve HTTPS with, so that a test
   * can prove TLS behaviour: a private certificate authority, an untrusted certificate. Give it
   * together with `tlsKeyPath`. The certificate should name `127.0.0.1`, where the emulator
   * listens.
   *
   * @default - plain HTTP
   */
  readonly tlsCertificatePath?: string;

  /**
   * A PEM file with the private key of `tlsCertificatePath`.
   *
   * @default - plain HTTP
   */
  readonly tlsKeyPath?: string;
}

/** A rate limit as a token bucket: `burst` requests at once, then `perSecond` a second. */
export interface EmulatorRateLimit {
  /** Requests a second allowed over time. */
  readonly perSecond: number;

  /** Requests allowed back to back before the steady rate applies. */
  readonly burst: number;
}
