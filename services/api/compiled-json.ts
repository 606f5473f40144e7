// Route option for hot routes: the 200 body is written by fast-json-stringify, compiled once from
// the route's zod response schema (through zod's own JSON Schema conversion). The schema is
// enforced as it writes: a field the schema does not name is never sent (a secret added to a
// service's return value cannot leak), a missing required field fails the response. This costs no
// zod walk per request (checking ten 384-float embeddings against zod cost more than the model).
// Other statuses (errors) keep the server's default serializer.
import fastJson from 'fast-json-stringify';
import { z } from 'zod';

type Serializer = (data: unknown) => string;

/** The fast-json-stringify writer for a zod schema (exported for tests and other hot paths). */
export function compileJsonSerializer(schema: z.ZodType): Serializer {
  // `io: 'output'`: what the handler returns (after transforms), not what a client would send.
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'throw' });
  delete jsonSchema.$schema;
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as Serializer;
}

// One writer per schema object: the recommendation routes share one response schema.
const compiled = new WeakMap<object, Serializer>();

/**
 * Spread into a route's options. Fastify calls the compiler once per route and status code at
 * start-up; 2xx bodies get the compiled writer, anything else the default (zod) serializer.
 */
export const compiledJsonResponse = {
  serializerCompiler: ({ schema, httpStatus }: { schema: unknown; httpStatus?: string }): Serializer => {
    if (!httpStatus?.startsWith('2')) return (data) => JSON.stringify(data);
    const key = schema as object;
    let writer = compiled.get(key);
    if (!writer) compiled.set(key, (writer = compileJsonSerializer(schema as z.ZodType)));
    return writer;
  },
};
