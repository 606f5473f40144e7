// POST /v1/embeddings - embed texts (OpenAI request and response shape, metered per text)
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { compiledJsonResponse } from '../compiled-json';
import { createEmbeddings } from '@/services/embeddings/create-embeddings';
import {
  embeddingsRequestSchema,
  embeddingsResponseSchema,
  MAX_EMBEDDING_CHARS,
  MAX_EMBEDDING_INPUTS,
  type EmbeddingsRequest,
} from '@/services/embeddings/schemas';

const embeddingInputCount = (body: EmbeddingsRequest) => (typeof body.input === 'string' ? 1 : body.input.length);

export function embeddingRoutes(app: ApiApp) {
  app.post(
    '/v1/embeddings',
    {
      ...compiledJsonResponse,
      config: { scopes: ['embeddings:write'], meter: 'embedding_texts', units: (req) => embeddingInputCount(req.body as EmbeddingsRequest) },
      schema: {
        summary: 'Create embeddings',
        description:
          `Embeds \`input\` (one text, or an array of 1 to ${MAX_EMBEDDING_INPUTS} texts, each 1 to ${MAX_EMBEDDING_CHARS} characters; ` +
          'body at most 1 MB, larger: 413) into unit-length vectors, in the OpenAI embeddings request and response shape. ' +
          '`model` is optional: `default` (what an absent field means: the sentence encoder `Xenova/all-MiniLM-L6-v2`, 384 dimensions, ' +
          'texts cut at 256 tokens), `fast` (`cairn-glove-100d`: averaged GloVe word vectors, 100 dimensions, several times faster, ' +
          'weaker on meaning), either model\'s name, or an OpenAI model name (`text-embedding-3-small`, `text-embedding-3-large`, ' +
          '`text-embedding-ada-002`) as an alias of the default, so OpenAI SDKs work unchanged. The response names the model that ' +
          'answered (`model`) and the vector length (`dimensions`). `usage` counts tokens as the model read them. ' +
          'Usage: one `embedding_texts` unit per text. 503 with Retry-After while the model loads or when it is overloaded.',
        tags: ['Embeddings'],
        security: [{ bearerAuth: ['embeddings:write'] }],
        body: embeddingsRequestSchema,
        response: { 200: embeddingsResponseSchema },
      },
    },
    async (req) => createEmbeddings(workspaceOf(req), req.body, req.log),
  );
}
