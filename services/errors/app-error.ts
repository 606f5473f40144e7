// One error class and one error shape for the whole product:
// { "error": { "code", "message", "details"? } }. The code -> HTTP status map is closed.
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  bad_request: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  origin_not_allowed: 403,
  email_unverified: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  quota_exceeded: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  readonly status: number;
  /** Seconds; sent as Retry-After (429 and 503 from services that cannot set headers themselves). */
  retryAfterS?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);

/** zod issues -> one detail per problem, each with its dotted path. */
export function detailsFromZodIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }>,
  prefix?: string,
): ErrorDetail[] {
  return issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(root)', message: i.message, ...(i.code ? { code: i.code } : {}) };
  });
}
