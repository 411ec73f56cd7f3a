import { Annotations, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { deferredString, sensitiveLiteral } from './deferred-string';
import { LoginRegistry, PendingLogin } from '../bridge/login-registry';
import { resolveCacheSettings } from '../cache/cache-settings';
import { resolveConnectionSettings } from '../client/connection-settings';
import { resolveLoginSettings } from '../client/login-settings';

/**
 * How to reach Palette and whom to log in as.
 *
 * Every setting falls back to an environment variable, so that no credential needs to be
 * written in the app's source. A setting given here wins over its environment variable.
 */
export interface PaletteCredentialsProps {
  /**
   * The Palette API host: a bare host name such as `api.spectrocloud.com` (HTTPS is implied),
   * or an `https://` URL with an optional port. `http://` is accepted only for loopback hosts,
   * since the password travels in the request.
   *
   * @default - the `SPECTROCLOUD_HOST` environment variable, else `api.spectrocloud.com`
   */
  readonly host?: string;

  /**
   * The Palette organization (tenant) name to log in to, sent exactly as given.
   *
   * @default - the `SPECTROCLOUD_ORG` environment variable; one of the two is required
   */
  readonly org?: string;

  /**
   * The email address of the Palette user. The user must not have multi-factor authentication
   * enabled, since automation cannot complete a second factor.
   *
   * @default - the `SPECTROCLOUD_USERNAME` environment variable; one of the two is required
   */
  readonly emailId?: string;

  /**
   * The user's password.
   *
   * It is sent only to the Palette host in the login request, and never written to the
   * synthesized configuration, Terraform state or any log. Prefer the environment variable:
   * a password in the app's source ends up in version control.
   *
   * @default - the `SPECTROCLOUD_PASSWORD` environment variable; one of the two is required
   */
  readonly password?: string;

  /**
   * Whether to keep the token in the user's token cache, so that the next synth (every
   * `cdktf synth`, `diff` and `deploy` runs one) reuses it instead of logging in again, and
   * repeated synths write the same token.
   *
   * The cache lives in the user's cache directory (`$XDG_CACHE_HOME/cdktf-palette-credentials`,
   * else `~/.cache/cdktf-palette-credentials`; `PALETTE_CREDENTIALS_CACHE_DIR` moves it), in a
   * folder only the user can open. It holds tokens, never the password. While a cached token
   * lasts, a synth does not check the password.
   *
   * @default - true, unless the `PALETTE_CREDENTIALS_CACHE` environment variable is `off`
   */
  readonly cache?: boolean;

  /**
   * Whether to add a Terraform output, named `<id>_expires_at`, with the time the token expires.
   *
   * Off by default: every output costs every synth some time, and code reads the same value from
   * `expiresAt`.
   *
   * @default false
   */
  readonly expiryOutput?: boolean;

  /**
   * The least lifetime, in seconds, the token must have left when this construct hands it out.
   * A cached token with less left is refreshed, or replaced by a new login.
   *
   * Raise it when deploys run long after synth; it must stay below the tenant's token lifetime
   * (15 minutes by default), or every synth fails with `MIN_VALIDITY_UNREACHABLE`.
   *
   * @default 600 - ten minutes, enough for a typical deploy right after the synth
   */
  readonly minValiditySeconds?: number;

  /**
   * How long one HTTP request to Palette may take, in seconds, before it is abandoned. A login
   * that timed out after it was sent is not retried, since Palette may have counted it.
   *
   * @default 10
   */
  readonly requestTimeoutSeconds?: number;

  /**
   * How long a login may take in all, in seconds: every attempt and every wait between them.
   * The synth fails once it has passed, saying what went wrong last.
   *
   * @default 60
   */
  readonly deadlineSeconds?: number;

  /**
   * How many requests a login may send, the first included. Only refused or reset connections,
   * 429, 502, 503 and 504 are retried, with exponential backoff and jitter, honouring
   * `Retry-After` up to 30 seconds. A rejected login (400, 401, 403, MFA) is never retried:
   * five failed logins suspend a Palette account. Use 1 to turn retries off.
   *
   * @default 4
   */
  readonly maxAttempts?: number;

  /**
   * A PEM file with the certificates of the private certificate authority that signed the
   * Palette host's certificate, for a self-hosted Palette. They are trusted in addition to the
   * authorities Node.js trusts (its built-in roots and `NODE_EXTRA_CA_CERTS`).
   *
   * @default - the `SPECTROCLOUD_CA_BUNDLE` environment variable, else no extra authority
   */
  readonly caBundlePath?: string;

  /**
   * Turns off TLS certificate verification, so that anyone who can intercept the connection
   * receives the password and can answer with a token of their own. Only for a throwaway test
   * installation; give its authority with `caBundlePath` instead whenever you can. Setting it
   * adds a warning to the synth output.
   *
   * @default false
   */
  readonly insecureSkipTlsVerify?: boolean;
}

/**
 * Logs in to Spectro Cloud Palette while cdktf synthesizes, and hands the resulting short-lived
 * token (a JWT) to the rest of the app.
 *
 * The login starts when the construct is created and is waited for only when a value is first
 * needed, so several credential sets log in concurrently, and every construct for the same host,
 * org and user in one process shares a single login. Across processes, the token is cached (see
 * `cache`), so that repeated synths log in once and write the same token.
 *
 * Security: the token is written, as a literal wrapped in Terraform's `sensitive()`, into the
 * synthesized configuration of every stack that uses it, and into that stack's Terraform state.
 * Terraform hides it in plan and apply output. Protect `cdktf.out/` and state accordingly; the
 * token expires after the lifetime Palette gives it (15 minutes by default).
 */
export class PaletteCredentials extends Construct {
  /**
   * The Palette token, for use in any resource, provider or stack of the app.
   *
   * Wherever it is used, it renders as Terraform's `sensitive("…")`, so plan and apply print
   * `(sensitive value)` instead of the token. A stack that uses it receives the value itself,
   * not a reference to this construct's stack, and so deploys on its own.
   */
  public readonly token: string;

  /**
   * A sensitive Terraform output holding the token, named `<id>_token`, for consumers outside
   * the app (for example `terraform output -raw <id>_token` in a pipeline).
   */
  public readonly tokenOutput: TerraformOutput;

  /**
   * A Terraform output, named `<id>_expires_at`, with the time the token expires. Not sensitive.
   *
   * @default - none, unless the `expiryOutput` prop is true
   */
  public readonly expiresAtOutput?: TerraformOutput;

  /** The origin of the Palette API, for example `https://api.spectrocloud.com`. */
  public readonly endpoint: string;

  /** The organization logged in to. */
  public readonly org: string;

  /** The email address of the user logged in as. */
  public readonly emailId: string;

  /**
   * HTTP headers that authenticate a request to the Palette API, for REST providers and HTTP
   * data sources: `Authorization` with the token as its value, without a `Bearer` prefix. The
   * value is the sensitive token.
   */
  public readonly headers: Record<string, string>;

  private readonly pendingLogin: PendingLogin;

  /**
   * Validates the settings and starts the login; nothing waits for it until a value is needed.
   *
   * @param scope the construct this one belongs to, usually a `TerraformStack`
   * @param id the construct's id, also the prefix of its outputs' names (`<id>_token`)
   * @param props how to reach Palette and whom to log in as; every setting may also come from
   * the environment
   * @throws PaletteConfigurationError when a setting is missing or invalid, before any request
   */
  constructor(scope: Construct, id: string, props: PaletteCredentialsProps = {}) {
    super(scope, id);

    const settings = resolveLoginSettings(props, process.env);
    const cache = resolveCacheSettings(props, process.env);
    const client = resolveConnectionSettings(props, process.env);
    this.endpoint = settings.endpoint;
    this.org = settings.org;
    this.emailId = settings.emailId;
    if (client.insecureSkipTlsVerify === true) {
      Annotations.of(this).addWarning(
        `insecureSkipTlsVerify is set: the login to ${settings.endpoint} does not verify TLS ` +
          'certificates, so whoever can intercept the connection receives the password. Give the ' +
          'certificate authority with caBundlePath (or SPECTROCLOUD_CA_BUNDLE) instead.',
      );
    }

    this.pendingLogin = LoginRegistry.shared().login(settings, {
      cacheDirectory: cache.directory,
      minValiditySeconds: cache.minValiditySeconds,
      client,
    });

    // Rendered as `sensitive("<token>")` once the login has finished, when cdktf resolves it.
    this.token = deferredString((context) =>
      sensitiveLiteral(this.pendingLogin.session().token, context),
    );
    this.headers = { Authorization: this.token };

    const outputPrefix = id.replace(/[^A-Za-z0-9_-]/g, '_');
    this.tokenOutput = new TerraformOutput(this, 'token', {
      value: this.token,
      sensitive: true,
      description: `Palette token for ${settings.emailId} in org ${settings.org}`,
    });
    this.tokenOutput.overrideLogicalId(`${outputPrefix}_token`);

    if (props.expiryOutput === true) {
      this.expiresAtOutput = new TerraformOutput(this, 'expires_at', {
        value: deferredString(() => this.expiresAt),
        description: 'When the Palette token expires (UTC, ISO 8601)',
      });
      this.expiresAtOutput.overrideLogicalId(`${outputPrefix}_expires_at`);
    }
  }

  /**
   * When the token expires, as an ISO 8601 UTC timestamp, read from the token's `exp` claim.
   *
   * Reading it waits for the login to finish.
   */
  public get expiresAt(): string {
    return new Date(this.pendingLogin.session().expiresAt * 1000).toISOString();
  }

  /**
   * The login behind `token`, for the constructs of this library that continue it, such as
   * `PaletteApiKey`, which mints its key with this login's token.
   *
   * @internal
   */
  public get _pendingLogin(): PendingLogin {
    return this.pendingLogin;
  }
}
