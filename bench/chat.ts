// bench/chat: the chatbot's speed. Prints JSON.
//   npm run bench:chat [-- --duration 15 --concurrency 20 --corpus-mb 2]
// 1. Conversations: the real api process (with the offline embedding model loaded) on a fresh
//    database whose workspace holds the demo shop's help centre. `concurrency` simulated visitors
//    each hold a conversation: a question, the streamed answer read to its end (SSE over fetch,
//    publishable key and Origin as from the widget), then the next question in the same
//    conversation, with no pause. Figures: time to the response headers (ttfbMs), time to the first
//    `delta` event, i.e. the first words of the answer (firstDeltaMs), time to `done`, answers/s.
//    The extractive path (no LLM_BASE_URL). The target is firstDeltaMs p95 <= 300 ms.
// 2. Indexing: a generated Markdown corpus of `corpus-mb` MB indexed as one document by the real
//    indexing code (parse, chunk by headings, embed, store with full-text vectors), chunks/s, with
//    the time of each phase (parse+chunk and embed measured on their own; the rest is storing), and
//    the embedding phase again with the fast model (GloVe) beside the default, chunks/s of each.
//    Then answer latency in process against that large knowledge base (retrieval over ~11k chunks).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@/test/support/database';
import { freePort, startApiProcess } from '@/test/support/api-process';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '15' }, concurrency: { type: 'string', default: '20' }, 'corpus-mb': { type: 'string', default: '2' }, warmup: { type: 'string', default: '3' } },
});
const seconds = Number(values.duration);
const concurrency = Number(values.concurrency);
const corpusMb = Number(values['corpus-mb']);
const warmupSeconds = Number(values.warmup);

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.LOG_LEVEL = 'warn';
const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
const { addDocument } = await import('@/services/knowledge/add-document');
const { indexDocument } = await import('@/services/knowledge/index-document');
const { parseFile } = await import('@/services/knowledge/parse-document');
const { chunkSections } = await import('@/services/knowledge/chunk-sections');
const { fastEmbeddingModelId, startEmbeddingModel, stopEmbeddingModel } = await import('@/services/embeddings/embedding-model');
const { db, disconnectDb } = await import('@/services/db/client');
const { DEMO_FAQ_MARKDOWN, DEMO_QA_PAIRS } = await import('@/services/demo/demo-knowledge-base');

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const dist = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: pct(xs, 100) });

const QUESTIONS = [
  'How long does standard delivery take?',
  'How much is express shipping?',
  'Can I return my boots after 3 weeks?',
  'When will I get my refund?',
  'Which size should I pick for climbing shoes?',
  'What payment methods do you accept?',
  'How long is the warranty?',
  'How should I wash my rain jacket?',
  'Where is your store?',
  'Do you sell gift cards?',
  'Is there a student discount?',
  'What is the capital of France?',
];

