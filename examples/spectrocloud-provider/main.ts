import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { SpectrocloudProvider } from './spectrocloud-provider';
import { PaletteApiKey, PaletteCredentials } from 'cdktf-palette-credentials';

/**
 * Configures the Spectro Cloud provider, which takes only an API key, from a password login:
 * the key is minted at synth time, reused from the token cache while it lasts, and named
 * `cdktf-palette-credentials:<app>/palette-spectrocloud/spectrocloud-key@<time>`. Host, org,
 * user and password come from SPECTROCLOUD_HOST, SPECTROCLOUD_ORG, SPECTROCLOUD_USERNAME and
 * SPECTROCLOUD_PASSWORD; PALETTE_PROJECT names the project (default `Default`).
 */
class SpectrocloudStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const palette = new PaletteCredentials(this, 'palette');
    const key = new PaletteApiKey(this, 'spectrocloud-key', {
      credentials: palette,
      expiresInHours: 8,
    });

    new SpectrocloudProvider(this, 'spectrocloud', key.providerConfig(process.env.PALETTE_PROJECT));

    // Not secrets: what to look for under My API Keys, or to delete the key by.
    new TerraformOutput(this, 'api_key_name', { value: key.name });
    new TerraformOutput(this, 'api_key_expires_at', { value: key.expiresAt });
  }
}

const app = new App();
new SpectrocloudStack(app, 'palette-spectrocloud');
app.synth();
