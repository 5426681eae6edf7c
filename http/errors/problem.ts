/**
 * One offending input field: where it is (`customers.3.email`) and what is wrong with it. Errors in a
 * flow also name the node they concern (`nodeId`, null for the whole document), a stable `code`, and
 * for an edge its index, so the editor can mark the spot.
 */
export interface FieldError {
  path: string;
  message: string;
  nodeId?: string | null;
  code?: string;
  edgeIndex?: number;
  nodeIds?: string[];
}

/** The RFC 9457 body every error response carries, as `application/problem+json`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * An error that knows its HTTP answer. Services throw these (from the catalogue); the error
 * middleware is the only place that turns them into responses.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  /** The response body, tagged with the request id so a user's report can be matched to the logs. */
  toDocument(requestId: string | undefined): ProblemDocument {
    return {
      type: `urn:drumbeat:problem:${this.code}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(requestId ? { requestId } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
