// POST /v1/knowledge/documents, POST /v1/knowledge/files, GET /v1/knowledge/documents[/:id], PUT and DELETE /v1/knowledge/documents/:id - the chatbot's knowledge base
import { z } from 'zod';
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import type { Readable } from 'node:stream';
import { addDocument } from '@/services/knowledge/add-document';
import { addUploadedFile } from '@/services/knowledge/add-uploaded-file';
import { AppError } from '@/services/errors/app-error';
import { deleteDocument } from '@/services/knowledge/delete-document';
import { getDocument } from '@/services/knowledge/get-document';
import { listDocuments } from '@/services/knowledge/list-documents';
import { replaceDocument } from '@/services/knowledge/replace-document';
import { addDocumentSchema, documentSchema } from '@/services/knowledge/schemas';
import { httpUrl, idString, safeText } from '@/services/validation';

const tags = ['Knowledge base'];
const security = [{ bearerAuth: ['knowledge:write'] }];
const FILE_TYPES = ['application/pdf', 'text/markdown', 'text/x-markdown', 'text/html', 'text/plain', 'application/xhtml+xml'];

export function knowledgeRoutes(app: ApiApp) {
  app.post(
    '/v1/knowledge/documents',
    {
      config: { scopes: ['knowledge:write'] },
      schema: {
        summary: 'Add a document',
        description:
          'A document as text (`kind` markdown, text or html, with `content`), a web page to fetch (`kind` url, with `url`: HTML, ' +
          'Markdown, text or PDF, at most 10 MB), or Q&A pairs (`kind` qa, with `pairs`). Answers 202: the document is stored and ' +
          'indexed by a background job; poll GET /v1/knowledge/documents/{id} for `status` (queued, indexing, ready, failed), ' +
          '`progress` and `error`. Body at most 1 MB here; upload larger files (and PDFs) to POST /v1/knowledge/files.',
        tags,
        security,
        body: addDocumentSchema,
        response: { 202: documentSchema },
      },
    },
    async (req, reply) => reply.code(202).send(await addDocument(workspaceOf(req), req.body)),
  );

  // Raw file uploads, in an encapsulated scope with their own content-type parsers: the file types
  // hand the raw body stream on unread (addUploadedFile spools it to disk within the size limit,
  // after the query string is validated and an upload slot is free); anything else, JSON
  // included, is refused with 415 before the body is read.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(FILE_TYPES, (_req, payload, done) => done(null, payload));
    scope.addContentTypeParser('*', (_req, _payload, done) =>
      done(new AppError('unsupported_media_type', `Unsupported Content-Type: send the file as one of ${FILE_TYPES.join(', ')}`)),
    );
    scope.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post(
      '/v1/knowledge/files',
      {
        config: { scopes: ['knowledge:write'] },
        schema: {
          summary: 'Upload a file',
          description:
            'The request body is the file itself (at most 10 MB), its type from `Content-Type`: application/pdf, text/markdown, ' +
            'text/html or text/plain (anything else: 415). `title` defaults to the file name or the first heading. Answers 202 like ' +
            'POST /v1/knowledge/documents. A workspace uploads at most a few files over 1 MB at a time (more: 429 with `Retry-After`).',
          tags,
          security,
          querystring: z.strictObject({
            title: safeText(300).optional(),
            filename: idString(300).optional().describe('The file name, when there is no title'),
            sourceUrl: httpUrl().optional().describe('Where the document lives on your site: citations link there'),
          }),
          response: { 202: documentSchema },
        },
      },
      async (req, reply) => {
        const length = req.headers['content-length'];
        const doc = await addUploadedFile(workspaceOf(req), {
          body: req.body as Readable | undefined,
          contentType: req.headers['content-type'],
          declaredBytes: length === undefined ? undefined : Number(length),
          filename: req.query.filename,
          title: req.query.title,
          sourceUrl: req.query.sourceUrl,
        });
        return reply.code(202).send(doc);
      },
    );
  });

  app.get(
    '/v1/knowledge/documents',
    {
      config: { scopes: ['knowledge:write'] },
      schema: {
        summary: 'List documents',
        description: 'The knowledge base, newest first (at most 500), each with its indexing status.',
        tags,
        security,
        response: { 200: z.object({ documents: z.array(documentSchema) }) },
      },
    },
    async (req) => ({ documents: await listDocuments(workspaceOf(req)) }),
  );

  app.get(
    '/v1/knowledge/documents/:id',
    {
      config: { scopes: ['knowledge:write'] },
      schema: {
        summary: 'Get a document',
        description: 'Its indexing `status`, `progress` (0 to 1), `chunks` and `error` (why it failed).',
        tags,
        security,
        params: z.object({ id: idString(100) }),
        response: { 200: documentSchema },
      },
    },
    async (req) => getDocument(workspaceOf(req), req.params.id),
  );

  app.put(
    '/v1/knowledge/documents/:id',
    {
      config: { scopes: ['knowledge:write'] },
      schema: {
        summary: 'Edit a document',
        description:
          'Replaces the document with a new version (the same body as POST /v1/knowledge/documents). Answers 202: its passages are ' +
          'removed at once, so the chatbot never cites the old text again, and the new text is indexed by a background job (poll ' +
          '`status`). 409 while the document is still queued or indexing; 404 for an unknown id.',
        tags,
        security,
        params: z.object({ id: idString(100) }),
        body: addDocumentSchema,
        response: { 202: documentSchema },
      },
    },
    async (req, reply) => reply.code(202).send(await replaceDocument(workspaceOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/v1/knowledge/documents/:id',
    {
      config: { scopes: ['knowledge:write'] },
      schema: {
        summary: 'Delete a document',
        description: 'Removes the document and all its passages; the chatbot stops citing it at once.',
        tags,
        security,
        params: z.object({ id: idString(100) }),
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (req, reply) => {
      await deleteDocument(workspaceOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
