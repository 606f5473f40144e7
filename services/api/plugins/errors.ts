import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '@/services/errors/app-error';
import { OverloadedError } from '@/lib/micro-batcher';

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
  // A full model or metering queue (MicroBatcher's backpressure), from whichever service hit it.
  if (err instanceof OverloadedError) return new AppError('unavailable', 'Too many requests in flight; retry in a moment');
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
      if (appError.retryAfterS !== undefined && !reply.hasHeader('Retry-After')) reply.header('Retry-After', String(appError.retryAfterS));
      if (appError.status === 503) {
        if (!reply.hasHeader('Retry-After')) reply.header('Retry-After', '1');
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

/**
 * Fastify's `frameworkErrors` option: errors its router raises before any route, hook or error
 * handler runs (bad percent-encoding in the path, a path parameter over `maxParamLength`), which
 * it would otherwise answer with its own body ({"error":"Bad Request","code":"FST_ERR_…"}).
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  reply.header('X-Request-Id', req.id);
  const appError =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('uri_too_long', 'A path parameter is longer than 2,048 characters')
      : err.code === 'FST_ERR_BAD_URL'
        ? new AppError('bad_request', 'The URL path is not valid: bad percent-encoding')
        : (toAppError(err) ?? new AppError('bad_request', 'The request could not be routed'));
  req.log.info({ code: err.code, status: appError.status }, 'request refused by the router');
  return reply.code(appError.status).send(appError.toBody());
}

// What Node's HTTP parser refuses before Fastify sees a request (headers over `maxHeaderSize`,
// 16 KB by default; the request line counts too, so a URL over 16 KB lands here; malformed
// requests; a request not received within `requestTimeout`). Fastify's default handler writes its
// own body; this one writes ours. There is no request, hence no request id.
const CLIENT_ERRORS: Record<string, AppError> = {
  HPE_HEADER_OVERFLOW: new AppError('headers_too_large', 'The request headers are larger than 16 KB'),
  ERR_HTTP_REQUEST_TIMEOUT: new AppError('request_timeout', 'The request was not received in time'),
};
const MALFORMED = new AppError('bad_request', 'Malformed HTTP request');

export function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  // A reset connection: nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const appError = (err.code && CLIENT_ERRORS[err.code]) || MALFORMED;
  const body = JSON.stringify(appError.toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
