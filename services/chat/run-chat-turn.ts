import { performance } from 'node:perf_hooks';
import type { Logger } from '@/services/logger';
import { retrieveWithMemory } from './retrieve-with-memory';
import { acceptMessage } from './accept-message';
import { answerQuestion } from './answer-question';
import { toCitation, type Citation } from './citations';
import { detectIntent } from './detect-intent';
import { findProducts } from './find-products';
import { selectLlmPassages } from './llm-context';
import { recordSentiment } from './record-sentiment';
import * as replies from './replies';
import type { ChatRequest, ProductCard } from './schemas';
import { scoreMessageSentiment } from './score-message-sentiment';
import { storeAnswer, type AnswerIntent } from './store-answer';
import { citedNumbers, LlmError, streamLlmAnswer, type LlmConfig } from './stream-llm-answer';
import { loadWorkspaceBot } from './workspace-bot';
import { notifyNeedsPerson } from './notify-needs-person';
import { verifyIdentity } from './verify-identity';
import { getPrivacySettings } from '@/services/privacy/get-privacy-settings';
import { redactPii } from '@/services/privacy/redact-pii';

/** Longest the `done` event waits for the visitor message's sentiment to be stored. */
const SENTIMENT_WAIT_MS = 1500;

export type ChatEvent =
  | { type: 'delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'products'; products: ProductCard[] }
  | { type: 'done'; conversationId: string; messageId: string; answered: boolean; handoff: boolean; withAgent: boolean };

export interface ChatTurn {
  conversationId: string;
  /** Drain it to the end: the answer is stored before `done` (also when nobody listens any more). */
  events: AsyncGenerator<ChatEvent, void>;
}

export interface ChatTurnInput {
  workspaceId: string;
  keyType: 'secret' | 'publishable';
  request: ChatRequest;
  /** Base of citation links to the api's document view. */
  apiBaseUrl: string;
  log?: Pick<Logger, 'warn' | 'error'>;
  /** Overrides the configured LLM (tests); null: extractive even when configured. */
  llm?: LlmConfig | null;
}

/** Sentences of the extractive answer are streamed one by one ("4.95" is not a sentence end). */
const sentencesOf = (text: string) => text.match(/.+?(?:[.!?]+(?:\s*\[\d+\])?(?=\s|$)|$)\s*/gs) ?? [text];

/**
 * One visitor message and the bot's answer. Before anything streams, the message is validated
 * (identity), stored and metered (errors here are plain 4xx); then the events: the answer as
 * deltas, its citations, product cards, and `done` once the answer and the message's sentiment
 * are stored. Intents: a request for a person flags the conversation; greetings and thanks get a
 * short reply; shopping questions get product cards (falling back to the knowledge base when no
 * product matches); everything else is answered from the knowledge base, by the LLM when one is
 * configured (falling back to the extractive answer if it fails before saying anything), else
 * extractively. Below the relevance threshold the bot says it does not know and offers a person.
 * With the workspace's `redactPii` on (the default), emails, phone numbers and card numbers in the
 * message are replaced before it is stored, scored, searched or sent to the LLM; only the intent
 * is read from the original, so an email left for a person still reaches the conversation's
 * contact field (its purpose), and the reply that repeats it is stored redacted.
 */
export async function startChatTurn(input: ChatTurnInput): Promise<ChatTurn> {
  const t0 = performance.now();
  const { workspaceId, request } = input;
  const [{ userVerified }, privacy, bot] = await Promise.all([
    verifyIdentity(workspaceId, input.keyType, request.userId, request.userHash),
    getPrivacySettings(workspaceId),
    loadWorkspaceBot(workspaceId),
  ]);
  const redact = privacy.redactPii ? redactPii : (text: string) => text;
  const message = redact(request.message);
  const accepted = await acceptMessage(workspaceId, { conversationId: request.conversationId, text: message, userId: request.userId, userVerified });
  // The workspace's bot settings choose the LLM (else the deployment's), the thresholds, the voice and the fallback text.
  const llm = input.llm === undefined ? bot.llm : input.llm;
  if (input.llm === undefined && bot.llmProblem) input.log?.warn({ workspaceId, problem: bot.llmProblem }, 'workspace LLM not used; answering extractively');

  async function* events(): AsyncGenerator<ChatEvent, void> {
    if (accepted.assigneeUserId) {
      // A person owns the conversation (live handoff): the message is stored for them and the bot
      // says nothing; the agent's reply reaches the widget through GET /v1/conversations/:id/messages.
      await Promise.race([scoreSentiment(), new Promise((resolve) => setTimeout(resolve, SENTIMENT_WAIT_MS).unref())]);
      yield { type: 'done', conversationId: accepted.conversationId, messageId: '', answered: false, handoff: true, withAgent: true };
      return;
    }
    const intent = detectIntent(request.message);
    let text = '';
    let answered = true;
    let kind: AnswerIntent = 'answer';
    let method = 'extractive';
    let confidence: number | null = null;
    let citations: Citation[] = [];
    let products: ProductCard[] = [];
    let handoffRequested = false;
    let contactEmail: string | undefined;

    if (intent.kind === 'handoff' || intent.kind === 'contact' || intent.kind === 'greeting' || intent.kind === 'thanks') {
      kind = intent.kind === 'handoff' ? 'handoff' : 'smalltalk';
      handoffRequested = intent.kind === 'handoff';
      if (intent.kind === 'contact') contactEmail = intent.email;
      text =
        intent.kind === 'handoff' ? replies.HANDOFF : intent.kind === 'contact' ? replies.CONTACT_THANKS(intent.email) : intent.kind === 'greeting' ? replies.greeting(bot.name) : replies.THANKS;
      method = 'rule';
      yield { type: 'delta', text };
    }

    if (intent.kind === 'products') {
      const found = await findProducts({ workspaceId, userId: request.userId, query: message, similarTo: intent.similarTo && redact(intent.similarTo), limit: 4 });
      if (found.products.length > 0) {
        kind = 'products';
        method = 'catalog';
        products = found.products;
        text = found.anchor ? replies.SIMILAR(found.anchor.title) : replies.PRODUCTS;
        yield { type: 'delta', text };
        yield { type: 'products', products };
      }
    }

    if (text === '') {
      // Visitor turns stored before redaction was switched on are redacted on their way to the LLM too.
      const history = accepted.history.map((h) => ({ role: h.role, text: h.role === 'visitor' ? redact(h.text) : h.text }));
      let streamed = false;
      if (llm) {
        const llmThreshold = bot.llmMinRelevance;
        const retrieval = await retrieveWithMemory(workspaceId, message, history, llmThreshold);
        confidence = retrieval.relevance;
        const passages = selectLlmPassages(retrieval);
        if (retrieval.relevance >= llmThreshold) {
          method = `llm:${llm.model}`;
          try {
            const stream = streamLlmAnswer(llm, passages, history, message, { bot });
            let step = await stream.next();
            while (!step.done) {
              streamed = true;
              text += step.value;
              yield { type: 'delta', text: step.value };
              step = await stream.next();
            }
            answered = step.value.answered;
            if (answered) {
              const numbers = citedNumbers(text, passages.length);
              citations = (numbers.length ? numbers : [1]).map((n) => toCitation(n, input.apiBaseUrl, workspaceId, passages[n - 1]!.chunk));
            }
          } catch (err) {
            if (!(err instanceof LlmError)) throw err;
            input.log?.warn({ err: err.message, workspaceId }, 'LLM failed; answering extractively');
            if (streamed) {
              text += replies.LLM_INTERRUPTED;
              yield { type: 'delta', text: replies.LLM_INTERRUPTED };
              method = `llm:${llm.model}:interrupted`;
              const numbers = citedNumbers(text, passages.length);
              citations = numbers.map((n) => toCitation(n, input.apiBaseUrl, workspaceId, passages[n - 1]!.chunk));
            } else method = 'extractive:llm-failed';
          }
        } else answered = false;
      }
      if (!llm || method === 'extractive:llm-failed') {
        const answer = await answerQuestion({ workspaceId, apiBaseUrl: input.apiBaseUrl, history, minRelevance: bot.minRelevance }, message);
        confidence = answer.relevance;
        answered = answer.answered;
        if (answered) {
          text = answer.text;
          citations = answer.citations;
          for (const sentence of sentencesOf(text)) yield { type: 'delta', text: sentence };
        }
      }
      if (!answered) {
        kind = 'unknown';
        text = bot.fallbackText;
        citations = [];
        if (!streamed) yield { type: 'delta', text };
        else yield { type: 'delta', text: `\n${text}` };
      }
      if (citations.length) yield { type: 'citations', citations };
    }

    // Scored once the answer is out, not beside it: both models share this process's CPU, and the
    // visitor waits for the question's embedding, not for the message's sentiment (bench:chat).
    const sentiment = scoreSentiment();
    const stored = await storeAnswer({
      workspaceId,
      conversationId: accepted.conversationId,
      messageId: accepted.answerId,
      seq: accepted.seq + 1,
      text: method === 'rule' ? redact(text) : text,
      answered: kind !== 'unknown',
      intent: kind,
      method,
      latencyMs: Math.round(performance.now() - t0),
      confidence,
      citations,
      products,
      handoffRequested,
      contactEmail,
    });
    if (stored.newlyFlagged) await notifyNeedsPerson(workspaceId, accepted.conversationId, 'handoff_requested', input.log);
    // The sentiment is usually stored by now; a model still loading (first start) must not hold
    // the answer back: it finishes in the background.
    await Promise.race([sentiment, new Promise((resolve) => setTimeout(resolve, SENTIMENT_WAIT_MS).unref())]);
    yield { type: 'done', conversationId: accepted.conversationId, messageId: accepted.answerId, answered: kind !== 'unknown', handoff: kind === 'unknown' || handoffRequested, withAgent: false };
  }

  /** Scores the visitor message (while the answer is stored) and updates the conversation's flag. */
  async function scoreSentiment() {
    try {
      const [score] = (await scoreMessageSentiment([message])) ?? [];
      if (!score) return;
      const earlier = accepted.history.filter((h) => h.role === 'visitor').map((h) => ({ label: h.sentiment, negative: h.negative }));
      const recorded = await recordSentiment(workspaceId, accepted.conversationId, accepted.messageId, score, earlier);
      // Nobody to call when a person already owns the conversation.
      if (recorded.newlyFlagged && !accepted.assigneeUserId) await notifyNeedsPerson(workspaceId, accepted.conversationId, 'negative_sentiment', input.log);
    } catch (err) {
      input.log?.error({ err, workspaceId }, 'sentiment scoring failed');
    }
  }

  return { conversationId: accepted.conversationId, events: events() };
}
