// `npm run eval:chat`: quality of the chatbot's answers on several help centres (the QA sets in
// scripts/eval-chat/, format and fact check in scripts/eval-chat/sets.ts). For each corpus a fresh
// workspace gets the knowledge base (added and indexed by the real code), then every question goes
// through the product's answer function. Prints JSON per corpus and split (dev: tune on it; test:
// only report it):
//   contextRecall        answerable questions whose facts are all in the passages the LLM path
//                        would send (selectLlmPassages, and only above the LLM path's threshold)
//   citedArticleRate     answerable questions whose expected article is among the citations
//   factRate/anyFactRate extractive answers that contain all / at least one of the facts
//   falseDontKnowRate    answerable questions answered "don't know"
//   offTopicRefusalRate  off-topic questions answered "don't know"
//   latencyMs p50/p95 of answerQuestion, contextChars p50 (text of the LLM's passages)
// and a sweep of the relevance threshold over what does not need a new answer (recall, refusals).
// Options: --corpus NAME (a set's file name without qa-/.json, or its name; repeatable), --set FILE
// (repeatable), --split dev|test|all, --verbose (every question), --check (only check the sets).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@/test/support/database';
import { migrateDatabase } from '@/services/db/migrate';
import { checkSet, DEFAULT_SETS, factsIn, kbFiles, loadSet, type QaQuestion } from './eval-chat/sets';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
    split: { type: 'string', default: 'all' },
    verbose: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
});
if (!['dev', 'test', 'all'].includes(values.split!)) throw new Error('--split is dev, test or all');
const splits = values.split === 'all' ? (['dev', 'test'] as const) : ([values.split] as ('dev' | 'test')[]);
const wanted = values.corpus?.map((c) => c.toLowerCase());
const setFiles = (values.set?.length ? values.set.map((s) => path.resolve(s)) : DEFAULT_SETS).filter((file) => {
  if (!wanted) return true;
  const short = path.basename(file, '.json').replace(/^qa-/, '');
  return wanted.includes(short) || wanted.includes(loadSet(file).name.toLowerCase());
});
if (setFiles.length === 0) throw new Error(`no QA set matches --corpus ${values.corpus?.join(', ')}`);

const { DEMO_FAQ_MARKDOWN, DEMO_QA_PAIRS } = await import('@/services/demo/demo-knowledge-base');
const demoQaText = DEMO_QA_PAIRS.map((p) => `${p.question}\n${p.answer}`).join('\n\n');
const loaded = setFiles.map((file) => {
  const set = loadSet(file);
  const files = kbFiles(set, file);
  const byKey = new Map(files.map((f) => [f.key, f]));
  const textOf = (key: string) => (key === 'demo:faq' ? DEMO_FAQ_MARKDOWN : key === 'demo:qa' ? demoQaText : fs.readFileSync(byKey.get(key)!.file!, 'utf8'));
  const problems = checkSet(set, files, textOf);
  if (problems.length) throw new Error(`${set.name} (${path.basename(file)}):\n  ${problems.join('\n  ')}`);
  return { file, set, files };
});
if (values.check) {
  process.stdout.write(JSON.stringify(loaded.map(({ set, files }) => ({ set: set.name, documents: files.length, questions: set.questions.length })), null, 2) + '\n');
  process.exit(0);
}

const database = process.env.EVAL_DATABASE_URL ? null : await createTestDatabase();
// A persistent database is brought up to the current schema first (a new one is created empty).
if (process.env.EVAL_DATABASE_URL) await migrateDatabase(process.env.EVAL_DATABASE_URL);
process.env.DATABASE_URL = process.env.EVAL_DATABASE_URL ?? database!.url;
process.env.LOG_LEVEL ??= 'warn';
const { indexCorpus } = await import('./eval-chat/index-corpus');
const { startEmbeddingModel, stopEmbeddingModel } = await import('@/services/embeddings/embedding-model');
const { answerQuestion } = await import('@/services/chat/answer-question');
const { selectLlmPassages } = await import('@/services/chat/llm-context');
const { llmMinRelevance, minRelevance } = await import('@/services/chat/min-relevance');
const { disconnectDb } = await import('@/services/db/client');

const threshold = minRelevance();
const llmThreshold = llmMinRelevance();
const SWEEP = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];

