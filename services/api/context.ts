import type { ResolvedKey } from '@/services/api-keys/resolve-api-key';
import type { Scope } from '@/services/api-keys/scopes';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth guard on every authenticated route. */
    apiKey: ResolvedKey;
  }
  interface FastifyContextConfig {
    /** Routes that take no API key (health, metrics, the OpenAPI document). */
    public?: boolean;
    /** Scopes the key must hold. */
    scopes?: readonly Scope[];
    /** Publishable (browser) keys allowed on this route; default false. */
    publishable?: boolean;
  }
}

/** The workspace the authenticated key belongs to: the only source of tenancy in the api. */
export const workspaceOf = (req: { apiKey: ResolvedKey }) => req.apiKey.workspaceId;
