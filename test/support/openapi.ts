import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';

/**
 * The Palette auth contract: an unmodified extract of the public Palette API v1 specification
 * (its `x-extraction` block names the source), kept in the repository so that the tests need
 * nothing outside it.
 */
export const OPENAPI_FIXTURE = path.resolve(__dirname, '../fixtures/auth-openapi.json');

const SCHEMA_ID = 'palette-auth-openapi';

type JsonObject = Record<string, unknown>;

interface Contract {
  readonly definitions: Readonly<Record<string, JsonObject>>;
  readonly validator: Ajv;
}

let contract: Contract | undefined;

/**
 * The ways `body` departs from the Swagger 2.0 definition `definition` (for example `v1Error`),
 * one readable line each; an empty list means the body conforms.
 *
 * Swagger 2.0 schemas are a dialect of JSON Schema draft 4, read here by ajv with these
 * adjustments:
 * - vendor keywords (`x-*`) are ignored, except `x-omitempty: false`, which makes go-swagger
 *   always serialize the property, so the property is required;
 * - the formats Swagger adds (`password`, `int32`, `int64`, `url-encoded-base64`) and
 *   `date-time` are checked as Palette's Go server writes them;
 * - an object may hold only the properties its definition lists, so an emulator cannot answer
 *   with fields the real service never sends.
 *
 * @throws Error when the contract has no such definition
 */
export function contractViolations(definition: string, body: unknown): string[] {
  const { definitions, validator } = loadContract();
  if (definitions[definition] === undefined) {
    throw new Error(`The Palette contract has no definition "${definition}".`);
  }

  const validate = validator.getSchema(`${SCHEMA_ID}#/definitions/${definition}`);
  if (validate === undefined) {
    throw new Error(`ajv could not compile the definition "${definition}".`);
  }
  if (validate(body)) {
    return [];
  }
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(body)' : error.instancePath;
    return `${where} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`;
  });
}

function loadContract(): Contract {
  if (contract === undefined) {
    const spec = JSON.parse(readFileSync(OPENAPI_FIXTURE, 'utf8')) as JsonObject;
    const validator = new Ajv({ strict: false, allErrors: true });
    addSwaggerFormats(validator);
    validator.addSchema(closeObjects(spec) as JsonObject, SCHEMA_ID);
    contract = { definitions: spec.definitions as Contract['definitions'], validator };
  }
  return contract;
}

function addSwaggerFormats(validator: Ajv): void {
  const int = (bits: number) => (value: number) =>
    Number.isInteger(value) && Math.abs(value) <= 2 ** (bits - 1);
  validator.addFormat('int32', { type: 'number', validate: int(32) });
  validator.addFormat('int64', { type: 'number', validate: int(64) });
  // A password is any string; the format only tells UIs to mask it.
  validator.addFormat('password', true);
  validator.addFormat('url-encoded-base64', /^[A-Za-z0-9_-]*={0,2}$/);
  validator.addFormat(
    'date-time',
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  );
}

/**
 * A copy of the spec in which every schema that lists `properties` admits no others, and every
 * property marked `x-omitempty: false` is required.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(closeObjects);
  }
  if (typeof node !== 'object' || node === null) {
    return node;
  }

  const copy: JsonObject = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, closeObjects(value)]),
  );
  const properties = copy.properties;
  if (typeof properties !== 'object' || properties === null || '$ref' in copy) {
    return copy;
  }

  const alwaysSent = Object.entries(properties as JsonObject)
    .filter(([, schema]) => (schema as JsonObject)['x-omitempty'] === false)
    .map(([name]) => name);
  const required = [...((copy.required as string[] | undefined) ?? []), ...alwaysSent];
  return {
    ...copy,
    additionalProperties: copy.additionalProperties ?? false,
    ...(required.length > 0 ? { required } : {}),
  };
}
