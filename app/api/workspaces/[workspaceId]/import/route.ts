// POST /api/workspaces/:workspaceId/import?kind=events|items|users&format=jsonl|csv - the dashboard's
// file import: streams the request body (the raw file) into importRecords and answers NDJSON lines
// ({"type":"progress",...} after each committed batch, then {"type":"done","summary"} or
// {"type":"error","message"}). Outside /dashboard on purpose: the proxy matches /dashboard/*, and
// Next buffers (and cuts at 10 MB) every request body that goes through the proxy.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { errorResponse as error, guardWorkspaceRoute } from '@/app/lib/route-guard';
import { AppError } from '@/services/errors/app-error';
import { recordMemberChange } from '@/services/audit/record-member-change';
import { checkImportFile } from '@/services/import/check-file';
import { importRecords, IMPORT_FORMATS, IMPORT_KINDS, type ImportFormat, type ImportKind } from '@/services/import/import-records';
import { createLogger } from '@/services/logger';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  kind: z.enum(IMPORT_KINDS as [ImportKind, ...ImportKind[]]),
  format: z.enum(IMPORT_FORMATS as [ImportFormat, ...ImportFormat[]]),
});


export async function POST(request: Request, { params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  // Importing writes the workspace's data: owners and admins.
  const guard = await guardWorkspaceRoute(request, workspaceId, { role: 'admin' });
  if ('refused' in guard) return guard.refused;
  const url = new URL(request.url);
  const query = querySchema.safeParse({ kind: url.searchParams.get('kind'), format: url.searchParams.get('format') });
  if (!query.success) return error(400, 'validation_failed', `kind must be one of ${IMPORT_KINDS.join(', ')}; format one of ${IMPORT_FORMATS.join(', ')}`);
  if (!request.body) return error(400, 'validation_failed', 'The request body must be the file');

  let input: Readable;
  try {
    // A file the import cannot read (image, PDF, archive) or without rows: a 4xx with its code, before any progress.
    input = await checkImportFile(Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>), query.data.format);
  } catch (err) {
    if (err instanceof AppError) return Response.json(err.toBody(), { status: err.status });
    throw err;
  }
  const total = Number(request.headers.get('content-length')) || null;
  // Recorded when it starts: an import stopped midway has still changed data.
  await recordMemberChange({ workspaceId, action: 'import.started', targetType: 'import', actorUserId: guard.userId, metadata: { kind: query.data.kind, format: query.data.format, bytes: total } });
  const encoder = new TextEncoder();
  // The browser may go away mid-import (tab closed): then the stream is cancelled, further lines
  // are dropped, and the import stops when the body it reads ends or errors. Batches committed so
  // far stay (a re-run of the file completes it).
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    cancel() {
      open = false;
      input.destroy();
    },
    start(controller) {
      const send = (line: Record<string, unknown>) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false;
        }
      };
      const close = () => {
        if (!open) return;
        open = false;
        controller.close();
      };
      send({ type: 'started', kind: query.data.kind, format: query.data.format, total });
      importRecords({
        workspaceId,
        kind: query.data.kind,
        format: query.data.format,
        input,
        onProgress: (p) => send({ type: 'progress', ...p, total }),
      }).then(
        (summary) => {
          send({ type: 'done', summary });
          close();
        },
        (err: unknown) => {
          if (!(err instanceof AppError)) createLogger('web').error({ err, workspaceId }, 'dashboard import failed');
          send({ type: 'error', message: err instanceof AppError ? err.message : 'The import failed; the batches reported before were stored.' });
          close();
          input.destroy();
        },
      );
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' },
  });
}
