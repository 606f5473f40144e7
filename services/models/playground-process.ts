// The model process behind the dashboard playground (started by run-in-model-process.ts, one per
// web process, on first use): loads the models like the api does and answers requests over IPC.
// The Next.js server does not load onnxruntime sessions itself (in its bundle the model load never
// completed; a separate process also keeps ~300 MB of model memory out of the web process).
import { scoreSentiment } from '@/services/sentiment/score-sentiment';
import { startEmbeddingModel } from '@/services/embeddings/embedding-model';

type Request = { id: number; op: 'sentiment'; text: string } | { id: number; op: 'compare'; a: string; b: string };

async function handle(req: Request) {
  if (req.op === 'sentiment') return (await scoreSentiment([req.text]))[0]!;
  const model = await startEmbeddingModel();
  const [ea, eb] = await model.embed([req.a, req.b]);
  let dot = 0;
  for (let i = 0; i < ea!.embedding.length; i++) dot += ea!.embedding[i]! * eb!.embedding[i]!;
  const zero = (v: Float32Array) => v.every((x) => x === 0);
  return { similarity: zero(ea!.embedding) || zero(eb!.embedding) ? null : Math.round(dot * 1e4) / 1e4, tokens: [ea!.tokens, eb!.tokens] };
}

process.on('message', (req: Request) => {
  handle(req).then(
    (result) => process.send?.({ id: req.id, ok: true, result }),
    (err: unknown) => process.send?.({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
  );
});
// The web process went away: so do we.
process.on('disconnect', () => process.exit(0));
