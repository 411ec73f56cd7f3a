/*
 * Part of `npx projen compile`, after jsii, two bundles of what jsii wrote:
 *
 * - lib/index.js, the library that apps load (`main` and the package's `exports`), written over
 *   jsii's own lib/index.js, which only re-exports the modules;
 * - lib/on-demand.js, what the synth thread loads only when something needs it: the bridge to the
 *   login worker (a login the token cache cannot serve), `PaletteApiKey`, CA bundles, and the
 *   wording of some errors;
 * - lib/bridge/login-worker-bundle.js, the login worker thread and all the client code it runs
 *   (got itself comes from its own bundle, scripts/bundle-got.ts).
 *
 * Why: every synth loads the library, and a synth whose token comes from the cache should cost
 * next to nothing (README "Performance"). jsii writes about 25 files for that load, and Node
 * spends more time finding, reading and wrapping them than running them: one file loads in about
 * half the time. The worker starts on the critical path of every login that the cache cannot
 * spare, so its load time is the login's: one file instead of about 25 saves it several ms.
 *
 * Why two files for the synth thread: a synth served by the token cache runs little of the
 * library, but V8 reads and pre-parses every function of the file it loads, about 20 to 25 µs a
 * KB on the benchmark machine, and allocates while doing it. The code a warm cache never runs is
 * half the library; in a file of its own, such a synth does not pay for it (README
 * "Performance").
 *
 * The bundle replaces jsii's entry rather than sitting beside it, so that every way of loading
 * the package (`exports`, `main`, jsii's runtime for other languages) gets the same module: two
 * entries loaded in one process would hold two login bridges, and log in twice.
 *
 * What stays out of the bundle, required from it as the files jsii wrote:
 * - lib/errors.js: `cdktf-palette-credentials/errors` loads that file, and the classes a user
 *   tests with `instanceof` must be the ones the library throws.
 * - The emulator (lib/emulator/palette-emulator.js, emulator-fault.js, emulator-launcher.js and
 *   what they import): only tests and demos start one, and code in the bundle costs every synth
 *   its reading and parsing, run or not. It holds no state that the bundle's modules share.
 * - Packages (cdktf, constructs, hpagent), which the app's node_modules provide.
 * - Scripts that run in a process of their own (the emulator, the CLI): they are loaded by path
 *   from lib/, as jsii wrote them.
 *
 * The worker bundle holds its own copy of everything it uses, errors included: what crosses from
 * the worker to the app is plain data (see bridge/protocol.ts), never an object of a class.
 *
 * With --watch (the `watch` task) it runs `jsii -w` and bundles again whenever jsii rewrites a
 * file of lib/.
 */
import { spawn } from 'node:child_process';
import { readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { build, Plugin } from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '..');
const LIB = path.join(REPO_ROOT, 'lib');
const LIBRARY_BUNDLE = path.join(LIB, 'index.js');
const ON_DEMAND_FILE = 'on-demand.js';
const ON_DEMAND_BUNDLE = path.join(LIB, ON_DEMAND_FILE);
const WORKER_BUNDLE = path.join(LIB, 'bridge', 'login-worker-bundle.js');

/** The first line of the library bundle, by which --watch tells it from jsii's lib/index.js. */
const BANNER = '/* cdktf-palette-credentials: bundled by scripts/bundle-library.ts */';

/** Modules of lib/ that the bundle requires as files, by their path in lib/ without `.js`. */
const SEPARATE_MODULES = [
  'errors',
  'emulator/palette-emulator',
  'emulator/emulator-fault',
  'emulator/emulator-launcher',
];

/**
 * Modules of lib/ that the library bundle leaves to lib/on-demand.js, with everything they import
 * that the library bundle does not need. Each is a stand-in in the library bundle that loads the
 * file when a name is first read, so a module the warm path only imports, for a rare error's
 * wording or a login it does not need, costs it nothing.
 */
const ON_DEMAND_MODULES = [
  'bridge/login-bridge',
  'construct/palette-api-key',
  'client/tls-trust',
  'client/token-response',
];

/**
 * Modules that hold the state of a process (which logins run, the constructs' classes) and so
 * must exist once: the build fails if lib/on-demand.js would hold a copy of one of them.
 */
const SINGLE_COPY_MODULES = ['bridge/login-registry', 'construct/palette-credentials'];

