import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { malformedBody, payloadTooLarge } from './errors/catalogue.js';

/**
 * Parses JSON bodies up to `limit` ("1mb") and turns parser failures into typed problems: too
 * large → 413 naming the limit, anything unparsable → 400. Other content types pass through
 * untouched, for routes that stream CSV or NDJSON themselves.
 */
export function jsonBody(limit: string): Middleware {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: limit,
    encoding: 'utf-8',
    onError: (error) => {
      const status = 'status' in error ? error.status : undefined;
      if (status === 413) throw payloadTooLarge(limit);
      throw malformedBody(error instanceof SyntaxError ? 'The body is not valid JSON.' : 'The body could not be read as JSON.');
    },
  });
}
