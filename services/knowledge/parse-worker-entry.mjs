// Entry of the parse worker thread (see parse-isolated.ts). Threads do not inherit the parent's
// TypeScript loader when started with empty execArgv (as they are, so that flags of the parent
// such as a larger heap do not apply), so tsx is registered here before loading the parser.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
