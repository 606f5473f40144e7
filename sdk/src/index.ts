// @cairn/sdk: a typed client for the Cairn API. Paths, parameters, bodies and responses are typed
// from the API's OpenAPI document (schema.d.ts, generated); requests go through openapi-fetch.
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';

/** The API's one error shape: `{ error: { code, message, details? } }`. */
export type CairnErrorBody = components['schemas']['Error'];
export type CairnErrorCode = CairnErrorBody['error']['code'];
export type CairnErrorDetail = NonNullable<CairnErrorBody['error']['details']>[number];

/** A non-2xx answer, thrown by the client (with `throwOnError`, the default). */
export class CairnApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: CairnErrorCode | 'unknown',
    message: string,
    readonly details: CairnErrorDetail[],
    /** The API's X-Request-Id: quote it when asking for support. */
    readonly requestId: string | null,
    /** Seconds to wait before retrying (429 and 503 answers). */
    readonly retryAfterS: number | null,
  ) {
    super(message);
    this.name = 'CairnApiError';
  }

  static async from(response: Response): Promise<CairnApiError> {
    const body = (await response.clone().json().catch(() => null)) as Partial<CairnErrorBody> | null;
    const retryAfter = Number(response.headers.get('retry-after'));
    return new CairnApiError(
      response.status,
      body?.error?.code ?? 'unknown',
      body?.error?.message ?? `HTTP ${response.status}`,
      body?.error?.details ?? [],
      response.headers.get('x-request-id'),
      Number.isFinite(retryAfter) && response.headers.has('retry-after') ? retryAfter : null,
    );
  }
}

export interface CairnClientOptions {
  /** A secret key (`sk_live_…`) on servers; a publishable key (`pk_live_…`) in browsers on its allowed origins. */
  apiKey: string;
  /** The API's base URL, e.g. `https://api.example.com` (no `/v1`). */
  baseUrl: string;
  /** Throw a CairnApiError for any non-2xx answer (default true); false: read `error` from the result instead. */
  throwOnError?: boolean;
  /** A fetch implementation (tests, proxies); the global one by default. */
  fetch?: ClientOptions['fetch'];
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

export type CairnClient = Client<paths>;

const throwOnErrorMiddleware: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await CairnApiError.from(response);
    return undefined;
  },
};

/**
 * A typed client: `client.POST('/v1/events', { body: { events: [...] } })` answers
 * `{ data, error, response }` with `data` typed from the API's schemas.
 */
export function createCairnClient(options: CairnClientOptions): CairnClient {
  if (!options.apiKey) throw new TypeError('createCairnClient: apiKey is required');
  if (!options.baseUrl) throw new TypeError('createCairnClient: baseUrl is required');
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: options.fetch,
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
  });
  if (options.throwOnError !== false) client.use(throwOnErrorMiddleware);
  return client;
}
