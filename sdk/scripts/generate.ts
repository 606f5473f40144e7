// npm run sdk:generate - writes sdk/src/schema.d.ts from the api code (no running server needed).
import fs from 'node:fs';
import { buildOpenApiDocument, renderSdkSchema, SCHEMA_FILE } from './schema';

const text = await renderSdkSchema(await buildOpenApiDocument());
const before = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
fs.writeFileSync(SCHEMA_FILE, text);
console.log(before === text ? `${SCHEMA_FILE}: already up to date` : `${SCHEMA_FILE}: written (${text.length} characters)`);
// Model loading timers and pools opened by imports must not keep the script alive.
process.exit(0);
