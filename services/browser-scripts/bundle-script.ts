// The small scripts the api serves to browsers (the tracker, the chat widget), bundled by esbuild in
// memory on first use (decisions.md 14): no build step to forget, no stale artifact.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '@/services/paths';

export const BROWSER_SCRIPTS = {
  /** The behaviour tracker, `/tracker.js` (issue 3: at most 3 KB gzipped). */
  tracker: { entry: path.join(PROJECT_ROOT, 'tracker', 'index.ts'), maxGzipBytes: 3 * 1024 },
  /** The chat widget, `/widget.js` (issue 6: at most 15 KB gzipped). */
  widget: { entry: path.join(PROJECT_ROOT, 'widget', 'index.ts'), maxGzipBytes: 15 * 1024 },
} as const;
export type BrowserScript = keyof typeof BROWSER_SCRIPTS;

export interface ScriptBundle {
  code: string;
  gzip: Buffer;
  /** Strong ETag from the content hash: the same in every api process built from the same source. */
  etag: string;
}

/** Bundles one script into a minified IIFE, in memory (a few tens of milliseconds). */
export async function bundleScript(name: BrowserScript): Promise<ScriptBundle> {
  const result = await build({
    entryPoints: [BROWSER_SCRIPTS[name].entry],
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

const cached = new Map<BrowserScript, Promise<ScriptBundle>>();

/** The bundle, built once per process on first use; a failed build is not cached (the next request retries). */
export function scriptBundle(name: BrowserScript): Promise<ScriptBundle> {
  let bundle = cached.get(name);
  if (!bundle) {
    bundle = bundleScript(name).catch((err: unknown) => {
      cached.delete(name);
      throw err;
    });
    cached.set(name, bundle);
  }
  return bundle;
}
