import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { terraform, TerraformResult } from './terraform';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The token cache folder variable of cdktf-palette-credentials. */
const CACHE_DIRECTORY_VARIABLE = 'PALETTE_CREDENTIALS_CACHE_DIR';

/** One stack of a synthesized app, as cdktf's manifest describes it. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute path of the folder holding the stack's `cdk.tf.json`. */
  readonly directory: string;
  readonly dependencies: string[];
}

/** What `terraform plan`, `apply` and `output` said while deploying one stack. */
export interface StackDeployment {
  readonly stack: SynthesizedStack;
  readonly plan: TerraformResult;
  readonly apply: TerraformResult;
  /** `terraform output` as a person would run it. */
  readonly output: TerraformResult;
  /** `terraform output -json`: sensitive values included, for checks only, never printed. */
  readonly outputsJson: Record<string, { sensitive: boolean; value: unknown }>;
}

/** What a synth run printed and produced. */
export interface SynthResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly stacks: SynthesizedStack[];
}

/**
 * Synthesizes an example app in a child process, as `cdktf synth` would: the app's login blocks
 * its own thread, so it cannot share a process with the emulator it logs in to.
 *
 * The app runs in `workDir`, so its `cdktf.out/` and its local Terraform state files (which
 * cdktf places in the working directory) stay there, apart from the example's sources. So does
 * its token cache, unless `env` names a cache folder: a harness never touches the user's own.
 */
export function synthExample(
  exampleDir: string,
  workDir: string,
  env: NodeJS.ProcessEnv,
): SynthResult {
  const outdir = path.join(workDir, 'cdktf.out');
  const tsNode = path.join(REPO_ROOT, 'node_modules', '.bin', 'ts-node');
  const tsconfig = path.join(REPO_ROOT, 'examples', 'tsconfig.json');
  const run = spawnSync(tsNode, ['--project', tsconfig, path.join(exampleDir, 'main.ts')], {
    cwd: workDir,
    env: {
      [CACHE_DIRECTORY_VARIABLE]: path.join(workDir, 'token-cache'),
      ...env,
      CDKTF_OUTDIR: outdir,
    },
    encoding: 'utf8',
  });

  const succeeded = run.status === 0;
  return {
    stdout: run.stdout,
    stderr: run.stderr,
    status: run.status,
    stacks: succeeded ? readManifest(outdir) : [],
  };
}

/** Deploys every stack with `terraform init`, `plan` and `apply`, dependencies first. */
export function deployStacks(
  stacks: SynthesizedStack[],
  env: NodeJS.ProcessEnv,
): StackDeployment[] {
  return inDependencyOrder(stacks).map((stack) => deployStack(stack, env));
}

/** Deploys one stack on its own. */
export function deployStack(stack: SynthesizedStack, env: NodeJS.ProcessEnv): StackDeployment {
  const dir = stack.directory;
  terraform(dir, ['init', '-input=false'], env);
  const plan = terraform(dir, ['plan', '-input=false', '-out=plan.tfplan'], env);
  const apply = terraform(dir, ['apply', '-input=false', 'plan.tfplan'], env);
  const output = terraform(dir, ['output'], env);
  const outputsJson = JSON.parse(terraform(dir, ['output', '-json'], env).stdout);
  return { stack, plan, apply, output, outputsJson };
}

function readManifest(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; workingDirectory: string; dependencies: string[] }>;
  };
  return Object.values(manifest.stacks).map((stack) => ({
    name: stack.name,
    directory: path.join(outdir, stack.workingDirectory),
    dependencies: stack.dependencies,
  }));
}

function inDependencyOrder(stacks: SynthesizedStack[]): SynthesizedStack[] {
  const ordered: SynthesizedStack[] = [];
  const visit = (stack: SynthesizedStack): void => {
    if (ordered.includes(stack)) {
      return;
    }
    stack.dependencies.forEach((name) => {
      const dependency = stacks.find((candidate) => candidate.name === name);
      if (dependency !== undefined) {
        visit(dependency);
      }
    });
    ordered.push(stack);
  };
  stacks.forEach(visit);
  return ordered;
}
