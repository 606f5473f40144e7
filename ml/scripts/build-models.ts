// `npm run models:build`: builds the offline models into $MODELS_DIR/build (default models/build):
// the embedding model (GloVe -> ONNX + tokenizer) and the sentiment model (committed head + GloVe
// -> ONNX). Deterministic; each is skipped when already built unless --force. `--only embedding` or
// `--only sentiment` builds one. Prints what it did as JSON.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildGloveModel, ensureGloveModel } from '@/ml/embedding/build-glove-model';
import { GLOVE_MODEL_NAME } from '@/ml/embedding/card';
import { buildSentimentModel, ensureSentimentModel } from '@/ml/sentiment/build';
import { SENTIMENT_MODEL_NAME } from '@/ml/sentiment/card';
import { PROJECT_ROOT } from '@/ml/paths';

const { values } = parseArgs({ options: { force: { type: 'boolean', default: false }, only: { type: 'string' } } });
const buildDir = path.join(process.env.MODELS_DIR ? path.resolve(PROJECT_ROOT, process.env.MODELS_DIR) : path.join(PROJECT_ROOT, 'models'), 'build');
const out: Record<string, unknown> = {};
const report = (name: string, dir: string, result: object | null) =>
  (out[name] = result ? { built: true, ...result } : { built: false, dir, reason: 'already built (use --force to rebuild)' });

if (!values.only || values.only === 'embedding') {
  const dir = path.join(buildDir, GLOVE_MODEL_NAME);
  report(GLOVE_MODEL_NAME, dir, values.force ? buildGloveModel(dir) : ensureGloveModel(dir));
}
if (!values.only || values.only === 'sentiment') {
  const dir = path.join(buildDir, SENTIMENT_MODEL_NAME);
  report(SENTIMENT_MODEL_NAME, dir, values.force ? buildSentimentModel(dir) : ensureSentimentModel(dir));
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
