import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import type { Scope } from '@/services/api-keys/scopes';

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

/** A new workspace and a secret key for it. */
async function tenant(scopes?: Scope[]) {
  const owner = await buildOwner();
  const { key } = await buildKey(owner, scopes ? { scopes } : {});
  return { workspaceId: owner.workspace.id, key, owner };
}

const send = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  api.request('/v1/events', {
    method: 'POST',
    key,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...headers },
  });

async function ingest(key: string, events: unknown[]) {
  const res = await send(key, { events });
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; code: string; message: string; details: { path: string; message: string }[] }[] };
}

const view = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'view', userId: 'u1', itemId: 'i1', ...extra });
const countEvents = (workspaceId: string) => db().event.count({ where: { workspaceId } });

describe('POST /v1/events: storing', () => {
  it('stores a valid batch with every field and answers the counts', async () => {
    const t = await tenant();
    const body = await ingest(t.key, [
      {
        id: 'e1',
        type: 'purchase',
        userId: 'u1',
        itemId: 'i1',
        value: 19.99,
        timestamp: '2025-03-01T10:00:00+02:00',
        recommId: 'rec_1',
        properties: { currency: 'EUR', qty: 2, nested: { a: [1, 2, { b: 'é😀' }] } },
      },
      { id: 'e2', type: 'search', anonymousId: 'anon-1', properties: { query: 'shoes' } },
      { id: 'e3', type: 'signup', anonymousId: 'anon-1', timestamp: Date.UTC(2024, 0, 1) },
      { id: 'e4', type: 'rating', userId: 'u1', itemId: 'i2', value: 4.5 },
    ]);
    expect(body).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    const rows = await db().event.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(rows[0]).toMatchObject({
      type: 'purchase',
      userId: 'u1',
      anonymousId: null,
      itemId: 'i1',
      value: 19.99,
      recommId: 'rec_1',
      properties: { currency: 'EUR', qty: 2, nested: { a: [1, 2, { b: 'é😀' }] } },
    });
    expect(rows[0]!.timestamp.toISOString()).toBe('2025-03-01T08:00:00.000Z');
    expect(rows[2]!.timestamp.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    // No timestamp: the time it was received.
    expect(Math.abs(rows[1]!.timestamp.getTime() - Date.now())).toBeLessThan(60_000);
    expect(rows[1]!.properties).toEqual({ query: 'shoes' });
    expect(rows[3]!.properties).toBeNull();
  });

  it('keeps the good events of a batch with bad ones, reporting each bad one by index', async () => {
    const t = await tenant();
    const body = await ingest(t.key, [view('ok1'), { id: 'bad1', type: 'view', userId: 'u1' }, view('ok2'), 'not an event', view('ok3', { value: 'x' })]);
    expect(body.accepted).toBe(2);
    expect(body.duplicates).toBe(0);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3, 4]);
    expect(body.rejected[0]).toEqual({
      index: 1,
      code: 'validation_failed',
      message: 'itemId: itemId is required for view events',
      details: [{ path: 'itemId', message: 'itemId is required for view events' }],
    });
    expect(body.rejected[2]!.details[0]!.path).toBe('value');
    expect(await db().event.findMany({ where: { workspaceId: t.workspaceId }, select: { id: true }, orderBy: { id: 'asc' } })).toEqual([
      { id: 'ok1' },
      { id: 'ok2' },
    ]);
  });

  it('stores ids and strings with quotes, backslashes, braces, commas and NULL exactly', async () => {
    const t = await tenant();
    const tricky = ['a"b', 'a\\b', '{x,y}', 'NULL', 'null', ' spaced ', "it's", 'é😀', '\\"', ',', '{}'];
    const body = await ingest(
      t.key,
      tricky.map((id, i) => ({ id, type: 'view', userId: tricky[(i + 1) % tricky.length], itemId: id, recommId: id, properties: { id } })),
    );
    expect(body).toEqual({ accepted: tricky.length, duplicates: 0, rejected: [] });
    const rows = await db().event.findMany({ where: { workspaceId: t.workspaceId } });
    expect(rows.map((r) => r.id).sort()).toEqual([...tricky].sort());
    for (const r of rows) {
      expect(r.itemId).toBe(r.id);
      expect(r.recommId).toBe(r.id);
      expect(r.properties).toEqual({ id: r.id });
    }
  });

  it('reads numbers below 1e11 as epoch seconds and ISO times without a zone as UTC', async () => {
    const t = await tenant();
    const body = await ingest(t.key, [
      view('s1', { timestamp: 881_250_949 }),
      view('s2', { timestamp: 1_700_000_000.25 }),
      view('s3', { timestamp: '1997-12-04T15:55:49' }),
    ]);
    expect(body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const rows = await db().event.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.timestamp.toISOString())).toEqual([
      '1997-12-04T15:55:49.000Z',
      '2023-11-14T22:13:20.250Z',
      '1997-12-04T15:55:49.000Z',
    ]);
  });

  it('accepts an empty batch', async () => {
    const t = await tenant();
    expect(await ingest(t.key, [])).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
  });
});

