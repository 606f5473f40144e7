// Trains the retrieval reranker (services/knowledge/passage-ranker.ts): a logistic regression over
// each candidate passage's signals, label = the passage belongs to an article that answers the
// question. Training questions, never the test halves:
//   - the dev halves of the eval:chat sets (customer-style questions and off-topic ones);
//   - questions generated from the team's own help centres: each document's title and its section
//     headings asked as a question, weighted 0.05 each: they are easier than what people write
//     (at 0.25 they taught the model that a heading match is everything: top-1 article 0.78 on
//     the dev questions; 0.84-0.86 at 0-0.05).
// Then the "don't know" threshold: the lowest relevance at which the dev off-topic questions are
// still refused at least 90% of the time; and the LLM path's lower one (see llmMinRelevance). Writes services/knowledge/passage-ranker-weights.json.
//   npx tsx scripts/train-chat-ranker.ts [--cache FILE] [--reuse]   (--reuse: refit from the cached features)
//   (with EVAL_DATABASE_URL set, the corpora indexed by eval:chat there are reused)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '@/services/paths';
import { createTestDatabase } from '@/test/support/database';
import { migrateDatabase } from '@/services/db/migrate';
import { RANKER_FEATURES, passageFeatures, passageRelevance, type PassageSignals, type RankerWeights } from '@/services/knowledge/passage-ranker';
import { DEFAULT_SETS, kbFiles, loadSet } from './eval-chat/sets';

const GENERATED_WEIGHT = 0.05;

const { values } = parseArgs({ options: { cache: { type: 'string', default: path.join(PROJECT_ROOT, 'models/build/ranker-features.json') }, reuse: { type: 'boolean', default: false } } });

interface Example {
  corpus: string;
  kind: 'written' | 'offTopic' | 'generated';
  candidates: { signals: PassageSignals; document?: string; positive: boolean }[];
}

async function collect(): Promise<Example[]> {
  // A persistent EVAL_DATABASE_URL reuses the corpora eval:chat indexed (index-corpus.ts).
  const database = process.env.EVAL_DATABASE_URL ? null : await createTestDatabase();
  if (process.env.EVAL_DATABASE_URL) await migrateDatabase(process.env.EVAL_DATABASE_URL);
  process.env.DATABASE_URL = process.env.EVAL_DATABASE_URL ?? database!.url;
  process.env.LOG_LEVEL ??= 'warn';
  const { indexCorpus } = await import('./eval-chat/index-corpus');
  const { retrievePassages } = await import('@/services/knowledge/retrieve-passages');
  const { startEmbeddingModel, stopEmbeddingModel } = await import('@/services/embeddings/embedding-model');
  const { getKbIndex } = await import('@/services/knowledge/kb-index');
  const { disconnectDb } = await import('@/services/db/client');
  await startEmbeddingModel();
  const examples: Example[] = [];
  try {
    for (const file of DEFAULT_SETS) {
      const set = loadSet(file);
      const corpus = await indexCorpus(set, kbFiles(set, file));
      const ask = async (q: string, kind: Example['kind'], answering: (key: string) => boolean) => {
        const r = await retrievePassages(corpus.workspaceId, q, { limit: 1000 });
        examples.push({ corpus: set.name, kind, candidates: r.passages.map((p) => ({ signals: p.signals, document: p.chunk.documentId, positive: answering(corpus.keyOf.get(p.chunk.documentId) ?? '') })) });
      };
      for (const q of set.questions.filter((x) => x.split === 'dev')) {
        if ('outOfScope' in q) await ask(q.q, 'offTopic', () => false);
        else await ask(q.q, 'written', (key) => q.articles.includes(key));
      }
      // Generated: titles and headings as questions, answered by their own document.
      const index = await getKbIndex(corpus.workspaceId, 0);
      const asked = new Set<string>();
      for (const chunk of index.chunks) {
        const key = corpus.keyOf.get(chunk.documentId) ?? '';
        const heading = chunk.heading.split(' › ').pop() ?? '';
        for (const q of [chunk.documentTitle, heading]) {
          if (q.split(/\s+/).length < 3 || asked.has(q)) continue;
          asked.add(q);
          await ask(q, 'generated', (k) => k === key);
        }
      }
      process.stderr.write(`${set.name}: ${corpus.chunks} chunks, ${examples.filter((e) => e.corpus === set.name).length} questions\n`);
    }
  } finally {
    await stopEmbeddingModel();
    await disconnectDb();
    await database?.drop();
  }
  return examples;
}

