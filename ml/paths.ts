import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (ml/ does not import services/, so it has its own). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODELS_DIR = path.join(PROJECT_ROOT, 'models');
