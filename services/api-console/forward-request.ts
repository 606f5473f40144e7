// The API reference's try-it console sends its request through the dashboard: the public API
// answers a browser only for publishable keys on their allowed origins (services/api/plugins/auth.ts),
// so a secret key's response is unreadable to a page. This forwards one request to the local api
// process with the key the user pasted. The key is used for that one request: never stored, never
// logged, never echoed back (errors name the field, not its value).
import { z } from 'zod';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';

/** Response headers the console shows: the request id, the rate-limit ones and the content type. */
export const SHOWN_HEADERS = ['content-type', 'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'] as const;
// The api's own body limit (services/api/server.ts BODY_LIMIT_BYTES; not imported: that module is the whole server).
const BODY_LIMIT_BYTES = 1024 * 1024;
// A response body longer than this is cut for display (the console is for trying, not for exports).
const MAX_SHOWN_BODY_CHARS = 200_000;

export const consoleRequestSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { error: 'must be GET, POST, PUT, PATCH or DELETE' }),
    // Only the public API's own paths: never another host (`//evil.example`) nor a way out of /v1.
    path: z
      .string({ error: 'must be a path such as /v1/me' })
      .max(4000, 'must be at most 4000 characters')
      .regex(/^\/v1\/[^\s?#]*(\?[^\s#]*)?$/, 'must be a path of the public API starting with /v1/ (no spaces)')
      .refine((p) => !p.split('?')[0]!.split('/').some((seg) => seg === '..' || seg === '.'), 'must not contain . or .. segments'),
    apiKey: z
      .string({ error: 'Paste an API key' })
      .trim()
      .min(1, 'Paste an API key')
      .max(200, 'is too long to be an API key')
      .regex(/^[A-Za-z0-9_]+$/, 'is not an API key (expected sk_live_… or pk_live_…)'),
    /** The JSON body as the user typed it; absent or blank for requests without one. */
    body: z.string().max(BODY_LIMIT_BYTES, 'must be at most 1 MB').optional(),
  })
  .superRefine((req, ctx) => {
    if (!req.body?.trim()) return;
    try {
      JSON.parse(req.body);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `is not valid JSON (${(err as Error).message})` });
    }
  });

export type ConsoleRequest = z.input<typeof consoleRequestSchema>;

export interface ConsoleResponse {
  status: number;
  headers: Partial<Record<(typeof SHOWN_HEADERS)[number], string>>;
  /** Parsed JSON when the answer is JSON, else the text; null for an empty body. */
  body: unknown;
  truncated: boolean;
  durationMs: number;
}

/**
 * Sends the request to the api process (this host's, unless `apiBaseUrl` names another: tests) and
 * reports what it answered (any status, 4xx included).
 */
export async function forwardConsoleRequest(input: unknown, apiBaseUrl = `http://127.0.0.1:${env().API_PORT}`): Promise<ConsoleResponse> {
  const req = parseOrThrow(consoleRequestSchema, input);
  const base = new URL(apiBaseUrl).origin;
  const url = new URL(req.path, base);
  if (url.origin !== base) throw new AppError('validation_failed', 'Request validation failed', [{ path: 'path', message: 'must be a path of the public API' }]);
  const hasBody = req.method !== 'GET' && req.method !== 'DELETE' && !!req.body?.trim();
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method,
      headers: { Authorization: `Bearer ${req.apiKey}`, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
      body: hasBody ? req.body : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new AppError('unavailable', 'The API server is not reachable. Start it with `npm start` or `npm run start:api`, then try again.');
  }
  const text = await res.text();
  const durationMs = Math.round(performance.now() - started);
  const headers = Object.fromEntries(SHOWN_HEADERS.flatMap((h) => (res.headers.has(h) ? [[h, res.headers.get(h)!]] : [])));
  const truncated = text.length > MAX_SHOWN_BODY_CHARS;
  let body: unknown = text === '' ? null : text.slice(0, MAX_SHOWN_BODY_CHARS);
  if (!truncated && text !== '' && /json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      body = JSON.parse(text);
    } catch {
      // shown as text
    }
  }
  return { status: res.status, headers, body, truncated, durationMs };
}
