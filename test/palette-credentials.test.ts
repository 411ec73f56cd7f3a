import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, DataResource, Fn, TerraformStack, Testing, Token } from 'cdktf';
import { filesContaining } from '../scripts/support/secret-scan';
import { PaletteCredentials, PaletteEmulator } from '../src';
import { resolveLoginSettings } from '../src/client/login-settings';
import { deferredString, sensitiveLiteral } from '../src/construct/deferred-string';
import { decodeJwtClaims } from '../src/jwt/claims';

const ORG = 'Synth-Org';
const EMAIL = 'synth+tests@palette.example';
const PASSWORD = 'marker-password-7c1e "quoted" \\ ünïcode ';
const MFA_EMAIL = 'mfa@palette.example';

let emulator: PaletteEmulator;

beforeAll(async () => {
  emulator = await PaletteEmulator.start({
    users: [
      { emailId: EMAIL, org: ORG, password: PASSWORD },
      { emailId: MFA_EMAIL, org: ORG, password: PASSWORD, mfa: true },
      // One user per test that logs in afresh, since a process shares one login per user.
      ...['one', 'two', 'three', 'four'].map((name) => ({
        emailId: `${name}@palette.example`,
        org: ORG,
        password: PASSWORD,
      })),
    ],
  });
});

afterAll(async () => {
  await emulator?.stop();
});

function credentials(
  scope: TerraformStack,
  emailId = EMAIL,
  password = PASSWORD,
): PaletteCredentials {
  return new PaletteCredentials(scope, 'palette', {
    host: emulator.url,
    org: ORG,
    emailId,
    password,
  });
}

function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

