import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { importRecords, type ImportFormat, type ImportKind, type ImportProgress } from '@/services/import/import-records';

const run = (workspaceId: string, kind: ImportKind, format: ImportFormat, text: string, batchSize?: number) =>
  importRecords({ workspaceId, kind, format, input: Readable.from([Buffer.from(text)]), batchSize });

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const workspace = async () => (await buildOwner()).workspace.id;

describe('importRecords: events', () => {
  it('imports JSONL, keeps good rows, reports bad ones by line, and stores nothing twice on a re-run', async () => {
    const ws = await workspace();
    const text = [
      JSON.stringify({ id: 'e1', type: 'view', userId: 'u1', itemId: 'i1', timestamp: '2025-01-02T03:04:05Z' }),
      '',
      JSON.stringify({ id: 'e2', type: 'purchase', userId: 'u1', itemId: 'i1', value: 19.5, properties: { qty: 2 } }),
      '{not json',
      JSON.stringify({ id: 'e3', type: 'view', userId: 'u1' }), // no itemId
      JSON.stringify({ id: 'e1', type: 'view', userId: 'u1', itemId: 'i1' }), // repeated id
      JSON.stringify({ id: 'e4', type: 'search', anonymousId: 'a1', properties: { q: 'shoes' } }),
    ].join('\r\n');
    const first = await run(ws, 'events', 'jsonl', text, 2);
    expect(first).toMatchObject({ kind: 'events', rows: 6, accepted: 3, duplicates: 1, rejected: 2 });
    expect(first.rejectedSample).toEqual([
      { line: 4, code: 'invalid_json', message: expect.any(String) },
      { line: 5, code: 'validation_failed', message: 'itemId: itemId is required for view events' },
    ]);
    const rows = await db().event.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.id)).toEqual(['e1', 'e2', 'e4']);
    expect(rows[0]!.timestamp.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    expect(rows[1]).toMatchObject({ value: 19.5, properties: { qty: 2 } });

    const again = await run(ws, 'events', 'jsonl', text);
    expect(again).toMatchObject({ rows: 6, accepted: 0, duplicates: 4, rejected: 2 });
    expect(await db().event.count({ where: { workspaceId: ws } })).toBe(3);
  });

  it('imports CSV with properties.* columns and parsed numbers', async () => {
    const ws = await workspace();
    const csv = [
      'id,type,userId,anonymousId,itemId,value,timestamp,properties.color,properties.size.eu,properties.code',
      'c1,purchase,u1,,sku-1,2.5,1735689600000,red,42,007',
      'c2,view,,anon-9,sku-2,,2025-02-01T00:00:00Z,,,',
      'c3,rating,u2,,sku-3,abc,,,,', // value not a number
      'c4,view,u3,,"sku,4",,,"blue, dark",,',
      'c5,view,u3', // wrong number of cells
    ].join('\n');
    const summary = await run(ws, 'events', 'csv', csv);
    expect(summary).toMatchObject({ rows: 5, accepted: 3, duplicates: 0, rejected: 2 });
    expect(summary.rejectedSample.map((r) => [r.line, r.code])).toEqual([
      [4, 'validation_failed'],
      [6, 'invalid_csv_row'],
    ]);
    expect(summary.rejectedSample[0]!.message).toMatch(/^value: /);
    const rows = await db().event.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.id)).toEqual(['c1', 'c2', 'c4']);
    expect(rows[0]).toMatchObject({ type: 'purchase', userId: 'u1', anonymousId: null, itemId: 'sku-1', value: 2.5 });
    expect(rows[0]!.properties).toEqual({ color: 'red', size: { eu: 42 }, code: '007' });
    expect(rows[0]!.timestamp.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(rows[1]).toMatchObject({ anonymousId: 'anon-9', userId: null, properties: null });
    expect(rows[2]).toMatchObject({ itemId: 'sku,4', properties: { color: 'blue, dark' } });
  });

  it('rejects a JSONL line over 1 MB without holding it, and goes on with the next lines', async () => {
    const ws = await workspace();
    const ok = (id: string) => JSON.stringify({ id, type: 'signup', anonymousId: 'a1' }) + '\n';
    const huge = JSON.stringify({ id: 'huge', type: 'signup', anonymousId: 'a1', properties: { pad: 'x'.repeat(1_200_000) } }) + '\n';
    // Fed in 64 KB pieces, as a file stream would.
    const text = Buffer.from(ok('l1') + huge + ok('l3'));
    const pieces = [];
    for (let i = 0; i < text.length; i += 65_536) pieces.push(text.subarray(i, i + 65_536));
    const summary = await importRecords({ workspaceId: ws, kind: 'events', format: 'jsonl', input: Readable.from(pieces) });
    expect(summary).toMatchObject({ rows: 3, accepted: 2, rejected: 1, rejectedSample: [{ line: 2, code: 'line_too_long' }] });
    const ids = (await db().event.findMany({ where: { workspaceId: ws }, select: { id: true } })).map((e) => e.id).sort();
    expect(ids).toEqual(['l1', 'l3']);
  });

  it('samples the first 20 rejected rows by line and counts them all', async () => {
    const ws = await workspace();
    const lines = [];
    for (let i = 0; i < 30; i++) lines.push(JSON.stringify({ id: `x${i}`, type: 'view', anonymousId: 'a' })); // no itemId
    lines.push('not json'); // line 31: a read error, recorded before the batch is validated
    const summary = await run(ws, 'events', 'jsonl', lines.join('\n'));
    expect(summary).toMatchObject({ rows: 31, accepted: 0, rejected: 31 });
    expect(summary.rejectedSample.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses an unknown CSV column before importing anything', async () => {
    const ws = await workspace();
    await expect(run(ws, 'events', 'csv', 'id,type,colour\ne1,view,red\n')).rejects.toThrow(/unknown column "colour"/);
    expect(await db().event.count({ where: { workspaceId: ws } })).toBe(0);
  });

  it('refuses an unknown workspace', async () => {
    await expect(run('ws_does_not_exist', 'events', 'jsonl', '')).rejects.toMatchObject({ code: 'not_found', message: 'Workspace ws_does_not_exist not found' });
  });

  it('streams 50,000 events batch by batch with bounded memory', async () => {
    const ws = await workspace();
    const total = 50_000;
    // Generated lazily in chunks of 500 lines: the file never exists in memory as a whole.
    async function* file() {
      for (let start = 0; start < total; start += 500) {
        let chunk = '';
        for (let i = start; i < start + 500; i++) {
          chunk += JSON.stringify({ id: `big-${i}`, type: 'view', userId: `u${i % 977}`, itemId: `i${i % 331}`, properties: { pad: 'x'.repeat(64) } }) + '\n';
        }
        yield Buffer.from(chunk);
      }
    }
    const progress: ImportProgress[] = [];
    const heap: number[] = [];
    const before = process.memoryUsage().heapUsed;
    const summary = await importRecords({
      workspaceId: ws,
      kind: 'events',
      format: 'jsonl',
      input: Readable.from(file(), { objectMode: false, highWaterMark: 1 }),
      onProgress: (p) => {
        progress.push(p);
        heap.push(process.memoryUsage().heapUsed);
      },
    });
    expect(summary).toMatchObject({ rows: total, accepted: total, duplicates: 0, rejected: 0 });
    expect(await db().event.count({ where: { workspaceId: ws } })).toBe(total);
    // One commit per 1,000 rows (plus the final call), and reading kept pace with committing: at
    // every commit the input read ahead of the committed rows is bounded (a chunk or two and one
    // batch, ~0.3 MB here) whatever the file's size, so memory does not grow with the file.
    expect(progress.length).toBe(total / 1000 + 1);
    expect(progress[0]!.rows).toBe(1000);
    const bytesTotal = progress.at(-1)!.bytes;
    const bytesPerRow = bytesTotal / total;
    for (const p of progress) expect(p.bytes - p.rows * bytesPerRow).toBeLessThan(512 * 1024);
    // Sanity bound on the heap (garbage included, no forced GC): far from holding every row.
    expect(Math.max(...heap) - before).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);
});

