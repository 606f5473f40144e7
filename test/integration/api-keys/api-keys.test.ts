import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { listApiKeys } from '@/services/api-keys/list-api-keys';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';

describe('API keys', () => {
  it('stores only the SHA-256 hash and a display suffix', async () => {
    const owner = await buildOwner();
    const { key, record } = await buildKey(owner, { name: 'backend' });
    expect(key).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
    const row = await db().apiKey.findFirstOrThrow({ where: { workspaceId: owner.workspace.id, id: record.id } });
    expect(row.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(row.last4).toBe(key.slice(-4));
    expect(JSON.stringify(row)).not.toContain(key.slice(8));
    expect(record).not.toHaveProperty('keyHash');
    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId: owner.workspace.id, action: 'api_key.created' } });
    expect(JSON.stringify(audit, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(key.slice(8));
  });

  it('restricts publishable keys to browser scopes and requires allowed origins', async () => {
    const owner = await buildOwner();
    await expect(buildKey(owner, { type: 'publishable', allowedOrigins: [] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'allowedOrigins' })],
    });
    await expect(
      buildKey(owner, { type: 'publishable', scopes: ['usage:read'], allowedOrigins: ['https://a.example'] }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ path: 'scopes.0' })] });
    await expect(
      buildKey(owner, { type: 'publishable', allowedOrigins: ['https://a.example/path', '*'] }),
    ).rejects.toMatchObject({ details: expect.arrayContaining([expect.objectContaining({ path: 'allowedOrigins.0' })]) });
    const { key, record } = await buildKey(owner, { type: 'publishable', allowedOrigins: ['https://a.example/'] });
    expect(key).toMatch(/^pk_live_/);
    expect(record.scopes).toEqual(['events:write', 'recommendations:read', 'chat:write']);
    expect(record.allowedOrigins).toEqual(['https://a.example']);
  });

  it('lists keys of its own workspace only; revoke hides them; revoking twice or across tenants is not_found', async () => {
    const a = await buildOwner();
    const b = await buildOwner();
    const ka = await buildKey(a, { name: 'a-key' });
    const kb = await buildKey(b, { name: 'b-key' });
    expect((await listApiKeys(a.workspace.id)).map((k) => k.name)).toEqual(['a-key']);
    await expect(revokeApiKey({ workspaceId: a.workspace.id, actorUserId: a.user.id, keyId: kb.record.id })).rejects.toMatchObject({ code: 'not_found' });
    await revokeApiKey({ workspaceId: a.workspace.id, actorUserId: a.user.id, keyId: ka.record.id });
    expect(await listApiKeys(a.workspace.id)).toEqual([]);
    expect((await listApiKeys(a.workspace.id, { includeRevoked: true }))[0]!.revokedAt).toBeInstanceOf(Date);
    await expect(revokeApiKey({ workspaceId: a.workspace.id, actorUserId: a.user.id, keyId: ka.record.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await listApiKeys(b.workspace.id)).map((k) => k.name)).toEqual(['b-key']);
  });
});

describe('key resolution cache', () => {
  it('shares one lookup among concurrent requests for the same key, and still sees revocation', async () => {
    const { resolveApiKey, clearApiKeyCache } = await import('@/services/api-keys/resolve-api-key');
    const owner = await buildOwner();
    const { key, record } = await buildKey(owner);
    clearApiKeyCache();
    const results = await Promise.all(Array.from({ length: 50 }, () => resolveApiKey(key)));
    expect(results[0]?.keyId).toBe(record.id);
    // One lookup served all 50: they received the very same object.
    expect(new Set(results).size).toBe(1);
    await revokeApiKey({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, keyId: record.id });
    clearApiKeyCache();
    expect(await resolveApiKey(key)).toBeNull();
  });
});
