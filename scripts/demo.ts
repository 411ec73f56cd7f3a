/*
 * The main job, end to end: start the Palette API emulator, synthesize examples/basic (which logs
 * in at synth time), deploy both of its stacks with real Terraform, and say what happened.
 *
 * Run it with `npm run demo`. It needs Terraform on the PATH and nothing else: the emulator runs
 * on 127.0.0.1, and the example uses only Terraform's built-in providers.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  deployStacks,
  StackDeployment,
  SynthesizedStack,
  synthExample,
} from './support/example-app';
import { filesContaining } from './support/secret-scan';
import { terraformEnvironment } from './support/terraform';
import { PaletteEmulator } from 'cdktf-palette-credentials';

const REPO_ROOT = path.resolve(__dirname, '..');
const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'basic');
const WORK_DIR = path.join(REPO_ROOT, '.demo');

const DEMO_USER = { emailId: 'demo@palette.example', org: 'demo-org' };

async function main(): Promise<void> {
  // A fresh password every run: it exists only in this process, the emulator and the synth.
  const password = `demo-${randomBytes(12).toString('hex')}`;
  rmSync(WORK_DIR, { recursive: true, force: true });

  const emulator = await PaletteEmulator.start({ users: [{ ...DEMO_USER, password }] });
  try {
    say(`Started the Palette API emulator at ${emulator.url}.`);
    await runDemo(emulator, password);
  } finally {
    await emulator.stop();
    say('Stopped the emulator.');
  }
}

async function runDemo(emulator: PaletteEmulator, password: string): Promise<void> {
  const env = terraformEnvironment(WORK_DIR, {
    ...process.env,
    SPECTROCLOUD_HOST: emulator.url,
    SPECTROCLOUD_ORG: DEMO_USER.org,
    SPECTROCLOUD_USERNAME: DEMO_USER.emailId,
    SPECTROCLOUD_PASSWORD: password,
    // The demo's token cache lives and dies with .demo/, whatever the user's own settings say.
    PALETTE_CREDENTIALS_CACHE: 'on',
    PALETTE_CREDENTIALS_CACHE_DIR: path.join(WORK_DIR, 'token-cache'),
  });

  const synth = synthExample(EXAMPLE_DIR, WORK_DIR, env);
  if (synth.status !== 0) {
    throw new Error(`Synthesizing examples/basic failed:\n${synth.stderr}`);
  }
  const logins = (await emulator.requests()).filter((r) => r.path === '/v1/auth/authenticate');
  say(
    `Synthesized examples/basic (stacks: ${synth.stacks.map((s) => s.name).join(', ')}). ` +
      `${DEMO_USER.emailId} logged in to org "${DEMO_USER.org}" ${times(logins.length)} during synth.`,
  );
  await synthAgainFromCache(emulator, env, synth.stacks);

  // The password is no longer needed once synth is done; Terraform never sees it.
  delete env.SPECTROCLOUD_PASSWORD;
  const deployments = deployStacks(synth.stacks, env);
  deployments.forEach(describeDeployment);

  await describeTokenUse(emulator);
  checkNoSecretLeaked(password, deployments);
}

/**
 * Every `cdktf diff` and `deploy` synthesizes again. The second synth must take the token from
 * the cache, with no request at all, and write the same stacks byte for byte.
 */
async function synthAgainFromCache(
  emulator: PaletteEmulator,
  env: NodeJS.ProcessEnv,
  stacks: SynthesizedStack[],
): Promise<void> {
  const configOf = (stack: SynthesizedStack): string =>
    readFileSync(path.join(stack.directory, 'cdk.tf.json'), 'utf8');
  const firstConfigs = stacks.map(configOf);
  const requestsBefore = (await emulator.requests()).length;

  const again = synthExample(EXAMPLE_DIR, WORK_DIR, env);
  if (again.status !== 0) {
    throw new Error(`Synthesizing examples/basic a second time failed:\n${again.stderr}`);
  }
  const requests = (await emulator.requests()).slice(requestsBefore);
  if (requests.length > 0) {
    throw new Error(`The second synth sent ${requests.length} request(s) despite the token cache.`);
  }
  if (stacks.some((stack, i) => configOf(stack) !== firstConfigs[i])) {
    throw new Error('The second synth wrote different stacks, which Terraform would see as a change.');
  }
  say(
    'Synthesized again, as every cdktf diff and deploy does: the token came from the cache in ' +
      '.demo/token-cache without a single request to Palette, and every stack is byte-identical ' +
      'to the first synth, so Terraform sees no change.',
  );
}

function describeDeployment(deployment: StackDeployment): void {
  const outputs = Object.entries(deployment.outputsJson);
  for (const [name, { sensitive }] of outputs) {
    if (sensitive && !deployment.output.stdout.includes(`${name} = <sensitive>`)) {
      throw new Error(`terraform output did not hide the sensitive output ${name}.`);
    }
  }
  const shown = outputs.map(([name, { sensitive, value }]) =>
    sensitive
      ? `${name} (sensitive: terraform output shows <sensitive>)`
      : `${name} = ${String(value)}`,
  );
  say(
    `Deployed stack ${deployment.stack.name} with terraform apply` +
      (shown.length > 0 ? `; outputs: ${shown.join(', ')}.` : '.'),
  );
  const expiry = outputs.find(([name]) => name.endsWith('_expires_at'));
  if (expiry !== undefined) {
    say(
      `The token expires at ${String(expiry[1].value)}. Synths reuse it from the cache until ten ` +
        'minutes before then, and renew it without the password after that.',
    );
  }
}

async function describeTokenUse(emulator: PaletteEmulator): Promise<void> {
  const requests = await emulator.requests();
  const issued = new Set(requests.map((r) => r.issuedTokenId).filter((id) => id !== undefined));
  const uses = requests.filter((r) => r.path === '/v1/users/info' && issued.has(r.tokenId ?? ''));
  if (!uses.some((r) => r.status === 200)) {
    throw new Error(
      'The workload stack deployed, but the emulator saw no successful /v1/users/info call.',
    );
  }
  say(
    "The workload stack's terraform_data resource called GET /v1/users/info with the token in the " +
      `Authorization header; Palette answered ${uses.map((r) => r.status).join(', ')}.`,
  );
}

function checkNoSecretLeaked(password: string, deployments: StackDeployment[]): void {
  const printed = deployments
    .flatMap((d) => [d.plan, d.apply, d.output])
    .map((r) => r.stdout + r.stderr);
  const tokens = deployments
    .flatMap((d) => Object.values(d.outputsJson))
    .filter((o) => o.sensitive)
    .map((o) => String(o.value));
  if (tokens.some((token) => printed.some((text) => text.includes(token)))) {
    throw new Error('A token appeared in terraform plan, apply or output text.');
  }

  const leaks = filesContaining(WORK_DIR, password);
  if (leaks.length > 0 || printed.some((text) => text.includes(password))) {
    throw new Error(`The password appeared in ${leaks.join(', ') || 'terraform output'}.`);
  }
  say(
    'Checked: neither the token nor the password appeared in plan, apply or output text, and the ' +
      'password is in no file under .demo/ (synth output, state and token cache).',
  );
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

function say(line: string): void {
  process.stdout.write(`demo: ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
