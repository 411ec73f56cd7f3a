import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { App, Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PaletteCredentials } from 'cdktf-palette-credentials';

/**
 * Runs a script against the Palette API from a `null_resource`. Host, org, user and password
 * come from SPECTROCLOUD_HOST, SPECTROCLOUD_ORG, SPECTROCLOUD_USERNAME and
 * SPECTROCLOUD_PASSWORD.
 */
class PaletteScriptStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const palette = new PaletteCredentials(this, 'palette');
    new NullProvider(this, 'null');

    new Resource(this, 'whoami', {
      // A new token re-runs the script. Triggers are printed in the plan and kept in state, so
      // they hold a hash of the token, never the token; the hash is sensitive as well.
      triggers: { token_sha256: Fn.sha256(palette.token) },
      provisioners: [
        {
          type: 'local-exec',
          command:
            'curl --fail --silent --show-error --output /dev/null ' +
            '--header "Authorization: $PALETTE_TOKEN" "$PALETTE_ENDPOINT/v1/users/info"',
          // The environment, unlike the command line, is not printed by Terraform nor visible
          // to other users in the process list.
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
new PaletteScriptStack(app, 'palette-null-resource');
app.synth();
