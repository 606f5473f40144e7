import { describe, expect, it } from 'vitest';
import { newNonce, securityHeaders } from '@/services/web/security-headers';

const base = { nonce: 'abc123', apiOrigin: 'http://localhost:4000', https: false, dev: false };

describe('dashboard security headers', () => {
  it('forbid framing, sniffing and inline scripts without the nonce; HSTS only over HTTPS', () => {
    const h = securityHeaders(base);
    expect(h).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    expect(h['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic';");
    expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(h['Content-Security-Policy']).toContain("connect-src 'self' http://localhost:4000;");
    expect(h['Strict-Transport-Security']).toBeUndefined();
    const tls = securityHeaders({ ...base, https: true });
    expect(tls['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(tls['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    expect(securityHeaders({ ...base, dev: true })['Content-Security-Policy']).toContain("'strict-dynamic' 'unsafe-eval'");
  });

  it('draws a different 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
