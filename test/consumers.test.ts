/*
 * The token's downstream consumers whose providers cannot be downloaded here (restapi, http,
 * null): each example is synthesized in a child process against the emulator, and the checks
 * read the configuration Terraform would receive.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthExample } from '../scripts/support/example-app';
import { filesContaining } from '../scripts/support/secret-scan';
import { PaletteEmulator } from '../src';
import { decodeJwtClaims } from '../src/jwt/claims';

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
const USER = { emailId: 'consumers@palette.example', org: 'Consumers-Org' };
const PASSWORD = 'consumers-marker-password-9d4e1a';

/** How the construct renders the token: a JWT literal inside Terraform's `sensitive()`. */
const SENSITIVE_TOKEN = /^\$\{sensitive\("([\w-]+\.[\w-]+\.[\w-]+)"\)\}$/;

/** Where the checks below expect the token, once the JWT is replaced by `<token>`. */
const SENSITIVE = '${sensitive("<token>")}';

let emulator: PaletteEmulator;
const workDirs: string[] = [];

/** One synthesized example: its output folder and the `cdk.tf.json` of its only stack. */
interface SynthesizedExample {
  readonly outdir: string;
  /** The stack's configuration with the JWT replaced by `<token>`, so a failure never prints it. */
  readonly config: any;
  /** The configuration as written, token included: for counting, never for printing. */
  readonly configText: string;
  readonly jwt: string;
}

function synthesize(example: string): SynthesizedExample {
  const workDir = mkdtempSync(path.join(tmpdir(), `palette-${example}-`));
  workDirs.push(workDir);
  const synth = synthExample(path.join(EXAMPLES_DIR, example), workDir, {
    ...process.env,
    SPECTROCLOUD_HOST: emulator.url,
    SPECTROCLOUD_ORG: USER.org,
    SPECTROCLOUD_USERNAME: USER.emailId,
    SPECTROCLOUD_PASSWORD: PASSWORD,
  });
  expect(synth.stderr).toBe('');
  expect(synth.stacks).toHaveLength(1);

  const configText = readFileSync(path.join(synth.stacks[0].directory, 'cdk.tf.json'), 'utf8');
  const jwt = SENSITIVE_TOKEN.exec(JSON.parse(configText).output.palette_token.value)?.[1];
  expect(jwt).toBeDefined();
  return {
    outdir: path.join(workDir, 'cdktf.out'),
    config: JSON.parse(configText.split(jwt!).join('<token>')),
    configText,
    jwt: jwt!,
  };
}

/** Whether the emulator issued this token in answer to a login made during synth. */
async function wasIssuedAtLogin(jwt: string): Promise<boolean> {
  const tokenId = decodeJwtClaims(jwt)?.jti;
  const logins = (await emulator.requests()).filter(
    (r) => r.path === '/v1/auth/authenticate' && r.status === 200,
  );
  return tokenId !== undefined && logins.some((r) => r.issuedTokenId === tokenId);
}

/** How often the raw JWT occurs in a configuration outside `sensitive("…")`. */
function unwrappedTokenCount(example: SynthesizedExample): number {
  const everywhere = example.configText.split(example.jwt).length - 1;
  const wrapped = example.configText.split(`sensitive(\\"${example.jwt}\\")`).length - 1;
  return everywhere - wrapped;
}

beforeAll(async () => {
  emulator = await PaletteEmulator.start({ users: [{ ...USER, password: PASSWORD }] });
});

afterAll(async () => {
  await emulator?.stop();
  workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('examples/rest-api: a restapi provider and an http data source', () => {
  let example: SynthesizedExample;

  beforeAll(() => {
    example = synthesize('rest-api');
  });

  test('gives the restapi provider the header map with the sensitive raw token', () => {
    const [provider] = example.config.provider.restapi;

    expect(provider.uri).toBe(emulator.url);
    expect(provider.headers).toEqual({ Authorization: SENSITIVE });
    expect(provider.bearer_token).toBeUndefined();
    expect(provider.test_path).toBe('/v1/users/info');
  });

  test('sends the header map from the http data source, and fails the plan unless 200', () => {
    const whoami = example.config.data.http.whoami;

    expect(whoami.url).toBe(`${emulator.url}/v1/users/info`);
    expect(whoami.request_headers).toEqual({ Authorization: SENSITIVE });
    expect(whoami.lifecycle.postcondition).toEqual([
      expect.objectContaining({ condition: '${self.status_code == 200}' }),
    ]);
  });

  test('pins both providers in required_providers', () => {
    expect(example.config.terraform.required_providers).toEqual({
      restapi: { source: 'Mastercard/restapi', version: '~> 2.0' },
      http: { source: 'hashicorp/http', version: '~> 3.4' },
    });
  });

  test('uses the token the emulator issued at synth', async () => {
    expect(await wasIssuedAtLogin(example.jwt)).toBe(true);
  });

  test('writes the token only inside sensitive(), never with a Bearer prefix', () => {
    expect(unwrappedTokenCount(example)).toBe(0);
    expect(JSON.stringify(example.config)).not.toMatch(/Bearer/i);
  });

  test('writes the password into no synthesized file', () => {
    expect(filesContaining(example.outdir, PASSWORD)).toEqual([]);
  });
});

describe('examples/null-resource: a null_resource with a local-exec provisioner', () => {
  let example: SynthesizedExample;
  let resource: any;

  beforeAll(() => {
    example = synthesize('null-resource');
    resource = example.config.resource.null_resource.whoami;
  });

  test('hands the sensitive token to the local-exec environment, not its command', () => {
    const [{ 'local-exec': localExec }] = resource.provisioner;

    expect(localExec.environment).toEqual({
      PALETTE_TOKEN: SENSITIVE,
      PALETTE_ENDPOINT: emulator.url,
    });
    expect(localExec.command).not.toContain('<token>');
  });

  test('keeps only a hash of the sensitive token in triggers', () => {
    expect(resource.triggers).toEqual({ token_sha256: '${sha256(sensitive("<token>"))}' });
  });

  test('pins the null provider in required_providers', () => {
    expect(example.config.terraform.required_providers.null).toEqual(
      expect.objectContaining({ source: 'null' }),
    );
    expect(example.config.provider.null).toHaveLength(1);
  });

  test('uses the token the emulator issued at synth', async () => {
    expect(await wasIssuedAtLogin(example.jwt)).toBe(true);
  });

  test('writes the token only inside sensitive()', () => {
    expect(unwrappedTokenCount(example)).toBe(0);
  });

  test('writes the password into no synthesized file', () => {
    expect(filesContaining(example.outdir, PASSWORD)).toEqual([]);
  });
});
