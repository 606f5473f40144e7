// Auth.js v5: email + password (argon2id) with JWT sessions. The session carries only the user id;
// workspace access is checked against the database on every page and action.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { signInWithThrottle } from '@/services/auth/throttled-sign-in';
import { clientIp, ThrottledError } from '@/services/auth/throttle';
import { sessionStillValid } from '@/services/auth/session-still-valid';

/**
 * A sign-in refused by the throttles (services/auth/throttled-sign-in.ts). Auth.js passes
 * CredentialsSignin subclasses through to the caller (the sign-in action) and puts `code` in the
 * redirect URL of its own pages; `userMessage` is what the form shows.
 */
export class TooManySignInAttempts extends CredentialsSignin {
  code = 'too_many_attempts';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  pages: { signIn: '/signin' },
  providers: [
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      authorize: async (credentials, request) => {
        try {
          return await signInWithThrottle(credentials, clientIp(request.headers));
        } catch (err) {
          if (err instanceof ThrottledError) throw new TooManySignInAttempts(err.message);
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    // `signedInAt` marks when the password was last proven; a password reset or change after it
    // (User.passwordChangedAt) ends the session: returning null signs it out. One primary-key
    // read per session check; it also ends the sessions of a deleted account.
    async jwt({ token, user }) {
      if (user?.id) return { ...token, sub: user.id, signedInAt: Date.now() };
      if (!token.sub) return token;
      const signedInAt = typeof token.signedInAt === 'number' ? token.signedInAt : undefined;
      return (await sessionStillValid(token.sub, signedInAt)) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
