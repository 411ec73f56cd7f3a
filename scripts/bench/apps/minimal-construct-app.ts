/*
 * `npm run bench:warm`: about the least a construct that serves a cached token can cost. It
 * reads the token from a file once per process, hands it out as a cdktf token rendered as
 * `sensitive("…")`, and adds the sensitive output, as PaletteCredentials does on a warm cache;
 * but it checks no setting, no file permission and no expiry, and has no login to fall back on.
 * A yardstick, not a design.
 */
import { readFileSync } from 'node:fs';
import { Lazy, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { reportAtExit } from './report';
import { buildApp, synthesize } from './workload';

let cachedToken: string | undefined;

class MinimalCredentials extends Construct {
  public readonly token: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    cachedToken ??= readFileSync(process.env.BENCH_TOKEN_FILE!, 'utf8');
    const rendered = `\${sensitive(${JSON.stringify(cachedToken)})}`;
    this.token = Lazy.stringValue({ produce: () => rendered });
    const output = new TerraformOutput(this, 'token', {
      value: this.token,
      sensitive: true,
      description: 'Palette token',
    });
    output.overrideLogicalId(`${id}_token`);
  }
}

reportAtExit();
synthesize(buildApp((stack) => new MinimalCredentials(stack, 'palette').token));
