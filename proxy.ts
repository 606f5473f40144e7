import { NextResponse, type NextRequest } from 'next/server';

// Optimistic check only (cookie present), so a signed-out visitor of a deep dashboard link is sent
// to sign in and comes back to it. Every page still verifies the session and the membership.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const signIn = new URL('/signin', request.url);
  signIn.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ['/dashboard/:path*'] };
