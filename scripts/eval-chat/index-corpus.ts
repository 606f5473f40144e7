// Loads one QA set's knowledge base into a fresh workspace through the product's own code (added as
// the dashboard uploads files, indexed by the worker's indexing function). Shared by eval:chat and
// the ranker trainer. Needs DATABASE_URL set before it is imported (it imports the database client).
// With a persistent database (EVAL_DATABASE_URL), a corpus indexed by an earlier run is reused
// while the set's files, the parsing and indexing code and the embedding model are unchanged
// (models/build/eval-chat-corpora.json): retrieval and answer changes are measured in minutes
// rather than re-indexing 414 articles each time.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { PROJECT_ROOT } from '@/services/paths';
import { provisionWorkspace } from '@/services/workspaces/provision-workspace';
import { addDocument, addFileDocument } from '@/services/knowledge/add-document';
import { indexDocument } from '@/services/knowledge/index-document';
import { DEMO_FAQ_MARKDOWN, DEMO_FAQ_TITLE, DEMO_QA_PAIRS } from '@/services/demo/demo-knowledge-base';
import type { KbFile, QaSet } from './sets';

export interface IndexedCorpus {
  workspaceId: string;
  /** The set's article key of each document id. */
  keyOf: Map<string, string>;
  chunks: number;
  indexMs: number;
}

const CACHE = path.join(PROJECT_ROOT, 'models', 'build', 'eval-chat-corpora.json');
const INDEXING_CODE = /^(parse-|sections|chunk-|front-matter|markdown-|index-document|store-chunks|split-sentences|add-)/;

/** What the stored index depends on: the files, the indexing code, the embedding model. */
function corpusFingerprint(set: QaSet, files: KbFile[]): string {
  const h = createHash('sha256').update(set.name).update(env().EMBEDDING_MODEL);
  for (const f of files) h.update(f.key).update(f.file ? fs.readFileSync(f.file) : '');
  const dir = path.join(PROJECT_ROOT, 'services', 'knowledge');
  for (const name of fs.readdirSync(dir).sort()) if (INDEXING_CODE.test(name)) h.update(fs.readFileSync(path.join(dir, name)));
  return h.digest('hex');
}

type Cache = Record<string, { workspaceId: string; keyOf: [string, string][]; chunks: number; indexMs: number }>;
const readCache = (): Cache => (fs.existsSync(CACHE) ? (JSON.parse(fs.readFileSync(CACHE, 'utf8')) as Cache) : {});

export async function indexCorpus(set: QaSet, files: KbFile[]): Promise<IndexedCorpus> {
  const persistent = !!process.env.EVAL_DATABASE_URL;
  const fingerprint = persistent ? corpusFingerprint(set, files) : '';
  const cached = persistent ? readCache()[fingerprint] : undefined;
  if (cached) {
    const ready = await db().kbDocument.count({ where: { workspaceId: cached.workspaceId, status: 'ready' } });
    if (ready === files.length) return { ...cached, keyOf: new Map(cached.keyOf) };
  }
  const corpus = await indexFresh(set, files);
  if (persistent) {
    fs.mkdirSync(path.dirname(CACHE), { recursive: true });
    fs.writeFileSync(CACHE, JSON.stringify({ ...readCache(), [fingerprint]: { ...corpus, keyOf: [...corpus.keyOf] } }));
  }
  return corpus;
}

async function indexFresh(set: QaSet, files: KbFile[]): Promise<IndexedCorpus> {
  const ws = await provisionWorkspace({ name: `eval ${set.name}`, ownerEmail: `eval-${Date.now()}-${Math.random().toString(36).slice(2)}@eval.local`, allowedOrigins: ['http://localhost'] });
  const keyOf = new Map<string, string>();
  const t0 = performance.now();
  for (const f of files) {
    const doc =
      f.key === 'demo:faq'
        ? await addDocument(ws.workspaceId, { kind: 'markdown', title: DEMO_FAQ_TITLE, content: DEMO_FAQ_MARKDOWN })
        : f.key === 'demo:qa'
          ? await addDocument(ws.workspaceId, { kind: 'qa', title: 'Frequent questions', pairs: DEMO_QA_PAIRS })
          : // Uploaded as the dashboard does: the file's name, no title (the product derives it).
            await addFileDocument(ws.workspaceId, { bytes: fs.readFileSync(f.file!), filename: path.basename(f.file!) });
    keyOf.set(doc.id, f.key);
  }
  let chunks = 0;
  for (const id of keyOf.keys()) {
    const r = await indexDocument(ws.workspaceId, id);
    if (r.status !== 'ready') throw new Error(`${set.name}: ${keyOf.get(id)} failed to index: ${r.error}`);
    chunks += r.chunks;
  }
  return { workspaceId: ws.workspaceId, keyOf, chunks, indexMs: performance.now() - t0 };
}
