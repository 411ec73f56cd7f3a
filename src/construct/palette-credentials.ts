import { Fn, Lazy, TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { LoginBridge, PendingLogin } from '../bridge/login-bridge';
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
}

/**
 * Logs in to Spectro Cloud Palette while cdktf synthesizes, and hands the resulting short-lived
 * token (a JWT) to the rest of the app.
 *
 * The login starts when the construct is created and is waited for only when a value is first
 * needed, so several credential sets log in concurrently, and every construct for the same host,
 * org and user in one process shares a single login.
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
   */
  public readonly expiresAtOutput: TerraformOutput;

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

  constructor(scope: Construct, id: string, props: PaletteCredentialsProps = {}) {
    super(scope, id);

    const settings = resolveLoginSettings(props, process.env);
    this.endpoint = settings.endpoint;
    this.org = settings.org;
    this.emailId = settings.emailId;

    this.pendingLogin = LoginBridge.shared().login(settings);

    // The literal must exist before sensitive() wraps it, or cdktf renders it as an unquoted
    // expression: the whole call is therefore produced lazily, once the login has finished.
    this.token = Lazy.stringValue({
      produce: () => Token.asString(Fn.sensitive(this.pendingLogin.session().token)),
    });
    this.headers = { Authorization: this.token };

    const outputPrefix = id.replace(/[^A-Za-z0-9_-]/g, '_');
    this.tokenOutput = new TerraformOutput(this, 'token', {
      value: this.token,
      sensitive: true,
      description: `Palette token for ${settings.emailId} in org ${settings.org}`,
    });
    this.tokenOutput.overrideLogicalId(`${outputPrefix}_token`);

    this.expiresAtOutput = new TerraformOutput(this, 'expires_at', {
      value: Lazy.stringValue({ produce: () => this.expiresAt }),
      description: 'When the Palette token expires (UTC, ISO 8601)',
    });
    this.expiresAtOutput.overrideLogicalId(`${outputPrefix}_expires_at`);
  }

  /**
   * When the token expires, as an ISO 8601 UTC timestamp, read from the token's `exp` claim.
   *
   * Reading it waits for the login to finish.
   */
  public get expiresAt(): string {
    return new Date(this.pendingLogin.session().expiresAt * 1000).toISOString();
  }
}
