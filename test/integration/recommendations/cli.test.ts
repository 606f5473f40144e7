// `npx cairn train` and `npx cairn eval recs` as a user runs them: child processes against this run's database.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '@/services/paths';
import { buildOwner } from '@/test/support/builders';
import { seedDemoShop } from '@/services/demo/generate-demo-shop';
import { updateRecSettings } from '@/services/recommend/update-rec-settings';
import { getRecSettings } from '@/services/recommend/get-rec-settings';

function cairn(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/cairn.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cairn train and cairn eval recs', () => {
  it('trains a workspace and evaluates it offline; unknown workspaces fail clearly', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    await seedDemoShop(ws, { sizes: { items: 60, users: 200, events: 5000, days: 30 } });

    const train = await cairn(['train', '--workspace', ws]);
    expect(train.code, train.stderr).toBe(0);
    const v = JSON.parse(train.stdout) as { version: number; status: string; promoted: boolean; metrics: { serving: { ndcg: number }; popularity: { ndcg: number } } };
    expect(v).toMatchObject({ version: 1, status: 'completed', promoted: true });
    expect(v.metrics.serving.ndcg).toBeGreaterThan(v.metrics.popularity.ndcg);
    expect(train.stderr).toContain('validation');

    const evaluation = await cairn(['eval', 'recs', '--workspace', ws]);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const e = JSON.parse(evaluation.stdout) as { users: number; popularity: { ndcg: number }; itemKnn: { ndcg: number }; cairn: { ndcg: number; recall: number } };
    expect(e.users).toBeGreaterThan(150);
    expect(e.cairn.ndcg).toBeGreaterThan(e.popularity.ndcg);
    expect(e.cairn.recall).toBeGreaterThan(0);

    const missing = await cairn(['train', '--workspace', 'ws_doesNotExist']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not found');
  }, 180_000);

  it('keeps training settings per workspace, validated', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    expect((await getRecSettings(ws)).eventWeights.purchase).toBe(6);
    await updateRecSettings(ws, { eventWeights: { purchase: 10, view: 0.5 }, halfLifeDays: 14, autoTrain: false });
    const s = await getRecSettings(ws);
    expect(s.eventWeights).toMatchObject({ purchase: 10, view: 0.5, click: 2 });
    expect(s.halfLifeDays).toBe(14);
    expect(s.autoTrain).toBe(false);
    await expect(updateRecSettings(ws, { eventWeights: { purchase: 1000 } })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(updateRecSettings(ws, { halfLifeDays: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
