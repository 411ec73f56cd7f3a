/*
 * The main job with real Terraform: examples/basic is synthesized in a child process (its login
 * blocks that process), and each stack is deployed with `terraform init`, `plan` and `apply`.
 * A missing terraform fails these tests with a message saying so; they never skip.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  deployStack,
  deployStacks,
  StackDeployment,
  synthExample,
  SynthResult,
} from '../scripts/support/example-app';
import { filesContaining } from '../scripts/support/secret-scan';
import { terraformEnvironment } from '../scripts/support/terraform';
import { PaletteEmulator } from '../src';

const EXAMPLE_DIR = path.resolve(__dirname, '..', 'examples', 'basic');
const USER = { emailId: 'e2e@palette.example', org: 'E2E-Org' };
const PASSWORD = 'e2e-marker-password-51f0c2';

let emulator: PaletteEmulator;
const workDirs: string[] = [];

function newWorkDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'palette-e2e-'));
  workDirs.push(dir);
  return dir;
}

function environment(workDir: string): NodeJS.ProcessEnv {
  return terraformEnvironment(workDir, {
    ...process.env,
    SPECTROCLOUD_HOST: emulator.url,
    SPECTROCLOUD_ORG: USER.org,
    SPECTROCLOUD_USERNAME: USER.emailId,
    SPECTROCLOUD_PASSWORD: PASSWORD,
  });
}

beforeAll(async () => {
  emulator = await PaletteEmulator.start({ users: [{ ...USER, password: PASSWORD }] });
});

afterAll(async () => {
  await emulator?.stop();
  workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('examples/basic deployed with real Terraform', () => {
  let workDir: string;
  let synth: SynthResult;
  let deployments: StackDeployment[];

  beforeAll(() => {
    workDir = newWorkDir();
    const env = environment(workDir);
    synth = synthExample(EXAMPLE_DIR, workDir, env);
    expect(synth.stderr).toBe('');
    deployments = deployStacks(synth.stacks, env);
  });

  function deployment(name: string): StackDeployment {
    const found = deployments.find((d) => d.stack.name === name);
    expect(found).toBeDefined();
    return found!;
  }

  test('applies both stacks', () => {
    expect(deployments.map((d) => d.stack.name).sort()).toEqual([
      'palette-credentials',
      'palette-workload',
    ]);
    expect(deployment('palette-credentials').apply.stdout).toMatch(/Apply complete!/);
    expect(deployment('palette-workload').apply.stdout).toMatch(
      /Apply complete! Resources: 1 added/,
    );
  });

  test('marks the token output sensitive, and terraform output hides it', () => {
    const credentials = deployment('palette-credentials');
    const token = credentials.outputsJson.palette_token;

    expect(token.sensitive).toBe(true);
    expect(String(token.value)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(credentials.output.stdout).toMatch(/palette_token = <sensitive>/);
    expect(credentials.outputsJson.palette_expires_at.sensitive).toBe(false);
  });

  test('prints neither the token nor the password in plan, apply or output', () => {
    const token = String(deployment('palette-credentials').outputsJson.palette_token.value);
    const printed = deployments
      .flatMap((d) => [d.plan, d.apply, d.output])
      .map((r) => r.stdout + r.stderr);
    printed.push(synth.stdout, synth.stderr);

    expect(printed.filter((text) => text.includes(token))).toEqual([]);
    expect(printed.filter((text) => text.includes(PASSWORD))).toEqual([]);
    expect(deployment('palette-workload').plan.stdout).toMatch(/\(sensitive value\)/);
  });

  test('writes the password into no file of the synth output or the state', () => {
    const stateFiles = ['palette-credentials', 'palette-workload'].map((name) =>
      path.join(workDir, `terraform.${name}.tfstate`),
    );
    expect(stateFiles.filter((file) => existsSync(file))).toEqual(stateFiles);

    expect(filesContaining(workDir, PASSWORD)).toEqual([]);
  });

  test('the workload used the token on GET /v1/users/info', async () => {
    const token = String(deployment('palette-credentials').outputsJson.palette_token.value);
    const requests = await emulator.requests();
    const jti = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti;

    expect(requests).toContainEqual(
      expect.objectContaining({ path: '/v1/users/info', status: 200, tokenId: jti }),
    );
  });
});

describe('the workload stack deployed on its own', () => {
  test('applies without the credentials stack having been deployed', () => {
    const workDir = newWorkDir();
    const env = environment(workDir);
    const synth = synthExample(EXAMPLE_DIR, workDir, env);
    const workload = synth.stacks.find((stack) => stack.name === 'palette-workload');
    expect(workload).toBeDefined();
    delete env.SPECTROCLOUD_PASSWORD;

    const alone = deployStack(workload!, env);

    expect(alone.apply.stdout).toMatch(/Apply complete! Resources: 1 added/);
    expect(alone.plan.stdout).toMatch(/\(sensitive value\)/);

    // Alone means no dependency on the credentials stack, whose state was never written.
    expect(workload!.dependencies).toEqual([]);
    expect(existsSync(path.join(workDir, 'terraform.palette-credentials.tfstate'))).toBe(false);
    const config = readFileSync(path.join(workload!.directory, 'cdk.tf.json'), 'utf8');
    expect(config.includes('terraform_remote_state')).toBe(false);

    // The token this stack carries, checked by presence only so that a failure never prints it.
    const token = /sensitive\(\\"([\w-]+\.[\w-]+\.[\w-]+)\\"\)/.exec(config)?.[1];
    expect(token).toBeDefined();
    const printed = [alone.plan, alone.apply, alone.output].map((r) => r.stdout + r.stderr);
    expect(printed.some((text) => text.includes(token!))).toBe(false);
  });
});
