// Flat exports for BI tools that prefer a file to GraphQL: CSV over HTTP with the same bearer
// tokens. Big reads stream: invoices go out in keyset pages of 5,000 rows, never all in memory.
//   GET /export/invoices.csv[?status=ISSUED,PARTIALLY_PAID&entityCode=US01]
//   GET /export/aging.csv?asOf=2026-11-30[&entityCode=US01&currency=EUR]
import type http from 'node:http';
import type { Config } from './config.js';
import { todayIn } from './config.js';
import { formatMoney } from './domain/money/money.js';
import { httpErrorFor } from './errors.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { authenticate, authenticationOptions } from './services/admin/authenticate.js';
import { clientAddress } from './client-address.js';
import { agingReport } from './services/receivables/aging.service.js';
import { invoiceWhere } from './services/receivables/invoice-filter.js';

const PAGE = 5000;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  // A spreadsheet reads a cell starting with = + - @ tab or CR as a formula: such a cell gets a
  // leading apostrophe (OWASP's CSV-injection advice) unless it is wholly a number, like -12.50.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const row = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

export async function handleExport(req: http.IncomingMessage, res: http.ServerResponse, prisma: PrismaClient, config: Config): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fail = (status: number, message: string, code?: string) => {
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: message, ...(code ? { code } : {}) }));
  };
  const auth = await authenticate(prisma, {
    authorization: req.headers.authorization ?? null,
    clientAddress: clientAddress(req.socket, req.headers['x-forwarded-for']?.toString() ?? null, config.trustProxy),
  }, authenticationOptions(config));
  if (auth.refusal) {
    if (auth.refusal.code === 'RATE_LIMITED') res.setHeader('retry-after', String(auth.refusal.retryAfterSeconds));
    return fail(auth.refusal.status, `${auth.refusal.code}: ${auth.refusal.message}`);
  }
  try {
    if (url.pathname === '/export/invoices.csv') return await exportInvoices(url, res, prisma, config);
    if (url.pathname === '/export/aging.csv') return await exportAging(url, res, prisma, config);
    return fail(404, 'Unknown export; available: /export/invoices.csv, /export/aging.csv?asOf=YYYY-MM-DD');
  } catch (error) {
    const refusal = httpErrorFor(error);
    if (refusal) return fail(refusal.status, refusal.message, refusal.code);
    throw error;
  }
}

async function exportInvoices(url: URL, res: http.ServerResponse, prisma: PrismaClient, config: Config): Promise<void> {
  const where = await invoiceWhere(prisma, {
    status: (url.searchParams.get('status') ?? '').split(',').filter(Boolean).map((s) => s.trim().toUpperCase()),
    entityCode: url.searchParams.get('entityCode'),
  }, todayIn(config.timeZone), '');
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="invoices.csv"' });
  res.write(row(['number', 'entity', 'customer_code', 'customer_name', 'status', 'issue_date', 'due_date', 'currency', 'payment_terms', 'po_number', 'total', 'amount_paid', 'balance', 'disputed', 'paid_date', 'void_date']));
  let after = 0;
  for (;;) {
    const page = await prisma.invoice.findMany({
      where: { AND: [where, { id: { gt: after } }] },
      orderBy: { id: 'asc' },
      take: PAGE,
      include: { entity: { select: { code: true } }, customer: { select: { code: true, name: true } } },
    });
    let chunk = '';
    for (const i of page) {
      chunk += row([
        i.number, i.entity.code, i.customer.code, i.customer.name, i.status, i.issueDate, i.dueDate, i.currency, i.paymentTerms, i.poNumber,
        formatMoney(i.total, i.currency), formatMoney(i.amountPaid, i.currency), formatMoney(i.total.minus(i.amountPaid), i.currency),
        i.disputed, i.paidDate, i.voidDate,
      ]);
    }
    if (chunk && !res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  res.end();
}

async function exportAging(url: URL, res: http.ServerResponse, prisma: PrismaClient, config: Config): Promise<void> {
  const report = await agingReport(prisma, {
    asOf: url.searchParams.get('asOf') ?? todayIn(config.timeZone),
    entityCode: url.searchParams.get('entityCode'),
    currency: url.searchParams.get('currency'),
    baseCurrency: config.baseCurrency,
  });
  const money = (value: Parameters<typeof formatMoney>[0]) => formatMoney(value, report.currency);
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="aging-${report.asOf}.csv"` });
  res.write(row(['as_of', 'currency', 'customer_code', 'customer_name', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90', 'total']));
  for (const { customer, buckets } of report.customers) {
    res.write(row([report.asOf, report.currency, customer.code, customer.name, money(buckets.current), money(buckets.days1To30), money(buckets.days31To60), money(buckets.days61To90), money(buckets.over90), money(buckets.total)]));
  }
  const t = report.total;
  res.end(row([report.asOf, report.currency, 'TOTAL', '', money(t.current), money(t.days1To30), money(t.days31To60), money(t.days61To90), money(t.over90), money(t.total)]));
}