interface Row {
  id: string;
  split: 'dev' | 'test';
  q: string;
  outOfScope: boolean;
  answered: boolean;
  relevance: number;
  /** Facts in the LLM's passages (whatever the threshold), in the extractive answer. */
  inContext: boolean[];
  inAnswer: boolean[];
  cited: boolean;
  latencyMs: number;
  contextChars: number;
  citedTitles: string[];
  context: string[];
  answer: string;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const rate = (xs: boolean[]) => (xs.length ? round(xs.filter(Boolean).length / xs.length) : null);
const quantile = (xs: number[], q: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
};
const all = (xs: boolean[]) => xs.every(Boolean);

function metrics(rows: Row[]) {
  const answerable = rows.filter((r) => !r.outOfScope);
  const offTopic = rows.filter((r) => r.outOfScope);
  const recallAt = (t: number) => rate(answerable.map((r) => r.relevance >= t && all(r.inContext)));
  return {
    questions: { answerable: answerable.length, offTopic: offTopic.length },
    contextRecall: recallAt(llmThreshold),
    citedArticleRate: rate(answerable.map((r) => r.cited)),
    factRate: rate(answerable.map((r) => r.answered && all(r.inAnswer))),
    anyFactRate: rate(answerable.map((r) => r.answered && r.inAnswer.some(Boolean))),
    falseDontKnowRate: rate(answerable.map((r) => !r.answered)),
    offTopicRefusalRate: rate(offTopic.map((r) => !r.answered)),
    latencyMs: { p50: quantile(rows.map((r) => r.latencyMs), 0.5), p95: quantile(rows.map((r) => r.latencyMs), 0.95) },
    contextCharsP50: quantile(answerable.map((r) => r.contextChars), 0.5),
    sweep: SWEEP.map((t) => ({
      threshold: t,
      contextRecall: recallAt(t),
      falseDontKnowRate: rate(answerable.map((r) => r.relevance < t)),
      offTopicRefusalRate: rate(offTopic.map((r) => r.relevance < t)),
    })),
  };
}

await startEmbeddingModel();
const results = [];
try {
  for (const { set, files } of loaded) {
    const { workspaceId, keyOf, chunks, indexMs } = await indexCorpus(set, files);

    const rows: Row[] = [];
    const questions = set.questions.filter((q) => (splits as readonly string[]).includes(q.split));
    for (const question of questions as QaQuestion[]) {
      const facts = 'facts' in question ? question.facts : [];
      const articles = 'articles' in question ? question.articles : [];
      const t1 = performance.now();
      const answer = await answerQuestion({ workspaceId: workspaceId, apiBaseUrl: 'http://localhost' }, question.q);
      const latencyMs = performance.now() - t1;
      const context = selectLlmPassages(answer.retrieval);
      const contextText = context.map((p) => `${p.chunk.documentTitle}\n${p.chunk.heading}\n${p.chunk.text}`).join('\n\n');
      rows.push({
        id: question.id,
        split: question.split,
        q: question.q,
        outOfScope: 'outOfScope' in question,
        answered: answer.answered,
        relevance: answer.retrieval.relevance,
        inContext: factsIn(contextText, facts),
        inAnswer: answer.answered ? factsIn(answer.text, facts) : facts.map(() => false),
        cited: answer.answered && answer.citations.some((c) => articles.includes(keyOf.get(c.documentId) ?? '')),
        latencyMs,
        contextChars: context.reduce((n, p) => n + p.chunk.text.length, 0),
        citedTitles: answer.citations.map((c) => `${keyOf.get(c.documentId)} › ${c.heading}`),
        context: context.map((p) => `${p.relevance.toFixed(2)} ${keyOf.get(p.chunk.documentId)} › ${p.chunk.heading} #${p.chunk.idx}`),
        answer: answer.text,
      });
    }
    const missingFacts = (r: Row) => {
      const q = set.questions.find((x) => x.id === r.id)!;
      return 'facts' in q ? q.facts.filter((_, i) => !r.inAnswer[i]) : [];
    };
    results.push({
      corpus: set.name,
      documents: files.length,
      chunks,
      indexMs: Math.round(indexMs),
      threshold,
      ...Object.fromEntries(splits.map((s) => [s, metrics(rows.filter((r) => r.split === s))])),
      ...(values.verbose
        ? {
            rows: rows.map((r) => ({
              id: r.id,
              split: r.split,
              q: r.q,
              outOfScope: r.outOfScope || undefined,
              relevance: round(r.relevance),
              answered: r.answered,
              inContext: all(r.inContext),
              cited: r.cited,
              citedTitles: r.citedTitles,
              context: r.context,
              answer: r.answer,
              missingFacts: missingFacts(r),
            })),
          }
        : {}),
    });
  }
} finally {
  await stopEmbeddingModel();
  await disconnectDb();
  await database?.drop();
}
process.stdout.write(JSON.stringify({ threshold, llmThreshold, corpora: results }, null, 2) + '\n');