describe('PaletteCredentials', () => {
  test('logs in at synth time and renders the token as a sensitive literal in its stack', async () => {
    const stack = new TerraformStack(Testing.app(), 'credentials');
    const palette = credentials(stack);

    const config = synthJson(stack);

    const output = config.output.palette_token;
    expect(output.sensitive).toBe(true);
    const match = /^\$\{sensitive\("([^"]+)"\)\}$/.exec(output.value);
    expect(match).not.toBeNull();
    const claims = decodeJwtClaims(match![1]);
    expect(claims?.exp).toBeGreaterThan(Date.now() / 1000);
    expect(palette.expiresAt).toBe(new Date(claims!.exp! * 1000).toISOString());
    // The expiry output is opt-in.
    expect(Object.keys(config.output)).toEqual(['palette_token']);
    expect(palette.expiresAtOutput).toBeUndefined();

    const logins = (await emulator.requests()).filter((r) => r.issuedTokenId === claims?.jti);
    expect(logins).toEqual([
      expect.objectContaining({ path: '/v1/auth/authenticate', status: 200 }),
    ]);
  });

  test('hands the same sensitive token to a resource in another stack without a cross-stack reference', () => {
    const app = Testing.app();
    const credentialsStack = new TerraformStack(app, 'credentials');
    const palette = credentials(credentialsStack);
    const consumer = new TerraformStack(app, 'consumer');
    new DataResource(consumer, 'probe', {
      input: { headers: palette.headers, endpoint: palette.endpoint },
    });

    const consumed = synthJson(consumer);
    const produced = synthJson(credentialsStack);

    const input = consumed.resource.terraform_data.probe.input;
    expect(input.endpoint).toBe(emulator.url);
    expect(input.headers.Authorization).toBe(produced.output.palette_token.value);
    expect(consumed.data?.terraform_remote_state).toBeUndefined();
  });

  test('adds an expiry output, not sensitive, when asked to', () => {
    const stack = new TerraformStack(Testing.app(), 'expiry');
    const palette = new PaletteCredentials(stack, 'palette', {
      host: emulator.url,
      org: ORG,
      emailId: EMAIL,
      password: PASSWORD,
      expiryOutput: true,
    });

    const output = synthJson(stack).output.palette_expires_at;
    expect(output.value).toBe(palette.expiresAt);
    expect(output.sensitive).toBeUndefined();
    expect(palette.expiresAtOutput).toBeDefined();
  });

  test('renders the token in every context exactly as cdktf renders Fn.sensitive of the literal', () => {
    const stack = new TerraformStack(Testing.app(), 'contexts');
    const palette = credentials(stack);
    const jwt = /^\$\{sensitive\("([^"]+)"\)\}$/.exec(synthJson(stack).output.palette_token.value)![1];
    const reference = Token.asString(Fn.sensitive(jwt));

    // The same uses of the token, once with the construct's token and once with cdktf's own call.
    const uses = (token: string) => ({
      plain: token,
      prefixed: `Bearer ${token}`,
      hashed: Fn.sha256(token),
      prefixedInCall: Fn.base64encode(`Bearer ${token}`),
      nested: Fn.lower(Fn.sha256(token)),
      listed: Fn.join(',', [token, 'x']),
      mapped: { authorization: token },
    });
    new DataResource(stack, 'construct-token', { input: uses(palette.token) });
    new DataResource(stack, 'fn-sensitive', { input: uses(reference) });

    const data = synthJson(stack).resource.terraform_data;
    expect(data['construct-token'].input).toEqual(data['fn-sensitive'].input);
    expect(data['construct-token'].input.hashed).toBe(`\${sha256(sensitive("${jwt}"))}`);
  });

  test('hands a literal that needs escaping to Fn.sensitive, which escapes it', () => {
    const stack = new TerraformStack(Testing.app(), 'escaping');
    const literal = 'key "with" ${interpolation} and\na newline+/=';
    new DataResource(stack, 'written-out', {
      input: {
        plain: deferredString((context) => sensitiveLiteral(literal, context)),
        hashed: Fn.sha256(deferredString((context) => sensitiveLiteral(literal, context))),
      },
    });
    new DataResource(stack, 'fn-sensitive', {
      input: {
        plain: Token.asString(Fn.sensitive(literal)),
        hashed: Fn.sha256(Token.asString(Fn.sensitive(literal))),
      },
    });

    const data = synthJson(stack).resource.terraform_data;
    expect(data['written-out'].input).toEqual(data['fn-sensitive'].input);
    expect(data['written-out'].input.plain).toContain('$${interpolation}');
  });

  test('exposes the endpoint, org and user it logged in as', () => {
    const palette = credentials(new TerraformStack(Testing.app(), 'identity'));

    expect(palette.endpoint).toBe(emulator.url);
    expect(palette.org).toBe(ORG);
    expect(palette.emailId).toBe(EMAIL);
    expect(Object.keys(palette.headers)).toEqual(['Authorization']);
  });

  test('shares one login between every construct of the same user in a process', async () => {
    const app = Testing.app();
    const stacks = Array.from({ length: 25 }, (_, i) => new TerraformStack(app, `stack-${i}`));
    stacks.forEach((stack) => credentials(stack, 'one@palette.example'));

    const tokens = new Set(stacks.map((stack) => synthJson(stack).output.palette_token.value));

    expect(tokens.size).toBe(1);
    const logins = (await emulator.requests()).filter(
      (r) => r.path === '/v1/auth/authenticate' && r.emailId === 'one@palette.example',
    );
    expect(logins).toHaveLength(1);
  });

  test('writes the password into no synthesized file', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'palette-synth-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'credentials');
      const palette = credentials(stack, 'two@palette.example');
      new DataResource(stack, 'uses-token', { input: palette.token });

      app.synth();

      expect(readdirSync(path.join(outdir, 'stacks'))).toEqual(['credentials']);
      expect(filesContaining(outdir, PASSWORD)).toEqual([]);
      expect(filesContaining(outdir, PASSWORD.trim())).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails the synth when the password is wrong, and writes no stack', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'palette-synth-'));
    try {
      const app = new App({ outdir });
      credentials(
        new TerraformStack(app, 'credentials'),
        'three@palette.example',
        'wrong-marker-password',
      );
      new TerraformStack(app, 'unrelated');

      let failure: unknown;
      try {
        app.synth();
      } catch (error) {
        failure = error;
      }

      expect(failure).toMatchObject({ code: 'INVALID_CREDENTIALS', host: emulator.url, org: ORG });
      expect(String((failure as Error).message)).toMatch(/rejected the credentials \(401/);
      expect(readdirSync(outdir, { recursive: true })).not.toContainEqual(
        expect.stringMatching(/cdk\.tf\.json$/),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('fails if the user needs multi-factor authentication', () => {
    const stack = new TerraformStack(Testing.app(), 'mfa');
    credentials(stack, MFA_EMAIL);

    expect(() => Testing.synth(stack)).toThrow(
      /requires multi-factor authentication.*without MFA/s,
    );
  });
});

describe('PaletteCredentials settings', () => {
  const variables = [
    'SPECTROCLOUD_HOST',
    'SPECTROCLOUD_ORG',
    'SPECTROCLOUD_USERNAME',
    'SPECTROCLOUD_PASSWORD',
  ];
  const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));

  afterEach(() => {
    for (const name of variables) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  });

  test('reads every setting from the Spectro Cloud environment variables', () => {
    process.env.SPECTROCLOUD_HOST = emulator.url;
    process.env.SPECTROCLOUD_ORG = ORG;
    process.env.SPECTROCLOUD_USERNAME = 'four@palette.example';
    process.env.SPECTROCLOUD_PASSWORD = PASSWORD;
    const stack = new TerraformStack(Testing.app(), 'from-env');

    const palette = new PaletteCredentials(stack, 'palette');

    expect(palette.emailId).toBe('four@palette.example');
    expect(synthJson(stack).output.palette_token.sensitive).toBe(true);
  });

  test('fails if no org is set, naming the prop and the environment variable', () => {
    delete process.env.SPECTROCLOUD_ORG;
    const stack = new TerraformStack(Testing.app(), 'no-org');

    expect(
      () => new PaletteCredentials(stack, 'palette', { emailId: EMAIL, password: PASSWORD }),
    ).toThrow(
      /No Palette org is configured\. Set the `org` prop, or the SPECTROCLOUD_ORG environment variable/,
    );
  });

  test('fails if the password is only white space, before any request', () => {
    const stack = new TerraformStack(Testing.app(), 'blank');

    expect(
      () =>
        new PaletteCredentials(stack, 'palette', {
          host: emulator.url,
          org: ORG,
          emailId: EMAIL,
          password: '  ',
        }),
    ).toThrow(expect.objectContaining({ code: 'EMPTY_SETTING' }));
  });

  test('fails if http:// is used for a host that is not loopback', () => {
    const stack = new TerraformStack(Testing.app(), 'insecure');

    expect(
      () =>
        new PaletteCredentials(stack, 'palette', {
          host: 'http://palette.example',
          org: ORG,
          emailId: EMAIL,
          password: PASSWORD,
        }),
    ).toThrow(/uses http:\/\/, which would send the password unencrypted/);
  });

  test('defaults the host to the Palette SaaS API over https', () => {
    const settings = resolveLoginSettings({ org: ORG, emailId: EMAIL, password: PASSWORD }, {});

    expect(settings.endpoint).toBe('https://api.spectrocloud.com');
  });
});
