// A local fake of an OpenAI-compatible chat endpoint (POST /v1/chat/completions, stream: true),
// speaking its wire protocol: `data: {chat.completion.chunk}` lines, then `data: [DONE]`.
// Each request takes the next scripted behaviour; every request body is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  | { kind: 'stream'; chunks: string[]; delayMs?: number }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'hang' }
  | { kind: 'break'; chunks: string[] };

export interface FakeLlm {
  /** Base URL to configure as LLM_BASE_URL (ends with /v1). */
  baseUrl: string;
  requests: { headers: http.IncomingHttpHeaders; body: { model: string; stream: boolean; messages: { role: string; content: string }[] } }[];
  /** Behaviours for the next requests, in order; when none is left, answers with `fallback`. */
  script: FakeBehaviour[];
  fallback: FakeBehaviour;
  close: () => Promise<void>;
}

const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta: finish ? {} : { content }, finish_reason: finish }] })}\n\n`;

export async function startFakeLlm(): Promise<FakeLlm> {
  const fake: FakeLlm = { baseUrl: '', requests: [], script: [], fallback: { kind: 'stream', chunks: ['OK [1]'] }, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      fake.requests.push({ headers: req.headers, body: JSON.parse(raw) });
      const behaviour = fake.script.shift() ?? fake.fallback;
      if (behaviour.kind === 'status') return void res.writeHead(behaviour.status, { 'Content-Type': 'application/json' }).end(behaviour.body);
      if (behaviour.kind === 'hang') return; // never answers
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      // A role-only first chunk, as OpenAI sends.
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`);
      for (const c of behaviour.chunks) {
        res.write(chunk(c));
        await new Promise((r) => setTimeout(r, behaviour.kind === 'stream' ? (behaviour.delayMs ?? 5) : 5));
      }
      if (behaviour.kind === 'break') return void res.destroy();
      res.write(chunk('', 'stop'));
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
