import { beforeAll, describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '@/services/secrets/secret-box';

beforeAll(() => {
  process.env.AUTH_SECRET ??= 'unit-test-auth-secret-0123456789abcdef';
});

describe('secret box (AES-256-GCM under AUTH_SECRET)', () => {
  it('opens what it sealed, with a fresh IV each time and no plaintext in the sealed text', () => {
    const a = sealSecret('sk-very-secret-key', 'llm');
    const b = sealSecret('sk-very-secret-key', 'llm');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain('secret-key');
    expect(openSecret(a, 'llm')).toBe('sk-very-secret-key');
    expect(openSecret(sealSecret('', 'llm'), 'llm')).toBe('');
  });

  it('refuses a tampered value, another purpose and anything malformed (null, never a throw)', () => {
    const sealed = sealSecret('sk-very-secret-key', 'llm');
    const [v, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openSecret(`${v}.${iv}.${flipped.toString('base64url')}`, 'llm')).toBeNull();
    expect(openSecret(sealed, 'webhook')).toBeNull();
    expect(openSecret('v2.abc.def', 'llm')).toBeNull();
    expect(openSecret('garbage', 'llm')).toBeNull();
    expect(openSecret('v1..', 'llm')).toBeNull();
  });
});
