import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/services/config/env';
import { newNonce, securityHeaders } from '@/services/web/security-headers';

// Optimistic check only (cookie present), so a signed-out visitor of a deep dashboard link is sent
// to sign in and comes back to it. Every page still verifies the session and the membership.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(request: NextRequest) {
  const e = env();
  const headers = securityHeaders({
    nonce: newNonce(),
    apiOrigin: new URL(e.PUBLIC_API_URL).origin,
    https: e.PUBLIC_WEB_URL.startsWith('https:') || request.headers.get('x-forwarded-proto') === 'https',
    dev: process.env.NODE_ENV === 'development',
  });
  const csp = headers['Content-Security-Policy']!;

  let response: NextResponse;
  if (request.nextUrl.pathname.startsWith('/dashboard') && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const signIn = new URL('/signin', request.url);
    signIn.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search);
    response = NextResponse.redirect(signIn);
  } else {
    // Next.js takes the nonce from the CSP request header and puts it on its own scripts; this is
    // why every page renders per request (app/layout.tsx): a prerendered page has no nonce.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Every page; not route handlers (/api: JSON and webhooks) nor hashed static assets.
export const config = { matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'] };
