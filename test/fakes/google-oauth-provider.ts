import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { listen, type ListeningServer } from '../../http/server.js';

/** A Google account the fake provider signs in as. */
export interface FakeGoogleAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  picture?: string;
}

interface IssuedCode {
  account: FakeGoogleAccount;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
}

/** What the provider saw, for assertions. */
export interface FakeGoogleRecord {
  authorizationRequests: URLSearchParams[];
  tokenRequests: URLSearchParams[];
  userInfoRequests: number;
  tokensInQuery: number;
}

/**
 * A loopback stand-in for Google's OAuth 2.0 endpoints speaking the real protocol: the authorization
 * endpoint checks the client and redirect URI and answers with a code bound to the PKCE challenge;
 * the token endpoint checks client secret, redirect URI and code verifier, and spends the code once;
 * the userinfo endpoint answers OpenID claims for a valid bearer token. The account that "signs in"
 * is whichever the test chose with `signInAs`.
 */
export class FakeGoogleProvider {
  readonly record: FakeGoogleRecord = { authorizationRequests: [], tokenRequests: [], userInfoRequests: 0, tokensInQuery: 0 };
  private account: FakeGoogleAccount | null = null;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, FakeGoogleAccount>();
  private server: ListeningServer | undefined;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  /** Starts listening on a free loopback port. */
  async start(): Promise<void> {
    this.server = await listen(
      (request, response) => {
        this.handle(request, response);
        return Promise.resolve();
      },
      '127.0.0.1',
      0,
    );
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** The account the next authorization will sign in. */
  signInAs(account: FakeGoogleAccount): void {
    this.account = account;
  }

  /** The environment that points the API's Google strategy here. */
  env(): Record<string, string> {
    const base = this.baseUrl();
    return {
      GOOGLE_CLIENT_ID: this.clientId,
      GOOGLE_CLIENT_SECRET: this.clientSecret,
      GOOGLE_AUTHORIZATION_URL: `${base}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${base}/token`,
      GOOGLE_USERINFO_URL: `${base}/v1/userinfo`,
    };
  }

  private baseUrl(): string {
    if (!this.server) throw new Error('FakeGoogleProvider.start() first');
    return this.server.url;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', this.baseUrl());
    if (request.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') return this.authorize(url.searchParams, response);
    if (request.method === 'POST' && url.pathname === '/token') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => this.token(new URLSearchParams(body), request.headers.authorization, response));
      return;
    }
    if (request.method === 'GET' && url.pathname === '/v1/userinfo') {
      // RFC 6750 allows the token in the header or the query; record which, so a test can insist on the header.
      const queryToken = url.searchParams.get('access_token');
      if (queryToken) this.record.tokensInQuery += 1;
      return this.userInfo(queryToken ? `Bearer ${queryToken}` : request.headers.authorization, response);
    }
    json(response, 404, { error: 'not_found' });
  }

  private authorize(params: URLSearchParams, response: http.ServerResponse): void {
    this.record.authorizationRequests.push(params);
    const redirectUri = params.get('redirect_uri');
    if (params.get('client_id') !== this.clientId || !redirectUri) return json(response, 400, { error: 'invalid_client' });
    if (params.get('response_type') !== 'code') return json(response, 400, { error: 'unsupported_response_type' });
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) return json(response, 400, { error: 'invalid_request', error_description: 'PKCE required' });
    const back = new URL(redirectUri);
    const state = params.get('state');
    if (state) back.searchParams.set('state', state);
    if (!this.account) {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { account: this.account, clientId: this.clientId, redirectUri, codeChallenge: params.get('code_challenge') ?? '' });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { Location: back.toString() }).end();
  }

  private token(params: URLSearchParams, authorization: string | undefined, response: http.ServerResponse): void {
    this.record.tokenRequests.push(params);
    const [basicId, basicSecret] = authorization?.startsWith('Basic ')
      ? Buffer.from(authorization.slice(6), 'base64').toString().split(':')
      : [params.get('client_id'), params.get('client_secret')];
    if (basicId !== this.clientId || basicSecret !== this.clientSecret) return json(response, 401, { error: 'invalid_client' });
    if (params.get('grant_type') !== 'authorization_code') return json(response, 400, { error: 'unsupported_grant_type' });
    const code = params.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued || issued.redirectUri !== params.get('redirect_uri')) return json(response, 400, { error: 'invalid_grant' });
    const verifier = params.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.codeChallenge) {
      return json(response, 400, { error: 'invalid_grant', error_description: 'code_verifier does not match' });
    }
    const accessToken = `ya29.${randomBytes(24).toString('hex')}`;
    this.tokens.set(accessToken, issued.account);
    json(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3599, scope: 'openid email profile' });
  }

  private userInfo(authorization: string | undefined, response: http.ServerResponse): void {
    this.record.userInfoRequests += 1;
    const account = authorization?.startsWith('Bearer ') ? this.tokens.get(authorization.slice(7)) : undefined;
    if (!account) return json(response, 401, { error: 'invalid_token', error_description: 'Invalid Credentials' });
    json(response, 200, account);
  }
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
