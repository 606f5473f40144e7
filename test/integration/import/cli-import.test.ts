// `npx cairn import ...` as a user runs it: a child process against this run's test database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { PROJECT_ROOT } from '@/services/paths';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cairn(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/cairn.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, LOG_LEVEL: 'warn' },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('cairn import', () => {
  it('imports a JSONL events file, prints the summary as JSON and progress on stderr; a re-run stores nothing twice', async () => {
    const { workspace } = await buildOwner();
    const lines = [];
    for (let i = 0; i < 2500; i++) lines.push(JSON.stringify({ id: `cli-${i}`, type: 'view', userId: `u${i % 10}`, itemId: `i${i % 7}` }));
    lines.splice(10, 0, '{"id": "bad", "type": "view"}'); // line 11: no user, no item
    const file = write('events.jsonl', lines.join('\n') + '\n');

    const first = await cairn(['import', 'events', file, '--workspace', workspace.id, '--batch', '500']);
    expect(first.stderr).toMatch(/2,501 rows, [\d,]+ rows\/s \(accepted 2,500, duplicates 0, rejected 1\)/);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toEqual({
      kind: 'events',
      rows: 2501,
      accepted: 2500,
      duplicates: 0,
      rejected: 1,
      rejectedSample: [{ line: 11, code: 'validation_failed', message: expect.stringContaining('userId or anonymousId is required') }],
    });
    expect(await db().event.count({ where: { workspaceId: workspace.id } })).toBe(2500);

    const again = await cairn(['import', 'events', file, '--workspace', workspace.id]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 2501, accepted: 0, duplicates: 2500, rejected: 1 });
    expect(await db().event.count({ where: { workspaceId: workspace.id } })).toBe(2500);
  }, 60_000);

  it('imports a CSV items file (format from the extension)', async () => {
    const { workspace } = await buildOwner();
    const file = write('items.csv', 'id,title,categories,price,currency\nsku-1,Trail shoe,shoes|outdoor,89.5,EUR\nsku-2,Sock,socks,4,EUR\n');
    const res = await cairn(['import', 'items', file, '--workspace', workspace.id]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'items', rows: 2, accepted: 2, created: 2, rejected: 0 });
    const item = await db().item.findUnique({ where: { workspaceId_id: { workspaceId: workspace.id, id: 'sku-1' } } });
    expect(item).toMatchObject({ title: 'Trail shoe', categories: ['shoes', 'outdoor'], price: 89.5 });
  }, 60_000);

  it('reads CSV users from stdin with --format csv', async () => {
    const { workspace } = await buildOwner();
    const res = await cairn(['import', 'users', '-', '--workspace', workspace.id, '--format', 'csv'], 'id,traits.plan\nu1,pro\nu2,free\n');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'users', rows: 2, accepted: 2, created: 2 });
    const user = await db().endUser.findUnique({ where: { workspaceId_id: { workspaceId: workspace.id, id: 'u1' } } });
    expect(user?.traits).toEqual({ plan: 'pro' });
  }, 60_000);

  it('exits with code 1 and a clear error for an unknown workspace', async () => {
    const file = write('users.jsonl', '{"id": "u1"}\n');
    const res = await cairn(['import', 'users', file, '--workspace', 'ws_nope']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(JSON.parse(res.stderr)).toEqual({ error: { code: 'not_found', message: 'Workspace ws_nope not found' } });
  }, 60_000);
});
