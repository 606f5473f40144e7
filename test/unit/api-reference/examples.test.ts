// The API reference's examples: sampled from the operation's schemas (the schema's own examples
// first), and the curl command built from them, quoted for any shell text.
import { execFileSync } from 'node:child_process';
import { describe, it, expect } from 'vitest';
import { operationExample, sampleSchema } from '@/app/dashboard/[workspaceId]/api-reference/examples';
import { buildPath, renderCurl, shellQuote } from '@/app/dashboard/[workspaceId]/api-reference/curl';

const json = (schema: unknown) => ({ 'application/json': { schema } });

describe('operationExample', () => {
  it('samples the request body, path and required query parameters, and the first 2xx response', () => {
    const example = operationExample({
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', examples: ['boot-1'] } },
        { name: 'limit', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 100 } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
      ],
      requestBody: {
        content: json({
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string', examples: ['purchase', 'view'] },
            value: { type: 'number', example: 19.99 },
            // zod's bounds for an int: sampled as 0, not -9007199254740991
            count: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
          },
        }),
      },
      responses: {
        '400': { description: 'Bad', content: json({ type: 'object', properties: { error: { type: 'string' } } }) },
        '202': { description: 'Accepted', content: json({ type: 'object', properties: { jobId: { type: 'string', format: 'uuid' } } }) },
      },
    });
    expect(example.pathParams).toEqual({ id: 'boot-1' });
    expect(example.query).toEqual({ limit: '1' }); // the optional cursor is left out
    expect(example.body).toEqual({ type: 'purchase', value: 19.99, count: 0 });
    expect(example.response?.status).toBe('202');
    expect((example.response?.body as { jobId: string }).jobId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('has no body for an operation without one, and a response without content has no body', () => {
    const example = operationExample({ parameters: [], responses: { '204': { description: 'Deleted' } } });
    expect(example).toEqual({ pathParams: {}, query: {}, response: { status: '204' } });
  });

  it('turns a schema the sampler cannot read into null instead of failing the page', () => {
    expect(sampleSchema({ $ref: '#/components/schemas/Missing' })).toBeNull();
    expect(sampleSchema(undefined)).toBeUndefined();
  });
});

describe('curl', () => {
  it('fills path parameters (encoded) and a query string', () => {
    expect(buildPath('/v1/items/{id}/similar', { id: 'a b/c' }, { limit: '5', cursor: '' })).toBe('/v1/items/a%20b%2Fc/similar?limit=5');
  });

  it('renders a command with the key as a variable and a body the shell reads back unchanged', () => {
    const body = { message: "It's \"fine\" $HOME `x`" };
    const curl = renderCurl({ method: 'post', baseUrl: 'https://api.example.com/', path: '/v1/chat', body });
    expect(curl.split(' \\\n  ')).toEqual([
      "curl -X POST 'https://api.example.com/v1/chat'",
      '-H "Authorization: Bearer $CAIRN_API_KEY"',
      "-H 'Content-Type: application/json'",
      `-d ${shellQuote(JSON.stringify(body, null, 2))}`,
    ]);
    // The shell gives the data argument back exactly: quotes, $ and backticks are not interpreted.
    const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(JSON.stringify(body))}`]).toString();
    expect(JSON.parse(echoed)).toEqual(body);
  });

  it('leaves out the key for a public operation and the body for a GET', () => {
    expect(renderCurl({ method: 'get', baseUrl: 'http://localhost:4000', path: '/v1/me', authenticated: false })).toBe("curl -X GET 'http://localhost:4000/v1/me'");
  });
});
