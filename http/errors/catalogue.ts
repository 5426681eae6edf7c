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

/** 409: a saved segment's rule no longer checks against today's fields (e.g. an attribute vanished); `errors` names each problem. */
export function segmentRuleOutdated(errors: FieldError[]): HttpProblem {
  return new HttpProblem(409, 'segment_rule_outdated', 'Segment rule no longer valid', 'The saved rule names fields or values that are no longer valid; edit the segment.', errors);
}

/** 409: the campaign is running or paused, so it cannot be launched (it runs its pinned version) or deleted. */
export function campaignRunning(): HttpProblem {
  return new HttpProblem(409, 'campaign_running', 'Campaign running', 'The campaign is running (or paused) on its pinned version; pause, resume or cancel it.');
}

/** 409: the campaign has ended (completed, cancelled or failed); it runs once, so it cannot be launched or steered again. */
export function campaignFinished(status: string): HttpProblem {
  return new HttpProblem(409, 'campaign_finished', 'Campaign finished', `The campaign has ended (${status}); a campaign runs once: create a new campaign.`);
}

/** 409: the campaign has been launched, so it can no longer be deleted. */
export function campaignNotDraft(status: string): HttpProblem {
  return new HttpProblem(409, 'campaign_not_draft', 'Campaign launched', `The campaign was launched (it is ${status}); only a campaign never launched can be deleted.`);
}

/** 409: the campaign is not running (a draft, or not started yet), so it cannot be paused, resumed or cancelled now. */
export function campaignNotRunning(detail: string): HttpProblem {
  return new HttpProblem(409, 'campaign_not_running', 'Campaign not running', detail);
}

/** 409: the saved draft no longer validates (a wait's date passed, a segment was deleted); `errors` names each problem with its node. */
export function campaignFlowOutdated(errors: FieldError[]): HttpProblem {
  return new HttpProblem(409, 'campaign_flow_outdated', 'Campaign flow no longer valid', 'The saved flow has problems now; edit the draft and launch again.', errors);
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

/** 429: the caller exceeded a rate limit; `Retry-After` says in whole seconds (at least 1) when to try again. */
export function tooManyRequests(retryAfterSeconds: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new HttpProblem(429, 'rate_limited', 'Too many requests', `Rate limit exceeded; retry in ${seconds} s.`, undefined, {
    'Retry-After': String(seconds),
  });
}

/** 403: a cross-origin preflight from an origin that is not on the allow-list. */
export function corsRefused(): HttpProblem {
  return new HttpProblem(403, 'cors_refused', 'Cross-origin request refused', 'This origin may not call the API from a browser.');
}

/** 401: no valid credentials: no session, an expired one, or an unknown, revoked or expired API key. */
export function unauthorized(detail: string, code = 'unauthenticated'): HttpProblem {
  return new HttpProblem(401, code, 'Authentication required', detail, undefined, {
    'WWW-Authenticate': 'Bearer realm="drumbeat", error="invalid_token"',
  });
}

/** 401: a signed callback whose signature is missing, wrong, stale or already used. */
export function signatureRejected(detail: string): HttpProblem {
  return new HttpProblem(401, 'signature_rejected', 'Signature rejected', detail);
}

/** 403: authenticated, but this role or key scope may not do this. */
export function forbidden(detail: string): HttpProblem {
  return new HttpProblem(403, 'forbidden', 'Forbidden', detail);
}

/** 403: a cookie-authenticated write without the session's CSRF token, or from another origin. */
export function csrfRejected(detail: string): HttpProblem {
  return new HttpProblem(403, 'csrf_rejected', 'Cross-site request refused', detail);
}
