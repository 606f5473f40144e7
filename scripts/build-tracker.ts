// `npm run build:tracker [-- OUT]`: writes the browser tracker bundle (default dist/tracker.js) and
// its gzipped size as JSON, e.g. to host it on a CDN. The api does not need this: it bundles the
// tracker in memory on first request (services/tracker/bundle-tracker.ts).
import fs from 'node:fs';
import path from 'node:path';
import { bundleTracker, TRACKER_MAX_GZIP_BYTES } from '@/services/tracker/bundle-tracker';
import { PROJECT_ROOT } from '@/services/paths';

const out = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'dist', 'tracker.js'));
const bundle = await bundleTracker();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, bundle.code);
const summary = { out, bytes: Buffer.byteLength(bundle.code), gzipBytes: bundle.gzip.length, maxGzipBytes: TRACKER_MAX_GZIP_BYTES, etag: bundle.etag };
process.stdout.write(JSON.stringify(summary) + '\n');
if (summary.gzipBytes > TRACKER_MAX_GZIP_BYTES) {
  process.stderr.write(`tracker bundle is ${summary.gzipBytes} bytes gzipped, over the ${TRACKER_MAX_GZIP_BYTES}-byte budget\n`);
  process.exit(1);
}
