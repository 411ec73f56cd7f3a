import { App, DataResource, TerraformStack } from 'cdktf';

/**
 * The app every benchmark scenario synthesizes, so that scenarios differ only in how the token
 * is obtained: `BENCH_STACKS` stacks (default 2), each with one resource that uses the token of
 * its stack. `tokenFor` is called once per stack, in order.
 */
export function buildApp(tokenFor: (stack: TerraformStack, index: number) => string): App {
  const app = new App();
  const count = Number(process.env.BENCH_STACKS ?? '2');
  for (let index = 0; index < count; index++) {
    const stack = new TerraformStack(app, `stack-${index}`);
    new DataResource(stack, 'uses-token', {
      input: { authorization: tokenFor(stack, index), index },
    });
  }
  return app;
}

/** The Palette users of the scenario, from `BENCH_USERS` (comma-separated). */
export function benchUsers(): string[] {
  return (process.env.BENCH_USERS ?? '').split(',').filter((user) => user !== '');
}
