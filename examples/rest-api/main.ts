import { App, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataHttp, HttpProvider } from './http-provider';
import { RestApiProvider } from './restapi-provider';
import { PaletteCredentials } from 'cdktf-palette-credentials';

/**
 * Calls the Palette API from Terraform through generic REST providers, authenticated with the
 * token's header map. Host, org, user and password come from SPECTROCLOUD_HOST,
 * SPECTROCLOUD_ORG, SPECTROCLOUD_USERNAME and SPECTROCLOUD_PASSWORD.
 */
class PaletteApiStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const palette = new PaletteCredentials(this, 'palette');

    // Every restapi_object in this stack now calls Palette as the logged-in user; the provider
    // proves the token works before Terraform changes anything.
    new RestApiProvider(this, 'restapi', {
      uri: palette.endpoint,
      headers: palette.headers,
      testPath: '/v1/users/info',
    });

    new HttpProvider(this, 'http');
    const whoami = new DataHttp(this, 'whoami', {
      url: `${palette.endpoint}/v1/users/info`,
      requestHeaders: palette.headers,
      expectStatus: 200,
    });

    new TerraformOutput(this, 'tenant_uid', {
      value: Fn.lookup(Fn.jsondecode(whoami.responseBody), 'tenantUid'),
    });
  }
}

const app = new App();
new PaletteApiStack(app, 'palette-rest-api');
app.synth();
