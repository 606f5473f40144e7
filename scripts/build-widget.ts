// `npm run build:widget [-- OUT]`: writes the chat widget bundle (default dist/widget.js) and its
// gzipped size as JSON, e.g. to host it on a CDN; fails over the 15 KB gzip budget. The api does
// not need this: it bundles the widget in memory on first request (services/widget/bundle-widget.ts).
import fs from 'node:fs';
import path from 'node:path';
import { bundleWidget, WIDGET_MAX_GZIP_BYTES } from '@/services/widget/bundle-widget';
import { PROJECT_ROOT } from '@/services/paths';

const out = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'dist', 'widget.js'));
const bundle = await bundleWidget();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, bundle.code);
const summary = { out, bytes: Buffer.byteLength(bundle.code), gzipBytes: bundle.gzip.length, maxGzipBytes: WIDGET_MAX_GZIP_BYTES, etag: bundle.etag };
process.stdout.write(JSON.stringify(summary) + '\n');
if (summary.gzipBytes > WIDGET_MAX_GZIP_BYTES) {
  process.stderr.write(`widget bundle is ${summary.gzipBytes} bytes gzipped, over the ${WIDGET_MAX_GZIP_BYTES}-byte budget\n`);
  process.exit(1);
}
