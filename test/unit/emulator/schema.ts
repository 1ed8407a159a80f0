// A validator for the subset of JSON Schema the emulator's OpenAPI description uses (type, required, properties,
// additionalProperties: false, items, enum, pattern, minItems, maxItems, oneOf, local $ref), so tests can check
// real answers against the description without a dependency.
import { EMULATOR_OPENAPI } from '../../../src/emulator';

type Schema = Record<string, unknown>;

export function validate(
  schema: Schema,
  value: unknown,
  root: Schema = EMULATOR_OPENAPI,
  at = '$',
): string[] {
  if (typeof schema.$ref === 'string') return validate(resolve(root, schema.$ref), value, root, at);
  const problems: string[] = [];
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as Schema[]).filter(
      (option) => validate(option, value, root, at).length === 0,
    );
    if (passing.length !== 1)
      problems.push(`${at}: matches ${passing.length} of the oneOf schemas, not exactly 1`);
    return problems;
  }
  if (typeof schema.type === 'string' && !hasType(schema.type, value)) {
    return [`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (
    typeof schema.pattern === 'string' &&
    typeof value === 'string' &&
    !new RegExp(schema.pattern).test(value)
  ) {
    problems.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      problems.push(`${at}: fewer than ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      problems.push(`${at}: more than ${schema.maxItems} items`);
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) =>
        problems.push(...validate(schema.items as Schema, item, root, `${at}[${i}]`)),
      );
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in object)) problems.push(`${at}.${name}: is required`);
    }
    for (const [name, item] of Object.entries(object)) {
      const property = properties[name];
      if (property !== undefined) problems.push(...validate(property, item, root, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: is not in the schema`);
    }
  }
  return problems;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function resolve(root: Schema, pointer: string): Schema {
  if (!pointer.startsWith('#/')) throw new Error(`only local $ref are supported: ${pointer}`);
  let node: unknown = root;
  for (const part of pointer.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
  if (node === undefined) throw new Error(`$ref ${pointer} resolves to nothing`);
  return node as Schema;
}

/**
 * The problems of an answer against the description of `method pathTemplate` for its status; an undocumented
 * status or a body where none is described is itself a problem.
 */
export function checkAnswer(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
  root: Schema = EMULATOR_OPENAPI,
): string[] {
  const paths = root.paths as Record<string, Record<string, Schema>>;
  const operation = paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${pathTemplate}: not described`];
  const responses = operation.responses as Record<string, Schema>;
  const response = responses[String(status)];
  if (!response) return [`${method} ${pathTemplate}: status ${status} not described`];
  const schema = (response.content as Record<string, { schema: Schema }> | undefined)?.['application/json']
    ?.schema;
  if (!schema)
    return body === undefined ? [] : [`${method} ${pathTemplate} ${status}: a body where none is described`];
  return validate(schema, body, root);
}
