// Helpers for knowledge-base and chat tests: the real embedding model (built once when missing),
// documents added and indexed through the product's own functions.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { env } from '@/services/config/env';
import { ensureGloveModel } from '@/ml/embedding/build-glove-model';
import { startEmbeddingModel, stopEmbeddingModel } from '@/services/embeddings/embedding-model';
import { startSentimentModel, stopSentimentModel } from '@/services/sentiment/sentiment-model';
import { ensureSentimentModel } from '@/ml/sentiment/build';
import { addDocument } from '@/services/knowledge/add-document';
import { indexDocument } from '@/services/knowledge/index-document';
import type { AddDocumentInput } from '@/services/knowledge/schemas';

/** Builds (first time only, ~30 s) and loads the offline embedding model in this process. */
export async function loadEmbeddingModel() {
  ensureGloveModel(path.join(env().MODELS_DIR, 'build', 'cairn-glove-100d'));
  return startEmbeddingModel();
}

/** The models a chat turn uses (embeddings for retrieval, sentiment for visitor messages), built when missing. */
export async function loadChatModels() {
  await loadEmbeddingModel();
  ensureSentimentModel(path.join(env().MODELS_DIR, 'build', 'cairn-sentiment-cnn'));
  await startSentimentModel();
}

export async function stopChatModels() {
  await stopEmbeddingModel();
  await stopSentimentModel();
}

/** Adds a document and runs its indexing job's work in this process; returns the document id. */
export async function addIndexedDocument(workspaceId: string, input: AddDocumentInput, opts: { allowPrivateUrls?: boolean } = {}) {
  const doc = await addDocument(workspaceId, input);
  const result = await indexDocument(workspaceId, doc.id, { allowedUrlRanges: opts.allowPrivateUrls ? ['127.0.0.0/8'] : [] });
  return { id: doc.id, result };
}

export interface TestSite {
  origin: string;
  requests: string[];
  close: () => Promise<void>;
}

/** A local web server answering each path from `routes` (status, content type, body). */
export async function startTestSite(routes: Record<string, { status?: number; type?: string; body: string | Uint8Array; headers?: Record<string, string>; delayMs?: number }>): Promise<TestSite> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    const send = () => res.writeHead(route.status ?? 200, { ...(route.type ? { 'Content-Type': route.type } : {}), ...route.headers }).end(route.body);
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
