// The one place environment variables are read. Every variable is validated at start with a
// clear message; every default works for the embedded mode (`npm start` on a fresh clone).
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '@/services/paths';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');

const modelId = z.string().regex(/^(local:[\w.-]+|hub:[\w.-]+\/[\w.-]+)$/, 'expected local:<name> or hub:<org>/<name>');

export const EMBEDDED_PG = { port: 54329, user: 'cairn', password: 'cairn', database: 'cairn' } as const;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Unset: the embedded PostgreSQL that `npm start` runs (data in CAIRN_DATA_DIR/pg). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * A streaming replica of DATABASE_URL for read-heavy work that may lag a moment (lists, dashboard
   * analytics, model loading): services/db/read-replica.ts. Unset: everything reads the primary.
   */
  DATABASE_REPLICA_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  CAIRN_DATA_DIR: z.string().min(1).default('.cairn'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(EMBEDDED_PG.port),
  HOST: z.string().min(1).default('127.0.0.1'),
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  /** Where browsers reach the dashboard and the public API (used in links and the API reference). */
  PUBLIC_WEB_URL: z.url().optional(),
  PUBLIC_API_URL: z.url().optional(),
  /** Auth.js session secret. Unset in embedded mode: generated once and kept in CAIRN_DATA_DIR. */
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long the api trusts a cached API key lookup: the bound on a revocation whose NOTIFY was lost (normally it is at once). */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(5000).default(2000),
  /** Bearer token for /metrics on the public API port; unset: /metrics is not served there. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** The api's internal metrics listener (/metrics without a token): keep it off the public network; 0: none. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /**
   * `file` (default) appends emails to CAIRN_DATA_DIR/mail/outbox.jsonl, `smtp` sends them through
   * SMTP_URL; `log`, the former default, now means `file`: the log never holds an email's links.
   */
  MAIL_TRANSPORT: z.enum(['file', 'smtp', 'log']).default('file'),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('Cairn <no-reply@cairn.local>'),
  DEMO_EMAIL: z.email().default('demo@cairn.dev'),
  DEMO_PASSWORD: z.string().min(8).default('cairn-demo-password'),
  /** Refuse API keys to users who have not followed their verification email; unset: on when NODE_ENV=production. */
  REQUIRE_EMAIL_VERIFICATION: bool.optional(),
  /** Run the pg-boss scheduler and workers inside the api process (single-process deployments). */
  WORKER_IN_PROCESS: bool.default(false),
  /** How often each worker retries the jobs of workers that died mid-job (services/jobs/job-watchdog.ts). */
  JOB_WATCHDOG_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /**
   * The default embedding model: `hub:Xenova/all-MiniLM-L6-v2` (a sentence encoder, int8 ONNX committed
   * under models/ in the hub layout), `local:cairn-glove-100d` (built offline from GloVe) or any `hub:<org>/<name>`.
   */
  EMBEDDING_MODEL: modelId.default('hub:Xenova/all-MiniLM-L6-v2'),
  /** The fast embedding model: served on request (`model: "fast"`) and in place of the default when that cannot load. */
  EMBEDDING_FAST_MODEL: modelId.default('local:cairn-glove-100d'),
  /** Model folders: built models in MODELS_DIR/build, offline hub models in MODELS_DIR/<org>/<name>. */
  MODELS_DIR: z.string().min(1).default('models'),
  /** Whether hub models may be downloaded; false reads them only from MODELS_DIR (hub folder layout). */
  MODELS_ALLOW_REMOTE: bool.default(true),
  /** Where models run: auto (CUDA when a GPU and its libraries are present, else CPU), cpu or cuda. */
  ML_DEVICE: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  /**
   * Load the embedding and sentiment models when an api process starts (default), or on first use
   * (false: faster restarts and less memory for processes that rarely serve them; the first
   * /v1/embeddings or /v1/sentiment call then answers 503 with Retry-After while its model loads).
   */
  ML_PRELOAD: bool.default(true),
  /** Micro-batching: most texts per model call, longest wait to fill a batch, most texts queued. */
  EMBEDDING_BATCH_MAX: z.coerce.number().int().min(1).max(1024).default(64),
  EMBEDDING_BATCH_WAIT_MS: z.coerce.number().min(0).max(1000).default(0),
  EMBEDDING_QUEUE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(4096),
  // ---- Recommendations (services/recommend) ----
  /** How often the api refreshes a loaded workspace's recommender state (events, catalog, promoted version). */
  RECS_REFRESH_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /**
   * Memory for recommendation serving state per api process (models, histories, catalog facts,
   * profiles of all loaded workspaces), in MB: beyond it the least recently used workspace is
   * dropped and reloaded on its next request (services/recommend/serving/registry.ts).
   */
  RECS_SERVING_MEMORY_MB: z.coerce.number().positive().max(1_000_000).default(1024),
  /** Soft budget of the training search (candidates, blend); the final fit always runs. */
  RECS_TRAIN_BUDGET_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  /** EASE's dense inverse covers at most this many items (0: EASE off). */
  RECS_EASE_MAX_ITEMS: z.coerce.number().int().min(0).max(5000).default(2000),
  // --- ML: sentiment (issue 4) ---
  /**
   * The default sentiment model: `hub:cairn/sentiment-minilm-l6` (fine-tuned MiniLM, int8 ONNX committed
   * under models/), `local:cairn-sentiment-cnn` (built offline) or a hub text-classification model.
   */
  SENTIMENT_MODEL: modelId.default('hub:cairn/sentiment-minilm-l6'),
  /** The fast sentiment model: served on request (`model: "fast"`) and in place of the default when that cannot load. */
  SENTIMENT_FAST_MODEL: modelId.default('local:cairn-sentiment-cnn'),
  SENTIMENT_BATCH_MAX: z.coerce.number().int().min(1).max(1024).default(64),
  SENTIMENT_BATCH_WAIT_MS: z.coerce.number().min(0).max(1000).default(0),
  SENTIMENT_QUEUE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(4096),
  /**
   * onnxruntime intra-op threads per model session (CPU). 1: no thread pool, so model runs never
   * spin against the event loop on small machines; 0: onnxruntime's default (one per core).
   */
  ML_THREADS: z.coerce.number().int().min(0).max(256).default(1),
  /**
   * onnxruntime intra-op threads for the transformer models (hub models): their batches are ~100x
   * the work of the fast models', and a second thread gave ~1.6x their throughput here.
   */
  ML_TRANSFORMER_THREADS: z.coerce.number().int().min(0).max(256).default(2),
  /**
   * Whether a session's pool threads busy-wait for work (onnxruntime's default, kept). false for a
   * machine whose cores are busy with other work (PostgreSQL, other services, noisy neighbours):
   * there spinning threads starve it (bench:ml, docs/ml.md decision 31).
   */
  ML_THREAD_SPINNING: bool.default(true),
  /**
   * Batches of one model running at once. onnxruntime-node 1.30 runs a session synchronously on the
   * calling thread, so more than 1 gains nothing in one process (measured); kept for devices or
   * runtimes that overlap work.
   */
  ML_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),

  // ---- Billing (issue 7, docs/billing.md). Without STRIPE_SECRET_KEY everything is metered and
  // quotas are enforced; the billing page explains how to connect Stripe.
  /** Stripe secret key (sk_live_... / sk_test_... / rk_...). Unset: billing runs without Stripe. */
  STRIPE_SECRET_KEY: z.string().min(8).optional(),
  /** Signing secret of the webhook endpoint `<PUBLIC_WEB_URL>/api/stripe/webhook` (whsec_...). */
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** Another Stripe API base URL (a local fake or stripe-mock); default https://api.stripe.com. */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Price ids per plan: `base=price_...` (the monthly fee) and one metered price per meter, e.g. `events=price_...`. */
  STRIPE_PRICES_PRO: z.string().optional(),
  STRIPE_PRICES_SCALE: z.string().optional(),
  /** Stripe Billing Meter event names are this prefix plus the meter (cairn_events, ...). */
  STRIPE_METER_EVENT_PREFIX: z.string().regex(/^[a-z][a-z0-9_]{0,60}$/, 'lowercase letters, digits and _').default('cairn_'),
  /** Rate limits and quotas in the api; `false` only to measure their cost (bench) or in an emergency. */
  API_LIMITS: bool.default(true),
  /**
   * Legacy: scales every plan's requests/s and burst. Once needed as 1/N with N api processes; with
   * REDIS_URL (or `cairn start`'s API_PROCESSES on one machine) the counters are shared instead.
   */
  RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().max(1_000_000).default(1),
  /** Redis for state every api process shares (rate-limit counters): redis://[:password@]host:port[/db]. Unset: per machine. */
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^rediss?$/ }).optional()),
  /** api processes `cairn start` runs behind its one port (node:cluster); default: one per core. */
  API_PROCESSES: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(256).optional()),
  /** How long an api process trusts its cached plan and usage totals of a workspace (quotas). */
  QUOTA_CACHE_TTL_MS: z.coerce.number().int().min(100).max(10_000).default(2000),
  /** A retried event id is deduplicated when it arrives within this many days of the first (EventId, docs/operations.md). */
  EVENT_DEDUPE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  // ---- Chatbot (issue 6) ----
  /** An OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server); unset: extractive answers. */
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Longest wait for the LLM's first token before the extractive answer is used instead. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Large uploads (over 1 MB or of unknown length) received at once per api process, and per workspace; more get 429. */
  UPLOAD_CONCURRENCY_PER_PROCESS: z.coerce.number().int().min(1).max(1000).default(8),
  UPLOAD_CONCURRENCY_PER_WORKSPACE: z.coerce.number().int().min(1).max(1000).default(2),
  /** Relevance below which the bot says it does not know (0..1, calibrated by `npm run eval:chat`). */
  CHAT_MIN_RELEVANCE: z.coerce.number().min(0).max(1).optional(),
  /** With an LLM: relevance below which the question is not sent to the model (lower: the model says "no answer" itself). */
  CHAT_LLM_MIN_RELEVANCE: z.coerce.number().min(0).max(1).optional(),
  /**
   * Non-public ranges URL documents may fetch (intranets): CIDRs or addresses, comma-separated, e.g.
   * `10.0.0.0/8,fd00::/8`. Link-local (cloud metadata, 169.254.169.254) only by a range inside it.
   */
  KB_FETCH_ALLOWED_RANGES: z
    .string()
    .default('')
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.union([z.cidrv4(), z.cidrv6(), z.ipv4(), z.ipv6()], { error: 'expected CIDR ranges or addresses, e.g. 10.0.0.0/8,fd00::/8' }))),
  /** Replaced by KB_FETCH_ALLOWED_RANGES: `true` opened every address, cloud metadata included, so it fails at start. */
  KB_FETCH_ALLOW_PRIVATE: z.enum(['false', '0', ''], { error: 'replaced by KB_FETCH_ALLOWED_RANGES, a list of the ranges to allow (e.g. 10.0.0.0/8,192.168.0.0/16)' }).optional(),
});

