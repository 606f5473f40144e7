// Helpers for chatbot API tests: a workspace with a knowledge base, keys, and a client for
// POST /v1/chat in JSON and in server-sent events.
import { buildKey, buildOwner } from '@/test/support/builders';
import type { Api } from '@/test/support/catalog';
import { addIndexedDocument } from '@/test/support/knowledge';
import type { AddDocumentInput } from '@/services/knowledge/schemas';
import type { Scope } from '@/services/api-keys/scopes';

export const SHOP_ORIGIN = 'https://shop.example';

export const SHOP_FAQ = `# Help

## Shipping

Standard delivery takes 2 to 4 working days and costs 4.95 euros.
Express delivery arrives the next working day and costs 12.95 euros.
We ship to every country in the European Union and to Norway.

## Returns

You can return any unused item within 30 days of delivery for a full refund.
Refunds reach your account within 5 working days.

## Warranty

Every tent has a lifetime warranty on seams and zips.
`;

/** A workspace with the FAQ indexed, a secret key (all scopes) and a publishable key for SHOP_ORIGIN. */
export async function chatTenant(docs: AddDocumentInput[] = [{ kind: 'markdown', title: 'Help centre', content: SHOP_FAQ }], opts: { secretScopes?: Scope[] } = {}) {
  const owner = await buildOwner();
  const workspaceId = owner.workspace.id;
  const secret = (await buildKey(owner, opts.secretScopes ? { scopes: opts.secretScopes } : {})).key;
  const publishable = (await buildKey(owner, { type: 'publishable', allowedOrigins: [SHOP_ORIGIN] })).key;
  const documentIds: string[] = [];
  for (const doc of docs) {
    const { id, result } = await addIndexedDocument(workspaceId, doc);
    if (result.status !== 'ready') throw new Error(`test document failed to index: ${result.error}`);
    documentIds.push(id);
  }
  return { owner, workspaceId, secret, publishable, documentIds };
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses a complete text/event-stream body. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split(/\n\n/)
    .filter((b) => b.trim())
    .map((block) => {
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** POST /v1/chat as JSON (default) or as a stream; `origin` is sent as the Origin header. */
export async function chat(api: Api, key: string, body: unknown, opts: { origin?: string; stream?: boolean } = {}) {
  const res = await api.request('/v1/chat', {
    method: 'POST',
    key,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'Content-Type': 'application/json',
      ...(opts.origin ? { Origin: opts.origin } : {}),
      ...(opts.stream ? { Accept: 'text/event-stream' } : {}),
    },
  });
  const text = await res.text();
  const parsed = opts.stream && res.ok ? parseSse(text) : text ? JSON.parse(text) : null;
  return { status: res.status, headers: res.headers, body: parsed };
}
