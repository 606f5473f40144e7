import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// In the server build (scripts/build-servers.mjs) this code sits in .cairn-build/<hash>/ or in its
// chunks/ folder, not in services/: the root is found from that folder's name, not its depth.
const built = /^(.*?)[\\/]\.cairn-build[\\/]([^\\/]+)/.exec(here);

/** The repository root, wherever a command was started from. */
export const PROJECT_ROOT = built ? built[1]! : path.resolve(here, '..');
/** The server build this process runs from (`.cairn-build/<hash>`); undefined when run from sources (tsx). */
export const BUILD_DIR = built ? path.join(built[1]!, '.cairn-build', built[2]!) : undefined;
