import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/services/config/env';

describe('configuration', () => {
  it('works with no variables at all (embedded defaults)', () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBe('postgresql://cairn:cairn@127.0.0.1:54329/cairn');
    expect(e.PUBLIC_WEB_URL).toBe('http://localhost:3000');
    expect(e.API_KEY_CACHE_TTL_MS).toBeLessThanOrEqual(5000);
  });

  it('names every invalid variable in one message', () => {
    let message = '';
    try {
      parseEnv({ DATABASE_URL: 'mysql://x', API_PORT: 'abc', API_KEY_CACHE_TTL_MS: '60000', AUTH_SECRET: 'short' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const name of ['DATABASE_URL', 'API_PORT', 'API_KEY_CACHE_TTL_MS', 'AUTH_SECRET']) expect(message).toContain(name);
  });

  it('requires SMTP_URL when mail goes through SMTP', () => {
    expect(() => parseEnv({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(parseEnv({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://u:p@mail.example.com:587' }).MAIL_TRANSPORT).toBe('smtp');
  });
});
