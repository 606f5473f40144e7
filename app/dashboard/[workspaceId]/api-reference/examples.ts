// Request and response examples for one OpenAPI operation, sampled from its schemas by Redoc's
// openapi-sampler (which prefers the schema's own `example` / `examples`), and the curl command for
// the request. Pure functions: the page renders them on the server, the try-it console edits them.
import { sample } from 'openapi-sampler';
import type { Operation, Parameter } from './openapi';

export interface OperationExample {
  /** Path parameters by name, sampled (`{itemId}` -> "string" unless the schema gives an example). */
  pathParams: Record<string, string>;
  /** Required query parameters only: optional ones would make every example noisier than needed. */
  query: Record<string, string>;
  /** The JSON request body, or undefined when the operation takes none. */
  body?: unknown;
  /** The first 2xx response: its status and sampled JSON body (undefined when it has none). */
  response?: { status: string; body?: unknown };
}

type Schema = Parameters<typeof sample>[0];

// zod writes every integer's bounds as +-(2^53 - 1) (and our finite numbers as +-1e12); a sampler
// takes the minimum, so examples would read -9007199254740991. Bounds that far out say nothing.
const MEANINGLESS_BOUND = 1e9;

function withoutHugeBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutHugeBounds);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !((k === 'minimum' || k === 'maximum') && typeof v === 'number' && Math.abs(v) >= MEANINGLESS_BOUND))
      .map(([k, v]) => [k, withoutHugeBounds(v)]),
  );
}

/** A sample of `schema`; null for a schema the sampler cannot read (the page still renders). */
export function sampleSchema(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return undefined;
  try {
    // skipReadOnly: request bodies never carry read-only fields; quiet: no console warnings.
    return sample(withoutHugeBounds(schema) as Schema, { skipReadOnly: true, quiet: true });
  } catch {
    return null;
  }
}

function paramValue(p: Parameter): string {
  const given = (p as { example?: unknown }).example;
  const value = given !== undefined ? given : sampleSchema(p.schema);
  if (value === undefined || value === null) return 'string';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const jsonContent = (content: Record<string, { schema?: unknown }> | undefined) =>
  content?.['application/json'] ?? Object.entries(content ?? {}).find(([type]) => type.endsWith('+json'))?.[1];

export function operationExample(op: Pick<Operation, 'parameters' | 'requestBody' | 'responses'>): OperationExample {
  const params = op.parameters ?? [];
  const pathParams = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, paramValue(p)]));
  const query = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, paramValue(p)]));
  const bodyMedia = jsonContent(op.requestBody?.content);
  const body = bodyMedia ? sampleSchema(bodyMedia.schema ?? {}) : undefined;
  const success = Object.entries(op.responses ?? {}).find(([status]) => /^2\d\d$/.test(status));
  const responseMedia = success ? jsonContent(success[1].content) : undefined;
  return {
    pathParams,
    query,
    ...(body !== undefined ? { body } : {}),
    ...(success ? { response: { status: success[0], ...(responseMedia ? { body: sampleSchema(responseMedia.schema ?? {}) } : {}) } } : {}),
  };
}
