import path from 'node:path';
import { Annotations, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { deferredString, sensitiveLiteral } from './deferred-string';
import { PaletteCredentials } from './palette-credentials';
import type { PendingApiKey } from '../bridge/api-key-bridge';
import { API_KEY_NAME_PREFIX } from '../client/api-key-name';
import { PaletteConfigurationError } from '../errors';

/** How a {@link PaletteApiKey} is minted and named. */
export interface PaletteApiKeyProps {
  /**
   * The login whose token mints the key. The key belongs to that user, in that org, on that
   * host, and opens whatever the user may open.
   */
  readonly credentials: PaletteCredentials;

  /**
   * How long a new key lives, in hours, at most 2160 (90 days).
   *
   * The key is written into the synthesized configuration and the Terraform state, which
   * outlive any deploy: a short lifetime bounds what a copy of them is worth. A day lets one key
   * serve a working day of synths from the cache, instead of one key per synth, and still
   * outlasts a long cluster deploy started late in the day (see `minValidityHours`).
   *
   * @default 24
   */
  readonly expiresInHours?: number;

  /**
   * The least lifetime, in hours, the key must have left when a synth hands it out. A cached key
   * with less left is replaced by a new one, so that a plan and apply started right after the
   * synth (cluster deploys wait for the cluster, often for an hour) never outlive the key.
   * Must be less than `expiresInHours`.
   *
   * @default 2
   */
  readonly minValidityHours?: number;

  /**
   * What the key's name says after the library's prefix, `cdktf-palette-credentials:`; the time
   * of minting is appended, as in
   * `cdktf-palette-credentials:infra/clusters/spectrocloud-key@20250131T120000Z`. The prefix
   * lets `palette-credentials api-keys remove` find the keys this library minted; at most 100
   * characters.
   *
   * @default - `<app folder>/<stack name>/<construct path in the stack>`, the folder being the
   * name of the working directory of the synth
   */
  readonly name?: string;
}

/**
 * The arguments of the Spectro Cloud Terraform provider (`spectrocloud`) that connect it to
 * Palette, shaped like the `SpectrocloudProviderConfig` of its `cdktf get` bindings, so that
 * `new SpectrocloudProvider(this, 'spectrocloud', key.providerConfig())` wires it in one line.
 */
export interface SpectrocloudProviderSettings {
  /**
   * The Palette host as the provider takes it: host name and port, without a scheme (the
   * provider always uses HTTPS).
   */
  readonly host: string;

  /** The API key, rendered as Terraform's `sensitive("…")`; see `PaletteApiKey.apiKey`. */
  readonly apiKey: string;

  /**
   * The Palette project the provider works in.
   *
   * @default - not set: the provider uses its own default, the project `Default`
   */
  readonly projectName?: string;

  /**
   * Turns off the provider's TLS certificate verification. Set only when the
   * `PaletteCredentials` skip verification themselves (`insecureSkipTlsVerify`), so that the
   * provider is no more trusting than the login was.
   *
   * @default - not set: the provider verifies certificates
   */
  readonly ignoreInsecureTlsError?: boolean;
}

/** The longest lifetime a key may be given: 90 days. */
const MAX_EXPIRES_IN_HOURS = 90 * 24;

/** The longest name after the prefix. */
const MAX_NAME_LENGTH = 100;

const SECONDS_PER_HOUR = 3600;

/**
 * An API key for the Spectro Cloud Terraform provider, which accepts no token: minted at synth
 * time with the token of a {@link PaletteCredentials} login (`POST /v1/apiKeys`, for the user of
 * `GET /v1/users/info`), opt-in, and reused from the token cache while it lasts.
 *
 * Minting starts when the construct is created, right behind the login, and is waited for when
 * the key is first rendered. A key in the cache with at least `minValidityHours` left (and no
 * more than `expiresInHours`) is reused without any request; otherwise a new key is minted and
 * cached. Processes that need the same key at once take turns, so that one mints it.
 *
 * Security: the key opens everything its user may open until it expires, and unlike the token it
 * cannot be refreshed away: it lives `expiresInHours`. It is written, as a literal wrapped in
 * Terraform's `sensitive()`, into the synthesized configuration of every stack that uses it, into
 * those stacks' state, and into the token cache (a file only the user can read). Every key this
 * library mints is named `cdktf-palette-credentials:…`; delete them with
 * `npx palette-credentials api-keys remove`, or in Palette under My API Keys.
 *
 * @example
 * const palette = new PaletteCredentials(this, 'palette');
 * const key = new PaletteApiKey(this, 'spectrocloud-key', { credentials: palette });
 * new SpectrocloudProvider(this, 'spectrocloud', key.providerConfig('Default'));
 */
export class PaletteApiKey extends Construct {
  /** The start of the name of every key this library mints. */
  public static readonly NAME_PREFIX = API_KEY_NAME_PREFIX;

  /**
   * The API key, for the `api_key` argument of the `spectrocloud` provider or an `ApiKey`
   * header.
   *
   * Wherever it is used, it renders as Terraform's `sensitive("…")`, so plan and apply print
   * `(sensitive value)`. It is still a literal in the synthesized configuration and the state of
   * every stack that uses it, and opens the user's account until it expires: protect
   * `cdktf.out/` and state as you would the password, and delete keys you no longer need.
   */
  public readonly apiKey: string;

  /**
   * A sensitive Terraform output holding the key, named `<id>_api_key`, for consumers outside
   * the app (for example `terraform output -raw <id>_api_key` as `SPECTROCLOUD_APIKEY`). Anyone
   * who can read the state can read it.
   */
  public readonly apiKeyOutput: TerraformOutput;

  /**
   * The name the key gets before its mint time: `cdktf-palette-credentials:` and the `name`
   * prop, or the default that names the app, stack and construct.
   */
  public readonly namePrefix: string;

  private readonly credentials: PaletteCredentials;
  private readonly pendingKey: PendingApiKey;
  private readonly insecure: boolean;

  /**
   * Validates the settings and starts looking for the key (the cache, else a mint behind the
   * login); nothing waits for it until the key is first needed.
   *
   * @param scope the construct this one belongs to, usually a `TerraformStack`
   * @param id the construct's id, also the prefix of its output's name (`<id>_api_key`) and the
   * last part of the key's default name
   * @param props the credentials that mint the key, and its lifetime and name
   * @throws PaletteConfigurationError when a setting is invalid, before any key is minted
   */
  constructor(scope: Construct, id: string, props: PaletteApiKeyProps) {
    super(scope, id);

    this.credentials = props.credentials;
    const { expiresInHours, minValidityHours } = validLifetimes(props, this.credentials);
    const slot = props.name === undefined
      ? defaultSlot(this)
      : validName(props.name, this.credentials);
    this.namePrefix = `${PaletteApiKey.NAME_PREFIX}${slot}`;

    const login = this.credentials._pendingLogin;
    const { cacheDirectory, client } = login.handOff();
    this.insecure = client?.insecureSkipTlsVerify === true;
    if (cacheDirectory === undefined) {
      Annotations.of(this).addWarning(
        `The token cache is off, so every synth mints a new API key for ${props.credentials.emailId}, ` +
          `each valid for ${expiresInHours} h. Turn the cache on to reuse a key, and delete ` +
          'leftover keys with `npx palette-credentials api-keys remove`.',
      );
    }

    // Required here, not at the top: every synth loads this module with the library, and only
    // an app with an API key needs the bridge that mints one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bridge = require('../bridge/api-key-bridge') as typeof import('../bridge/api-key-bridge');
    this.pendingKey = bridge.PendingApiKey.request(login, {
      identity: {
        endpoint: this.credentials.endpoint,
        org: this.credentials.org,
        emailId: this.credentials.emailId,
        slot,
      },
      namePrefix: this.namePrefix,
      lifetimeSeconds: Math.round(expiresInHours * SECONDS_PER_HOUR),
      minValiditySeconds: Math.round(minValidityHours * SECONDS_PER_HOUR),
    });

    // Rendered like the token: `sensitive("<key>")` once the key exists.
    this.apiKey = deferredString((context) =>
      sensitiveLiteral(this.pendingKey.key().apiKey, context),
    );

    this.apiKeyOutput = new TerraformOutput(this, 'api_key', {
      value: this.apiKey,
      sensitive: true,
      description: `Palette API key of ${this.credentials.emailId} in org ${this.credentials.org}`,
    });
    this.apiKeyOutput.overrideLogicalId(`${id.replace(/[^A-Za-z0-9_-]/g, '_')}_api_key`);
  }

  /**
   * The key's uid, which deletes it (`DELETE /v1/apiKeys/{uid}`). Not a secret. Reading it waits
   * for the key.
   */
  public get uid(): string {
    return this.pendingKey.key().uid;
  }

  /** The key's full name, mint time included. Not a secret. Reading it waits for the key. */
  public get name(): string {
    return this.pendingKey.key().name;
  }

  /**
   * When the key expires, as an ISO 8601 UTC timestamp. Not a secret. Reading it waits for the
   * key.
   */
  public get expiresAt(): string {
    return new Date(this.pendingKey.key().expiresAt * 1000).toISOString();
  }

  /**
   * The `spectrocloud` provider's connection arguments: the host of the credentials' endpoint,
   * this key, and the project.
   *
   * @param projectName the Palette project to work in; leave it out for the provider's default
   * project, `Default`
   */
  public providerConfig(projectName?: string): SpectrocloudProviderSettings {
    return {
      host: new URL(this.credentials.endpoint).host,
      apiKey: this.apiKey,
      ...(projectName === undefined ? {} : { projectName }),
      ...(this.insecure ? { ignoreInsecureTlsError: true } : {}),
    };
  }
}

function validLifetimes(
  props: PaletteApiKeyProps,
  credentials: PaletteCredentials,
): { expiresInHours: number; minValidityHours: number } {
  const expiresInHours = props.expiresInHours ?? 24;
  const minValidityHours = props.minValidityHours ?? 2;
  const context = { host: credentials.endpoint, org: credentials.org };

  const validExpiry = expiresInHours > 0 && expiresInHours <= MAX_EXPIRES_IN_HOURS;
  if (!Number.isFinite(expiresInHours) || !validExpiry) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `The API key's expiresInHours is ${expiresInHours}; give a number of hours above 0 and at ` +
        `most ${MAX_EXPIRES_IN_HOURS} (90 days). Longer-lived keys belong in a secret store, ` +
        'not in a synth.',
      context,
    );
  }
  if (!Number.isFinite(minValidityHours) || minValidityHours < 0) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `The API key's minValidityHours is ${minValidityHours}; give a number of hours from 0 up ` +
        `to, but not including, expiresInHours (${expiresInHours}).`,
      context,
    );
  }
  if (minValidityHours >= expiresInHours) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `The API key's minValidityHours (${minValidityHours}) is not less than its ` +
        `expiresInHours (${expiresInHours}), so no key could ever be handed out. Lower ` +
        'minValidityHours or raise expiresInHours.',
      context,
    );
  }
  return { expiresInHours, minValidityHours };
}

/** `<app folder>/<stack>/<construct path>`, its end kept when it is long. */
function defaultSlot(key: Construct): string {
  const slot = `${path.basename(process.cwd())}/${key.node.path}`;
  return slot.length > MAX_NAME_LENGTH ? slot.slice(-MAX_NAME_LENGTH) : slot;
}

function validName(name: string, credentials: PaletteCredentials): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused.
  const usable = name.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(name);
  if (!usable || name.length > MAX_NAME_LENGTH) {
    throw new PaletteConfigurationError(
      'INVALID_SETTING',
      `The API key's name ${JSON.stringify(name)} is not usable: give 1 to ${MAX_NAME_LENGTH} ` +
        'characters without control characters, or leave it out for the default.',
      { host: credentials.endpoint, org: credentials.org },
    );
  }
  return name;
}