describe('importRecords: items', () => {
  it('imports JSONL items; invalid rows are reported, the rest upserted; a re-run creates nothing', async () => {
    const ws = await workspace();
    const text = jsonl([
      { id: 'sku-1', title: 'Trail shoe', categories: ['shoes', 'outdoor'], price: 89.5, currency: 'EUR' },
      { id: 'sku-2', title: 'Sock', price: -1 },
      { id: 'sku-3', title: 'Cap', available: false, properties: { brand: 'Acme' } },
      { id: 'sku-1', title: 'Trail shoe v2', categories: ['shoes'], price: 99, currency: 'EUR' },
    ]);
    const first = await run(ws, 'items', 'jsonl', text);
    expect(first).toMatchObject({ kind: 'items', rows: 4, accepted: 2, duplicates: 1, rejected: 1, created: 2, updated: 0 });
    expect(first.rejectedSample).toEqual([{ line: 2, code: 'validation_failed', message: 'price: must not be negative' }]);
    const items = await db().item.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } });
    expect(items.map((i) => [i.id, i.title, i.price])).toEqual([
      ['sku-1', 'Trail shoe v2', 99],
      ['sku-3', 'Cap', null],
    ]);
    expect(items[1]).toMatchObject({ available: false, properties: { brand: 'Acme' } });

    const again = await run(ws, 'items', 'jsonl', text);
    expect(again).toMatchObject({ accepted: 2, created: 0, updated: 2, rejected: 1 });
    expect(await db().item.count({ where: { workspaceId: ws } })).toBe(2);
  });

  it('imports CSV items with |-separated lists, numbers, booleans and properties.*', async () => {
    const ws = await workspace();
    const csv = [
      'id,title,description,categories,tags,price,currency,available,url,publishedAt,properties.brand,properties.weight',
      'sku-1,Trail shoe,"Light, fast",shoes|outdoor,new| sale ,89.50,EUR,true,https://shop.example/sku-1,2025-01-01T00:00:00Z,Acme,0.35',
      'sku-2,Sock,,socks,,4,EUR,no,,,,',
      'sku-3,Bad,,,,cheap,EUR,,,,,',
    ].join('\n');
    const summary = await run(ws, 'items', 'csv', csv);
    expect(summary).toMatchObject({ rows: 3, accepted: 2, rejected: 1, created: 2 });
    expect(summary.rejectedSample[0]).toMatchObject({ line: 4, code: 'validation_failed' });
    const items = await db().item.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } });
    expect(items[0]).toMatchObject({
      title: 'Trail shoe',
      description: 'Light, fast',
      categories: ['shoes', 'outdoor'],
      tags: ['new', 'sale'],
      price: 89.5,
      currency: 'EUR',
      available: true,
      url: 'https://shop.example/sku-1',
      properties: { brand: 'Acme', weight: 0.35 },
    });
    expect(items[0]!.publishedAt?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(items[1]).toMatchObject({ id: 'sku-2', categories: ['socks'], tags: [], price: 4, available: false, description: null });
  });
});

describe('importRecords: users', () => {
  it('imports JSONL and CSV users with traits', async () => {
    const ws = await workspace();
    const a = await run(ws, 'users', 'jsonl', jsonl([{ id: 'u1', traits: { plan: 'pro' } }, { id: 'u2' }, { id: '' }]));
    expect(a).toMatchObject({ kind: 'users', rows: 3, accepted: 2, created: 2, rejected: 1 });
    expect(a.rejectedSample[0]).toMatchObject({ line: 3, message: 'id: must not be empty' });

    const b = await run(ws, 'users', 'csv', 'id,traits.plan,traits.seats,traits\nu2,team,5,\nu3,,,"{""vip"": true}"\n');
    expect(b).toMatchObject({ rows: 2, accepted: 2, created: 1, updated: 1, rejected: 0 });
    const users = await db().endUser.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } });
    expect(users.map((u) => [u.id, u.traits])).toEqual([
      ['u1', { plan: 'pro' }],
      ['u2', { plan: 'team', seats: 5 }],
      ['u3', { vip: true }],
    ]);
  });
});
