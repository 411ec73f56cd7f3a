import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** What one terraform command printed. */
export interface TerraformResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment terraform runs in: offline, quiet, and with a CLI configuration of our own so
 * that a missing or foreign `~/.terraformrc` can neither warn nor change the run.
 */
export function terraformEnvironment(workDir: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  mkdirSync(workDir, { recursive: true });
  const cliConfig = path.join(workDir, '.terraformrc.empty');
  writeFileSync(cliConfig, '');
  return {
    ...base,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
}

/** Runs `terraform <args>` in `cwd`, and fails with everything it printed unless it succeeds. */
export function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv): TerraformResult {
  const run = spawnSync('terraform', [...args, '-no-color'], { cwd, env, encoding: 'utf8' });
  if (run.error !== undefined) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'terraform is not on the PATH. Install Terraform 1.5 or later ' +
            '(https://developer.hashicorp.com/terraform/install) and run again.'
        : `terraform ${args[0]} could not start: ${run.error.message}`,
    );
  }
  if (run.status !== 0) {
    const printed = redactJwts(`${run.stdout}\n${run.stderr}`);
    throw new Error(
      `terraform ${args.join(' ')} failed in ${cwd} (exit ${run.status}):\n${printed}`,
    );
  }
  return { stdout: run.stdout, stderr: run.stderr };
}

/**
 * Terraform quotes the offending line of a configuration when it fails, and a line can hold a
 * token. What it printed is passed on only with anything shaped like a JWT blanked out.
 */
function redactJwts(text: string): string {
  return text.replace(/eyJ[\w-]*\.[\w-]+\.[\w-]*/g, '<redacted JWT>');
}
