/*
 * Part of `npx projen compile`: bundles got, with every package it imports, into one CommonJS
 * file, lib/client/got-bundle.js, which the login worker loads instead of `import('got')`.
 *
 * Why: got 14 is ESM-only and spread over about 80 files in 20 packages. Loaded as they are,
 * they cost a worker thread about 90 ms and 18 MB before its first request; the bundle costs
 * about 15 ms and 3 MB (README "Performance"). The got in node_modules, a bundled dependency of
 * the package, stays the source of the bundle and of its types.
 *
 * The bundle also puts off until first use two things got's packages do when they load, for
 * features a login never uses (about 25 ms and 7 MB of that saving):
 * - http2-wrapper, which got needs only for `http2: true` (this library never sets it), builds a
 *   TLS socket while it loads; it is bundled, but evaluated on first use.
 * - @sindresorhus/is, which got validates its options with, builds two `Intl.ListFormat` objects
 *   for its error messages; the first loads ICU data, about 12 ms and 6 MB.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { build, Plugin } from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '..');
const OUTFILE = path.join(REPO_ROOT, 'lib', 'client', 'got-bundle.js');

/** Turns `import http2wrapper from 'http2-wrapper'` into a proxy that loads it when first read. */
const lazyHttp2Wrapper: Plugin = {
  name: 'lazy-http2-wrapper',
  setup(builder) {
    builder.onResolve({ filter: /^http2-wrapper$/ }, (args) =>
      args.namespace === 'lazy-http2-wrapper'
        ? undefined
        : { path: 'http2-wrapper', namespace: 'lazy-http2-wrapper' },
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-http2-wrapper' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('http2-wrapper')[key] });",
      resolveDir: path.join(REPO_ROOT, 'node_modules', 'got'),
      loader: 'js',
    }));
  },
};

/** Builds @sindresorhus/is's list formatters when a message first needs one. */
const lazyListFormats: Plugin = {
  name: 'lazy-list-formats',
  setup(builder) {
    builder.onLoad({ filter: /@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = /new Intl\.ListFormat\(/g;
      if (source.match(eager)?.length !== 2) {
        // A new version of the package: check what it builds at load before bundling it.
        throw new Error(
          `Expected two Intl.ListFormat in ${args.path}; review scripts/bundle-got.ts.`,
        );
      }
      const contents = `${source.replace(eager, `${lazyListFormat.name}(`)}\n${lazyListFormat}\n`;
      return { contents, loader: 'js' };
    });
  },
};

/** What replaces `new Intl.ListFormat(...)` in the bundle: a formatter built on first use. */
function lazyListFormat(
  locale: string,
  options: Intl.ListFormatOptions,
): Pick<Intl.ListFormat, 'format'> {
  let formatter: Intl.ListFormat | undefined;
  return { format: (list) => (formatter ??= new Intl.ListFormat(locale, options)).format(list) };
}

async function main(): Promise<void> {
  await build({
    stdin: {
      contents: "export { got } from 'got';",
      resolveDir: REPO_ROOT,
      sourcefile: 'got-bundle-entry.mjs',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Smaller to read and parse; names are kept, so stack traces still name got's functions.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [lazyHttp2Wrapper, lazyListFormats],
    outfile: OUTFILE,
    logLevel: 'warning',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bundle-got failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
