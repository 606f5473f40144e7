import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '@/services/errors/app-error';

// Fastify's own error codes -> ours, so every error body has the one shape.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

// Prisma errors that mean "overloaded, try again": no pooled connection or no transaction slot
// within the wait limit. A 503 with Retry-After tells clients to retry (safe for idempotent writes
// such as event batches) instead of a 500 that reads like a bug.
const PRISMA_BUSY = new Set(['P2024', 'P2028']);
const isPrismaBusy = (err: FastifyError) =>
  err.name === 'PrismaClientKnownRequestError' && typeof err.code === 'string' && PRISMA_BUSY.has(err.code);

function toAppError(err: FastifyError): AppError | null {
  if (err instanceof AppError) return err;
  if (isPrismaBusy(err)) return new AppError('unavailable', 'The service is busy; retry in a moment');
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    return new AppError(
      'validation_failed',
      'Request validation failed',
      err.validation.map((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        return { path, message: v.message ?? 'Invalid value', code: v.keyword };
      }),
    );
  }
  const code = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (code === 'payload_too_large') return new AppError(code, 'Request body is larger than the 1 MB limit');
  if (code === 'invalid_json' || (err instanceof SyntaxError && err.statusCode === 400)) {
    return new AppError('invalid_json', `Request body is not valid JSON: ${err.message}`);
  }
  if (code) return new AppError(code, err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(err.statusCode === 404 ? 'not_found' : 'bad_request', err.message);
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appError = toAppError(err);
    if (appError) {
      if (appError.status === 401) reply.header('WWW-Authenticate', 'Bearer');
      if (appError.status === 503) {
        reply.header('Retry-After', '1');
        req.log.warn({ err }, 'busy');
      }
      return reply.code(appError.status).send(appError.toBody());
    }
    // Unknown: logged with the request id, nothing leaked to the caller.
    req.log.error({ err, serialization: isResponseSerializationError(err) }, 'unhandled error');
    return reply
      .code(500)
      .send(new AppError('internal', `Internal error; quote request id ${req.id} when contacting support`).toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new AppError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`).toBody());
  });
}
