import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The connection arguments of the Spectro Cloud provider, with the names and types of the
 * `SpectrocloudProviderConfig` that `cdktf get` generates, so that
 * `PaletteApiKey.providerConfig()` fits either.
 */
export interface SpectrocloudProviderConfig {
  /**
   * The Palette host, without a scheme.
   *
   * @default - `SPECTROCLOUD_HOST`, else `api.spectrocloud.com`
   */
  readonly host?: string;

  /**
   * The API key; the provider accepts no other credential.
   *
   * @default - `SPECTROCLOUD_APIKEY`
   */
  readonly apiKey?: string;

  /**
   * The project the provider works in.
   *
   * @default - `Default`
   */
  readonly projectName?: string;

  /**
   * Skips TLS certificate verification.
   *
   * @default false
   */
  readonly ignoreInsecureTlsError?: boolean;
}

/**
 * The `spectrocloud/spectrocloud` provider, declared by hand for apps that cannot run
 * `cdktf get` (it needs the Terraform registry). With generated bindings, import
 * `SpectrocloudProvider` from `./.gen/providers/spectrocloud/provider` instead; the call is the
 * same.
 */
export class SpectrocloudProvider extends TerraformProvider {
  private readonly config: SpectrocloudProviderConfig;

  constructor(scope: Construct, id: string, config: SpectrocloudProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'spectrocloud',
      terraformProviderSource: 'spectrocloud/spectrocloud',
      // 0.17.2 removed the username and password arguments: from there on, only API keys.
      terraformGeneratorMetadata: {
        providerName: 'spectrocloud',
        providerVersionConstraint: '>= 0.17.2',
      },
    });
    this.config = config;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      host: this.config.host,
      api_key: this.config.apiKey,
      project_name: this.config.projectName,
      ignore_insecure_tls_error: this.config.ignoreInsecureTlsError,
    };
  }
}
