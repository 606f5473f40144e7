import { db } from '@/services/db/client';
import { randomBase62 } from '@/services/ids';
import { hashPassword, verifyPassword } from './password';
import { signInSchema } from './schemas';

// A real argon2id hash to verify against when the email is unknown, so the response time does
// not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Returns the user for a correct email + password, else null. */
export async function verifyCredentials(input: unknown) {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const user = await db().user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBase62(24)))), parsed.data.password);
  return user && ok ? { id: user.id, email: user.email, name: user.name } : null;
}
