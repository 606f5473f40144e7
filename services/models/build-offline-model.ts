// Builds one of the fast offline models (GloVe embeddings, the sentiment CNN) in a child process,
// so the calling process keeps answering while the ~0.5-1 GB build runs (first start only).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BUILD_DIR, PROJECT_ROOT } from '@/services/paths';
import type { MlLogger } from '@/ml/runtime/types';

export function buildOfflineModel(only: 'embedding' | 'sentiment', log: MlLogger): Promise<void> {
  log.info({}, `building the ${only} model (first start; about half a minute)`);
  return new Promise((resolve, reject) => {
    // From the server build when this process runs from it (plain Node), else the source through tsx.
    const script = BUILD_DIR ? ['--enable-source-maps', path.join(BUILD_DIR, 'build-models.mjs')] : ['--import', 'tsx', path.join(PROJECT_ROOT, 'ml/scripts/build-models.ts')];
    const child = spawn(process.execPath, [...script, '--only', only], {
      cwd: PROJECT_ROOT,
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${only} model build exited with ${code}`))));
  });
}
