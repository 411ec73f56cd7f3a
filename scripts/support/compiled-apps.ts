import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Where compiled apps are written: inside the package, so that `cdktf-palette-credentials`
 * resolves to the built library by its own name, as it does in a user's project.
 */
const APPS_ROOT = path.join(REPO_ROOT, '.synth-apps');

/** A folder of apps compiled to plain JavaScript, and how to remove it. */
export interface CompiledApps {
  /** The compiled script of each source, by the source's file name without its extension. */
  readonly scripts: Record<string, string>;
  remove(): void;
}

/** What one app process did. */
export interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  readonly wallMs: number;
}

/**
 * Compiles cdktf apps written in TypeScript to plain JavaScript, once, so that each synth
 * process then costs what `node app.js` costs: ts-node would compile the app in every process
 * and its compile time would dwarf what is measured or tested.
 *
 * Each file is transpiled on its own, without type checks (the project's lint and tsconfig check
 * the sources): `.ts` becomes CommonJS `.js`, `.mts` an ES module `.mjs` with its top-level
 * `await` intact.
 */
export function compileApps(sources: readonly string[]): CompiledApps {
  mkdirSync(APPS_ROOT, { recursive: true });
  const outDir = mkdtempSync(path.join(APPS_ROOT, 'apps-'));

  const scripts: Record<string, string> = {};
  for (const source of sources) {
    const isModule = source.endsWith('.mts');
    const output = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: source,
      compilerOptions: {
        module: isModule ? ts.ModuleKind.ES2022 : ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const name = path.basename(source).replace(/\.m?ts$/, '');
    const script = path.join(outDir, `${name}${isModule ? '.mjs' : '.js'}`);
    writeFileSync(script, output.outputText);
    scripts[name] = script;
  }

  return { scripts, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** Runs `node script` in `cwd` with exactly `env`, and resolves when it has exited. */
export function runApp(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<AppRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ status, stdout, stderr, wallMs });
    });
  });
}
