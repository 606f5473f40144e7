import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '@/services/paths';

export const TRACKER_ENTRY = path.join(PROJECT_ROOT, 'tracker', 'index.ts');
/** The size budget of the served file, gzipped (issue 3). */
export const TRACKER_MAX_GZIP_BYTES = 3 * 1024;

export interface TrackerBundle {
  code: string;
  gzip: Buffer;
  /** Strong ETag from the content hash: the same in every api process built from the same source. */
  etag: string;
}

/** Bundles tracker/ into one minified IIFE, in memory (esbuild, a few tens of milliseconds). */
export async function bundleTracker(): Promise<TrackerBundle> {
  const result = await build({
    entryPoints: [TRACKER_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers of the last few years.
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`;
  return { code, gzip: gzipSync(code, { level: 9 }), etag };
}

let cached: Promise<TrackerBundle> | undefined;

/**
 * The bundle, built once per process on first use and kept in memory. A failed build is not
 * cached, so the next request tries again.
 */
export function trackerBundle(): Promise<TrackerBundle> {
  cached ??= bundleTracker().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
