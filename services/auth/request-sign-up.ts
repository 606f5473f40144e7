// Sign-up from the public form: throttled per IP, and the same answer whether or not the email
// already has an account, so the form cannot be used to learn who uses Cairn. An existing
// account is left as it is; its owner gets an email saying someone tried to sign up with it.
// A new account gets an email with a link to verify its address (send-email-verification.ts).
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { enqueue } from '@/services/jobs/enqueue';
import { parseOrThrow } from '@/services/validation';
import { sendEmailJob } from '@/services/mail/jobs';
import { signUpSchema, type SignUpInput } from './schemas';
import { signUp } from './sign-up';
import { AttemptThrottle, type AttemptLimit } from './throttle';
import { throttleStore, type ThrottleStore } from './throttle-store';

/** 10 sign-up attempts per address per hour: a team signing up together, not a script. */
export const SIGNUP_IP_LIMIT: AttemptLimit = { name: 'signup:ip', points: 10, windowSeconds: 3600 };
// At most one "someone tried to sign up with your email" note per account a day: repeated sign-ups
// must not turn into a way to flood someone's inbox.
export const SIGNUP_NOTICE_LIMIT: AttemptLimit = { name: 'signup:notice', points: 1, windowSeconds: 24 * 3600 };

export interface SignUpThrottles {
  ip: AttemptThrottle;
  notice: AttemptThrottle;
}

export function createSignUpThrottles(store: ThrottleStore): SignUpThrottles {
  return { ip: new AttemptThrottle(store, SIGNUP_IP_LIMIT), notice: new AttemptThrottle(store, SIGNUP_NOTICE_LIMIT) };
}

let defaults: SignUpThrottles | undefined;
const defaultThrottles = () => (defaults ??= createSignUpThrottles(throttleStore()));

/**
 * Creates the account and its first workspace, or, when the email already has an account, does
 * nothing the caller can see. Resolves to nothing either way: callers answer "sign in to continue"
 * in both cases. Throws validation errors (they reveal nothing) and ThrottledError.
 */
export async function requestSignUp(input: SignUpInput, ip: string, throttles: SignUpThrottles = defaultThrottles()): Promise<void> {
  // Validation first, so a typo in the form does not use up the address's attempts.
  const data = parseOrThrow(signUpSchema, input);
  await throttles.ip.consume(ip, 'sign-up attempts');
  try {
    await signUp(data, { verifyEmail: true });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'conflict')) throw err;
    if ((await throttles.notice.tryConsume(data.email)).allowed) await noticeToExistingAccount(data.email);
  }
}

async function noticeToExistingAccount(email: string) {
  await db().$transaction((tx) =>
    enqueue(tx, sendEmailJob, {
      to: email,
      subject: 'Someone tried to create a Cairn account with your email',
      text:
        'Someone tried to create a new Cairn account with this email address, which already has one. ' +
        'Nothing was changed.\n\nIf it was you, sign in with your existing password. If not, you can ignore this email.',
    }),
  );
}