// ---- 1. Conversations over HTTP ----------------------------------------------------------------
const origin = 'https://shop.example';
const ws = await provisionWorkspace({ name: 'bench chat', ownerEmail: `bench-chat-${Date.now()}@bench.local`, allowedOrigins: [origin] });
// Billing guards stay on, as in production: the workspace is on the Scale plan (no monthly cap in
// the way) and RATE_LIMIT_MULTIPLIER lifts the request rate limits above this load (as bench:ingest).
process.env.RATE_LIMIT_MULTIPLIER ??= '1000';
await db().workspace.update({ where: { id: ws.workspaceId }, data: { plan: 'scale' } });
await startEmbeddingModel();
for (const input of [{ kind: 'markdown' as const, title: 'Help centre', content: DEMO_FAQ_MARKDOWN }, { kind: 'qa' as const, title: 'Frequent questions', pairs: DEMO_QA_PAIRS }]) {
  const doc = await addDocument(ws.workspaceId, input);
  await indexDocument(ws.workspaceId, doc.id);
}
const port = await freePort();
const api = await startApiProcess({ databaseUrl: database.url, waitForModels: true, port });
// Wait until the api's models are loaded (embeddings for retrieval, sentiment for every message).
for (const endpoint of ['embeddings', 'sentiment']) {
  for (let i = 0; i < 900; i++) {
    const res = await fetch(`${api.url}/v1/${endpoint}`, { method: 'POST', headers: { Authorization: `Bearer ${ws.secretKey}`, 'Content-Type': 'application/json' }, body: endpoint === 'embeddings' ? '{"input":"ready?"}' : '{"texts":["ready?"]}' });
    if (res.status === 200) break;
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Sample {
  ttfb: number;
  firstDelta: number;
  total: number;
  answered: boolean;
}

async function turn(question: string, conversationId: string | undefined): Promise<Sample & { conversationId: string }> {
  const t0 = performance.now();
  const res = await fetch(`${api.url}/v1/chat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ws.publishableKey}`, Origin: origin, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ message: question, ...(conversationId ? { conversationId } : {}) }),
  });
  const ttfb = performance.now() - t0;
  if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let firstDelta = 0;
  let done: { conversationId: string; answered: boolean } | undefined;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    buffer += decoder.decode(value, { stream: true });
    if (!firstDelta && buffer.includes('event: delta')) firstDelta = performance.now() - t0;
    const at = buffer.indexOf('event: done\ndata: ');
    if (at >= 0 && buffer.indexOf('\n\n', at) > 0) done = JSON.parse(buffer.slice(at + 18, buffer.indexOf('\n\n', at)));
  }
  if (!done) throw new Error('stream ended without done');
  return { ttfb, firstDelta, total: performance.now() - t0, answered: done.answered, conversationId: done.conversationId };
}

