import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { importRecords, type ImportFormat, type ImportKind } from '@/services/import/import-records';
import { SNIFF_BYTES } from '@/services/import/check-file';

const run = (workspaceId: string, kind: ImportKind, format: ImportFormat, chunks: Buffer[]) =>
  importRecords({ workspaceId, kind, format, input: Readable.from(chunks) });
const workspace = async () => (await buildOwner()).workspace.id;

// The first bytes of a real PNG (signature and IHDR chunk).
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('importRecords refuses files it cannot read', () => {
  it('refuses a PNG before parsing it, as JSONL or CSV, and stores nothing', async () => {
    const ws = await workspace();
    for (const format of ['jsonl', 'csv'] as const) {
      await expect(run(ws, 'events', format, [PNG, Buffer.from('\n{"id":"e1"}\n')])).rejects.toMatchObject({
        code: 'unsupported_media_type',
        status: 415,
        message: 'This file is a PNG image; upload CSV or JSON Lines',
        details: [{ path: 'file', code: 'unsupported_file_type' }],
      });
    }
    await expect(run(ws, 'items', 'jsonl', [Buffer.from('%PDF-1.7\n')])).rejects.toMatchObject({ message: 'This file is a PDF document; upload CSV or JSON Lines' });
    await expect(run(ws, 'items', 'csv', [Buffer.from('id,title\n1,caf\xe9\n', 'latin1')])).rejects.toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/not UTF-8/) });
    expect(await db().event.count({ where: { workspaceId: ws } })).toBe(0);
    expect(await db().item.count({ where: { workspaceId: ws } })).toBe(0);
  });

  it('says "The file has no rows" for an empty file, a blank one and a CSV with only its header', async () => {
    const ws = await workspace();
    const noRows = { code: 'validation_failed', status: 400, details: [{ path: 'file', code: 'empty_file' }] };
    await expect(run(ws, 'events', 'jsonl', [])).rejects.toMatchObject({ ...noRows, message: 'The file has no rows' });
    await expect(run(ws, 'events', 'csv', [Buffer.from('\n\r\n  \n')])).rejects.toMatchObject({ ...noRows, message: 'The file has no rows' });
    await expect(run(ws, 'users', 'csv', [Buffer.from('\uFEFFid,email\r\n\r\n')])).rejects.toMatchObject({ ...noRows, message: 'The file has no rows: only the CSV header line' });
    // Longer than the sniffed start: caught once the whole file is read.
    const header = Buffer.from(`id,type,userId,itemId\n${'\n'.repeat(SNIFF_BYTES)}`);
    await expect(run(ws, 'events', 'csv', [header])).rejects.toMatchObject({ ...noRows, message: 'The file has no rows' });
  });

  it('still imports a file whose start it sniffed, across chunk boundaries and a split UTF-8 character', async () => {
    const ws = await workspace();
    const text = Buffer.from('id,title\nsku-1,Café crème\nsku-2,Thé\n');
    const cut = text.indexOf('é') + 1; // inside the two bytes of "é"
    const summary = await run(ws, 'items', 'csv', [text.subarray(0, cut), text.subarray(cut)]);
    expect(summary).toMatchObject({ rows: 2, accepted: 2, rejected: 0 });
    const titles = (await db().item.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } })).map((i) => i.title);
    expect(titles).toEqual(['Café crème', 'Thé']);
  });
});
