import { App, DataResource, TerraformStack } from 'cdktf';
import { recordPhase } from './report';

// Everything after this line is what the apps differ in: `npm run bench:warm` times it.
recordPhase('cdktfLoaded');

/**
 * The app every benchmark scenario synthesizes, so that scenarios differ only in how the token
 * is obtained: `BENCH_STACKS` stacks (default 2), each with one resource that uses the token of
 * its stack. `tokenFor` is called once per stack, in order.
 *
 * With `BENCH_SKIP_VALIDATION=1` (only `npm run bench:warm` sets it) cdktf skips its synth-time
 * validations, which run `terraform version` in a child process: about 85 ms that every app
 * spends alike, and most of the run-to-run noise of a synth.
 */
export function buildApp(tokenFor: (stack: TerraformStack, index: number) => string): App {
  const app = new App({ skipValidation: process.env.BENCH_SKIP_VALIDATION === '1' });
  const count = Number(process.env.BENCH_STACKS ?? '2');
  for (let index = 0; index < count; index++) {
    const stack = new TerraformStack(app, `stack-${index}`);
    new DataResource(stack, 'uses-token', {
      input: { authorization: tokenFor(stack, index), index },
    });
  }
  return app;
}

/** Synthesizes `app`, noting when synth starts and ends for `npm run bench:warm`. */
export function synthesize(app: App): void {
  recordPhase('synthStarted');
  app.synth();
  recordPhase('synthEnded');
}

/** The Palette users of the scenario, from `BENCH_USERS` (comma-separated). */
export function benchUsers(): string[] {
  return (process.env.BENCH_USERS ?? '').split(',').filter((user) => user !== '');
}
