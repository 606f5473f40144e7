import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever a command was started from. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
