import 'server-only';
import { z } from 'zod';
import { env } from '@/services/config/env';

// Only the parts of an OpenAPI 3 document the reference renders; anything else passes through.
const media = z.record(z.string(), z.looseObject({ schema: z.unknown().optional() }));
const parameterSchema = z.looseObject({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: z.unknown().optional(),
});
const operationSchema = z.looseObject({
  summary: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  deprecated: z.boolean().optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  parameters: z.array(parameterSchema).optional(),
  requestBody: z.looseObject({ required: z.boolean().optional(), description: z.string().optional(), content: media.optional() }).optional(),
  responses: z.record(z.string(), z.looseObject({ description: z.string().optional(), content: media.optional() })).optional(),
});
const documentSchema = z.looseObject({
  info: z.looseObject({ title: z.string().optional(), version: z.string().optional(), description: z.string().optional() }).optional(),
  servers: z.array(z.looseObject({ url: z.string() })).optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()).optional() }).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});

export type Operation = z.infer<typeof operationSchema> & { method: string; path: string; id: string };
export type Parameter = z.infer<typeof parameterSchema>;
export interface ApiReference {
  title: string;
  version?: string;
  description?: string;
  serverUrl?: string;
  groups: { tag: string; operations: Operation[] }[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** Inlines `#/components/schemas/...` references (bounded depth, so cycles end). */
function inlineRefs(value: unknown, schemas: Record<string, unknown>, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => inlineRefs(v, schemas, depth));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (depth >= 6 || !(name in schemas)) return value;
    return { title: name, ...(inlineRefs(schemas[name], schemas, depth + 1) as object) };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineRefs(v, schemas, depth)]));
}

export function toReference(raw: unknown): ApiReference | null {
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) return null;
  const doc = parsed.data;
  const schemas = doc.components?.schemas ?? {};
  const groups = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = operationSchema.safeParse(item[method]);
      if (!op.success) continue;
      const operation = inlineRefs(op.data, schemas) as z.infer<typeof operationSchema>;
      const tag = operation.tags?.[0] ?? 'Other';
      const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, '');
      groups.set(tag, [...(groups.get(tag) ?? []), { ...operation, security: operation.security ?? doc.security, method, path, id }]);
    }
  }
  return {
    title: doc.info?.title ?? 'API',
    version: doc.info?.version,
    description: doc.info?.description,
    serverUrl: doc.servers?.[0]?.url,
    groups: [...groups].map(([tag, operations]) => ({ tag, operations })),
  };
}

export type LoadResult = { ok: true; reference: ApiReference } | { ok: false; url: string; reason: string };

/** Reads the live OpenAPI document from the local api process. */
export async function loadApiReference(): Promise<LoadResult> {
  const url = `http://127.0.0.1:${env().API_PORT}/v1/openapi.json`;
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(5000) });
  } catch {
    return { ok: false, url, reason: 'The API server is not reachable. Start it with `npm start` (everything) or `npm run start:api` (the API alone), then reload this page.' };
  }
  if (!res.ok) return { ok: false, url, reason: `The API server answered HTTP ${res.status}.` };
  const reference = toReference(await res.json().catch(() => null));
  return reference ? { ok: true, reference } : { ok: false, url, reason: 'The API server returned a document that is not valid OpenAPI.' };
}
