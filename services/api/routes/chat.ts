// POST /v1/chat, GET /v1/conversations/:id, GET /v1/conversations/:id/messages, POST /v1/conversations/:id/feedback, GET /v1/widget/config - the chatbot
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { startChatTurn, type ChatEvent } from '@/services/chat/run-chat-turn';
import { getConversation } from '@/services/chat/get-conversation';
import { listNewMessages } from '@/services/chat/list-new-messages';
import { newMessagesQuery } from '@/services/chat/handoff-schemas';
import { giveFeedback } from '@/services/chat/give-feedback';
import { getWidgetConfig } from '@/services/chat/get-widget-config';
import { recordWidgetSeen } from '@/services/analytics/record-widget-seen';
import { widgetConfigSchema } from '@/services/chat/widget-settings';
import {
  chatRequestSchema,
  chatResponseSchema,
  conversationParamsSchema,
  conversationSchema,
  feedbackRequestSchema,
  feedbackResponseSchema,
  MAX_MESSAGE_CHARS,
  newMessagesSchema,
  type ChatResponse,
} from '@/services/chat/schemas';

const tags = ['Chat'];
const wantsStream = (req: FastifyRequest) => /\btext\/event-stream\b/i.test(String(req.headers.accept ?? ''));

/** Server-sent events: one `event:` line and one `data:` line (JSON) per event. */
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

function toSse(ev: ChatEvent): string {
  switch (ev.type) {
    case 'delta':
      return sse('delta', { text: ev.text });
    case 'citations':
      return sse('citations', { citations: ev.citations });
    case 'products':
      return sse('products', { products: ev.products });
    case 'done':
      return sse('done', { conversationId: ev.conversationId, messageId: ev.messageId, answered: ev.answered, handoff: ev.handoff, withAgent: ev.withAgent });
  }
}

/**
 * Streams the turn's events. The headers the guards set (CORS, request id) are kept. The turn is
 * drained to the end even when the client goes away, so the answer is always stored.
 */
async function stream(req: FastifyRequest, reply: FastifyReply, events: AsyncGenerator<ChatEvent, void>) {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  raw.flushHeaders();
  let open = true;
  raw.on('close', () => {
    open = false;
  });
  try {
    for await (const ev of events) if (open) raw.write(toSse(ev));
  } catch (err) {
    req.log.error({ err }, 'chat turn failed while streaming');
    if (open) raw.write(sse('error', new AppError('internal', `Internal error; quote request id ${req.id} when contacting support`).toBody()));
  }
  raw.end();
}

async function collect(conversationId: string, events: AsyncGenerator<ChatEvent, void>): Promise<ChatResponse> {
  const out: ChatResponse = { conversationId, messageId: '', answer: '', answered: false, handoff: false, withAgent: false, citations: [], products: [] };
  for await (const ev of events) {
    if (ev.type === 'delta') out.answer += ev.text;
    else if (ev.type === 'citations') out.citations = ev.citations;
    else if (ev.type === 'products') out.products = ev.products;
    else Object.assign(out, { messageId: ev.messageId, answered: ev.answered, handoff: ev.handoff, withAgent: ev.withAgent });
  }
  return out;
}

