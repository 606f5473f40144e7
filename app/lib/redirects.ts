/** A same-site path to return to after signing in, or the fallback (never an open redirect). */
export function safeCallbackUrl(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value.length > 1000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/** First value of a search param. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
