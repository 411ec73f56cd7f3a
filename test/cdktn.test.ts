/*
 * The library in a CDK Terrain (cdktn) app, end to end: a throwaway app installs cdktn and a
 * tarball of this library as the README says, runs examples/basic with cdktn imports in a child
 * process against the emulator, and deploys both stacks with real Terraform.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  deployStacks,
  StackDeployment,
  synthExample,
  SynthResult,
} from '../scripts/support/example-app';
import { filesContaining } from '../scripts/support/secret-scan';
import { terraformEnvironment } from '../scripts/support/terraform';
import { PaletteEmulator } from '../src';
import {
  createCdktnProject,
  installPrebuiltProvider,
  resolvedPackage,
  writeExampleForCdktn,
} from './support/cdktn-project';

const USER = { emailId: 'cdktn@palette.example', org: 'Terrain-Org' };
const PASSWORD = 'cdktn-marker-password-3b8a70';

/** An npm install from a cold cache downloads cdktn; everything after it takes seconds. */
const SETUP_TIMEOUT_MS = 300_000;

let emulator: PaletteEmulator;
let rootDir: string;
let projectDir: string;
let workDir: string;
let env: NodeJS.ProcessEnv;
let synth: SynthResult;
let deployments: StackDeployment[];

beforeAll(async () => {
  emulator = await PaletteEmulator.start({ users: [{ ...USER, password: PASSWORD }] });
  rootDir = mkdtempSync(path.join(tmpdir(), 'palette-cdktn-'));
  projectDir = path.join(rootDir, 'app');
  workDir = path.join(rootDir, 'work');

  createCdktnProject(projectDir);
  writeExampleForCdktn('basic', projectDir);

  env = terraformEnvironment(workDir, {
    ...process.env,
    SPECTROCLOUD_HOST: emulator.url,
    SPECTROCLOUD_ORG: USER.org,
    SPECTROCLOUD_USERNAME: USER.emailId,
    SPECTROCLOUD_PASSWORD: PASSWORD,
  });
  synth = synthExample(projectDir, workDir, env);
  expect(synth.stderr).toBe('');

  // Terraform never needs the password.
  const deployEnv = { ...env };
  delete deployEnv.SPECTROCLOUD_PASSWORD;
  deployments = deployStacks(synth.stacks, deployEnv);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await emulator?.stop();
  if (rootDir !== undefined) {
    rmSync(rootDir, { recursive: true, force: true });
  }
});

function deployment(name: string): StackDeployment {
  const found = deployments.find((d) => d.stack.name === name);
  expect(found).toBeDefined();
  return found!;
}

describe('a cdktn app', () => {
  test("resolves the library's cdktf to cdktn, with one constructs for both", () => {
    const library = path.join(projectDir, 'node_modules', 'cdktf-palette-credentials');

    expect(resolvedPackage(projectDir, 'cdktf')).toMatchObject({ name: 'cdktn' });
    expect(resolvedPackage(projectDir, 'cdktn').version).toMatch(/^0\.24\./);
    expect(resolvedPackage(projectDir, 'constructs').version).toMatch(/^10\.[67]\./);
    // A nested copy would load a second cdktf or constructs beside the app's.
    expect(existsSync(path.join(library, 'node_modules', 'cdktf'))).toBe(false);
    expect(existsSync(path.join(library, 'node_modules', 'constructs'))).toBe(false);
  });

  test('installs a library package that holds only what it publishes', () => {
    const library = path.join(projectDir, 'node_modules', 'cdktf-palette-credentials');

    // Anything else, such as the demo's Terraform state, would ship to every user.
    expect(readdirSync(library).sort()).toEqual([
      '.jsii',
      'API.md',
      'LICENSE',
      'README.md',
      'lib',
      'node_modules',
      'package.json',
    ]);
  });

  test('synthesizes both stacks with cdktn', () => {
    expect(synth.stacks.map((stack) => stack.name).sort()).toEqual([
      'palette-credentials',
      'palette-workload',
    ]);
    for (const stack of synth.stacks) {
      const config = JSON.parse(readFileSync(path.join(stack.directory, 'cdk.tf.json'), 'utf8'));
      expect(config['//'].metadata.version).toBe(resolvedPackage(projectDir, 'cdktn').version);
    }
  });

  test('applies both stacks with real Terraform', () => {
    expect(deployment('palette-credentials').apply.stdout).toMatch(/Apply complete!/);
    expect(deployment('palette-workload').apply.stdout).toMatch(
      /Apply complete! Resources: 1 added/,
    );
  });

  test('keeps the token sensitive in the workload plan and hides the token output', () => {
    const credentials = deployment('palette-credentials');

    expect(credentials.outputsJson.palette_token.sensitive).toBe(true);
    expect(credentials.output.stdout).toMatch(/palette_token = <sensitive>/);
    expect(deployment('palette-workload').plan.stdout).toMatch(/\(sensitive value\)/);
  });

  test('prints neither the token nor the password, and writes the password nowhere', () => {
    const token = String(deployment('palette-credentials').outputsJson.palette_token.value);
    const printed = deployments
      .flatMap((d) => [d.plan, d.apply, d.output])
      .map((r) => r.stdout + r.stderr);
    printed.push(synth.stdout, synth.stderr);

    // Checked as booleans, so that a failure never prints what it found.
    expect(printed.some((text) => text.includes(token))).toBe(false);
    expect(printed.some((text) => text.includes(PASSWORD))).toBe(false);
    expect(filesContaining(workDir, PASSWORD)).toEqual([]);
  });

  test('the workload used the token on GET /v1/users/info', async () => {
    const token = String(deployment('palette-credentials').outputsJson.palette_token.value);
    const jti = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti;

    expect(await emulator.requests()).toContainEqual(
      expect.objectContaining({ path: '/v1/users/info', status: 200, tokenId: jti }),
    );
  });
});

describe('a cdktn app with a prebuilt @cdktf provider', () => {
  test('synthesizes examples/null-resource with @cdktf/provider-null on cdktn', () => {
    installPrebuiltProvider(projectDir, '@cdktf/provider-null@^11.0.0');
    const exampleDir = path.join(projectDir, 'null-resource');
    writeExampleForCdktn('null-resource', exampleDir);

    const nullWorkDir = path.join(rootDir, 'work-null');
    mkdirSync(nullWorkDir);

    const nullSynth = synthExample(exampleDir, nullWorkDir, env);

    expect(nullSynth.stderr).toBe('');
    expect(resolvedPackage(projectDir, 'cdktf')).toMatchObject({ name: 'cdktn' });
    const [stack] = nullSynth.stacks;
    const config = JSON.parse(readFileSync(path.join(stack.directory, 'cdk.tf.json'), 'utf8'));
    expect(config['//'].metadata.version).toBe(resolvedPackage(projectDir, 'cdktn').version);
    // Matched as a boolean, so that a failure never prints the token.
    const hashedToken = /^\$\{sha256\(sensitive\("[\w.-]+"\)\)\}$/;
    expect(hashedToken.test(config.resource.null_resource.whoami.triggers.token_sha256)).toBe(true);
  });
});
