/*
 * Part of `npx projen compile`, after jsii, two bundles of what jsii wrote:
 *
 * - lib/bundle.js, the library that apps load, which the package's `exports` give to every
 *   `require` or `import` of `cdktf-palette-credentials`;
 * - lib/bridge/login-worker-bundle.js, the login worker thread and all the client code it runs
 *   (got itself comes from its own bundle, scripts/bundle-got.ts).
 *
 * Why: every synth loads the library, and a synth whose token comes from the cache should cost
 * next to nothing (README "Performance"). jsii writes about 25 files for that load, and Node
 * spends more time finding, reading and wrapping them than running them: one file loads in about
 * half the time. The worker starts on the critical path of every login that the cache cannot
spare, so its load time is the login's: one file instead of about 25 saves it several ms.
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
 * `main` stays lib/index.js, jsii's own entry point, which jsii needs to find the sources and
 * which jsii's runtime for other languages loads; it behaves the same, only slower to load.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { build, Plugin } from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '..');
const LIB = path.join(REPO_ROOT, 'lib');
/** Modules of lib/ that the bundle requires as files, by their path in lib/ without `.js`. */
const SEPARATE_MODULES = [
  'errors',
  'emulator/palette-emulator',
  'emulator/emulator-fault',
  'emulator/emulator-launcher',
];

/**
 * Separate modules that the bundle's modules import at their top but use only when something
 * fails: they get a stand-in that requires the file when a name is first read. A synth that
 * fails nothing never loads lib/errors.js.
 */
const LOADED_ON_FIRST_USE = ['errors'];

/** Turns `require('../errors')` and the like into a require of the file, relative to lib/. */
const separateModules: Plugin = {
  name: 'separate-modules',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.relative(LIB, path.resolve(args.resolveDir, args.path));
      const module = target.replace(/\.js$/, '').split(path.sep).join('/');
      if (!SEPARATE_MODULES.includes(module)) {
        return undefined;
      }
      const standIn = LOADED_ON_FIRST_USE.includes(module) && args.namespace !== 'first-use';
      return standIn
        ? { path: module, namespace: 'first-use' }
        : { path: `./${module}`, external: true };
    });
    builder.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => ({
      contents:
        'let loaded;\n' +
        'module.exports = new Proxy({}, {\n' +
        `  get: (_, name) => (loaded ??= require(${JSON.stringify(`./${args.path}`)}))[name],\n` +
        '});\n',
      resolveDir: LIB,
      loader: 'js',
    }));
  },
};

/** The bundle's entry module, and the names it exports. */
interface Entry {
  readonly contents: string;
  readonly names: readonly string[];
}

/**
 * The bundle's entry: what lib/index.js exports, each name a getter that evaluates its module on
 * first use, so that an app which never reads `PaletteEmulator` or `PaletteApiKey` does not run
 * their modules (nor allocate what they build) at every synth.
 */
function lazyEntry(): Entry {
  const index = readFileSync(path.join(LIB, 'index.js'), 'utf8');
  const modules = [...index.matchAll(/__exportStar\(require\("(\.\/[^"]+)"\), exports\)/g)].map(
    (match) => match[1],
  );
  if (modules.length === 0) {
    throw new Error('lib/index.js re-exports no module; review scripts/bundle-library.ts.');
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const names = Object.keys(require(path.join(LIB, module))).filter((name) => name !== '__esModule');
    if (names.length > 0) {
      lines.push(`exportLazily(${JSON.stringify(names)}, () => require(${JSON.stringify(module)}));`);
      allNames.push(...names);
    }
  }
  return { contents: `${lines.join('\n')}\n`, names: allNames };
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
  sourcemap: 'linked',
  logLevel: 'warning',
} as const;

async function main(): Promise<void> {
  const entry = lazyEntry();
  await build({
    ...COMMON,
    stdin: { contents: entry.contents, resolveDir: LIB, sourcefile: 'bundle-entry.js', loader: 'js' },
    outfile: path.join(LIB, 'bundle.js'),
    plugins: [separateModules],
    footer: { js: esmExportNames(entry.names) },
  });
  await build({
    ...COMMON,
    entryPoints: [path.join(LIB, 'bridge', 'login-worker.js')],
    outfile: path.join(LIB, 'bridge', 'login-worker-bundle.js'),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bundle-library failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