/**
 * Separate modules that the bundle's modules import at their top but use only when something
 * fails: they get a stand-in that requires the file when a name is first read. A synth that
 * fails nothing never loads lib/errors.js.
 */
const LOADED_ON_FIRST_USE = ['errors'];

/**
 * Turns `require('../errors')` and the like into a require of the file, relative to lib/, and,
 * in the library bundle (`onDemand`), a require of an on-demand module into a stand-in that
 * loads lib/on-demand.js.
 */
function separateModules(onDemand: boolean): Plugin {
  return {
    name: 'separate-modules',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.?\// }, (args) => {
        // A stand-in's own require names the file it loads, relative to lib/.
        if (args.namespace === 'first-use') {
          return { path: args.path, external: true };
        }
        const target = path.relative(LIB, path.resolve(args.resolveDir, args.path));
        const module = target.replace(/\.js$/, '').split(path.sep).join('/');
        if (onDemand && ON_DEMAND_MODULES.includes(module)) {
          return { path: module, namespace: 'first-use', pluginData: 'on-demand' };
        }
        if (!SEPARATE_MODULES.includes(module)) {
          return undefined;
        }
        return LOADED_ON_FIRST_USE.includes(module)
          ? { path: module, namespace: 'first-use' }
          : { path: `./${module}`, external: true };
      });
      builder.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => {
        const load = args.pluginData === 'on-demand'
          ? `require(${JSON.stringify(`./${ON_DEMAND_FILE}`)})[${JSON.stringify(args.path)}]`
          : `require(${JSON.stringify(`./${args.path}`)})`;
        return {
          contents:
            'let loaded;\n' +
            'module.exports = new Proxy({}, {\n' +
            `  get: (_, name) => (loaded ??= ${load})[name],\n` +
            '});\n',
          resolveDir: LIB,
          loader: 'js',
        };
      });
    },
  };
}

/**
 * The on-demand bundle's entry: each module a getter, by its path in lib/, that evaluates it on
 * first use, so that a login the cache cannot serve does not also run `PaletteApiKey`'s module.
 */
