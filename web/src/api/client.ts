import { z } from 'zod';

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details as the Drumbeat API sends them (`application/problem+json`). */
export const problemSchema = z.object({
  type: z.string().default('about:blank'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
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

/** Turns an untrusted JSON body into a typed value, throwing when it does not fit. */
export type Parse<T> = (body: unknown) => T;

export interface GetJsonOptions {
  /** Non-2xx statuses whose body is data, not a problem (e.g. 503 from /readyz). */
  acceptStatuses?: readonly number[];
}

export interface ApiClient {
  getJson<T>(path: string, parse: Parse<T>, options?: GetJsonOptions): Promise<T>;
}

export interface ApiClientOptions {
  timeoutMs?: number;
}

/** Creates the typed HTTP client; pass a fake `fetchImpl` in tests. */
export function createApiClient(fetchImpl: typeof fetch = fetch, { timeoutMs = 10_000 }: ApiClientOptions = {}): ApiClient {
  async function getJson<T>(path: string, parse: Parse<T>, options: GetJsonOptions = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method: 'GET',
        headers: { Accept: 'application/json' },
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

    const accepted = response.ok || (options.acceptStatuses ?? []).includes(response.status);
    if (!accepted) throw new ApiError(await readProblem(response));

    try {
      return parse(await response.json());
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

  return { getJson };
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
