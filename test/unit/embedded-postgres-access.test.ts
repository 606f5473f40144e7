import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { letPostgresUserReach } from '@/services/db/embedded';

// As root, the embedded PostgreSQL runs as user postgres: a clone in a private (0700) folder must
// become enterable (x for others) on the way to its files, and nothing else may change.
describe('letPostgresUserReach', () => {
  it('adds search permission for others on each private folder on the way, and only that', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-reach-'));
    const privateDir = path.join(root, 'private');
    const project = path.join(privateDir, 'project');
    const data = path.join(root, 'open', 'data');
    fs.mkdirSync(project, { recursive: true });
    fs.mkdirSync(data, { recursive: true });
    fs.chmodSync(root, 0o700);
    fs.chmodSync(privateDir, 0o750);
    fs.chmodSync(path.join(root, 'open'), 0o755);
    const warned: string[] = [];
    letPostgresUserReach([project, data], { warn: (obj: { dir: string }) => warned.push(obj.dir) } as never);
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(root)).toBe(0o701);
    expect(mode(privateDir)).toBe(0o751);
    expect(mode(path.join(root, 'open'))).toBe(0o755);
    expect(warned).toEqual(expect.arrayContaining([root, privateDir]));
    expect(warned).not.toContain(path.join(root, 'open'));
    fs.chmodSync(root, 0o755);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
