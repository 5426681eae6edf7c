import { HttpProblem, type FieldError } from './problem.js';

// The stable error codes clients may rely on. Add here; never invent one inline.

/** 400: input failed validation; `errors` names every offending field. */
export function validationFailed(errors: FieldError[], detail = 'The request has invalid fields.'): HttpProblem {
  return new HttpProblem(400, 'validation_failed', 'Invalid request', detail, errors);
}

/** 400: the body is not parseable as its declared content type. */
export function malformedBody(detail: string): HttpProblem {
  return new HttpProblem(400, 'malformed_body', 'Malformed request body', detail);
}

/** 404: no such resource or route. */
export function notFound(detail = 'No such resource.'): HttpProblem {
  return new HttpProblem(404, 'not_found', 'Not found', detail);
}

/** 405: the path exists but not with this method. */
export function methodNotAllowed(allowed: string[]): HttpProblem {
  return new HttpProblem(405, 'method_not_allowed', 'Method not allowed', `Allowed: ${allowed.join(', ')}.`, undefined, {
    Allow: allowed.join(', '),
  });
}

/** 409: the request conflicts with existing state, e.g. a duplicate unique key. */
export function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, 'conflict', 'Conflict', detail);
}

/** 413: the body is larger than this route accepts. */
export function payloadTooLarge(limit: string): HttpProblem {
  return new HttpProblem(413, 'payload_too_large', 'Payload too large', `The request body exceeds the limit of ${limit}.`);
}

/** 500: anything unexpected. The detail never carries the cause; the logs do, under the request id. */
export function internalError(): HttpProblem {
  return new HttpProblem(500, 'internal_error', 'Internal server error', 'Something went wrong on our side. Quote the requestId when reporting it.');
}

/** 503: a service the request needs is unreachable right now. */
export function serviceUnavailable(detail: string): HttpProblem {
  return new HttpProblem(503, 'service_unavailable', 'Service unavailable', detail, undefined, { 'Retry-After': '5' });
}
