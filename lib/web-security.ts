/**
 * The security headers CloudFront adds to the web files (docs/security.md, "Cloud"). The
 * Content-Security-Policy is the very policy the console and widget pages carry in their meta
 * tag (a test holds the two equal), plus what a meta tag cannot say: `frame-ancestors`. Each
 * kind of page gets its own framing rule:
 *   console  — never framed: `frame-ancestors 'none'` and X-Frame-Options DENY;
 *   widget   — framed by the business's sites: `frame-ancestors` = config.allowedOrigins (no
 *              X-Frame-Options, which cannot name several origins);
 *   the rest — the demo site: same-origin framing only.
 */
import { Duration } from 'aws-cdk-lib';
import { HeadersFrameOption, HeadersReferrerPolicy, type ResponseSecurityHeadersBehavior } from 'aws-cdk-lib/aws-cloudfront';

/** The policy in the `<meta http-equiv="Content-Security-Policy">` of web/console/index.html and web/widget/frame.html. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; connect-src 'self' http: https: ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'";

export type PageKind = 'console' | 'widget' | 'site';

/** `frame-ancestors` for the widget: ourselves plus the sites that embed it. */
export function frameAncestors(allowedOrigins: readonly string[]): string {
  return allowedOrigins.includes('*') ? '*' : ["'self'", ...allowedOrigins].join(' ');
}

/** The full Content-Security-Policy header for a kind of page. */
export function contentSecurityPolicy(kind: PageKind, allowedOrigins: readonly string[]): string {
  const ancestors = kind === 'console' ? "'none'" : kind === 'widget' ? frameAncestors(allowedOrigins) : "'self'";
  return `${PAGE_CSP}; frame-ancestors ${ancestors}`;
}

/** HSTS (2 years, subdomains, preload-ready), nosniff, referrer policy, the CSP and, where one origin is enough, frame options. */
export function securityHeaders(kind: PageKind, allowedOrigins: readonly string[]): ResponseSecurityHeadersBehavior {
  return {
    strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
    contentTypeOptions: { override: true },
    referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(kind, allowedOrigins), override: true },
    ...(kind === 'widget' ? {} : { frameOptions: { frameOption: kind === 'console' ? HeadersFrameOption.DENY : HeadersFrameOption.SAMEORIGIN, override: true } }),
  };
}
