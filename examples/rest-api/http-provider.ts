import { TerraformDataSource, TerraformProvider, TerraformResourceLifecycle } from 'cdktf';
import { Construct } from 'constructs';

const HTTP_PROVIDER = { providerName: 'http', providerVersionConstraint: '~> 3.4' };

/**
 * The `hashicorp/http` provider, declared by hand so that the stack pins its source and version
 * in `required_providers`. It takes no settings. The prebuilt `@cdktf/provider-http` package
 * offers the same under the same names.
 */
export class HttpProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'http',
      terraformProviderSource: 'hashicorp/http',
      terraformGeneratorMetadata: HTTP_PROVIDER,
    });
  }
}

/** The settings of one `http` data source: a request Terraform sends while it plans. */
export interface DataHttpConfig {
  readonly url: string;

  /** Request headers, such as `PaletteCredentials.headers`. */
  readonly requestHeaders?: Record<string, string>;

  /**
   * The status the answer must have. The data source itself accepts any status, so without this
   * a 401 reaches later steps as a body they misread.
   *
   * @default - any status
   */
  readonly expectStatus?: number;
}

/**
 * The `http` data source: reads a URL at plan time, so its answer can feed other resources.
 */
export class DataHttp extends TerraformDataSource {
  private readonly config: DataHttpConfig;

  constructor(scope: Construct, id: string, config: DataHttpConfig) {
    super(scope, id, {
      terraformResourceType: 'http',
      terraformGeneratorMetadata: HTTP_PROVIDER,
      lifecycle: config.expectStatus === undefined ? undefined : statusCheck(config),
    });
    this.config = config;
  }

  /** The body of the answer, as a string. */
  public get responseBody(): string {
    return this.getStringAttribute('response_body');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { url: this.config.url, request_headers: this.config.requestHeaders };
  }
}

/** A postcondition that fails the plan unless the answer has the expected status. */
function statusCheck(config: DataHttpConfig): TerraformResourceLifecycle {
  const condition = `\${self.status_code == ${config.expectStatus}}`;
  const errorMessage = `${config.url} did not answer ${config.expectStatus}.`;
  return { postcondition: [{ condition, errorMessage }] };
}
