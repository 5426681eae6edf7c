import { meSchema, type Me } from '../../domain/auth/schemas.js';

export interface BrowserRequest {
  method?: string;
  json?: unknown;
  /** A raw body (set its Content-Type in headers). */
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Send the session's CSRF token (cookie-authenticated writes need it). */
  csrf?: boolean;
}

/**
 * A minimal browser for tests: keeps the API's cookies (honouring deletions), follows redirects by
 * hand so each hop can be inspected, and sends cookies only to the API's own origin.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** One request, no redirects followed. */
  async request(pathOrUrl: string, options: BrowserRequest = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.baseUrl);
    const ownOrigin = url.origin === new URL(this.baseUrl).origin;
    const headers: Record<string, string> = { ...options.headers };
    if (ownOrigin && this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    if (options.csrf && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    const response = await fetch(url, {
      method: options.method ?? (options.json === undefined && options.body === undefined ? 'GET' : 'POST'),
      headers,
      redirect: 'manual',
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    if (ownOrigin) this.storeCookies(response);
    return response;
  }

  /** Follows redirects from a starting URL (across origins, like a browser) and returns every hop. */
  async navigate(pathOrUrl: string, maxHops = 10): Promise<Response[]> {
    const hops: Response[] = [];
    let next: string | null = new URL(pathOrUrl, this.baseUrl).toString();
    while (next && hops.length < maxHops) {
      const response = await this.request(next);
      hops.push(response);
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      next = location ? new URL(location, next).toString() : null;
    }
    return hops;
  }

  /** `GET /api/me`, remembering the CSRF token; null when not signed in. */
  async me(): Promise<Me | null> {
    const response = await this.request('/api/me');
    if (response.status === 401) return null;
    if (response.status !== 200) throw new Error(`GET /api/me answered ${response.status}`);
    const me = meSchema.parse(await response.json());
    this.csrfToken = me.csrfToken;
    return me;
  }

  /** Development sign-in; returns who we became. */
  async devSignIn(email: string, name?: string): Promise<Me> {
    const response = await this.request('/api/auth/dev', { json: { email, ...(name ? { name } : {}) } });
    if (response.status !== 200) throw new Error(`dev sign-in as ${email} answered ${response.status}: ${await response.text()}`);
    const me = meSchema.parse(await response.json());
    this.csrfToken = me.csrfToken;
    return me;
  }

  private storeCookies(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', attributeValue = ''] = attribute.split('=').map((part) => part.trim());
        if (key.toLowerCase() === 'max-age') return Number(attributeValue) <= 0;
        if (key.toLowerCase() === 'expires') return new Date(attributeValue).getTime() <= Date.now();
        return false;
      });
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
