// The delivery settings read at start (a clear error for a bad one, never repeating a password),
// the retry schedule, and the words of an invoice mail (values escaped in its HTML).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config.js';
import { invoiceMail } from '../../api/delivery/messages.js';
import { retryDelay } from '../../api/domain/receivables/delivery.js';

describe('delivery settings', () => {
  it('has defaults: no relay (email waits), billing@localhost, ./data/edi-outbox, 5 tries over about 2.5 hours', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ smtpUrl: null, mailFrom: 'billing@localhost', ediDir: './data/edi-outbox', deliveryWorker: true, deliveryPollMs: 1000 });
    expect(config.deliveryRetryMs).toEqual([60_000, 300_000, 1_800_000, 7_200_000]);
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelay(attempts, config.deliveryRetryMs))).toEqual([60_000, 300_000, 1_800_000, 7_200_000, null]);
  });

  it('takes smtp:// and smtps:// relays with credentials', () => {
    expect(loadConfig({ LEDGERLINE_SMTP_URL: 'smtp://user:pa%24s@mail.example.com:587' }).smtpUrl).toBe('smtp://user:pa%24s@mail.example.com:587');
    expect(loadConfig({ LEDGERLINE_SMTP_URL: 'smtps://user:secret@mail.example.com:465' }).smtpUrl).toBe('smtps://user:secret@mail.example.com:465');
  });

  it('refuses a relay that is not an SMTP address, naming the accepted forms and hiding the password', () => {
    expect(() => loadConfig({ LEDGERLINE_SMTP_URL: 'https://user:hunter2@mail.example.com' })).toThrow(/LEDGERLINE_SMTP_URL .*smtp:\/\/user:pass@host:587.*smtps:\/\//);
    expect(() => loadConfig({ LEDGERLINE_SMTP_URL: 'https://user:hunter2@mail.example.com' })).not.toThrow(/hunter2/);
    expect(() => loadConfig({ LEDGERLINE_SMTP_URL: 'mail.example.com' })).toThrow(/not an SMTP relay address/);
  });

  it('refuses a bad From address and a bad retry schedule', () => {
    expect(loadConfig({ LEDGERLINE_MAIL_FROM: 'Billing <billing@example.com>' }).mailFrom).toBe('Billing <billing@example.com>');
    expect(() => loadConfig({ LEDGERLINE_MAIL_FROM: 'billing' })).toThrow(/LEDGERLINE_MAIL_FROM "billing" is not a mail address/);
    expect(loadConfig({ LEDGERLINE_DELIVERY_RETRY_SECONDS: '0.5, 2' }).deliveryRetryMs).toEqual([500, 2000]);
    expect(() => loadConfig({ LEDGERLINE_DELIVERY_RETRY_SECONDS: '60,soon' })).toThrow(/comma-separated list of seconds/);
    expect(loadConfig({ LEDGERLINE_DELIVERY_WORKER: 'off' }).deliveryWorker).toBe(false);
  });
});

describe('invoice mail words', () => {
  it('names the invoice in the subject, gives total, due date and portal link, and escapes values in the HTML', () => {
    const mail = invoiceMail({
      invoiceNumber: 'US01-000123', sellerName: 'Ledgerline <US> & Co', customerName: '<script>alert(1)</script>', total: '1234.50', currency: 'USD',
      dueDate: '2026-12-31', portalUrl: 'https://ledger.example.com/portal/abc?x=1&y=2', portalExpiresAt: '2027-01-30T00:00:00.000Z',
    });
    expect(mail.subject).toBe('Invoice US01-000123 from Ledgerline <US> & Co');
    for (const text of ['USD 1234.50', '2026-12-31', 'https://ledger.example.com/portal/abc?x=1&y=2']) expect(mail.text).toContain(text);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('<a href="https://ledger.example.com/portal/abc?x=1&amp;y=2">');
  });
});
