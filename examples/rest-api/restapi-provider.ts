import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';

/** The settings of the `restapi` provider that an app calling Palette needs. */
export interface RestApiProviderConfig {
  /** The base URL every request starts with, for example the Palette endpoint. */
  readonly uri: string;

  /** Headers sent on every request, such as `PaletteCredentials.headers`. */
  readonly headers: Record<string, string>;

  /**
   * A path the provider reads once when it starts, failing the plan unless it answers 200, so a
   * rejected token stops Terraform before it changes anything.
   *
   * @default - no check
   */
  readonly testPath?: string;
}

/**
 * The Mastercard `restapi` provider, declared by hand for apps that have not generated its
 * bindings with `cdktf get`. Its resources (`restapi_object`) then call the API with these
 * headers.
 *
 * The token goes in `headers`, not in the provider's `bearer_token`: that one prefixes
 * `Bearer `, which Palette refuses.
 */
export class RestApiProvider extends TerraformProvider {
  private readonly config: RestApiProviderConfig;

  constructor(scope: Construct, id: string, config: RestApiProviderConfig) {
    super(scope, id, {
      terraformResourceType: 'restapi',
      terraformProviderSource: 'Mastercard/restapi',
      terraformGeneratorMetadata: { providerName: 'restapi', providerVersionConstraint: '~> 2.0' },
    });
    this.config = config;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      uri: this.config.uri,
      // cdktf rewrites the keys of provider attributes to snake_case, which would send an
      // `authorization` header, or `project_uid` for `ProjectUid`. A token keeps the map as is.
      headers: Token.asAny(this.config.headers),
      test_path: this.config.testPath,
    };
  }
}
