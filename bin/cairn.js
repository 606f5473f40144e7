#!/usr/bin/env node
// `npx cairn`: runs the TypeScript CLI through tsx (the house runtime for server code).
import { register } from 'tsx/esm/api';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A .env beside package.json is honoured, as Next.js does for the web process.
const dotenv = path.join(root, '.env');
if (fs.existsSync(dotenv)) process.loadEnvFile(dotenv);
register({ tsconfig: path.join(root, 'tsconfig.json') });
await import(path.join(root, 'services/cli/main.ts'));
