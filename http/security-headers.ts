import type { Middleware } from 'koa';

// Everything the web app and Swagger UI need comes from our own origin. Styles allow 'unsafe-inline'
// because Vue Flow and Swagger UI set inline style attributes; scripts never do. Google serves the
// profile pictures of people who sign in with Google.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https://lh3.googleusercontent.com",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// The app uses none of these powerful features; denying them limits what injected content could do.
const permissionsPolicy = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

const alwaysSet: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // Older browsers ignore CSP frame-ancestors; X-Frame-Options covers them.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': permissionsPolicy,
};

// HSTS only in production: on a development http://localhost it would pin the browser to https for a year.
const productionOnly: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

/**
 * Sets the browser-hardening headers on every response. They are set before the rest of the chain
 * runs, so error responses carry them too.
 */
export function securityHeaders(options: { production: boolean }): Middleware {
  const headers = options.production ? { ...alwaysSet, ...productionOnly } : alwaysSet;
  return async (ctx, next) => {
    ctx.set(headers);
    ctx.remove('X-Powered-By');
    await next();
    // Something further down may have announced itself; the stack is nobody's business.
    ctx.remove('X-Powered-By');
  };
}
