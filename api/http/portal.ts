// The customer portal (PRODUCT.md, "Customer portal"): GET /portal/<token> is a read-only page,
// without login, with that customer's open invoices, balance and a recent statement; the PDFs
// come through the same link (/portal/<token>/invoices/<number>.pdf, /portal/<token>/statement.pdf).
// An unknown, altered, expired or revoked token, a path it does not serve, and another
// customer's invoice all get the very same 404, so a page tells nothing about other links.
//
// The secret is in the URL, so: no caching anywhere (no-store), no Referer to other sites
// (no-referrer), and a policy that allows no script, no framing and only the page's own style.
import crypto from 'node:crypto';
import type http from 'node:http';
import type { Statement } from '../documents/types.js';
import type { IsoDate } from '../domain/dates.js';
import { formatMoney, Money, sumMoney } from '../domain/money/money.js';
import type { Customer } from '../generated/prisma/client.js';
import type { Db } from '../services/db-types.js';
import { customerForPortalToken, isPortalInvoice, portalOpenInvoices, portalStatementPeriod, type PortalInvoice } from '../services/collections/portal.service.js';
import { invoicePdf, statementPdf } from '../services/documents/documents.service.js';
import { customerStatement } from '../services/receivables/statement.service.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.overdue{color:#a00}.muted{color:#666}`;

/** Only the page's own style block; nothing else may load or run, nothing may frame it. */
export const PORTAL_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${crypto.createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': PORTAL_CSP,
  'x-robots-tag': 'noindex, nofollow',
} as const;

const PATH = /^\/portal\/([^/]+)(?:\/(statement\.pdf|invoices\/([^/]+)\.pdf))?\/?$/;

const NOT_FOUND_PAGE = page('Link not valid', '<h1>This link is not valid</h1><p>It may have expired or been revoked. Ask your contact at the company that sent it for a new one.</p>');

export interface PortalOptions {
  today: () => IsoDate;
  now: () => Date;
}

export function portalHandler(prisma: Db, options: PortalOptions) {
  return async function handlePortal(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const head = req.method === 'HEAD';
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...PRIVATE_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(head ? undefined : body);
    };
    const notFound = () => send(404, 'text/html; charset=utf-8', NOT_FOUND_PAGE);
    if (req.method !== 'GET' && !head) {
      return send(405, 'text/plain; charset=utf-8', 'The portal is read with GET.', { allow: 'GET, HEAD' });
    }
    const match = PATH.exec(pathname);
    if (!match) return notFound();
    const customer = await customerForPortalToken(prisma, match[1]!, options.now());
    if (!customer) return notFound();
    const today = options.today();

    if (match[2] === 'statement.pdf') {
      const { from, to } = portalStatementPeriod(today);
      const pdf = await statementPdf(prisma, customer.code, from, to);
      return send(200, 'application/pdf', pdf, { 'content-disposition': `inline; filename="statement-${customer.code}-${to}.pdf"` });
    }
    if (match[3] !== undefined) {
      const number = decodeURIComponent(match[3]).trim().toUpperCase();
      if (!(await isPortalInvoice(prisma, customer.id, number))) return notFound();
      const pdf = await invoicePdf(prisma, number);
      if (!pdf) return notFound();
      return send(200, 'application/pdf', pdf, { 'content-disposition': `inline; filename="${number}.pdf"` });
    }

    const { from, to } = portalStatementPeriod(today);
    const [invoices, statement] = await Promise.all([portalOpenInvoices(prisma, customer.id, today), customerStatement(prisma, { customerCode: customer.code, from, to })]);
    // Links relative to the page: "<token>/…" from "/portal/<token>" would drop the token.
    const base = `${pathname.replace(/\/+$/, '')}/`;
    send(200, 'text/html; charset=utf-8', renderPortalPage({ customer, today, invoices, statement, base }));
  };
}

export interface PortalPageData {
  customer: Pick<Customer, 'code' | 'name' | 'currency'>;
  today: IsoDate;
  invoices: PortalInvoice[];
  statement: Statement;
  /** The page's own path with a trailing slash; the PDF links are under it. */
  base: string;
}

/** The page as HTML; every value from the ledger is escaped. */
export function renderPortalPage(data: PortalPageData): string {
  const { customer, invoices, statement } = data;
  const link = (path: string, text: string) => `<a href="${escapeHtml(data.base + path)}">${escapeHtml(text)}</a>`;
  const currencies = [...new Set([customer.currency, ...invoices.map((i) => i.currency)])];
  const balances = currencies
    .map((currency) => `${escapeHtml(currency)} ${escapeHtml(formatMoney(sumMoney(invoices.filter((i) => i.currency === currency).map((i) => new Money(i.balance))), currency))}`)
    .join(' · ');
  const unapplied = new Money(statement.unappliedCash).isZero() ? '' : ` · unapplied payments ${escapeHtml(statement.currency)} ${escapeHtml(statement.unappliedCash)}`;
  const invoiceRows = invoices
    .map((i) => `<tr><td>${link(`invoices/${encodeURIComponent(i.number)}.pdf`, i.number)}</td><td>${escapeHtml(i.issueDate)}</td>`
      + `<td${i.daysPastDue > 0 ? ' class="overdue"' : ''}>${escapeHtml(i.dueDate)}${i.daysPastDue > 0 ? ` (${i.daysPastDue} days overdue)` : ''}</td>`
      + `<td>${escapeHtml(i.currency)}</td><td class="n">${escapeHtml(i.total)}</td><td class="n">${escapeHtml(i.balance)}</td></tr>`)
    .join('\n');
  const statementRows = statement.lines
    .map((l) => `<tr><td>${escapeHtml(l.date)}</td><td>${escapeHtml(l.kind)}</td><td>${escapeHtml(l.reference)}</td><td class="n">${escapeHtml(l.amount)}</td><td class="n">${escapeHtml(l.balance)}</td></tr>`)
    .join('\n');
  const body = `<h1>${escapeHtml(customer.name)}</h1>
<p class="muted">Customer ${escapeHtml(customer.code)} · as of ${escapeHtml(data.today)}</p>
<h2>Balance</h2>
<p>Open balance: <strong>${balances}</strong>${unapplied}</p>
<h2>Open invoices</h2>
${invoices.length === 0 ? '<p>No open invoices.</p>' : `<table><thead><tr><th>Invoice</th><th>Issued</th><th>Due</th><th>Currency</th><th class="n">Total</th><th class="n">Open</th></tr></thead><tbody>
${invoiceRows}
</tbody></table>`}
<h2>Statement ${escapeHtml(statement.from)} to ${escapeHtml(statement.to)}</h2>
<p>${link('statement.pdf', 'Statement (PDF)')} · in ${escapeHtml(statement.currency)}</p>
<table><thead><tr><th>Date</th><th>Kind</th><th>Reference</th><th class="n">Amount</th><th class="n">Balance</th></tr></thead><tbody>
<tr><td>${escapeHtml(statement.from)}</td><td colspan="3">Opening balance</td><td class="n">${escapeHtml(statement.openingBalance)}</td></tr>
${statementRows}
<tr><td>${escapeHtml(statement.to)}</td><td colspan="3">Closing balance</td><td class="n">${escapeHtml(statement.closingBalance)}</td></tr>
</tbody></table>`;
  return page(`${customer.name} — open invoices`, body);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