/** Weighted logistic regression by full-batch gradient descent (7 features: no library needed). */
function fit(examples: Example[]): RankerWeights {
  const rows: { x: number[]; y: number; w: number }[] = [];
  for (const e of examples) {
    const scale = e.kind === 'generated' ? GENERATED_WEIGHT : 1;
    const pos = e.candidates.filter((c) => c.positive).length;
    const neg = e.candidates.length - pos;
    // Each question weighs the same: half on its answering passages, half on the others.
    for (const c of e.candidates) rows.push({ x: passageFeatures(c.signals), y: c.positive ? 1 : 0, w: (scale * 0.5) / (c.positive ? pos : neg || 1) });
  }
  const d = RANKER_FEATURES.length;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const lambda = 1e-3;
  const total = rows.reduce((s, r) => s + r.w, 0);
  for (let iter = 0; iter < 6000; iter++) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    for (const r of rows) {
      let z = b;
      for (let k = 0; k < d; k++) z += w[k]! * r.x[k]!;
      const err = (1 / (1 + Math.exp(-z)) - r.y) * r.w;
      for (let k = 0; k < d; k++) g[k]! += err * r.x[k]!;
      gb += err;
    }
    for (let k = 0; k < d; k++) w[k]! -= 2 * (g[k]! / total + lambda * w[k]!);
    b -= 2 * (gb / total);
  }
  return { features: RANKER_FEATURES, weights: w.map((x) => Math.round(x * 1e4) / 1e4), bias: Math.round(b * 1e4) / 1e4 };
}

function report(examples: Example[], model: RankerWeights) {
  const best = (e: Example) => {
    const scored = e.candidates.map((c) => ({ r: passageRelevance(passageFeatures(c.signals), model), positive: c.positive })).sort((a, b) => b.r - a.r);
    return { relevance: scored[0]?.r ?? 0, top1: !!scored[0]?.positive, top3: scored.slice(0, 3).some((s) => s.positive) };
  };
  const written = examples.filter((e) => e.kind === 'written').map(best);
  const offTopic = examples.filter((e) => e.kind === 'offTopic').map(best);
  const rate = (xs: boolean[]) => Math.round((xs.filter(Boolean).length / Math.max(1, xs.length)) * 1000) / 1000;
  const sweep = [];
  for (let t = 0.05; t < 0.96; t += 0.025) {
    sweep.push({ threshold: Math.round(t * 1000) / 1000, answered: rate(written.map((x) => x.relevance >= t)), offTopicRefused: rate(offTopic.map((x) => x.relevance < t)) });
  }
  // The lowest threshold that still refuses at least 90% of the dev off-topic questions.
  const threshold = sweep.find((s) => s.offTopicRefused >= 0.9)?.threshold ?? 0.5;
  // With an LLM: the highest threshold that still sends at least 95% of the answerable dev
  // questions to the model (which refuses the rest itself), never above the extractive one.
  const llmThreshold = Math.min(threshold, [...sweep].reverse().find((s) => s.answered >= 0.95)?.threshold ?? 0.05);
  return { devWritten: written.length, devOffTopic: offTopic.length, top1ArticleHit: rate(written.map((x) => x.top1)), top3ArticleHit: rate(written.map((x) => x.top3)), threshold, llmThreshold, sweep };
}

const examples = values.reuse && fs.existsSync(values.cache!) ? (JSON.parse(fs.readFileSync(values.cache!, 'utf8')) as Example[]) : await collect();
fs.mkdirSync(path.dirname(values.cache!), { recursive: true });
fs.writeFileSync(values.cache!, JSON.stringify(examples));
const before = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'services/knowledge/passage-ranker-weights.json'), 'utf8')) as RankerWeights;
const model = fit(examples);
const after = report(examples, model);
const out = { ...model, threshold: after.threshold, llmThreshold: after.llmThreshold, trainedOn: { written: after.devWritten, offTopic: after.devOffTopic, generated: examples.filter((e) => e.kind === 'generated').length } };
fs.writeFileSync(path.join(PROJECT_ROOT, 'services/knowledge/passage-ranker-weights.json'), JSON.stringify(out, null, 2) + '\n');
process.stdout.write(JSON.stringify({ previous: { weights: before, dev: report(examples, before) }, trained: { weights: out, dev: after } }, null, 2) + '\n');
