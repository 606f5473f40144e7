// `npm run build:tracker [-- OUT]` / `npm run build:widget [-- OUT]`: writes a browser script bundle
// (default dist/<name>.js) and its gzipped size as JSON, e.g. to host it on a CDN; exits 1 over the
// script's gzip budget. The api does not need this: it bundles in memory on first request
// (services/browser-scripts/bundle-script.ts).
import fs from 'node:fs';
import path from 'node:path';
import { BROWSER_SCRIPTS, bundleScript, type BrowserScript } from '@/services/browser-scripts/bundle-script';
import { PROJECT_ROOT } from '@/services/paths';

const name = process.argv[2] as BrowserScript;
if (!(name in BROWSER_SCRIPTS)) {
  process.stderr.write(`usage: build-browser-script.ts ${Object.keys(BROWSER_SCRIPTS).join('|')} [OUT]\n`);
  process.exit(2);
}
const out = path.resolve(process.argv[3] ?? path.join(PROJECT_ROOT, 'dist', `${name}.js`));
const bundle = await bundleScript(name);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, bundle.code);
const { maxGzipBytes } = BROWSER_SCRIPTS[name];
const summary = { out, bytes: Buffer.byteLength(bundle.code), gzipBytes: bundle.gzip.length, maxGzipBytes, etag: bundle.etag };
process.stdout.write(JSON.stringify(summary) + '\n');
if (summary.gzipBytes > maxGzipBytes) {
  process.stderr.write(`${name} bundle is ${summary.gzipBytes} bytes gzipped, over the ${maxGzipBytes}-byte budget\n`);
  process.exit(1);
}
