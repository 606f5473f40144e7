import { z } from 'zod';
import { AppError, detailsFromZodIssues } from '@/services/errors/app-error';

/** zod at every boundary: parse or throw a validation_failed AppError listing each problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('validation_failed', 'Request validation failed', detailsFromZodIssues(result.error.issues));
  }
  return result.data;
}

// ---- Building blocks for tenant-supplied data (events, catalog, users) ----------------------
// Everything here ends up in PostgreSQL text or jsonb, which refuse NUL (\u0000) and lone UTF-16
// surrogates (a JSON body may carry "\ud800"): such input must be a 4xx, never a database error.

const CONTROL_CHARS = /[\u0000-\u001F\u007F]/;
// With the `u` flag a well-formed surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored as text (or null when it can). */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (it contains a lone surrogate)';
  return null;
}

// Texts for the models: tabs and line breaks are ordinary text, other C0 controls and DEL are not.
const CONTROL_CHARS_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A text for a model (sentiment, embeddings): 1..max characters, no control characters but tab and line breaks. */
export const modelInputText = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS_IN_TEXT.test(s), 'must not contain control characters (tab and line breaks are fine)')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (it contains a lone surrogate)');

/** A tenant's own identifier: 1..max characters, no control characters, valid Unicode. */
export const idString = (max = 200) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (it contains a lone surrogate)');

/** Free text up to max characters that PostgreSQL can store. */
export const safeText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL (\\u0000)')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (it contains a lone surrogate)');

interface JsonProblem {
  path: PropertyKey[];
  message: string;
}

/** The first value PostgreSQL jsonb would refuse or that is nested too deep; its path is built only on failure. */
function jsonProblem(value: unknown, depth: number, maxDepth: number): JsonProblem | null {
  switch (typeof value) {
    case 'string': {
      const p = textProblem(value);
      return p ? { path: [], message: `string ${p}` } : null;
    }
    case 'number':
      // JSON.parse turns 1e400 into Infinity, which JSON.stringify would silently write as null.
      return Number.isFinite(value) ? null : { path: [], message: 'number is out of range' };
    case 'boolean':
      return null;
    case 'object': {
      if (value === null) return null;
      if (depth > maxDepth) return { path: [], message: `is nested more than ${maxDepth} levels deep` };
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const p = jsonProblem(value[i], depth + 1, maxDepth);
          if (p) return (p.path.unshift(i), p);
        }
        return null;
      }
      for (const k in value) {
        const kp = textProblem(k);
        if (kp) return { path: [k], message: `key ${kp}` };
        const p = jsonProblem((value as Record<string, unknown>)[k], depth + 1, maxDepth);
        if (p) return (p.path.unshift(k), p);
      }
      return null;
    }
    default:
      return { path: [], message: 'is not a JSON value' };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * A JSON object of at most maxBytes once serialized and at most maxDepth levels of nesting (the
 * object itself is level 1), whose strings and keys PostgreSQL jsonb accepts. Output: the
 * serialized JSON text, ready for a `::jsonb` parameter. (A plain type check rather than
 * z.record: this runs once per event on the ingestion hot path, and the walk checks every key.)
 */
export const jsonObjectText = (opts: { maxBytes: number; maxDepth: number }) =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (!isPlainObject(value)) {
        ctx.addIssue({ code: 'custom', message: `Invalid input: expected object, received ${kindOf(value)}`, input: value });
        return z.NEVER;
      }
      const problem = jsonProblem(value, 1, opts.maxDepth);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: value });
        return z.NEVER;
      }
      const json = JSON.stringify(value);
      // Cheap bound first: UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (json.length * 3 > opts.maxBytes && Buffer.byteLength(json) > opts.maxBytes) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${opts.maxBytes} bytes as JSON`, input: value });
        return z.NEVER;
      }
      return json;
    })
    .meta({ type: 'object', additionalProperties: {} });

const ISO_DATETIME = z.iso.datetime({ offset: true, local: false });
/**
 * Timestamps before this are refused: most likely epoch seconds sent where milliseconds belong
 * (seconds read as milliseconds land in January 1970). 1990, not later: historical data sets such
 * as MovieLens-100K (1997-98) must import with their own times.
 */
export const MIN_TIMESTAMP_MS = Date.UTC(1990, 0, 1);
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** Below this a number cannot be epoch milliseconds we accept (it would be before 1973): it is read as epoch seconds. */
const EPOCH_SECONDS_BELOW = 1e11;
const ISO_LOCAL = z.iso.datetime({ local: true });

/**
 * An instant as an ISO 8601 date-time (`2025-01-31T12:00:00Z`; without a zone it is read as UTC),
 * epoch milliseconds, or epoch seconds (a number below 1e11, which as milliseconds would fall before
 * 1973; fractions allowed, as Recombee and Unix tools send them); output: epoch milliseconds.
 * Between 1990-01-01 and maxFutureMs (default 24 hours) from now.
 */
export const timestampMs = (opts: { maxFutureMs?: number } = {}) =>
  z
    .unknown()
    .transform((v, ctx) => {
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message, input: v });
        return z.NEVER;
      };
      let ms: number;
      if (typeof v === 'number') ms = Number.isFinite(v) && Math.abs(v) < EPOCH_SECONDS_BELOW ? Math.round(v * 1000) : v;
      else if (typeof v !== 'string') return fail(`Invalid input: expected ISO 8601 string or epoch milliseconds, received ${kindOf(v)}`);
      else if (ISO_DATETIME.safeParse(v).success) ms = Date.parse(v);
      else if (ISO_LOCAL.safeParse(v).success) ms = Date.parse(`${v}Z`);
      else return fail('must be an ISO 8601 date-time (e.g. 2025-01-31T12:00:00Z) or epoch milliseconds');
      if (!Number.isSafeInteger(ms)) return fail('must be an integer number of epoch milliseconds');
      if (ms < MIN_TIMESTAMP_MS) return fail('must not be before 1990-01-01');
      const maxFuture = opts.maxFutureMs ?? MAX_FUTURE_MS;
      if (ms > Date.now() + maxFuture) {
        return fail(`must not be more than ${maxFuture === MAX_FUTURE_MS ? '24 hours' : `${Math.round(maxFuture / 86_400_000)} days`} in the future`);
      }
      return ms;
    })
    .meta({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'number', description: 'epoch milliseconds, or epoch seconds when below 1e11' }] });

/** An absolute http(s) URL of at most 2,048 characters. */
export const httpUrl = () =>
  z
    .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
    .max(2048, 'must be at most 2048 characters')
    .refine((s) => textProblem(s) === null, 'must be valid Unicode without NUL');
