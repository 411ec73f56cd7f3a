/*
 * `npm run bench:warm`: what cdktf itself charges for what the issue asks of a warm synth, one
 * sensitive token output per stack and one use of the token, with the token known in advance
 * and written as the same `sensitive("…")` literal the library writes. No construct of any
 * library runs.
 */
import { readFileSync } from 'node:fs';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { reportAtExit } from './report';
import { buildApp, synthesize } from './workload';

const token = readFileSync(process.env.BENCH_TOKEN_FILE!, 'utf8');
const rendered = `\${sensitive(${JSON.stringify(token)})}`;

reportAtExit();
synthesize(
  buildApp((stack) => {
    const output = new TerraformOutput(new Construct(stack, 'palette'), 'token', {
      value: rendered,
      sensitive: true,
      description: 'Palette token',
    });
    output.overrideLogicalId('palette_token');
    return rendered;
  }),
);
