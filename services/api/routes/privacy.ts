// GET /v1/privacy, PATCH /v1/privacy - the workspace's retention and chat redaction settings
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { getPrivacySettings } from '@/services/privacy/get-privacy-settings';
import { updatePrivacySettings } from '@/services/privacy/update-privacy-settings';
import { privacySettingsSchema, updatePrivacySettingsSchema } from '@/services/privacy/schemas';

const tags = ['Users'];
// The same scope as erasure: both decide what personal data is kept (secret keys only).
const security = [{ bearerAuth: ['users:write'] }];

export function privacyRoutes(app: ApiApp) {
  app.get(
    '/v1/privacy',
    {
      config: { scopes: ['users:write'] },
      schema: {
        summary: 'Get the privacy settings',
        description: 'Retention of events and conversations (days, null: kept) and whether visitor messages are redacted (default true).',
        tags,
        security,
        response: { 200: privacySettingsSchema },
      },
    },
    async (req) => getPrivacySettings(workspaceOf(req)),
  );

  app.patch(
    '/v1/privacy',
    {
      config: { scopes: ['users:write'] },
      schema: {
        summary: 'Change the privacy settings',
        description:
          'The fields given replace the stored ones (audited). Retention runs nightly: events whose timestamp, and conversations ' +
          'whose last message, is older than the window are deleted for good. `redactPii` applies to messages received from then on.',
        tags,
        security,
        body: updatePrivacySettingsSchema,
        response: { 200: privacySettingsSchema },
      },
    },
    async (req) => updatePrivacySettings(workspaceOf(req), req.body, { keyId: req.apiKey.keyId }),
  );
}
