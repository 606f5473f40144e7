// The server build (issue 14, scripts/build-servers.mjs): `cairn start` bundles api, worker and CLI
// with esbuild once, reuses the build while the sources are unchanged, and runs the processes on
// plain Node. Run on a copy of the sources in a temporary folder (node_modules linked), so that
// changing a source file here cannot disturb anything else.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '@/scripts/build-servers.mjs';
import { PROJECT_ROOT } from '@/services/paths';
import { freePort } from '@/test/support/api-process';
import { adminUrl, createTestDatabase, withDatabase } from '@/test/support/database';

const COPIED = ['bin', 'scripts', 'services', 'ml', 'generated', 'lib', 'prisma', 'tsconfig.json', 'package.json', 'package-lock.json', 'prisma.config.ts'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-server-build-'));
const root = path.join(tmp, 'cairn');

beforeAll(() => {
  for (const entry of COPIED) fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(root, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function build() {
  const lines: { line: string; built: boolean }[] = [];
  const dir = await ensureServerBuild({ root, log: (line: string, { built }: { built: boolean }) => lines.push({ line, built }) });
  expect(lines).toHaveLength(1);
  return { dir, ...lines[0]! };
}

describe('server build', () => {
  it('builds once, reuses the build while sources are unchanged and rebuilds when one changes', async () => {
    const first = await build();
    expect(first.built).toBe(true);
    expect(first.line).toMatch(/built the servers into \.cairn-build\/[0-9a-f]{16}/);
    for (const name of ['cli', 'api', 'worker', 'embedded-db', 'parse-worker', 'build-models']) expect(fs.existsSync(path.join(first.dir, `${name}.mjs`))).toBe(true);

    const again = await build();
    expect(again).toMatchObject({ built: false, dir: first.dir });
    expect(again.line).toMatch(/using the server build/);

    // Content decides, not modification times.
    const source = path.join(root, 'services/api/main.ts');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(source, later, later);
    expect(await build()).toMatchObject({ built: false, dir: first.dir });

    fs.appendFileSync(source, '\n// changed by server-build.test.ts\n');
    const changed = await build();
    expect(changed.built).toBe(true);
    expect(changed.dir).not.toBe(first.dir);
    expect(await build()).toMatchObject({ built: false, dir: changed.dir });

    // The lockfile counts too (a dependency upgrade).
    fs.appendFileSync(path.join(root, 'package-lock.json'), '\n');
    expect((await build()).built).toBe(true);
  }, 120_000);

  it('fails on a source that does not compile, leaving no folder behind, and keeps the last build', async () => {
    const { dir } = await build();
    const source = path.join(root, 'services/api/main.ts');
    const good = fs.readFileSync(source, 'utf8');
    const before = fs.readdirSync(path.join(root, '.cairn-build')).sort();
    fs.writeFileSync(source, `${good}\nconst broken = ;\n`);
    try {
      await expect(ensureServerBuild({ root, log: () => {} })).rejects.toThrow(/main\.ts:\d+:\d+: ERROR/);
      expect(fs.readdirSync(path.join(root, '.cairn-build')).sort()).toEqual(before);
    } finally {
      fs.writeFileSync(source, good);
    }
    expect(await build()).toMatchObject({ built: false, dir });
  }, 120_000);

  it('bundles only our code, with source maps that point at the .ts files', async () => {
    const { dir } = await build();
    const chunks = fs.readdirSync(path.join(dir, 'chunks')).map((f) => path.join(dir, 'chunks', f));
    const code = [path.join(dir, 'api.mjs'), ...chunks].filter((f) => f.endsWith('.mjs')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // npm packages stay imports, resolved from node_modules at run time.
    expect(code).toMatch(/from "fastify"/);
    expect(code).not.toMatch(/function fastify\(/);
    const map = JSON.parse(fs.readFileSync(path.join(dir, 'api.mjs.map'), 'utf8')) as { sources: string[] };
    const sources = map.sources.map((s) => path.resolve(dir, s));
    expect(sources).toContain(path.join(root, 'services/api/cluster-main.ts'));
    for (const s of sources) expect(fs.existsSync(s)).toBe(true);
  }, 120_000);

  it('gives stack traces that name the .ts sources', async () => {
    await build();
    // A database that does not exist: the CLI prints the error's stack.
    const r = spawnSync(process.execPath, [path.join(root, 'bin/cairn.js'), 'train', '--workspace', 'ws_missing'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: withDatabase(adminUrl(), `cairn_missing_${process.pid}`), CAIRN_TSX: '' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`(${path.join(root, 'services/cli/with-database.ts')}:`);
    expect(r.stderr).not.toContain('.cairn-build/');
  }, 60_000);

  describe('cairn start --only api from the build', () => {
    let cairn: ChildProcess;
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let stderr = '';
    afterAll(async () => {
      if (cairn && cairn.exitCode === null) cairn.kill('SIGKILL');
      await database?.drop();
    });

    it('runs the api on plain Node from .cairn-build and answers /healthz', async () => {
      database = await createTestDatabase();
      const port = await freePort();
      cairn = spawn(process.execPath, [path.join(root, 'bin/cairn.js'), 'start', '--only', 'api'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: database.url, API_PROCESSES: '1', API_PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: '0', LOG_LEVEL: 'warn', ML_PRELOAD: 'false', REDIS_URL: '', CAIRN_TSX: '', CAIRN_DATA_DIR: path.join(tmp, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      cairn.stdout!.resume();
      cairn.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const t0 = Date.now();
      for (;;) {
        if (cairn.exitCode !== null) throw new Error(`cairn start exited with ${cairn.exitCode}:\n${stderr}`);
        if (Date.now() - t0 > 120_000) throw new Error(`no answer within 120 s:\n${stderr}`);
        const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stderr).toMatch(/cairn: (using the server build|built the servers into) \.cairn-build\/[0-9a-f]{16}/);
      // The api process is the bundle on plain Node: no tsx loader.
      const children = execFileSync('ps', ['-o', 'args=', '--ppid', String(cairn.pid)], { encoding: 'utf8' }).trim().split('\n');
      expect(children).toEqual([expect.stringMatching(new RegExp(`^\\S+ --enable-source-maps ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.cairn-build/[0-9a-f]{16}/api\\.mjs$`))]);
      expect(children.join('\n')).not.toMatch(/tsx/);

      const exited = new Promise<number | null>((resolve) => cairn.once('exit', (code) => resolve(code)));
      cairn.kill('SIGTERM');
      expect(await exited).toBe(0);
    }, 180_000);
  });
});
