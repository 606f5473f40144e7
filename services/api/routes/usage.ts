// GET /v1/usage - billable units of the current period, per meter
import { z } from 'zod';
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { METERS } from '@/services/metering/meters';

const usageResponse = z.object({
  period: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  meters: z.record(z.enum(METERS), z.number().int()),
});

export function usageRoutes(app: ApiApp) {
  app.get(
    '/v1/usage',
    {
      config: { scopes: ['usage:read'] },
      schema: {
        summary: 'Usage this period',
        description: 'Units recorded per meter in the current billing period (calendar month, UTC).',
        tags: ['Account'],
        security: [{ bearerAuth: ['usage:read'] }],
        response: { 200: usageResponse },
      },
    },
    async (req) => {
      const summary = await getUsageSummary(workspaceOf(req));
      return {
        period: { start: summary.period.start.toISOString(), end: summary.period.end.toISOString() },
        meters: summary.meters,
      };
    },
  );
}
