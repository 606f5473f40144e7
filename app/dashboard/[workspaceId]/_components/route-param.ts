/**
 * A dynamic route segment as the tenant's id. Next 16 hands `params` over still percent-encoded
 * (`caf%C3%A9%201`), and the links build them with encodeURIComponent, so decode exactly once
 * (test/e2e/ingestion-pages.test.ts checks ids with spaces, slashes, `?`, `#`, `é` and a literal
 * `%25`). A malformed escape is kept as typed.
 */
export function idParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
