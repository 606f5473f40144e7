#!/usr/bin/env node
// `npx cairn` / `npm start`: runs the CLI from the server build (plain Node; built on first use and
// rebuilt when a source changes, scripts/build-servers.mjs). CAIRN_TSX=1 runs the TypeScript
// sources through tsx instead (development: no build step, slower start).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A .env beside package.json is honoured, as Next.js does for the web process.
const dotenv = path.join(root, '.env');
if (fs.existsSync(dotenv)) process.loadEnvFile(dotenv);

if (process.env.CAIRN_TSX === '1') {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  await import(pathToFileURL(path.join(root, 'services/cli/main.ts')).href);
} else {
  const { ensureServerBuild } = await import('../scripts/build-servers.mjs');
  // `start` says which build it runs; other commands only when they had to build (their stdout is JSON).
  const quiet = process.argv[2] !== 'start';
  const dir = await ensureServerBuild({ log: (line, { built }) => (!quiet || built) && process.stderr.write(line + '\n') });
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(dir, 'cli.mjs')).href);
}
