// `npm run eval:embeddings`: article retrieval on help-centre questions, the way the knowledge base
// answers them. Methods: the MiniLM encoder (hub:Xenova/all-MiniLM-L6-v2, int8), the GloVe average
// (local:cairn-glove-100d), BM25 (MiniSearch) and a reciprocal-rank fusion of MiniLM and BM25.
// Corpora: the shared Arduino help centre (../shared/data/helpcentres/arduino) and a small
// author-written calendar-app help centre (ml/embedding/eval/corpus-calendar), so no figure rests on
// one corpus. Questions (ml/embedding/eval/*-questions.json) were written by hand the way customers
// write, each split dev/test by alternation before anything was measured: tune on dev, report test.
// An article is retrieved when any of its passages is; its score is its best passage's score.
// recall@k = share of questions with at least one answering article in the top k; MRR@10 uses the
// first answering article. Prints JSON.
//   options: --corpus arduino|calendar (default both)  --threads N (onnxruntime threads, default 1)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import MiniSearch from 'minisearch';
import { pipeline, env as hfEnv, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { EmbeddingModel } from '@/ml/embedding/model';
import { resolveModel } from '@/ml/runtime/registry';
import { GLOVE_MODEL_NAME } from '@/ml/embedding/card';
import { PROJECT_ROOT } from '@/ml/paths';
// The product's own Markdown parsing and chunking (pure functions, no database), so the passages
// scored here are the passages the knowledge base stores.
import { parseMarkdown } from '@/services/knowledge/parse-markdown';
import { chunkSections, HEADING_SEPARATOR } from '@/services/knowledge/chunk-sections';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, threads: { type: 'string', default: '1' } } });
const threads = Number(values.threads);
const modelsDir = process.env.MODELS_DIR ? path.resolve(PROJECT_ROOT, process.env.MODELS_DIR) : path.join(PROJECT_ROOT, 'models');
const EVAL_DIR = path.join(PROJECT_ROOT, 'ml', 'embedding', 'eval');
const CORPORA = {
  arduino: { dir: path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'helpcentres', 'arduino'), questions: path.join(EVAL_DIR, 'arduino-questions.json') },
  calendar: { dir: path.join(EVAL_DIR, 'corpus-calendar'), questions: path.join(EVAL_DIR, 'calendar-questions.json') },
};
const RRF_K = 60; // the constant from Cormack et al. (2009); not tuned here
const TOP = 10;

interface Question {
  id: string;
  question: string;
  articles: string[];
  split: 'dev' | 'test';
}
interface Passage {
  article: string;
  title: string;
  heading: string;
  text: string;
}
type Ranking = string[]; // article paths, best first

// Same text the indexer embeds (services/knowledge/index-document.ts embeddingText); copied rather
// than imported because that module opens the database and reads the service env on import.
const embeddingText = (title: string, heading: string, text: string) =>
  [title, ...heading.split(HEADING_SEPARATOR)].filter(Boolean).join('. ') + '. ' + text;

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md') && path.basename(f) !== 'LICENSE.md')
    .sort();
}

/** Article -> passages: YAML front matter gives the title, the product's parser and chunker the rest. */
function loadPassages(dir: string): { passages: Passage[]; articles: number } {
  const passages: Passage[] = [];
  const files = markdownFiles(dir);
  for (const rel of files) {
    const raw = fs.readFileSync(path.join(dir, rel), 'utf8');
    const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(raw);
    const meta = (fm ? YAML.parse(fm[1]!) : {}) as { title?: unknown };
    const parsed = parseMarkdown(fm ? raw.slice(fm[0].length) : raw);
    const title = typeof meta.title === 'string' ? meta.title : (parsed.title ?? path.basename(rel, '.md').replace(/-/g, ' '));
    const chunks = chunkSections(parsed.sections);
    // An article with no body text still answers by its title.
    if (chunks.length === 0) passages.push({ article: rel, title, heading: '', text: '' });
    for (const c of chunks) passages.push({ article: rel, title, heading: c.heading, text: c.text });
  }
  return { passages, articles: files.length };
}

