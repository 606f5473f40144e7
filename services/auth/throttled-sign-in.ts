// Sign-in with throttling: password guessing against one account is stopped by a lock on the
// account (its email), spraying many accounts from one address by a looser lock on the IP.
// Both are checked before the password is, so a locked account refuses even the right password.
import { db } from '@/services/db/client';
import { recordAudit } from '@/services/audit/record-audit';
import { signInSchema } from './schemas';
import { FailureThrottle, ThrottledError, type FailureLimit } from './throttle';
import { throttleStore, type ThrottleStore } from './throttle-store';
import { verifyCredentials } from './verify-credentials';

const HOUR = 3600;

/** 5 wrong passwords lock the account for 1 minute; each further one doubles it, up to 1 hour. */
export const ACCOUNT_LIMIT: FailureLimit = { name: 'signin:account', maxFailures: 5, firstLockSeconds: 60, maxLockSeconds: HOUR, memorySeconds: 24 * HOUR };
// Looser: an office behind one address shares it, and a person who mistypes is not an attacker.
export const IP_LIMIT: FailureLimit = { name: 'signin:ip', maxFailures: 50, firstLockSeconds: 60, maxLockSeconds: HOUR, memorySeconds: HOUR };

export interface SignInThrottles {
  account: FailureThrottle;
  ip: FailureThrottle;
}

export function createSignInThrottles(store: ThrottleStore): SignInThrottles {
  return { account: new FailureThrottle(store, ACCOUNT_LIMIT), ip: new FailureThrottle(store, IP_LIMIT) };
}

let defaults: SignInThrottles | undefined;
const defaultThrottles = () => (defaults ??= createSignInThrottles(throttleStore()));

const WHAT = 'sign-in attempts';

/**
 * The user for a correct email + password, null for a wrong one; throws ThrottledError while the
 * account or the address is locked, and on the failure that locks it. Unknown emails are counted
 * and locked like known ones, so the lock reveals nothing about which emails have accounts.
 */
export async function signInWithThrottle(input: unknown, ip: string, throttles: SignInThrottles = defaultThrottles()) {
  const parsed = signInSchema.safeParse(input);
  const email = parsed.success ? parsed.data.email : null;
  const [ipWait, accountWait] = await Promise.all([throttles.ip.lockedForMs(ip), email ? throttles.account.lockedForMs(email) : 0]);
  const wait = Math.max(ipWait, accountWait);
  if (wait > 0) throw new ThrottledError(wait, WHAT);

  const user = await verifyCredentials(input);
  if (user) {
    await throttles.account.reset(user.email);
    return user;
  }
  const [byIp, byAccount] = await Promise.all([
    throttles.ip.recordFailure(ip),
    email ? throttles.account.recordFailure(email) : { failures: 0, lockedForMs: 0 },
  ]);
  if (email && byAccount.lockedForMs > 0) await auditAccountLock(email, ip, byAccount.failures, byAccount.lockedForMs);
  const lockedFor = Math.max(byIp.lockedForMs, byAccount.lockedForMs);
  if (lockedFor > 0) throw new ThrottledError(lockedFor, WHAT);
  return null;
}

/**
 * An audit line in each workspace the account belongs to: its admins learn that someone is
 * guessing a member's password. An email without an account has no workspace to tell.
 */
async function auditAccountLock(email: string, ip: string, failures: number, lockedForMs: number) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, memberships: { select: { workspaceId: true } } } });
  if (!user || user.memberships.length === 0) return;
  const metadata = { failures, lockedForSeconds: Math.round(lockedForMs / 1000), ip };
  await db().$transaction(async (tx) => {
    for (const { workspaceId } of user.memberships) {
      await recordAudit(tx, { workspaceId, action: 'account.locked', targetType: 'user', targetId: user.id, metadata });
    }
  });
}
