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
}
