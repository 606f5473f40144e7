import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * AUTH_SECRET for the embedded mode: generated once and kept in CAIRN_DATA_DIR, so sessions
 * survive restarts without any set-up. An explicit AUTH_SECRET always wins.
 */
export function ensureAuthSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.resolve(dataDir, 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}
