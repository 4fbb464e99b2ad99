// The words of the mails the outbox sends: subject, a text body and a simple HTML alternative
// (every value escaped). Pure: plain values in, text out.

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface InvoiceMailParams {
  invoiceNumber: string;
  sellerName: string;
  customerName: string;
  /** As the API formats it, e.g. "1234.50". */
  total: string;
  currency: string;
  dueDate: string;
  portalUrl: string;
  portalExpiresAt: string;
}

export function invoiceMail(p: InvoiceMailParams): ComposedMail {
  const subject = `Invoice ${p.invoiceNumber} from ${p.sellerName}`;
  const lines = [
    `Dear ${p.customerName},`,
    '',
    `please find attached invoice ${p.invoiceNumber} (${p.invoiceNumber}.pdf).`,
    '',
    `Total: ${p.currency} ${p.total}`,
    `Due date: ${p.dueDate}`,
    '',
    `Your open invoices and their PDFs: ${p.portalUrl}`,
    `(this link is valid until ${p.portalExpiresAt.slice(0, 10)})`,
    '',
    `Kind regards,`,
    p.sellerName,
  ];
  return { subject, text: lines.join('\n'), html: htmlOf(lines, p.portalUrl) };
}

export interface StatementMailParams {
  sellerName: string;
  customerName: string;
  from: string;
  to: string;
  portalUrl: string;
}

export function statementMail(p: StatementMailParams): ComposedMail {
  const subject = `Statement of account ${p.from} to ${p.to} from ${p.sellerName}`;
  const lines = [
    `Dear ${p.customerName},`,
    '',
    `please find attached your statement of account from ${p.from} to ${p.to}.`,
    '',
    `Your open invoices and their PDFs: ${p.portalUrl}`,
    '',
    `Kind regards,`,
    p.sellerName,
  ];
  return { subject, text: lines.join('\n'), html: htmlOf(lines, p.portalUrl) };
}

export interface DunningMailParams {
  sellerName: string;
  customerName: string;
  /** The dunning level's own subject and body, as the collections team wrote them. */
  subject: string;
  body: string;
  overdueBalance: string;
  currency: string;
  invoiceNumbers: string[];
  portalUrl: string;
}

export function dunningMail(p: DunningMailParams): ComposedMail {
  const lines = [
    `Dear ${p.customerName},`,
    '',
    ...p.body.split(/\r?\n/),
    '',
    `Overdue balance: ${p.currency} ${p.overdueBalance}`,
    `Invoices: ${p.invoiceNumbers.join(', ')}`,
    '',
    `Your open invoices and their PDFs: ${p.portalUrl}`,
    '',
    `Kind regards,`,
    p.sellerName,
  ];
  return { subject: p.subject, text: lines.join('\n'), html: htmlOf(lines, p.portalUrl) };
}

/** The text's lines as paragraphs; the portal address becomes a link. */
function htmlOf(lines: string[], link: string): string {
  const body = lines
    .map((line) => escapeHtml(line).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`))
    .join('<br>\n');
  return `<!doctype html>\n<html><body style="font-family: sans-serif">\n${body}\n</body></html>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
