// Secrets a workspace gives us to use on its behalf (an LLM API key) are stored encrypted at rest:
// AES-256-GCM (node:crypto) with a key derived by HKDF-SHA256 from AUTH_SECRET, the one secret every
// process of a deployment already shares (npm start generates it once into CAIRN_DATA_DIR). A
// database dump alone then reveals nothing; GCM's tag refuses a tampered or foreign value.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The 32-byte key for one purpose (`info`), so keys for different uses never coincide. */
function keyFor(purpose: string): Buffer {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new AppError('unavailable', 'AUTH_SECRET is not set: secrets cannot be stored (see docs/operations.md)');
  return Buffer.from(hkdfSync('sha256', secret, 'cairn-secret-box', `cairn/${purpose}/${VERSION}`, 32));
}

/** `v1.<iv>.<ciphertext+tag>` (base64url); the purpose is bound in as associated data too. */
export function sealSecret(plaintext: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** The plaintext, or null when the value was sealed under another (or no) AUTH_SECRET or purpose, or is damaged. */
export function openSecret(sealed: string, purpose: string): string | null {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== VERSION || !ivText || !bodyText || !env().AUTH_SECRET) return null;
  try {
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
