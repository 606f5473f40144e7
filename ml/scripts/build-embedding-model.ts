// `npm run models:build`: builds the offline embedding model (GloVe -> ONNX + tokenizer.json) into
// models/build/cairn-glove-100d. Deterministic (same bytes every time); skipped when already built
// unless --force. Prints what it wrote as JSON.
import path from 'node:path';
import { buildGloveModel, ensureGloveModel } from '@/ml/embedding/build-glove-model';
import { GLOVE_MODEL_NAME } from '@/ml/embedding/card';
import { PROJECT_ROOT } from '@/ml/paths';

const outDir = path.join(process.env.MODELS_DIR ? path.resolve(PROJECT_ROOT, process.env.MODELS_DIR) : path.join(PROJECT_ROOT, 'models'), 'build', GLOVE_MODEL_NAME);
const force = process.argv.includes('--force');
const result = force ? buildGloveModel(outDir) : ensureGloveModel(outDir);
process.stdout.write(JSON.stringify(result ? { built: true, ...result } : { built: false, dir: outDir, reason: 'already built (use --force to rebuild)' }, null, 2) + '\n');
