import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

/** A request a loopback server saw. */
export interface LoopbackRequest {
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly authorized?: boolean;
}

/** A proxy or recorder running in a child process. */
export interface LoopbackServer {
  /** `127.0.0.1` or whichever loopback address it listens on. */
  readonly host: string;
  readonly port: number;

  /** What reached it so far, oldest first. */
  requests(): Promise<LoopbackRequest[]>;

  /** Forgets what reached it. */
  clear(): Promise<void>;

  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(__dirname, 'loopback-server-main.ts');

/** TypeScript test helpers run as they are: ts-node, without type checks, in the child. */
export const TS_NODE_ARGS = ['--require', require.resolve('ts-node/register/transpile-only')];
export const TS_NODE_ENV = { TS_NODE_PROJECT: path.join(REPO_ROOT, 'test', 'tsconfig.json') };

/**
 * Starts `loopback-server-main.ts` in a child process: a CONNECT proxy (optionally demanding
 * `credentials`, `user:password`) or a recorder that answers everything with 200.
 */
export async function startLoopbackServer(
  mode: 'proxy' | 'recorder',
  host = '127.0.0.1',
  credentials?: string,
): Promise<LoopbackServer> {
  const args = [...TS_NODE_ARGS, SCRIPT, mode, host, ...(credentials ? [credentials] : [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...TS_NODE_ENV },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await firstLinePort(child);
  const admin = `http://${host}:${port}/__loopback/requests`;

  return {
    host,
    port,
    requests: async () => (await (await fetch(admin)).json()) as LoopbackRequest[],
    clear: async () => {
      await fetch(admin, { method: 'DELETE' });
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

function firstLinePort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline >= 0) {
        resolve((JSON.parse(text.slice(0, newline)) as { port: number }).port);
      }
    });
    child.once('exit', (code) => reject(new Error(`The loopback server exited (${code}).`)));
  });
}
