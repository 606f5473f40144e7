import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// In the server build (scripts/build-servers.mjs) this code sits under .cairn-build/<hash>/, not ml/.
const built = /^(.*?)[\\/]\.cairn-build[\\/]/.exec(here);

/** The repository root (ml/ does not import services/, so it has its own). */
export const PROJECT_ROOT = built ? built[1]! : path.resolve(here, '..');
export const DEFAULT_MODELS_DIR = path.join(PROJECT_ROOT, 'models');