async function visitors(durationMs: number, record: boolean) {
  const samples: Sample[] = [];
  let errors = 0;
  const until = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, v) => {
      let conversationId: string | undefined;
      for (let i = v; performance.now() < until; i++) {
        try {
          const s = await turn(QUESTIONS[i % QUESTIONS.length]!, conversationId);
          // A new conversation every 6 turns, like visitors coming and going.
          conversationId = i % 6 === 5 ? undefined : s.conversationId;
          if (record) samples.push(s);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { samples, errors };
}

await visitors(warmupSeconds * 1000, false);
const load0 = os.loadavg()[0]!;
const t0 = performance.now();
const { samples, errors } = await visitors(seconds * 1000, true);
const elapsed = (performance.now() - t0) / 1000;
await api.stop();
const chat = {
  path: 'extractive',
  concurrency,
  durationS: Math.round(elapsed * 10) / 10,
  answers: samples.length,
  answersPerSec: Math.round((samples.length / elapsed) * 10) / 10,
  answeredShare: Math.round((samples.filter((s) => s.answered).length / Math.max(1, samples.length)) * 1000) / 1000,
  errors,
  ttfbMs: dist(samples.map((s) => s.ttfb)),
  firstDeltaMs: dist(samples.map((s) => s.firstDelta)),
  doneMs: dist(samples.map((s) => s.total)),
  targetFirstDeltaP95Ms: 300,
  loadAverageAtStart: Math.round(load0 * 100) / 100,
};

// ---- 2. Indexing a Markdown corpus --------------------------------------------------------------
/** A deterministic Markdown corpus of about `bytes` bytes: sections, subsections, paragraphs, lists. */
function corpus(bytes: number): string {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = (DEMO_FAQ_MARKDOWN.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length > 2);
  const sentence = () => {
    const n = 8 + Math.floor(rnd() * 14);
    const s = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + '.';
  };
  const parts: string[] = [];
  let size = 0;
  for (let chapter = 1; size < bytes; chapter++) {
    const block: string[] = [`# Chapter ${chapter}: ${sentence().slice(0, 40)}`];
    for (let section = 1; section <= 4; section++) {
      block.push(`## Section ${chapter}.${section}`);
      for (let p = 0; p < 3; p++) block.push(Array.from({ length: 3 + Math.floor(rnd() * 4) }, sentence).join(' '));
      if (rnd() < 0.4) block.push(Array.from({ length: 4 }, () => `- ${sentence()}`).join('\n'));
      if (rnd() < 0.3) block.push(`### Details\n\n${Array.from({ length: 4 }, sentence).join(' ')}`);
    }
    const text = block.join('\n\n') + '\n\n';
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join('');
}

const markdown = corpus(corpusMb * 1024 * 1024);
const bytes = new TextEncoder().encode(markdown);
// Phases, measured on their own once.
let t = performance.now();
const parsed = await parseFile('markdown', bytes);
const chunks = chunkSections(parsed.sections);
const parseChunkMs = performance.now() - t;
const model = await startEmbeddingModel();
t = performance.now();
for (let i = 0; i < chunks.length; i += 64) await model.embed(chunks.slice(i, i + 64).map((c) => `${c.heading}. ${c.text}`));
const embedMs = performance.now() - t;
// The fast model (GloVe) on the same chunks, for the ratio: the default pays for its quality here.
const fast = await startEmbeddingModel(undefined, fastEmbeddingModelId());
t = performance.now();
for (let i = 0; i < chunks.length; i += 64) await fast.embed(chunks.slice(i, i + 64).map((c) => `${c.heading}. ${c.text}`));
const fastEmbedMs = performance.now() - t;
// The real thing end to end: one document through the indexing job's function.
const indexWs = await provisionWorkspace({ name: 'bench index', ownerEmail: `bench-index-${Date.now()}@bench.local`, allowedOrigins: [origin] });
const doc = await addDocument(indexWs.workspaceId, { kind: 'markdown', title: 'Bench corpus', content: markdown });
t = performance.now();
const result = await indexDocument(indexWs.workspaceId, doc.id);
const indexMs = performance.now() - t;
const stored = await db().kbChunk.count({ where: { workspaceId: indexWs.workspaceId } });
// Answering from the large knowledge base, in this process: the first question loads the
// in-memory index (every chunk and vector), the next ones scan it.
const { answerQuestion } = await import('@/services/chat/answer-question');
const ask = (q: string) => answerQuestion({ workspaceId: indexWs.workspaceId, apiBaseUrl: 'http://localhost' }, q);
t = performance.now();
await ask(QUESTIONS[0]!);
const indexLoadMs = performance.now() - t;
const answerMs: number[] = [];
for (let i = 0; i < 60; i++) {
  t = performance.now();
  await ask(QUESTIONS[i % QUESTIONS.length]!);
  answerMs.push(performance.now() - t);
}
const indexing = {
  corpusBytes: bytes.byteLength,
  status: result.status,
  chunks: result.chunks,
  storedChunks: stored,
  seconds: Math.round(indexMs) / 1000,
  chunksPerSec: Math.round(result.chunks / (indexMs / 1000)),
  mbPerSec: Math.round((bytes.byteLength / 1024 / 1024 / (indexMs / 1000)) * 100) / 100,
  phasesMs: { parseAndChunk: Math.round(parseChunkMs), embed: Math.round(embedMs), storeAndRest: Math.round(indexMs - parseChunkMs - embedMs) },
  embedChunksPerSec: { [model.spec.name]: Math.round(chunks.length / (embedMs / 1000)), [fast.spec.name]: Math.round(chunks.length / (fastEmbedMs / 1000)) },
  embedDefaultVsFast: Math.round((embedMs / fastEmbedMs) * 10) / 10,
  answeringFromThisCorpus: { firstQuestionWithIndexLoadMs: Math.round(indexLoadMs), answerMs: dist(answerMs) },
};

await stopEmbeddingModel();
await disconnectDb();
await database.drop();
process.stdout.write(
  JSON.stringify({ machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) }, chat, indexing }, null, 2) + '\n',
);