describe('POST /v1/events: validation of every field, with paths', () => {
  // [event, path of the (first) problem, message pattern]
  const future = Date.now() + 25 * 3600 * 1000;
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['missing id', { type: 'view', userId: 'u', itemId: 'i' }, 'id', /expected string/],
    ['empty id', view(''), 'id', /empty/],
    ['10,000-character id', view('x'.repeat(10_000)), 'id', /at most 200/],
    ['id with a control character', view('a\nb'), 'id', /control/],
    ['id with NUL', view('a\u0000b'), 'id', /control/],
    ['id with a lone surrogate', view('a\ud800b'), 'id', /lone surrogate/],
    ['numeric id', view(5 as never), 'id', /expected string/],
    ['missing type', { id: 'e', userId: 'u' }, 'type', /expected string/],
    ['bad custom type', view('e', { type: 'drop table;' }), 'type', /custom name/],
    ['65-character type', view('e', { type: 'a'.repeat(65) }), 'type', /custom name/],
    ['no userId nor anonymousId', { id: 'e', type: 'view', itemId: 'i' }, 'userId', /userId or anonymousId/],
    ['201-character userId', view('e', { userId: 'u'.repeat(201) }), 'userId', /at most 200/],
    ['anonymousId not a string', view('e', { userId: undefined, anonymousId: 12 }), 'anonymousId', /expected string/],
    ['item type without itemId', { id: 'e', type: 'add_to_cart', userId: 'u' }, 'itemId', /required for add_to_cart/],
    ['rating without value', view('e', { type: 'rating' }), 'value', /required for rating/],
    ['value as a string', view('e', { value: '5' }), 'value', /expected number/],
    ['value too large', view('e', { value: 1e13 }), 'value', /between/],
    ['value too small', view('e', { value: -1e13 }), 'value', /between/],
    ['timestamp not a date', view('e', { timestamp: 'yesterday' }), 'timestamp', /ISO 8601/],
    ['timestamp month 13 without a zone', view('e', { timestamp: '2025-13-01T10:00:00' }), 'timestamp', /ISO 8601/],
    ['timestamp on Feb 30', view('e', { timestamp: '2025-02-30T10:00:00Z' }), 'timestamp', /ISO 8601/],
    ['timestamp in epoch seconds before 1990', view('e', { timestamp: 500_000_000 }), 'timestamp', /before 1990/],
    ['fractional epoch', view('e', { timestamp: 1_700_000_000_000.5 }), 'timestamp', /integer/],
    ['timestamp more than 24 h ahead', view('e', { timestamp: future }), 'timestamp', /24 hours in the future/],
    ['timestamp ISO more than 24 h ahead', view('e', { timestamp: new Date(future).toISOString() }), 'timestamp', /24 hours/],
    ['recommId too long', view('e', { recommId: 'r'.repeat(300) }), 'recommId', /at most 200/],
    ['properties an array', view('e', { properties: [1, 2] }), 'properties', /expected object, received array/],
    ['properties a string', view('e', { properties: 'x' }), 'properties', /expected object, received string/],
    ['timestamp a boolean', view('e', { timestamp: true }), 'timestamp', /expected ISO 8601 string or epoch milliseconds/],
    ['properties over 8 KB', view('e', { properties: { s: 'x'.repeat(8200) } }), 'properties', /8192 bytes/],
    ['properties over 8 KB in UTF-8', view('e', { properties: { s: 'é'.repeat(4100) } }), 'properties', /8192 bytes/],
    ['properties 11 levels deep', view('e', { properties: nest(10) }), 'properties.a.a.a.a.a.a.a.a.a.a', /10 levels/],
    ['properties with NUL', view('e', { properties: { s: 'a\u0000' } }), 'properties.s', /NUL/],
    ['properties key with a lone surrogate', view('e', { properties: { ['k\udc00']: 1 } }), 'properties.k\udc00', /lone surrogate/],
    ['unknown field', view('e', { userid: 'typo' }), '(event)', /Unrecognized key/],
  ];

  function nest(levels: number): Record<string, unknown> {
    let v: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  }

  it.each(cases)('%s -> rejected at its path', async (_name, event, path, message) => {
    const t = await tenant();
    const body = await ingest(t.key, [view('good'), event]);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toHaveLength(1);
    const r = body.rejected[0]!;
    expect(r.index).toBe(1);
    expect(r.code).toBe('validation_failed');
    const detail = r.details.find((d) => d.path === path);
    expect(detail, JSON.stringify(r.details)).toBeDefined();
    expect(detail!.message).toMatch(message);
    expect(r.message).toContain(`${path}: `);
    expect(await countEvents(t.workspaceId)).toBe(1);
  });

  it('accepts properties exactly 10 levels deep and custom type names', async () => {
    const t = await tenant();
    const body = await ingest(t.key, [view('deep', { properties: nest(9) }), { id: 'c', type: 'Newsletter.signup:v2', userId: 'u' }]);
    expect(body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });
});

