// POST /v1/sentiment - score the sentiment of texts (negative / neutral / positive, calibrated), metered per text
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { compiledJsonResponse } from '../compiled-json';
import { analyzeSentiment } from '@/services/sentiment/analyze-sentiment';
import { MAX_SENTIMENT_CHARS, MAX_SENTIMENT_TEXTS, sentimentRequestSchema, sentimentResponseSchema } from '@/services/sentiment/schemas';

export function sentimentRoutes(app: ApiApp) {
  app.post(
    '/v1/sentiment',
    {
      ...compiledJsonResponse,
      config: { scopes: ['sentiment:write'], meter: 'sentiment_texts', units: (req) => (req.body as { texts: unknown[] }).texts.length },
      schema: {
        summary: 'Score sentiment',
        description:
          `Scores each of \`texts\` (1 to ${MAX_SENTIMENT_TEXTS} texts, each 1 to ${MAX_SENTIMENT_CHARS} characters; body at most 1 MB, larger: 413). ` +
          'Each result has `label` (negative, neutral or positive), `score` (its probability) and `scores` (the probability of each ' +
          'class, calibrated on held-out data: of the texts given 0.8, about 80% are right). Results are in the order of `texts`. ' +
          '`model` is optional: `default` (a fine-tuned MiniLM transformer, `cairn/sentiment-minilm-l6`; texts cut at 128 tokens), ' +
          '`fast` (`cairn-sentiment-cnn`, a convolutional model over GloVe vectors: several times faster, less accurate), or either ' +
          'model\'s name; the response names the model that answered. Both are English; text in other languages gets an answer, ' +
          'usually neutral or low-confidence, never an error. Usage: one `sentiment_texts` unit per text. 503 with Retry-After while the model loads or when it is overloaded.',
        tags: ['Sentiment'],
        security: [{ bearerAuth: ['sentiment:write'] }],
        body: sentimentRequestSchema,
        response: { 200: sentimentResponseSchema },
      },
    },
    async (req) => analyzeSentiment(workspaceOf(req), req.body, req.log),
  );
}
