// Security headers of every dashboard page (issue 13, finding 4), set by proxy.ts. The widget and
// the tracker are served by the api, not here: they must stay embeddable and are not covered.

export interface SecurityHeaderOptions {
  /** Fresh per request; Next.js reads it back from the CSP request header and puts it on its scripts. */
  nonce: string;
  /** The public API's origin: the chatbot page runs the real widget, which loads from and calls it. */
  apiOrigin: string;
  /** Served over HTTPS (PUBLIC_WEB_URL or X-Forwarded-Proto): then, and only then, HSTS. */
  https: boolean;
  /** `next dev`: React needs eval for its error overlay and HMR talks over a websocket. */
  dev: boolean;
}

/** A nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts a nonced script adds (the widget preview) run too; 'self' and https:
    // are ignored by browsers that know 'strict-dynamic' and only keep older ones working.
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ''}`,
    // Inline styles stay allowed: style attributes (chart bars, progress widths) and the widget's
    // injected stylesheet cannot carry a nonce, and styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // Catalog images in the widget preview come from the workspace's own image hosts.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${o.apiOrigin}${o.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // No site may frame the dashboard (clickjacking); X-Frame-Options says the same to old browsers.
    "frame-ancestors 'none'",
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Every header a dashboard page response carries. */
export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(o),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    // Browsers ignore HSTS over plain HTTP, but sending it from localhost over TLS would pin localhost.
    ...(o.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