describe('POST /v1/events: hostile input is a 4xx, never a 500', () => {
  it('bodies over 1 MB -> 413', async () => {
    const t = await tenant();
    const events = Array.from({ length: 900 }, (_, i) => view(`e${i}`, { properties: { pad: 'x'.repeat(1200) } }));
    const res = await send(t.key, { events });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(await countEvents(t.workspaceId)).toBe(0);
  });

  it('more than 1,000 events -> 413, exactly 1,000 -> stored', async () => {
    const t = await tenant();
    const res = await send(t.key, { events: Array.from({ length: 1001 }, (_, i) => view(`e${i}`)) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/1000/) });
    expect(await countEvents(t.workspaceId)).toBe(0);
    const ok = await ingest(t.key, Array.from({ length: 1000 }, (_, i) => view(`e${i}`)));
    expect(ok.accepted).toBe(1000);
    expect(await countEvents(t.workspaceId)).toBe(1000);
  });

  it('a bad envelope -> 400 with paths', async () => {
    const t = await tenant();
    for (const body of [{}, { events: 'x' }, { events: [], extra: 1 }, [view('a')]]) {
      const res = await send(t.key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('validation_failed');
      expect(error.details[0].path).toMatch(/^body/);
    }
    const bad = await send(t.key, '{"events": [');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
  });

  it('NaN, Infinity and 1e400 never reach the database', async () => {
    const t = await tenant();
    const raw =
      '{"events": [' +
      '{"id":"a","type":"view","userId":"u","itemId":"i","value":1e400},' +
      '{"id":"b","type":"view","userId":"u","itemId":"i","timestamp":1e400},' +
      '{"id":"c","type":"view","userId":"u","itemId":"i","properties":{"n":-1e400}},' +
      '{"id":"d","type":"view","userId":"u","itemId":"i","value":-0}' +
      ']}';
    const res = await send(t.key, raw);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number; details: { path: string }[] }) => [r.index, r.details[0]!.path])).toEqual([
      [0, 'value'],
      [1, 'timestamp'],
      [2, 'properties.n'],
    ]);
    // NaN is not JSON at all.
    const nan = await send(t.key, '{"events":[{"id":"x","type":"view","userId":"u","itemId":"i","value":NaN}]}');
    expect(nan.status).toBe(400);
  });

  it('invalid UTF-8: lone surrogate escapes and NUL are rejected per event, raw bad bytes become U+FFFD', async () => {
    const t = await tenant();
    const raw =
      '{"events": [' +
      '{"id":"s1","type":"view","userId":"u\\ud800","itemId":"i"},' +
      '{"id":"s2","type":"view","userId":"u","itemId":"i","properties":{"t":"\\udfff"}},' +
      '{"id":"s3","type":"view","userId":"u","itemId":"i","properties":{"t":"\\u0000"}},' +
      '{"id":"s4\\u0000","type":"view","userId":"u","itemId":"i"},' +
      '{"id":"s5","type":"view","userId":"u","itemId":"i","recommId":"\\udbff"},' +
      '{"id":"ok","type":"view","userId":"u","itemId":"i","properties":{"emoji":"\\ud83d\\ude00"}}' +
      ']}';
    const res = await send(t.key, raw);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4]);
    const bytes = Buffer.concat([
      Buffer.from('{"events":[{"id":"bytes","type":"view","userId":"u'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('","itemId":"i"}]}'),
    ]);
    const res2 = await api.request('/v1/events', { method: 'POST', key: t.key, body: bytes, headers: { 'Content-Type': 'application/json' } });
    expect(res2.status).toBeLessThan(500);
    const stored = await db().event.findMany({ where: { workspaceId: t.workspaceId }, orderBy: { id: 'asc' } });
    expect(stored.map((e) => e.id)).toEqual(expect.arrayContaining(['ok']));
    expect(stored.find((e) => e.id === 'ok')!.properties).toEqual({ emoji: '😀' });
  });

  it('deeply nested JSON (100,000 levels) is rejected, never a 500', async () => {
    const t = await tenant();
    const depth = 100_000;
    const deepProps = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const res = await send(t.key, `{"events":[{"id":"d","type":"view","userId":"u","itemId":"i","properties":${deepProps}}]}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(0);
    expect(body.rejected[0].message).toMatch(/nested more than 10 levels/);
    const arrays = await send(t.key, `{"events":[${'['.repeat(depth)}${']'.repeat(depth)}]}`);
    expect(arrays.status).toBe(200);
    expect((await arrays.json()).rejected[0].message).toMatch(/expected object/);
    const envelope = await send(t.key, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    expect(envelope.status).toBe(400);
    expect(await countEvents(t.workspaceId)).toBe(0);
  });

  it('needs events:write; publishable keys work from allowed origins only', async () => {
    const owner = await buildOwner();
    const { key: noScope } = await buildKey(owner, { scopes: ['catalog:read'] });
    expect((await send(noScope, { events: [view('a')] })).status).toBe(403);
    const { key: pk } = await buildKey(owner, { type: 'publishable', scopes: ['events:write'], allowedOrigins: ['https://shop.example.com'] });
    const ok = await send(pk, { events: [view('a')] }, { Origin: 'https://shop.example.com' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect((await send(pk, { events: [view('b')] }, { Origin: 'https://evil.example.net' })).status).toBe(403);
    expect(await countEvents(owner.workspace.id)).toBe(1);
  });
});

describe('POST /v1/events: deduplication and metering', () => {
  it('a duplicate id within a batch or across batches is counted, never stored twice', async () => {
    const t = await tenant();
    expect(await ingest(t.key, [view('a'), view('b'), view('a', { itemId: 'other' })])).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    expect(await ingest(t.key, [view('a'), view('b'), view('c')])).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    expect(await countEvents(t.workspaceId)).toBe(3);
    // The first occurrence wins.
    expect((await db().event.findFirst({ where: { workspaceId: t.workspaceId, id: 'a' } }))!.itemId).toBe('i1');
  });

  it('5 concurrent retries of the same batch store it once; usage counts stored events only', async () => {
    const t = await tenant();
    const batch = Array.from({ length: 300 }, (_, i) => view(`evt-${i}`, { properties: { i } }));
    const results = await Promise.all(Array.from({ length: 5 }, () => ingest(t.key, batch)));
    for (const r of results) {
      expect(r.accepted + r.duplicates).toBe(300);
      expect(r.rejected).toEqual([]);
    }
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(300);
    expect(await countEvents(t.workspaceId)).toBe(300);
    expect((await getUsageSummary(t.workspaceId)).meters.events).toBe(300);
  });

  it('concurrent overlapping batches in different orders neither deadlock nor double-store', async () => {
    const t = await tenant();
    const ids = Array.from({ length: 200 }, (_, i) => `o-${i}`);
    const batches = [ids, [...ids].reverse(), ids.filter((_, i) => i % 2 === 0), [...ids].reverse().filter((_, i) => i % 3 === 0)];
    const results = await Promise.all(batches.map((b) => ingest(t.key, b.map((id) => view(id)))));
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(200);
    expect(await countEvents(t.workspaceId)).toBe(200);
    expect((await getUsageSummary(t.workspaceId)).meters.events).toBe(200);
  });

  it('usage meter `events` equals the stored count across batches with rejects and duplicates', async () => {
    const t = await tenant();
    await ingest(t.key, [view('a'), view('b'), { id: 'bad', type: 'view' }]);
    await ingest(t.key, [view('b'), view('c')]);
    await ingest(t.key, [view('a')]);
    expect(await countEvents(t.workspaceId)).toBe(3);
    expect((await getUsageSummary(t.workspaceId)).meters.events).toBe(3);
  });
});

describe('POST /v1/events: tenancy', () => {
  it('the same event id in two workspaces is two events, each in its own workspace', async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await ingest(a.key, [view('shared', { itemId: 'from-a' })])).accepted).toBe(1);
    expect((await ingest(b.key, [view('shared', { itemId: 'from-b' })])).accepted).toBe(1);
    const rows = await db().event.findMany({ where: { id: 'shared', workspaceId: { in: [a.workspaceId, b.workspaceId] } } });
    expect(rows.map((r) => [r.workspaceId, r.itemId]).sort()).toEqual(
      [
        [a.workspaceId, 'from-a'],
        [b.workspaceId, 'from-b'],
      ].sort(),
    );
    expect((await getUsageSummary(a.workspaceId)).meters.events).toBe(1);
    expect((await getUsageSummary(b.workspaceId)).meters.events).toBe(1);
  });

  it('a workspaceId in the body is refused, never used', async () => {
    const a = await tenant();
    const b = await tenant();
    const body = await ingest(a.key, [view('x', { workspaceId: b.workspaceId })]);
    expect(body.accepted).toBe(0);
    expect(body.rejected[0]!.message).toMatch(/Unrecognized key/);
    const res = await send(a.key, { events: [view('y')], workspaceId: b.workspaceId });
    expect(res.status).toBe(400);
    expect(await countEvents(b.workspaceId)).toBe(0);
  });
});

describe('POST /v1/events: API reference', () => {
  it('documents the per-event schema and the response', async () => {
    const doc = await (await api.request('/v1/openapi.json')).json();
    const op = doc.paths['/v1/events'].post;
    expect(op.security).toEqual([{ bearerAuth: ['events:write'] }]);
    const events = op.requestBody.content['application/json'].schema.properties.events;
    expect(events.items.properties).toHaveProperty('timestamp');
    expect(events.items.required).toEqual(expect.arrayContaining(['id', 'type']));
    expect(op.responses['200'].content['application/json'].schema.properties).toHaveProperty('duplicates');
  });
});