export type Env = z.infer<typeof schema> & {
  DATABASE_URL: string;
  PUBLIC_WEB_URL: string;
  PUBLIC_API_URL: string;
  REQUIRE_EMAIL_VERIFICATION: boolean;
};

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const e = result.data;
  if (e.MAIL_TRANSPORT === 'smtp' && !e.SMTP_URL) {
    throw new ConfigError('Invalid configuration (see .env.example):\n  - SMTP_URL: required when MAIL_TRANSPORT=smtp');
  }
  return {
    ...e,
    CAIRN_DATA_DIR: path.resolve(PROJECT_ROOT, e.CAIRN_DATA_DIR),
    MODELS_DIR: path.resolve(PROJECT_ROOT, e.MODELS_DIR),
    DATABASE_URL:
      e.DATABASE_URL ??
      `postgresql://${EMBEDDED_PG.user}:${EMBEDDED_PG.password}@127.0.0.1:${e.EMBEDDED_PG_PORT}/${EMBEDDED_PG.database}`,
    PUBLIC_WEB_URL: (e.PUBLIC_WEB_URL ?? `http://localhost:${e.WEB_PORT}`).replace(/\/$/, ''),
    PUBLIC_API_URL: (e.PUBLIC_API_URL ?? `http://localhost:${e.API_PORT}`).replace(/\/$/, ''),
    // Empty counts as unset, so a blank line in .env cannot quietly turn the check off in production.
    REQUIRE_EMAIL_VERIFICATION: source.REQUIRE_EMAIL_VERIFICATION ? e.REQUIRE_EMAIL_VERIFICATION === true : e.NODE_ENV === 'production',
  };
}

let cached: Env | undefined;
/** Parsed once per process; throws ConfigError with every problem listed. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** True when no DATABASE_URL is given: `npm start` then owns an embedded PostgreSQL. */
export function usesEmbeddedDatabase(source: Record<string, string | undefined> = process.env): boolean {
  return !source.DATABASE_URL;
}
