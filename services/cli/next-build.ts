import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '@/services/paths';

const SOURCES = ['app', 'components', 'services', 'auth.ts', 'proxy.ts', 'next.config.js', 'package-lock.json', 'postcss.config.mjs', 'prisma/schema.prisma'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** True when there is no production build or a source changed since it was made. */
export function nextBuildIsStale(root = PROJECT_ROOT): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function nextBin(root = PROJECT_ROOT) {
  return path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
}

/** `next build`, output passed through. Rejects on failure. */
export function buildNext(root = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(root), 'build'], { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}
