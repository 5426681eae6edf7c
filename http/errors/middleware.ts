import type { Middleware } from 'koa';
import { z } from 'zod';
import { conflict, internalError, notFound, serviceUnavailable, validationFailed } from './catalogue.js';
import { HttpProblem } from './problem.js';
import { fieldErrorsFromZod } from './zod-errors.js';

/**
 * The one place errors become responses: typed problems keep their status, zod → 400,
 * duplicate key → 409, exposed http-errors keep their 4xx, everything else → an opaque 500
 * whose cause goes to the log under the request id and never to the client.
 */
export function errorMiddleware(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) {
        ctx.state.log.error({ err: error }, 'request failed');
      } else {
        ctx.state.log.info({ status: problem.status, code: problem.code }, 'request rejected');
      }
      ctx.status = problem.status;
      ctx.set(problem.headers);
      ctx.type = 'application/problem+json';
      ctx.body = problem.toDocument(ctx.state.requestId);
    }
  };
}

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof z.ZodError) return validationFailed(fieldErrorsFromZod(error));
  if (isDuplicateKeyError(error)) return conflict('A record with the same unique key already exists.');
  if (isMongoUnavailable(error)) return serviceUnavailable('The database is unavailable; retry shortly.');
  const status = httpStatusOf(error);
  if (status === 404) return notFound();
  if (status !== undefined && status >= 400 && status < 500) return new HttpProblem(status, 'bad_request', 'Bad request', safeMessage(error));
  return internalError();
}

/** MongoDB reports a unique-index violation as code 11000, on MongoDB 7 and FerretDB alike. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}

function isMongoUnavailable(error: unknown): boolean {
  return error instanceof Error && (error.name === 'MongoServerSelectionError' || error.name === 'MongoNotConnectedError');
}

// Errors raised with ctx.throw / http-errors carry `status`, and `expose` when their message is safe.
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error) || typeof error.status !== 'number') return undefined;
  const exposed = 'expose' in error && error.expose === true;
  return exposed ? error.status : undefined;
}

// http-errors marks a message safe to show with `expose`; only those reach the client.
function safeMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message.slice(0, 200) : undefined;
}