function onDemandEntry(): string {
  const lines = ["'use strict';"];
  for (const module of ON_DEMAND_MODULES) {
    lines.push(
      `Object.defineProperty(exports, ${JSON.stringify(module)}, ` +
        `{ get: () => require(${JSON.stringify(`./${module}`)}) });`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The bundle's entry module, and the names it exports. */
interface Entry {
  readonly contents: string;
  readonly names: readonly string[];
}

/**
 * The bundle's entry: what src/index.ts re-exports, each name a getter that evaluates its module
 * on first use, so that an app which never reads `PaletteEmulator` or `PaletteApiKey` does not
 * run their modules (nor allocate what they build) at every synth.
 */
function lazyEntry(): Entry {
  const index = readFileSync(path.join(REPO_ROOT, 'src', 'index.ts'), 'utf8');
  const modules = [...index.matchAll(/^export \* from '(\.\/[^']+)';$/gm)].map((match) => match[1]);
  if (modules.length === 0) {
    throw new Error('src/index.ts re-exports no module; review scripts/bundle-library.ts.');
  }
  const lines = [
    "'use strict';",
    "Object.defineProperty(exports, '__esModule', { value: true });",
    'function exportLazily(names, load) {',
    '  for (const name of names) {',
    '    Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });',
    '  }',
    '}',
  ];
  const allNames: string[] = [];
  for (const module of modules) {
    const names = runtimeExports(path.join(LIB, `${module}.js`));
    if (names.length > 0) {
      lines.push(`exportLazily(${JSON.stringify(names)}, () => require(${JSON.stringify(module)}));`);
      allNames.push(...names);
    }
  }
  return { contents: `${lines.join('\n')}\n`, names: allNames };
}

/** The names a compiled module exports at run time (none for a module of types only). */
function runtimeExports(file: string): string[] {
  // Freshly: under --watch, jsii may have rewritten the module since the last bundle.
  for (const loaded of Object.keys(require.cache).filter((key) => key.startsWith(LIB))) {
    delete require.cache[loaded];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.keys(require(file)).filter((name) => name !== '__esModule');
}

/**
 * The export names written the one way Node's ESM loader can see them in a CommonJS file
 * (cjs-module-lexer reads source, and cannot see names that a loop defines), in code that never
 * runs: without it, `import { PaletteCredentials } from 'cdktf-palette-credentials'` fails. It
 * is the annotation esbuild writes for ESM sources, added after minification, which would drop it.
 */
function esmExportNames(names: readonly string[]): string {
  return `0 && (module.exports = { ${names.join(', ')} });`;
}

/** What both bundles share. */
const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  // Comments and white space out, names kept: less to read and parse at every synth, and no
  // character outside ASCII (one "…" in a comment would make V8 hold the whole source as two
  // bytes per character). Stack traces still name functions; the map, read by debuggers and
  // `node --enable-source-maps`, leads back to src/.
  minifyWhitespace: true,
  minifySyntax: true,
  // esbuild renames a class that refers to itself (`class _LoginBridge`); users see class names in
  // stack traces, util.inspect and cdktf's annotations, and the errors' names cross from the
  // worker to the synth thread.
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
} as const;

async function bundle(): Promise<void> {
  const entry = lazyEntry();
  await build({
    ...COMMON,
    stdin: { contents: entry.contents, resolveDir: LIB, sourcefile: 'bundle-entry.js', loader: 'js' },
    outfile: LIBRARY_BUNDLE,
    // Every synth loads this file, and esbuild keeps names with a `__name` call for each function
    // and class, about 0.25 ms and 17 KB of allocations a synth. Its classes keep their names
    // anyway, except one that refers to itself, and test/package-entry.test.ts checks that the
    // public ones do; its errors come from lib/errors.js, which is not bundled.
    keepNames: false,
    plugins: [separateModules(true)],
    banner: { js: BANNER },
    footer: { js: esmExportNames(entry.names) },
  });
  const onDemand = await build({
    ...COMMON,
    stdin: { contents: onDemandEntry(), resolveDir: LIB, sourcefile: 'on-demand-entry.js', loader: 'js' },
    outfile: ON_DEMAND_BUNDLE,
    plugins: [separateModules(false)],
    metafile: true,
  });
  const copies = Object.keys(onDemand.metafile.inputs)
    .map((input) => input.replace(/^lib\//, '').replace(/\.js$/, ''))
    .filter((module) => SINGLE_COPY_MODULES.includes(module));
  if (copies.length > 0) {
    throw new Error(
      `lib/${ON_DEMAND_FILE} would hold its own copy of ${copies.join(', ')}, which must exist ` +
        'once per process; import it as a type only, or review ON_DEMAND_MODULES.',
    );
  }
  await build({
    ...COMMON,
    entryPoints: [path.join(LIB, 'bridge', 'login-worker.js')],
    outfile: WORKER_BUNDLE,
  });
}

/**
 * Bundles again, at most once per burst of changes, whenever jsii rewrites a module of lib/ or
 * writes its plain lib/index.js over the bundle.
 */
function watchLib(): void {
  const outputs = [LIBRARY_BUNDLE, ON_DEMAND_BUNDLE, WORKER_BUNDLE].flatMap((file) => [
    file,
    `${file}.map`,
  ]);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rebundle = () => {
    running = running
      .then(bundle)
      .then(() => {
        process.stdout.write('bundle-library: bundled lib/ again\n');
      })
      .catch((error: unknown) => {
        process.stderr.write(`bundle-library: ${message(error)}\n`);
      });
  };
  watch(LIB, { recursive: true }, (_, name) => {
    const file = name === null ? undefined : path.join(LIB, name.toString());
    if (file === undefined || !file.endsWith('.js') || file.endsWith('got-bundle.js')) {
      return;
    }
    if (outputs.includes(file) && !(file === LIBRARY_BUNDLE && !isBundle(file))) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(rebundle, 300);
  });
}

function isBundle(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').startsWith(BANNER);
  } catch {
    return false;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `jsii -w`, whose writes to lib/ `watchLib` follows; this process ends when it does. */
function runJsiiWatch(): void {
  const jsii = spawn(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'jsii'),
    ['-w', '--silence-warnings=reserved-word'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  jsii.once('exit', (code) => process.exit(code ?? 1));
}

bundle()
  .then(() => {
    if (process.argv.includes('--watch')) {
      watchLib();
      runJsiiWatch();
    }
  })
  .catch((error: unknown) => {
    process.stderr.write(`bundle-library failed: ${message(error)}\n`);
    process.exitCode = 1;
  });
