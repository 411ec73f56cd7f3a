import { cdktf, javascript } from 'projen';

const project = new cdktf.ConstructLibraryCdktf({
  name: 'cdktf-palette-credentials',
  description:
    'Log in to Spectro Cloud Palette at cdktf synth time and hand a short-lived, sensitive token to providers, resources and stacks.',
  author: 'cdktf-palette-credentials maintainers',
  authorAddress: 'maintainers@users.noreply.example.invalid',
  repositoryUrl: 'https://example.invalid/cdktf-palette-credentials.git',
  keywords: ['cdk', 'cdktf', 'terraform', 'spectrocloud', 'palette', 'credentials'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.19.0',

  cdktfVersion: '^0.21.0',
  constructsVersion: '^10.4.2',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.3',
  tsconfig: {
    compilerOptions: {
      // Source maps beside the JavaScript rather than inside it: every synth loads the library,
      // and inline maps made each file about four times larger, costing load time and memory.
      inlineSourceMap: false,
      sourceMap: true,
      inlineSources: true,
    },
  },

  // No hosted CI, release or dependency bots: `.ci/run` is the only pipeline.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // got is ESM-only and jsii libraries must ship their runtime dependencies inside the tarball.
  bundledDeps: [
    'got@^14.6.0',
    // CONNECT tunnelling for HTTPS_PROXY; got has no proxy support of its own.
    'hpagent@^1.2.0',
  ],
  devDeps: [
    '@cdktf/provider-null@^11.0.0',
    '@types/node@^20',
    // Validates every emulator answer against the Palette OpenAPI extract in the tests.
    'ajv@^8.17.0',
    // Bundles got into lib/client/got-bundle.js, and the library into lib/bundle.js, at compile
    // time (scripts/bundle-got.ts, scripts/bundle-library.ts).
    'esbuild@^0.28.0',
  ],
  bin: { 'palette-credentials': 'lib/cli/main.js' },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      // Coverage of the worker thread and child processes is invisible to jest; the summary
      // would mislead more than it helps.
      collectCoverage: false,
      testTimeout: 120_000,
      // The end-to-end tests run real terraform in shared folders; one file at a time keeps the
      // 2-core CI machine predictable.
      maxWorkers: 2,
      // The token cache is on by default: every test file gets a cache folder of its own.
      setupFilesAfterEnv: ['<rootDir>/test/support/isolated-token-cache.ts'],
    },
  },

  gitignore: [
    'cdktf.out/',
    '*.tfstate',
    '*.tfstate.*',
    '.terraform/',
    '.terraform.lock.hcl',
    '.terraformrc.empty',
    '/.demo/',
    // Apps compiled by the token cache tests and the benchmark.
    '/.synth-apps/',
  ],
});

// Never published: the demo's Terraform state (`/.demo/`, tokens included) and the apps that
// tests compile (`/.synth-apps/`).
const unpublished = ['/examples/', '/scripts/', '/.ci/', 'cdktf.out/', '/.demo/', '/.synth-apps/'];
for (const pattern of unpublished) {
  project.npmignore?.exclude(pattern);
}

// Let examples and scripts import the package by its own name, as a user's app would. The build
// writes the library, bundled into one file, over jsii's lib/index.js (scripts/bundle-library.ts).
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  // Error classes extend Error, which jsii cannot express, so they live outside the jsii API.
  './errors': { types: './lib/errors.d.ts', default: './lib/errors.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
// The same subpath for TypeScript users whose moduleResolution predates `exports`.
project.package.addField('typesVersions', { '*': { errors: ['lib/errors.d.ts'] } });

// The worker thread that performs HTTP at synth time runs compiled JavaScript, so the tests need
// an up-to-date `lib/` before jest starts.
project.testTask.prependSpawn(project.compileTask);

// The login worker loads got as one bundled file, built from the got in node_modules with every
// compile: it loads in about a fifth of the time and memory (scripts/bundle-got.ts).
project.compileTask.exec(
  'ts-node --transpile-only --project scripts/tsconfig.json scripts/bundle-got.ts',
);
// Apps load the library itself as one file too: about half the load time of jsii's 25 files.
const bundleLibrary =
  'ts-node --transpile-only --project scripts/tsconfig.json scripts/bundle-library.ts';
project.compileTask.exec(bundleLibrary);
// `jsii -w` alone would leave apps running the bundles of the last compile: the bundle script runs
// it and bundles again after each of its writes.
const watchTask = project.tasks.tryFind('watch');
watchTask?.reset();
watchTask?.spawn(project.compileTask);
watchTask?.exec(`${bundleLibrary} --watch`);

// jsii 6 prints a Node 20 end-of-life banner on every compile; the versions it asks for are
// checked by `minNodeVersion` instead.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// STYLE: lines stay under about 100 columns.
project.eslint?.addRules({
  '@stylistic/max-len': ['error', {
    code: 100,
    ignoreUrls: true,
    ignoreStrings: true,
    ignoreTemplateLiterals: true,
    ignoreRegExpLiterals: true,
  }],
});

// Examples and scripts are type-checked and linted like the tests, each folder with a tsconfig of
// its own so that ts-node and the linter find it.
for (const folder of ['examples', 'scripts']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${folder}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
  project.eslint?.addLintPattern(folder);
}
// Examples import prebuilt providers (`@cdktf/provider-null`) that a user's app installs itself;
// this project has them as devDependencies only.
project.eslint?.allowDevDeps('examples/**');
// Scripts (demo, benchmark) are development tools: they may use development dependencies.
project.eslint?.allowDevDeps('scripts/**');

project.addTask('bench', {
  description: 'Measure what PaletteCredentials costs a synth, against the emulator on loopback',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --project scripts/tsconfig.json scripts/bench.ts' },
  ],
});

project.addTask('bench:warm', {
  description: 'Split the time a warm-cache synth adds, inside the process, against a minimal construct',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --project scripts/tsconfig.json scripts/bench-warm.ts' },
  ],
});

project.addTask('demo', {
  description: 'Start the emulator, synthesize examples/basic and deploy it with real Terraform',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --project scripts/tsconfig.json scripts/demo.ts' },
  ],
});

project.synth();
