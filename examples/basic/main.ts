import { App, DataResource, Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PaletteCredentials } from 'cdktf-palette-credentials';

/**
 * Logs in to Palette. Host, org, user and password come from SPECTROCLOUD_HOST, SPECTROCLOUD_ORG,
 * SPECTROCLOUD_USERNAME and SPECTROCLOUD_PASSWORD, so no secret is written here.
 */
class CredentialsStack extends TerraformStack {
  public readonly palette: PaletteCredentials;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The expiry as an output too, so that `terraform output` shows when the token runs out.
    this.palette = new PaletteCredentials(this, 'palette', { expiryOutput: true });
  }
}

/**
 * Uses the token from another stack: proves it works by calling GET /v1/users/info, and fails
 * the apply unless Palette answers 200.
 */
class WorkloadStack extends TerraformStack {
  constructor(scope: Construct, id: string, palette: PaletteCredentials) {
    super(scope, id);

    new DataResource(this, 'whoami', {
      // A new token re-runs the check; the same token leaves the plan empty. Only a hash of the
      // token is kept here, and Terraform treats it as sensitive too.
      triggersReplace: { token_sha256: Fn.sha256(palette.token) },
      provisioners: [
        {
          type: 'local-exec',
          command:
            'curl --fail --silent --show-error --output /dev/null ' +
            '--header "Authorization: $PALETTE_TOKEN" "$PALETTE_ENDPOINT/v1/users/info"',
          environment: {
            PALETTE_TOKEN: palette.token,
            PALETTE_ENDPOINT: palette.endpoint,
          },
        },
      ],
    });
  }
}

const app = new App();
const credentials = new CredentialsStack(app, 'palette-credentials');
new WorkloadStack(app, 'palette-workload', credentials.palette);
app.synth();
