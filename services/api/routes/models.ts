// POST /v1/models/train, GET /v1/jobs/:id, GET /v1/models - recommender training and its versions
import { z } from 'zod';
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { requestTraining } from '@/services/recommend/request-training';
import { getJob } from '@/services/recommend/get-job';
import { listModelVersions } from '@/services/recommend/list-model-versions';
import { getRecSettings } from '@/services/recommend/get-rec-settings';
import { jobSchema, trainResponseSchema } from '@/services/recommend/schemas';
import { eventFeed } from '@/services/recommend/serving/event-feed';

const tags = ['Models'];

const modelVersionSchema = z.object({
  version: z.number().int(),
  status: z.string(),
  trigger: z.string(),
  active: z.boolean(),
  promoted: z.boolean(),
  decision: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.number().int().nullable(),
  events: z.number().int(),
  users: z.number().int(),
  items: z.number().int(),
  metrics: z.record(z.string(), z.unknown()),
});

export function modelRoutes(app: ApiApp) {
  app.post(
    '/v1/models/train',
    {
      config: { scopes: ['models:write'] },
      schema: {
        summary: 'Train the recommender',
        description:
          'Queues a training run of the workspace recommender (202) and answers its job id; poll `GET /v1/jobs/{id}`. ' +
          'A run already queued is returned instead of a second one. The new version serves once it is not worse on validation.',
        tags,
        security: [{ bearerAuth: ['models:write'] }],
        response: { 202: trainResponseSchema },
      },
    },
    async (req, reply) => {
      const r = await requestTraining(workspaceOf(req), 'api');
      return reply.code(202).send({ jobId: r.jobId, version: r.version, status: r.status });
    },
  );

  app.get(
    '/v1/jobs/:id',
    {
      config: { scopes: ['models:write'] },
      schema: {
        summary: 'Get a job',
        description: 'A training job: status (queued, running, completed, failed), the version it trains, metrics when done. 404 for unknown ids.',
        tags,
        security: [{ bearerAuth: ['models:write'] }],
        params: z.strictObject({ id: z.uuid('must be a job id (UUID)') }),
        response: { 200: jobSchema },
      },
    },
    async (req) => {
      const job = await getJob(workspaceOf(req), req.params.id);
      // Once a caller sees "completed", this process already serves the new version.
      if (job.status === 'completed' && job.promoted) await eventFeed.settingsChanged(workspaceOf(req));
      return job;
    },
  );

  app.get(
    '/v1/models',
    {
      config: { scopes: ['models:write'] },
      schema: {
        summary: 'List model versions',
        description: 'The recommender versions of the workspace, newest first (50), with validation metrics; `active` marks the one serving.',
        tags,
        security: [{ bearerAuth: ['models:write'] }],
        response: { 200: z.object({ versions: z.array(modelVersionSchema) }) },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const [rows, settings] = await Promise.all([listModelVersions(ws), getRecSettings(ws)]);
      return {
        versions: rows.map((v) => ({
          version: v.version,
          status: v.status,
          trigger: v.trigger,
          active: v.version === settings.activeVersion,
          promoted: v.promoted,
          decision: v.decision,
          createdAt: v.createdAt.toISOString(),
          finishedAt: v.finishedAt?.toISOString() ?? null,
          durationMs: v.durationMs,
          events: v.events,
          users: v.users,
          items: v.items,
          metrics: (v.metrics ?? {}) as Record<string, unknown>,
        })),
      };
    },
  );
}
