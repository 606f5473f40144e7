import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '@/services/paths';

export const WIDGET_ENTRY = path.join(PROJECT_ROOT, 'widget', 'index.ts');
/** The size budget of the served file, gzipped (issue 6). */
export const WIDGET_MAX_GZIP_BYTES = 15 * 1024;

export interface WidgetBundle {
  code: string;
  gzip: Buffer;
  /** Strong ETag from the content hash: the same in every api process built from the same source. */
  etag: string;
}

/** Bundles widget/ into one minified IIFE, in memory (esbuild, a few tens of milliseconds). */
export async function bundleWidget(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`;
  return { code, gzip: gzipSync(code, { level: 9 }), etag };
}

let cached: Promise<WidgetBundle> | undefined;

/** The bundle, built once per process on first use; a failed build is not cached. */
export function widgetBundle(): Promise<WidgetBundle> {
  cached ??= bundleWidget().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
