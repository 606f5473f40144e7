// How `cairn start` runs one of our server processes: from the server build when it runs from one
// itself (plain Node; scripts/build-servers.mjs), else from the TypeScript source through tsx.
import path from 'node:path';
import { BUILD_DIR, PROJECT_ROOT } from '@/services/paths';

/** Names of the build's entries (ENTRIES in scripts/build-servers.mjs) and their sources. */
const SOURCES = {
  api: 'services/api/cluster-main.ts',
  worker: 'services/worker/main.ts',
  'embedded-db': 'services/db/embedded-main.ts',
} as const;

export type ServerName = keyof typeof SOURCES;

/** [command, args] that run `name`; source maps on for the build, so stack traces name .ts files. */
export function serverEntry(name: ServerName, buildDir = BUILD_DIR): readonly [string, readonly string[]] {
  if (buildDir) return [process.execPath, ['--enable-source-maps', path.join(buildDir, `${name}.mjs`)]];
  return [process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, SOURCES[name])]];
}
