// Headers every response carries (pages, API answers, exports, errors). The task pane's policy
// is what it and office.js need: scripts only from this origin (office.js loads its helpers
// from its own folder), inline styles (Fluent UI's Griffel inserts them, office.js sets them,
// the page has one), and framing by Excel on the web. GraphiQL's page brings its own policy.

/**
 * Where Excel on the web (and the Microsoft 365 app) frames a task pane. Microsoft publishes no
 * single list; these are the hosts its documentation and support threads name
 * (officeapps.live.com, sharepoint.com and OneDrive for documents, office.com / office365.com /
 * microsoft365.com and the newer cloud.microsoft for the apps).
 */
export const OFFICE_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://onedrive.live.com',
] as const;

export const PANE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // The pane may be pointed at another Ledgerline server (Connect → server address).
  "connect-src 'self' https:",
  // office.js frames its own error page from its folder and Microsoft's telemetry proxy.
  "frame-src 'self' https://telemetryservice.firstpartyapps.oaspapps.com",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors 'self' ${OFFICE_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/** JSON and CSV answers are never rendered, but a browser pointed at one still gets a policy. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const COMMON_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;