export function chatRoutes(app: ApiApp) {
  app.post(
    '/v1/chat',
    {
      config: { scopes: ['chat:write'], publishable: true, meter: 'chat_messages' },
      schema: {
        summary: 'Send a message to the chatbot',
        description:
          `A visitor message (1 to ${MAX_MESSAGE_CHARS} characters) and the bot's answer, grounded on the workspace's knowledge base ` +
          'with citations (`[n]` markers in the text), product cards for shopping questions, or "don\'t know" with the offer of a ' +
          'person (`answered: false`, `handoff: true`). Omit `conversationId` to start a conversation; pass the returned one to ' +
          'continue it (the bot remembers the last turns). With `Accept: text/event-stream` the answer streams as server-sent events: ' +
          '`delta` ({text}, repeated), `citations` ({citations}), `products` ({products}), then `done` ({conversationId, messageId, ' +
          'answered, handoff, withAgent}). While a person of your team owns the conversation (live handoff) the bot stays silent: ' +
          'the message is stored for them, the answer is empty with `withAgent: true`, and their reply arrives through ' +
          '`GET /v1/conversations/{id}/messages`. The message is stored (and metered) before the answer starts. Usage: one `chat_messages` unit per ' +
          'message. Publishable keys may call it from their allowed origins; with identity verification on, a `userId` needs its `userHash`.',
        tags,
        security: [{ bearerAuth: ['chat:write'] }],
        body: chatRequestSchema,
        response: { 200: chatResponseSchema },
      },
    },
    async (req, reply) => {
      const turn = await startChatTurn({
        workspaceId: workspaceOf(req),
        keyType: req.apiKey.type,
        request: req.body,
        apiBaseUrl: env().PUBLIC_API_URL,
        log: req.log,
      });
      if (wantsStream(req)) return stream(req, reply, turn.events);
      return collect(turn.conversationId, turn.events);
    },
  );

  app.get(
    '/v1/conversations/:id',
    {
      config: { scopes: ['chat:write'], publishable: true },
      schema: {
        summary: 'Get a conversation',
        description:
          'The conversation and its messages, oldest first (the widget restores its transcript with it). Secret keys also get the ' +
          'visitor messages\' sentiment and the "needs a person" flag. 404 when it is not a conversation of this workspace.',
        tags,
        security: [{ bearerAuth: ['chat:write'] }],
        params: conversationParamsSchema,
        response: { 200: conversationSchema },
      },
    },
    async (req) => getConversation(workspaceOf(req), req.params.id, { internal: req.apiKey.type === 'secret' }),
  );

  app.get(
    '/v1/conversations/:id/messages',
    {
      config: { scopes: ['chat:write'], publishable: true },
      schema: {
        summary: 'Poll a conversation for new messages',
        description:
          'Messages after position `after` (the `cursor` of the previous call), oldest first: how the widget receives a person\'s ' +
          'reply within a second or two while it is open (it calls this about once a second). Also says whether a person owns the ' +
          'conversation (`withAgent`). Internal notes are never included. 404 when it is not a conversation of this workspace.',
        tags,
        security: [{ bearerAuth: ['chat:write'] }],
        params: conversationParamsSchema,
        querystring: newMessagesQuery,
        response: { 200: newMessagesSchema },
      },
    },
    async (req) => listNewMessages(workspaceOf(req), req.params.id, req.query.after, { internal: req.apiKey.type === 'secret' }),
  );

  app.post(
    '/v1/conversations/:id/feedback',
    {
      config: { scopes: ['chat:write'], publishable: true },
      schema: {
        summary: 'Rate an answer',
        description: "Thumbs `up` or `down` (and an optional comment) on a bot message (`messageId`, default the latest answer). Rating again replaces it.",
        tags,
        security: [{ bearerAuth: ['chat:write'] }],
        params: conversationParamsSchema,
        body: feedbackRequestSchema,
        response: { 200: feedbackResponseSchema },
      },
    },
    async (req) => giveFeedback(workspaceOf(req), req.params.id, req.body),
  );

  app.get(
    '/v1/widget/config',
    {
      config: { scopes: ['chat:write'], publishable: true },
      schema: {
        summary: 'Get the chat widget settings',
        description: 'The theme set in the dashboard (title, greeting, colour, position) and whether identity verification is on; the widget reads it at load.',
        tags,
        security: [{ bearerAuth: ['chat:write'] }],
        response: { 200: widgetConfigSchema },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      // A publishable key passed the origin check: the widget is live on an allowed site (the overview's checklist).
      if (req.apiKey.type === 'publishable' && req.headers.origin) await recordWidgetSeen(ws, req.headers.origin);
      return getWidgetConfig(ws);
    },
  );
}
