// `npm run eval:chat`: quality of the chatbot's offline (extractive) answers. For each QA set, a
// fresh workspace gets the knowledge base (indexed by the real indexing code), then every question
// goes through the product's answer function (hybrid retrieval + extraction). Prints JSON:
//   recallAt3            in-scope questions whose expected fact is in one of the 3 best passages
//   answerContainsFact   in-scope questions answered with a text containing the expected fact
//   answeredRate         in-scope questions answered at all (not "don't know")
//   outOfScopeDontKnow   out-of-scope questions answered "don't know" (the goal is 1)
// and a sweep of the relevance threshold (what each metric would be at other thresholds).
// Options: --set FILE (a QA set; repeatable; default: the two in scripts/eval-chat/), --verbose
// (every question with its relevance and answer). A QA set is JSON:
//   {"name", "knowledgeBase": [paths of .md/.txt/.html/.pdf files, relative to the set's folder or
//    the project] | ["demo"], "questions": [{"q", "facts": [...]}, {"q", "outOfScope": true}]}
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '@/services/paths';
import { createTestDatabase } from '@/test/support/database';

const { values } = parseArgs({ options: { set: { type: 'string', multiple: true }, verbose: { type: 'boolean', default: false } } });
const sets = values.set?.length ? values.set.map((s) => path.resolve(s)) : ['qa-cairn-docs.json', 'qa-demo-shop.json'].map((f) => path.join(PROJECT_ROOT, 'scripts/eval-chat', f));

interface QaSet {
  name: string;
  knowledgeBase: string[];
  questions: { q: string; facts?: string[]; outOfScope?: boolean }[];
}

const database = process.env.EVAL_DATABASE_URL ? null : await createTestDatabase();
process.env.DATABASE_URL = process.env.EVAL_DATABASE_URL ?? database!.url;
process.env.LOG_LEVEL ??= 'warn';
const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
const { addDocument, addFileDocument } = await import('@/services/knowledge/add-document');
const { indexDocument } = await import('@/services/knowledge/index-document');
const { startEmbeddingModel, stopEmbeddingModel } = await import('@/services/embeddings/embedding-model');
const { answerQuestion } = await import('@/services/chat/answer-question');
const { minRelevance } = await import('@/services/chat/min-relevance');
const { disconnectDb } = await import('@/services/db/client');
const { DEMO_FAQ_MARKDOWN, DEMO_FAQ_TITLE, DEMO_QA_PAIRS } = await import('@/services/demo/demo-knowledge-base');

const norm = (s: string) => s.toLowerCase().replace(/[`*_]/g, '').replace(/\s+/g, ' ');
const contains = (text: string, facts: string[]) => facts.some((f) => norm(text).includes(norm(f)));
const threshold = minRelevance();
const SWEEP = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];

await startEmbeddingModel();
const results = [];
try {
  for (const file of sets) {
    const set = JSON.parse(fs.readFileSync(file, 'utf8')) as QaSet;
    const ws = await provisionWorkspace({ name: `eval ${set.name}`, ownerEmail: `eval-${Date.now()}-${Math.random().toString(36).slice(2)}@eval.local`, allowedOrigins: ['http://localhost'] });
    const docs = [];
    const t0 = performance.now();
    for (const entry of set.knowledgeBase) {
      if (entry === 'demo') {
        docs.push(await addDocument(ws.workspaceId, { kind: 'markdown', title: DEMO_FAQ_TITLE, content: DEMO_FAQ_MARKDOWN }));
        docs.push(await addDocument(ws.workspaceId, { kind: 'qa', title: 'Frequent questions', pairs: DEMO_QA_PAIRS }));
        continue;
      }
      const full = [path.resolve(path.dirname(file), entry), path.resolve(PROJECT_ROOT, entry)].find((p) => fs.existsSync(p));
      if (!full) throw new Error(`${set.name}: knowledge-base file ${entry} not found`);
      docs.push(await addFileDocument(ws.workspaceId, { bytes: fs.readFileSync(full), filename: path.basename(full), title: entry }));
    }
    let chunks = 0;
    for (const d of docs) {
      const r = await indexDocument(ws.workspaceId, d.id);
      if (r.status !== 'ready') throw new Error(`${set.name}: ${d.title} failed to index: ${r.error}`);
      chunks += r.chunks;
    }
    const indexMs = performance.now() - t0;

    const rows: { q: string; outOfScope: boolean; relevance: number; coverage: number; cosine: number; hitAt3: boolean; factInAnswer: boolean; answer: string; top3: string[] }[] = [];
    for (const question of set.questions) {
      const answer = await answerQuestion({ workspaceId: ws.workspaceId, apiBaseUrl: 'http://localhost', minRelevance: 0 }, question.q);
      const top3 = [...answer.retrieval.passages].sort((a, b) => b.relevance - a.relevance).slice(0, 3);
      const best = top3[0];
      rows.push({
        q: question.q,
        outOfScope: !!question.outOfScope,
        relevance: answer.relevance,
        coverage: best?.coverage ?? 0,
        cosine: best?.cosine ?? 0,
        hitAt3: !question.outOfScope && top3.some((p) => contains(`${p.chunk.documentTitle} ${p.chunk.heading} ${p.chunk.text}`, question.facts ?? [])),
        factInAnswer: !question.outOfScope && contains(answer.text, question.facts ?? []),
        answer: answer.text,
        top3: top3.map((p) => `${p.relevance.toFixed(2)} ${p.chunk.documentTitle} › ${p.chunk.heading} #${p.chunk.idx}`),
      });
    }
    const metricsAt = (t: number) => {
      const inScope = rows.filter((r) => !r.outOfScope);
      const oos = rows.filter((r) => r.outOfScope);
      const rate = (xs: boolean[]) => (xs.length ? Math.round((xs.filter(Boolean).length / xs.length) * 1000) / 1000 : null);
      return {
        threshold: t,
        answerContainsFact: rate(inScope.map((r) => r.relevance >= t && r.factInAnswer)),
        answeredRate: rate(inScope.map((r) => r.relevance >= t)),
        outOfScopeDontKnow: rate(oos.map((r) => r.relevance < t)),
      };
    };
    const inScope = rows.filter((r) => !r.outOfScope);
    results.push({
      set: set.name,
      documents: docs.length,
      chunks,
      indexMs: Math.round(indexMs),
      questions: { inScope: inScope.length, outOfScope: rows.length - inScope.length },
      recallAt3: Math.round((inScope.filter((r) => r.hitAt3).length / inScope.length) * 1000) / 1000,
      ...metricsAt(threshold),
      sweep: SWEEP.map(metricsAt),
      ...(values.verbose
        ? { rows: rows.map((r) => ({ ...r, relevance: +r.relevance.toFixed(3), coverage: +r.coverage.toFixed(3), cosine: +r.cosine.toFixed(3) })) }
        : { misses: rows.filter((r) => (r.outOfScope ? r.relevance >= threshold : !(r.relevance >= threshold && r.factInAnswer))).map((r) => ({ q: r.q, relevance: +r.relevance.toFixed(3), answer: r.answer.slice(0, 160) })) }),
    });
  }
} finally {
  await stopEmbeddingModel();
  await disconnectDb();
  await database?.drop();
}
process.stdout.write(JSON.stringify({ threshold, sets: results }, null, 2) + '\n');
