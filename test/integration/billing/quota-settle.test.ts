// How a quota reservation ends (services/api/plugins/limits.ts): counted when its response ends
// well, released when the response is an error or the client goes away before the answer. The
// real guard on a real Fastify server over real HTTP and a real workspace; a stand-in for the
// auth plugin (tested on its own) sets the request's key, and the metered route's handler waits
// until the test lets it answer, so the request can be watched while its units are reserved.
process.env.QUOTA_CACHE_TTL_MS = '10000'; // the state read once stays trusted through each test

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLimits } from '@/services/api/plugins/limits';
import type { BillingState } from '@/services/billing/billing-state';
import type { ResolvedKey } from '@/services/api-keys/resolve-api-key';
import { buildOwner } from '@/test/support/builders';

let app: FastifyInstance;
let url: string;
let key: ResolvedKey;
// The next answer of the metered route, released by the test.
let answer: { status: number; release: () => void; reached: Promise<BillingState>; arrived: (state: BillingState) => void };
const nextAnswer = (status: number) => {
  let release!: () => void;
  let arrived!: (state: BillingState) => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<BillingState>((resolve) => (arrived = resolve));
  answer = { status, release, reached, arrived };
  return gate;
};
let gate: Promise<void>;

beforeAll(async () => {
  const owner = await buildOwner(); // on the Free plan: capped, so requests reserve units
  key = { keyId: 'test-key', workspaceId: owner.workspace.id, workspaceName: 'test', plan: 'free', name: 'test', type: 'secret', scopes: new Set(), allowedOrigins: [] };
  app = Fastify({ forceCloseConnections: true });
  app.decorateRequest('apiKey', null as never);
  app.addHook('onRequest', (req, _reply, done) => {
    req.apiKey = key;
    done();
  });
  registerLimits(app);
  // The handler hands the test the billing state its units were reserved on.
  app.post('/metered', { config: { meter: 'events', units: () => 3 } }, async (req, reply) => {
    answer.arrived(req.billing!);
    await gate;
    return reply.code(answer.status).send({ status: answer.status });
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  answer?.release(); // a failed test must not leave a handler waiting: close waits for it
  await app?.close();
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('quota reservations', () => {
  it.each([
    { outcome: 'counted when the response succeeds', status: 200, counted: 3 },
    { outcome: 'released when the response is an error', status: 500, counted: 0 },
  ])('are $outcome', async ({ status, counted }) => {
    gate = nextAnswer(status);
    const response = fetch(`${url}/metered`, { method: 'POST' });
    const state = await answer.reached;
    const before = state.counted.events;
    expect(state.pending.events).toBe(3);
    answer.release();
    expect((await response).status).toBe(status);
    await until(() => state.pending.events === 0);
    expect(state.pending.events).toBe(0);
    expect(state.counted.events).toBe(before + counted);
  });

  it('are released when the client goes away before the answer, and stay released when the handler finishes later', async () => {
    gate = nextAnswer(200);
    const aborter = new AbortController();
    const response = fetch(`${url}/metered`, { method: 'POST', signal: aborter.signal }).catch((err: Error) => err);
    const state = await answer.reached;
    const before = state.counted.events;
    expect(state.pending.events).toBe(3);
    aborter.abort();
    expect(await response).toBeInstanceOf(Error);
    await until(() => state.pending.events === 0);
    expect(state.pending.events).toBe(0);
    answer.release();
    await new Promise((r) => setTimeout(r, 50));
    expect(state.pending.events).toBe(0);
    expect(state.counted.events).toBe(before);
  });
});
