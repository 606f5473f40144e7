// Scopes a key can hold. Publishable keys (pk_live_) live in browsers, so they may only hold the
// scopes a web page legitimately needs.
export const SCOPES = [
  'events:write',
  'catalog:read',
  'catalog:write',
  'users:write',
  'recommendations:read',
  'models:write',
  'chat:write',
  'knowledge:write',
  'sentiment:write',
  'embeddings:write',
  'usage:read',
] as const;
export type Scope = (typeof SCOPES)[number];

export const PUBLISHABLE_SCOPES = ['events:write', 'recommendations:read', 'chat:write'] as const satisfies readonly Scope[];

export const DEFAULT_SCOPES: Record<'secret' | 'publishable', readonly Scope[]> = {
  secret: SCOPES,
  publishable: PUBLISHABLE_SCOPES,
};

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'events:write': 'Send behaviour events',
  'catalog:read': 'Read items and users',
  'catalog:write': 'Create, update and delete items and users',
  'users:write': 'Create, update and erase users',
  'recommendations:read': 'Get recommendations, similar and popular items',
  'models:write': 'Train models',
  'chat:write': 'Talk to the chatbot',
  'knowledge:write': 'Manage the chatbot knowledge base',
  'sentiment:write': 'Score sentiment',
  'embeddings:write': 'Compute embeddings',
  'usage:read': 'Read the workspace usage',
};
