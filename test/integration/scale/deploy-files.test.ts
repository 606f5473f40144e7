// deploy/: what this machine can check without Docker (issue 17). HAProxy validates its config
// (`haproxy -c`); compose.yaml is parsed (YAML merge keys resolved as Compose does) and checked for
// the services, wiring and references a deployment needs; the Dockerfile and Procfile name commands
// and files that exist. The config's behaviour is tested in haproxy.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '@/services/paths';

const deploy = (f: string) => path.join(PROJECT_ROOT, 'deploy', f);
const read = (f: string) => fs.readFileSync(deploy(f), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
}

describe('deploy/', () => {
  it('haproxy.cfg passes `haproxy -c` with real addresses', () => {
    const out = execFileSync('haproxy', ['-c', '-f', deploy('haproxy.cfg')], {
      env: { ...process.env, API1: '127.0.0.1:4001', API2: '127.0.0.1:4002', HAPROXY_BIND: '127.0.0.1:4000', HAPROXY_STATS_BIND: '127.0.0.1:8404' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('Configuration file is valid');
  });

  it('compose.yaml has web, two api, two workers, PostgreSQL, Redis and HAProxy, wired together', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['api1', 'api2', 'haproxy', 'migrate', 'postgres', 'redis', 'web', 'worker1', 'worker2']);
    const cairn = ['web', 'api1', 'api2', 'worker1', 'worker2'];
    for (const name of cairn) {
      const svc = s[name]!;
      expect(svc.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
      expect(svc.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/\w+:\w+@postgres:5432\/\w+$/);
      expect(svc.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(svc.command?.slice(0, 2)).toEqual(['start', '--only']);
      expect(['web', 'api', 'worker']).toContain(svc.command?.[2]);
      expect(name.startsWith(svc.command![2]!)).toBe(true);
      expect(Object.keys(svc.depends_on ?? {}).sort()).toEqual(['migrate', 'postgres', 'redis']);
    }
    // Every dependency names a service; HAProxy reaches both api services on their API_PORT.
    for (const svc of Object.values(s)) {
      const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
      for (const d of deps) expect(Object.keys(s)).toContain(d);
    }
    const lb = s.haproxy!;
    expect(lb.environment?.API1).toBe(`api1:${s.api1!.environment!.API_PORT}`);
    expect(lb.environment?.API2).toBe(`api2:${s.api2!.environment!.API_PORT}`);
    expect(lb.volumes).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    expect(s.postgres!.healthcheck?.test[0]).toBe('CMD');
    expect(s.redis!.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    // Named volumes used are declared.
    for (const v of s.postgres!.volumes ?? []) expect(Object.keys(compose.volumes ?? {})).toContain(v.split(':')[0]);
  });

  it('Dockerfile: stages, copied files and the entrypoint exist', () => {
    const lines = read('Dockerfile')
      .split('\n')
      .filter((l) => l.trim() && !l.trim().startsWith('#'));
    const instructions = lines.map((l) => l.trim().split(/\s+/)[0]);
    const known = new Set(['FROM', 'WORKDIR', 'ENV', 'COPY', 'RUN', 'USER', 'VOLUME', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'ARG', 'HEALTHCHECK']);
    for (const i of instructions) expect(known).toContain(i);
    expect(instructions[0]).toBe('FROM');
    for (const l of lines.filter((x) => x.startsWith('COPY ') && !x.includes('--from'))) {
      for (const src of l.split(/\s+/).slice(1, -1)) if (src !== '.') expect(fs.existsSync(path.join(PROJECT_ROOT, src))).toBe(true);
    }
    const entry = JSON.parse(lines.find((l) => l.startsWith('ENTRYPOINT'))!.slice('ENTRYPOINT'.length)) as string[];
    expect(entry).toEqual(['node', 'bin/cairn.js']);
    expect(JSON.parse(lines.find((l) => l.startsWith('CMD'))!.slice(3))).toEqual(['start', '--only', 'api']);
    expect(fs.existsSync(path.join(PROJECT_ROOT, entry[1]!))).toBe(true);
    expect(read('Dockerfile.dockerignore')).toMatch(/^node_modules$/m);
  });

  it('Procfile: web, api, worker and a release step, each a cairn command', () => {
    const entries = Object.fromEntries(
      read('Procfile')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
    );
    expect(Object.keys(entries).sort()).toEqual(['api', 'release', 'web', 'worker']);
    for (const p of ['web', 'api', 'worker']) expect(entries[p]).toMatch(new RegExp(`node bin/cairn\\.js start --only ${p}$`));
    expect(entries.release).toBe('npx prisma migrate deploy');
  });
});