/** Best passage score per article, highest first. */
function rankArticles(passages: Passage[], scores: ArrayLike<number>): Ranking {
  const best = new Map<string, number>();
  for (let i = 0; i < passages.length; i++) {
    const a = passages[i]!.article;
    if (scores[i]! > (best.get(a) ?? -Infinity)) best.set(a, scores[i]!);
  }
  return [...best.entries()].sort((x, y) => y[1] - x[1]).map(([a]) => a);
}

function metrics(questions: Question[], rankings: Ranking[]) {
  let r1 = 0;
  let r5 = 0;
  let rr = 0;
  questions.forEach((q, i) => {
    const rank = rankings[i]!.slice(0, TOP).findIndex((a) => q.articles.includes(a));
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 5) r5++;
    if (rank >= 0) rr += 1 / (rank + 1);
  });
  const n = questions.length;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { n, 'recall@1': round(r1 / n), 'recall@5': round(r5 / n), 'mrr@10': round(rr / n) };
}

// --- dense encoders -------------------------------------------------------------------------

interface Encoder {
  name: string;
  info: Record<string, unknown>;
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

async function repoEncoder(id: string, name: string): Promise<Encoder> {
  const t0 = performance.now();
  const spec = resolveModel(id, 'feature-extraction', { modelsDir });
  const model = new EmbeddingModel(spec, { device: 'cpu', threads, hub: { localModelPath: modelsDir, allowRemoteModels: false } });
  await model.load(); // builds the GloVe folder when missing and runs a warm-up batch
  return {
    name,
    info: { model: id, via: 'EmbeddingModel', dims: model.dims, loadMs: Math.round(performance.now() - t0), buildMs: model.buildMs },
    embed: async (texts) => (await model.embed(texts)).map((e) => e.embedding),
    dispose: () => model.dispose(),
  };
}

/** transformers.js directly: used only when EmbeddingModel cannot load the int8 hub folder. */
async function pipelineEncoder(modelId: string, name: string, why: string): Promise<Encoder> {
  const t0 = performance.now();
  hfEnv.allowRemoteModels = false;
  hfEnv.localModelPath = `${modelsDir}/`;
  const extractor = (await pipeline('feature-extraction', modelId, { dtype: 'q8', device: 'cpu' })) as FeatureExtractionPipeline;
  const run = async (texts: string[]) => {
    const out = await extractor(texts, { pooling: 'mean', normalize: true });
    const dims = out.dims[1]!;
    const data = out.data as Float32Array;
    return texts.map((_, i) => data.slice(i * dims, (i + 1) * dims));
  };
  await run(['warm up the model']);
  return { name, info: { model: `hub:${modelId}`, via: 'transformers.js pipeline (q8)', fallbackReason: why, loadMs: Math.round(performance.now() - t0) }, embed: run, dispose: () => extractor.dispose() };
}

async function minilm(): Promise<Encoder> {
  try {
    return await repoEncoder('hub:Xenova/all-MiniLM-L6-v2', 'minilm');
  } catch (err) {
    return pipelineEncoder('Xenova/all-MiniLM-L6-v2', 'minilm', String(err).slice(0, 200));
  }
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Embeds passages (batches of 64, as the indexer does) and queries (one at a time, as chat does). */
async function denseRankings(enc: Encoder, passages: Passage[], questions: Question[]) {
  const texts = passages.map((p) => embeddingText(p.title, p.heading, p.text));
  const vectors: Float32Array[] = [];
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += 64) vectors.push(...(await enc.embed(texts.slice(i, i + 64))));
  const passageMs = performance.now() - t0;
  const latencies: number[] = [];
  const rankings = [] as Ranking[];
  for (const q of questions) {
    const t = performance.now();
    const [v] = await enc.embed([q.question]);
    latencies.push(performance.now() - t);
    rankings.push(rankArticles(passages, vectors.map((p) => dot(v!, p))));
  }
  latencies.sort((a, b) => a - b);
  const throughput = {
    passages: texts.length,
    passageChars: texts.reduce((n, t) => n + t.length, 0),
    passagesPerSec: Math.round((texts.length / passageMs) * 1000 * 10) / 10,
    queryMsP50: Math.round(latencies[Math.floor(latencies.length / 2)]! * 10) / 10,
    queryMsP95: Math.round(latencies[Math.floor(latencies.length * 0.95)]! * 10) / 10,
  };
  return { rankings, throughput };
}

// --- BM25 and fusion -------------------------------------------------------------------------

// A short English stop list: question words ("how do i ...") otherwise dominate BM25 on user questions.
const STOP = new Set(
  'a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or our so that the their them then there these this to was we what when where which who why will with you your im dont doesnt cant'.split(' '),
);

function bm25Rankings(passages: Passage[], questions: Question[]): Ranking[] {
  const search = new MiniSearch<Passage & { id: number }>({
    fields: ['title', 'heading', 'text'],
    storeFields: [],
    processTerm: (term) => {
      const t = term.toLowerCase().replace(/['’]/g, '');
      return t.length < 2 || STOP.has(t) ? null : t;
    },
    // Title and headings name what an article is about; weights fixed up front, not tuned.
    searchOptions: { boost: { title: 2, heading: 1.5 }, prefix: true, fuzzy: 0.2 },
  });
  search.addAll(passages.map((p, id) => ({ ...p, id })));
  return questions.map((q) => {
    const scores = new Float64Array(passages.length);
    for (const hit of search.search(q.question)) scores[hit.id as number] = hit.score;
    return rankArticles(passages, scores);
  });
}

/** Reciprocal-rank fusion of article rankings. */
function fuse(...lists: Ranking[]): Ranking {
  const score = new Map<string, number>();
  for (const list of lists) list.slice(0, 100).forEach((a, r) => score.set(a, (score.get(a) ?? 0) + 1 / (RRF_K + r + 1)));
  return [...score.entries()].sort((x, y) => y[1] - x[1]).map(([a]) => a);
}

// --- run -------------------------------------------------------------------------------------

const names = values.corpus ? [values.corpus as keyof typeof CORPORA] : (Object.keys(CORPORA) as (keyof typeof CORPORA)[]);
const encoders = [await minilm(), await repoEncoder(`local:${GLOVE_MODEL_NAME}`, 'glove')];
const report: Record<string, unknown> = {
  definitions: 'recall@k: share of questions with an answering article in the top k; mrr@10: mean 1/rank of the first answering article (0 past 10); article score = best passage score',
  threads,
  encoders: Object.fromEntries(encoders.map((e) => [e.name, e.info])),
  corpora: {},
};
for (const name of names) {
  const c = CORPORA[name];
  const questions = JSON.parse(fs.readFileSync(c.questions, 'utf8')) as Question[];
  const { passages, articles } = loadPassages(c.dir);
  const known = new Set(passages.map((p) => p.article));
  const missing = questions.flatMap((q) => q.articles).filter((a) => !known.has(a));
  if (missing.length) throw new Error(`${name}: questions name unknown articles: ${missing.join(', ')}`);
  const rankings: Record<string, Ranking[]> = {};
  const throughput: Record<string, unknown> = {};
  for (const enc of encoders) {
    const r = await denseRankings(enc, passages, questions);
    rankings[enc.name] = r.rankings;
    throughput[enc.name] = r.throughput;
  }
  const t0 = performance.now();
  rankings.bm25 = bm25Rankings(passages, questions);
  throughput.bm25 = { indexAndSearchMs: Math.round(performance.now() - t0) };
  rankings['hybrid-rrf(minilm,bm25)'] = questions.map((_, i) => fuse(rankings.minilm![i]!, rankings.bm25![i]!));
  const bySplit = (split?: Question['split']) => {
    const idx = questions.map((q, i) => ({ q, i })).filter(({ q }) => !split || q.split === split);
    return Object.fromEntries(
      Object.entries(rankings).map(([m, r]) => [m, metrics(idx.map(({ q }) => q), idx.map(({ i }) => r[i]!))]),
    );
  };
  (report.corpora as Record<string, unknown>)[name] = {
    articles,
    passages: passages.length,
    questions: { dev: questions.filter((q) => q.split === 'dev').length, test: questions.filter((q) => q.split === 'test').length },
    dev: bySplit('dev'),
    test: bySplit('test'),
    throughput,
  };
}
for (const e of encoders) await e.dispose();
console.log(JSON.stringify(report, null, 2));
