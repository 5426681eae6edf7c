import { z } from 'zod';

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details as the Drumbeat API sends them (`application/problem+json`). */
export const problemSchema = z.object({
  type: z.string().default('about:blank'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** The server's stable error code (`not_allowed`, `validation_failed`, …): what the app branches on. */
  code: z.string().optional(),
  requestId: z.string().optional(),
  // A malformed field list must not cost us the title and status the user needs.
  errors: z.array(fieldErrorSchema).optional().catch(undefined),
});

export type ProblemDetails = z.infer<typeof problemSchema>;

/** Every failed API call, whether the server answered with a problem, the network failed, or the body was unusable. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly problem: ProblemDetails,
    options?: { cause?: unknown },
  ) {
    super(problem.detail ?? problem.title, options);
  }

  /** HTTP status of the failed call; 0 when no response arrived. */
  get status(): number {
    return this.problem.status;
  }
}

/** The problem to show for anything a store's call threw, `ApiError` or not. */
export function toProblem(reason: unknown): ProblemDetails {
  if (reason instanceof ApiError) return reason.problem;
  return { type: 'about:blank', title: 'Unexpected error', status: 0, detail: String(reason) };
}

/** Turns an untrusted JSON body into a typed value, throwing when it does not fit. */
export type Parse<T> = (body: unknown) => T;

/** For calls answered with 204 No Content: there is nothing to parse. */
export const noContent: Parse<void> = () => undefined;

/** The methods that change state; the server wants the CSRF token on each of them. */
export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Returns the current session's CSRF token, or null when nobody is signed in. */
export type CsrfTokenProvider = () => string | null;

/** Told about every 401, so the app can send the user back to sign in. */
export type UnauthorizedHandler = (error: ApiError) => void;

export interface GetJsonOptions {
  /** Non-2xx statuses whose body is data, not a problem (e.g. 503 from /readyz). */
  acceptStatuses?: readonly number[];
}

export interface ApiClient {
  getJson<T>(path: string, parse: Parse<T>, options?: GetJsonOptions): Promise<T>;
  /** Sends `body` (when given) as JSON; a 204 answer is parsed as `undefined`. */
  sendJson<T>(method: WriteMethod, path: string, body: unknown, parse: Parse<T>): Promise<T>;
  /** Where writes get their `X-CSRF-Token` from; the auth store sets it. */
  setCsrfTokenProvider(provider: CsrfTokenProvider | null): void;
  /** Who hears about 401 answers; the auth store sets it. */
  setUnauthorizedHandler(handler: UnauthorizedHandler | null): void;
}

export interface ApiClientOptions {
  timeoutMs?: number;
}

/** Creates the typed HTTP client; pass a fake `fetchImpl` in tests. */
export function createApiClient(fetchImpl: typeof fetch = fetch, { timeoutMs = 10_000 }: ApiClientOptions = {}): ApiClient {
  let csrfToken: CsrfTokenProvider | null = null;
  let onUnauthorized: UnauthorizedHandler | null = null;

  async function request<T>(path: string, init: RequestInit, parse: Parse<T>, acceptStatuses: readonly number[] = []): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        ...init,
        credentials: 'same-origin',
        // Without a deadline a hung request would stall every later refresh behind it.
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new ApiError(
        { type: 'about:blank', title: 'Network error', status: 0, detail: `Could not reach the server (${describe(cause)}).` },
        { cause },
      );
    }

    if (!response.ok && !acceptStatuses.includes(response.status)) {
      const error = new ApiError(await readProblem(response));
      if (response.status === 401) onUnauthorized?.(error);
      throw error;
    }

    try {
      return parse(response.status === 204 ? undefined : await response.json());
    } catch (cause) {
      throw new ApiError(
        {
          type: 'about:blank',
          title: 'Unexpected response',
          status: response.status,
          detail: `The server's answer to ${path} was not in the expected shape.`,
        },
        { cause },
      );
    }
  }

  function getJson<T>(path: string, parse: Parse<T>, options: GetJsonOptions = {}): Promise<T> {
    // Reads never carry the CSRF token: it would only widen where the token can leak.
    return request(path, { method: 'GET', headers: { Accept: 'application/json' } }, parse, options.acceptStatuses);
  }

  function sendJson<T>(method: WriteMethod, path: string, body: unknown, parse: Parse<T>): Promise<T> {
    const headers = new Headers({ Accept: 'application/json' });
    const token = csrfToken?.() ?? null;
    if (token) headers.set('X-CSRF-Token', token);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    return request(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) }, parse);
  }

  return {
    getJson,
    sendJson,
    setCsrfTokenProvider: (provider) => {
      csrfToken = provider;
    },
    setUnauthorizedHandler: (handler) => {
      onUnauthorized = handler;
    },
  };
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  const fallback: ProblemDetails = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
  };
  // Proxies and gateways answer with HTML or plain text; only JSON can be the server's problem document.
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return fallback;
  try {
    const parsed = problemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.name === 'TimeoutError' ? 'timed out' : cause.message;
  return String(cause);
}
