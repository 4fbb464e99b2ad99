// Delivery through the outbox, end to end on a real SMTP server in this process: an issued
// invoice queues one delivery per recipient in its own transaction; the worker mails it (PDF
// attached, total, due date and a working portal link in the body), writes the EDI file, puts
// the letter in the day's print batch, and leaves portal uploads to an analyst, who records
// them. Resends, the deliveries connection, roles, and refused input with nothing written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../api/config.js';
import { queueCustomerDocument } from '../../api/delivery/outbox.js';
import { createDeliveryWorker, type DeliveryWorker } from '../../api/delivery/worker.js';
import { hashToken } from '../../api/services/admin/token.service.js';
import { invoiceUbl } from '../../api/services/documents/documents.service.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';
import { pdfText, startSmtpServer, type TestSmtpServer } from './delivery-support.js';

const ERRORS = 'userErrors { field message code }';
const DELIVERY = 'id kind channel recipient status attempts lastError sentAt reference messageId printBatch customer { code } invoice { number }';
const MUTATIONS = {
  createEntity: `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code } ${ERRORS} } }`,
  createCustomer: `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code } ${ERRORS} } }`,
  createInvoice: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number total dueDate deliveries { ${DELIVERY} } } ${ERRORS} } }`,
  voidInvoice: `mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { invoice { number status } ${ERRORS} } }`,
  resendInvoice: `mutation($input: ResendInvoiceInput!) { resendInvoice(input: $input) { invoice { number deliveries { ${DELIVERY} } } deliveries { ${DELIVERY} } ${ERRORS} } }`,
  recordDelivery: `mutation($input: RecordDeliveryInput!) { recordDelivery(input: $input) { delivery { ${DELIVERY} } ${ERRORS} } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;
const RESULT: Record<MutationName, string> = {
  createEntity: 'entity', createCustomer: 'customer', createInvoice: 'invoice', voidInvoice: 'invoice', resendInvoice: 'invoice', recordDelivery: 'delivery',
};
const INVOICE_DELIVERIES = `query($number: String!) { invoice(number: $number) { number deliveries { ${DELIVERY} } } }`;
const DELIVERIES = `query($status: DeliveryStatus, $channel: DeliveryChannel, $first: Int, $after: String) {
  deliveries(status: $status, channel: $channel, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${DELIVERY} } } } }`;
/** Tables a refused delivery mutation must leave as they were. */
const TABLES = ['invoice', 'invoice_delivery', 'portal_link', 'audit_record'] as const;

describe.each(testDatabases())('delivery through the outbox on $name', (database) => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let worker: DeliveryWorker;
  let ediDir: string;

  async function write(name: MutationName, input: Record<string, unknown>, token: string = api.tokens.AR) {
    const payload = (await api.ok(MUTATIONS[name], { input }, token))[name];
    expect(payload.userErrors, `${name} ${JSON.stringify(input)}`).toEqual([]);
    return payload;
  }
  const snapshot = () => tableDigest(api.db.prisma, TABLES);
  async function refused(name: MutationName, input: Record<string, unknown>, token: string = api.tokens.AR) {
    const before = await snapshot();
    const response = await api.gql(MUTATIONS[name], { input }, token);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const payload = response.data[name];
    expect(payload[RESULT[name]]).toBeNull();
    expect(payload.userErrors.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    return payload.userErrors as { field: string[]; message: string; code: string }[];
  }
  const invoice = async (customerCode: string, unitPrice = '1234.50') =>
    (await write('createInvoice', { customerCode, issueDate: '2026-11-20', poNumber: 'PO-77', lines: [{ description: 'Advisory', quantity: '1', unitPrice }] })).invoice;
  const deliveriesOf = async (number: string) => (await api.ok(INVOICE_DELIVERIES, { number })).invoice.deliveries;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ediDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-edi-'));
    api = await startTestApi(database, {
      env: {
        LEDGERLINE_SMTP_URL: smtp.url,
        LEDGERLINE_MAIL_FROM: 'Ledgerline Billing <billing@ledgerline.test>',
        LEDGERLINE_EDI_DIR: ediDir,
        LEDGERLINE_PUBLIC_URL: 'https://ledger.example.com',
        LEDGERLINE_DELIVERY_POLL_MS: '100',
      },
    });
    worker = createDeliveryWorker({ prisma: api.db.prisma, config: api.config });
    await write('createEntity', { code: 'DE01', name: 'Ledgerline DE', legalName: 'Ledgerline Deutschland GmbH', currency: 'EUR' }, api.tokens.ADMIN);
    const customer = (code: string, deliveryChannel: string, extra: Record<string, unknown> = {}) =>
      write('createCustomer', { entityCode: 'DE01', code, name: `${code} GmbH`, paymentTerms: 'NET30', deliveryChannel, ...extra });
    await customer('MAILER', 'EMAIL', { billingEmails: ['ap@mailer.example', 'controller@mailer.example'] });
    await customer('EDIER', 'EDI');
    await customer('POSTER', 'POST', { billingEmails: [] });
    await customer('PORTALER', 'PORTAL', { portalUrl: 'https://supplier.portaler.example/ariba' });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.close();
    fs.rmSync(ediDir, { recursive: true, force: true });
  });

  it('queues one EMAIL delivery per billing email with the invoice, and the worker mails each once with the PDF and a portal link', async () => {
    const issued = await invoice('MAILER');
    expect(issued.deliveries.map((d: any) => [d.kind, d.channel, d.recipient, d.status, d.attempts])).toEqual([
      ['INVOICE', 'EMAIL', 'ap@mailer.example', 'PENDING', 0],
      ['INVOICE', 'EMAIL', 'controller@mailer.example', 'PENDING', 0],
    ]);
    for (const d of issued.deliveries) expect(d.messageId).toMatch(/^<[0-9a-f-]{36}@ledgerline\.test>$/);

    expect(await worker.runOnce()).toBe(2);
    expect(smtp.received).toHaveLength(2);
    const byRecipient = new Map(smtp.received.map((r) => [r.envelopeTo.join(','), r.mail]));
    for (const delivery of issued.deliveries) {
      const mail = byRecipient.get(delivery.recipient)!;
      expect(mail.messageId).toBe(delivery.messageId);
      expect(mail.from?.text).toContain('billing@ledgerline.test');
      expect(mail.subject).toContain(issued.number);
      expect(mail.text).toContain('1234.50');
      expect(mail.text).toContain(issued.dueDate);
      expect(mail.html).toContain('1234.50');
      const [attachment] = mail.attachments;
      expect(attachment!.filename).toBe(`${issued.number}.pdf`);
      expect(attachment!.contentType).toBe('application/pdf');
      const text = await pdfText(attachment!.content);
      for (const expected of [issued.number, 'MAILER GmbH', issued.dueDate, '1234.50']) expect(text.replace(/,/g, '')).toContain(expected);
      // The link in the body is a live portal link of this customer.
      const link = /https:\/\/ledger\.example\.com\/portal\/([A-Za-z0-9_-]{43})/.exec(mail.text!)!;
      expect(link).not.toBeNull();
      const stored = await api.db.prisma.portalLink.findUnique({ where: { tokenHash: hashToken(link[1]!) }, include: { customer: true } });
      expect(stored).toMatchObject({ createdBy: 'outbox', revokedAt: null, customer: { code: 'MAILER' } });
    }
    const after = await deliveriesOf(issued.number);
    expect(after.map((d: any) => [d.status, d.attempts, d.lastError, d.sentAt !== null])).toEqual([
      ['SENT', 1, null, true],
      ['SENT', 1, null, true],
    ]);
    // A delivery recorded SENT is never sent again.
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('writes the EDI file with the UBL invoice, atomically, and records the acknowledgement', async () => {
    const issued = await invoice('EDIER', '500.00');
    expect(issued.deliveries.map((d: any) => [d.channel, d.recipient, d.status])).toEqual([['EDI', 'EDI:EDIER', 'PENDING']]);
    expect(await worker.runOnce()).toBe(1);
    const file = path.join(ediDir, `${issued.number}.xml`);
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toBe(await invoiceUbl(api.db.prisma, issued.number));
    expect(xml).toContain(`<cbc:ID>${issued.number}</cbc:ID>`);
    expect(xml).toMatch(/<cbc:PayableAmount currencyID="EUR">500.00<\/cbc:PayableAmount>/);
    expect(fs.readdirSync(ediDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const [sent] = await deliveriesOf(issued.number);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, reference: null });

    const recorded = await write('recordDelivery', { invoiceNumber: issued.number, channel: 'EDI', reference: '997-000004711', outcome: 'DELIVERED' }, api.tokens.ANALYST);
    expect(recorded.delivery).toMatchObject({ channel: 'EDI', status: 'DELIVERED', reference: '997-000004711', invoice: { number: issued.number } });
    const audit = await api.db.prisma.auditRecord.findFirst({ where: { action: 'recordDelivery' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actor: 'test-analyst', recordType: 'Delivery', recordId: String(sent.id) });
    expect(audit!.after).toMatchObject({ status: 'DELIVERED', reference: '997-000004711' });
  });

  it('puts a POST delivery in today\'s print batch', async () => {
    const issued = await invoice('POSTER', '80.00');
    expect(issued.deliveries.map((d: any) => [d.channel, d.recipient])).toEqual([['POST', 'POSTER GmbH']]);
    expect(await worker.runOnce()).toBe(1);
    const [letter] = await deliveriesOf(issued.number);
    expect(letter).toMatchObject({ status: 'SENT', printBatch: todayIn('UTC'), attempts: 1 });
  });

  it('leaves a PORTAL upload pending for an analyst, who records it DELIVERED', async () => {
    const issued = await invoice('PORTALER', '99.00');
    expect(await worker.runOnce()).toBe(0);
    const [pending] = await deliveriesOf(issued.number);
    expect(pending).toMatchObject({ channel: 'PORTAL', recipient: 'https://supplier.portaler.example/ariba', status: 'PENDING', attempts: 0, sentAt: null });
    const todo = (await api.ok(DELIVERIES, { status: 'PENDING', channel: 'PORTAL' }, api.tokens.VIEWER)).deliveries;
    expect(todo.edges.map((e: any) => e.node.invoice.number)).toEqual([issued.number]);

    const forbidden = await api.gql(MUTATIONS.recordDelivery, { input: { invoiceNumber: issued.number, channel: 'PORTAL', reference: 'UPL-1', outcome: 'DELIVERED' } }, api.tokens.VIEWER);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const recorded = await write('recordDelivery', { invoiceNumber: issued.number, channel: 'PORTAL', reference: 'UPL-00042', outcome: 'DELIVERED', note: 'uploaded to Ariba' }, api.tokens.ANALYST);
    expect(recorded.delivery).toMatchObject({ status: 'DELIVERED', reference: 'UPL-00042', lastError: null });
    expect(recorded.delivery.sentAt).not.toBeNull();
    expect((await api.ok(DELIVERIES, { status: 'PENDING', channel: 'PORTAL' })).deliveries.totalCount).toBe(0);
    // The worker leaves a recorded delivery alone.
    expect(await worker.runOnce()).toBe(0);
    expect((await deliveriesOf(issued.number))[0]).toMatchObject({ status: 'DELIVERED', attempts: 0 });
  });

  it('records a failed portal upload with the note as the last error', async () => {
    const issued = await invoice('PORTALER', '12.00');
    const recorded = await write('recordDelivery', { invoiceNumber: issued.number, channel: 'PORTAL', reference: 'UPL-00043', outcome: 'FAILED', note: 'PO number not recognised' }, api.tokens.ANALYST);
    expect(recorded.delivery).toMatchObject({ status: 'FAILED', reference: 'UPL-00043', lastError: 'PO number not recognised' });
  });

  it('resends an invoice to given addresses, or to the customer\'s channel again, as new deliveries', async () => {
    const issued = await invoice('MAILER', '10.00');
    await worker.runOnce();
    const mailsBefore = smtp.received.length;
    const resent = await write('resendInvoice', { invoiceNumber: issued.number, recipients: ['Accounts.Payable@mailer.example'] });
    expect(resent.deliveries.map((d: any) => [d.channel, d.recipient, d.status, d.attempts])).toEqual([['EMAIL', 'Accounts.Payable@mailer.example', 'PENDING', 0]]);
    expect(resent.invoice.deliveries.map((d: any) => d.recipient)).toEqual(['ap@mailer.example', 'controller@mailer.example', 'Accounts.Payable@mailer.example']);
    expect(await worker.runOnce()).toBe(1);
    expect(smtp.received.slice(mailsBefore).map((r) => r.envelopeTo)).toEqual([['Accounts.Payable@mailer.example']]);
    expect(smtp.received.at(-1)!.mail.messageId).toBe(resent.deliveries[0].messageId);

    const again = await write('resendInvoice', { invoiceNumber: issued.number });
    expect(again.deliveries.map((d: any) => d.recipient)).toEqual(['ap@mailer.example', 'controller@mailer.example']);
    expect(new Set([...issued.deliveries, ...again.deliveries].map((d: any) => d.messageId)).size).toBe(4);
    expect(await api.db.prisma.auditRecord.count({ where: { action: 'resendInvoice', recordId: String(issued.id) } })).toBe(2);
    expect(await worker.runOnce()).toBe(2);

    // An EDI invoice resent without recipients writes its file again (same content: left as is).
    const edi = await invoice('EDIER', '7.00');
    await worker.runOnce();
    await write('resendInvoice', { invoiceNumber: edi.number });
    expect(await worker.runOnce()).toBe(1);
    expect((await deliveriesOf(edi.number)).map((d: any) => d.status)).toEqual(['SENT', 'SENT']);
  });

  it('mails statements and dunning letters with their PDFs to the billing emails, and posts them to a customer without one', async () => {
    const overdue = await invoice('MAILER', '300.00');
    const mailer = await api.db.prisma.customer.findUniqueOrThrow({ where: { code: 'MAILER' } });
    const poster = await api.db.prisma.customer.findUniqueOrThrow({ where: { code: 'POSTER' } });
    const letter = await api.db.prisma.dunningLetter.create({
      data: { customerId: mailer.id, level: 1, asOf: new Date('2026-12-28'), overdueBalance: '300.00', currency: 'EUR', invoiceNumbers: [overdue.number], createdBy: 'test' },
    });
    const queued = await api.db.prisma.$transaction(async (tx) => [
      await queueCustomerDocument(tx, { kind: 'STATEMENT', customer: mailer, statementFrom: new Date('2026-11-01'), statementTo: new Date('2026-11-30') }),
      await queueCustomerDocument(tx, { kind: 'DUNNING_LETTER', customer: mailer, dunningLetterId: letter.id }),
      await queueCustomerDocument(tx, { kind: 'STATEMENT', customer: poster, statementFrom: new Date('2026-11-01'), statementTo: new Date('2026-11-30') }),
    ]);
    expect(queued).toEqual([2, 2, 1]);
    expect(await worker.runOnce()).toBe(2 + 5); // with the MAILER invoice's own two emails
    expect(await worker.runOnce()).toBe(0);
    const documents = await api.ok(`{ deliveries(first: 1000) { edges { node { kind channel recipient status printBatch customer { code } invoice { number } } } } }`);
    const others = documents.deliveries.edges.map((e: any) => e.node).filter((d: any) => d.kind !== 'INVOICE');
    expect(others.map((d: any) => [d.kind, d.channel, d.recipient, d.status, d.invoice])).toEqual([
      ['STATEMENT', 'EMAIL', 'ap@mailer.example', 'SENT', null],
      ['STATEMENT', 'EMAIL', 'controller@mailer.example', 'SENT', null],
      ['DUNNING_LETTER', 'EMAIL', 'ap@mailer.example', 'SENT', null],
      ['DUNNING_LETTER', 'EMAIL', 'controller@mailer.example', 'SENT', null],
      ['STATEMENT', 'POST', 'POSTER GmbH', 'SENT', null],
    ]);
    expect(others.at(-1).printBatch).toBe(todayIn('UTC'));

    const mails = smtp.received;
    const statement = mails.find((r) => r.mail.subject!.startsWith('Statement of account'))!;
    expect(statement.mail.subject).toContain('2026-11-01 to 2026-11-30');
    expect(statement.mail.attachments[0]!.filename).toBe('statement-MAILER-2026-11-30.pdf');
    expect(await pdfText(statement.mail.attachments[0]!.content)).toContain('MAILER GmbH');
    expect(statement.mail.text).toMatch(/https:\/\/ledger\.example\.com\/portal\//);
    const reminder = mails.find((r) => r.mail.attachments[0]!.filename === 'reminder-MAILER-2026-12-28.pdf')!;
    expect(reminder.mail.text).toContain(overdue.number);
    expect(reminder.mail.text).toContain('300.00');
    expect(await pdfText(reminder.mail.attachments[0]!.content)).toContain(overdue.number);
  });

  it('gives an email queued without a Message-ID one at its first try, and keeps it', async () => {
    const issued = await invoice('MAILER', '5.00');
    await worker.runOnce();
    const customer = await api.db.prisma.customer.findUniqueOrThrow({ where: { code: 'MAILER' } });
    const row = await api.db.prisma.invoiceDelivery.create({ data: { invoiceId: Number(issued.id), customerId: customer.id, channel: 'EMAIL', recipient: 'old@mailer.example' } });
    expect(row.messageId).toBeNull();
    expect(await worker.runOnce()).toBe(1);
    const stored = await api.db.prisma.invoiceDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(stored.messageId).toMatch(/^<[0-9a-f-]{36}@ledgerline\.test>$/);
    expect(smtp.received.at(-1)!.mail.messageId).toBe(stored.messageId);
  });

  it('sends within a few seconds of the commit when the worker runs', async () => {
    const running = createDeliveryWorker({ prisma: api.db.prisma, config: api.config });
    running.start();
    try {
      const before = smtp.received.length;
      const started = Date.now();
      const issued = await invoice('MAILER', '3.00');
      await smtp.waitFor(before + 2, 5000);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(smtp.received.slice(before).map((r) => r.mail.subject).every((s) => s!.includes(issued.number))).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it('lists deliveries as a Relay connection, oldest first, filtered by status and channel, without N+1', async () => {
    const all = (await api.ok(DELIVERIES, { first: 1000 })).deliveries;
    const ids = all.edges.map((e: any) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all.totalCount).toBe(ids.length);

    const pages: number[] = [];
    let after: string | null = null;
    let queries = 0;
    for (;;) {
      let page: any;
      queries += await api.countQueries(async () => {
        page = (await api.ok(DELIVERIES, { first: 3, after })).deliveries;
      });
      pages.push(...page.edges.map((e: any) => Number(e.node.id)));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toEqual(ids);
    // A page with its customers and invoices is a handful of statements, whatever its size.
    const perPage = queries / Math.ceil(ids.length / 3);
    const big = await api.countQueries(() => api.ok(DELIVERIES, { first: 1000 }));
    expect(big).toBeLessThanOrEqual(Math.ceil(perPage) + 1);

    const sentEmail = (await api.ok(DELIVERIES, { status: 'SENT', channel: 'EMAIL', first: 1000 })).deliveries;
    expect(sentEmail.edges.length).toBeGreaterThan(0);
    expect(sentEmail.edges.every((e: any) => e.node.status === 'SENT' && e.node.channel === 'EMAIL' && e.node.messageId)).toBe(true);

    const tooMany = await api.gql(DELIVERIES, { first: 5000 });
    expect(tooMany.errors?.[0]?.message).toMatch(/maximum page size/);
  });

  it('refuses bad input and writes nothing', async () => {
    const issued = await invoice('MAILER', '1.00');
    const unknown = await refused('resendInvoice', { invoiceNumber: 'DE01-999999' });
    expect(unknown[0]).toMatchObject({ field: ['invoiceNumber'], code: 'NOT_FOUND' });

    const badEmail = await refused('resendInvoice', { invoiceNumber: issued.number, recipients: ['ap@mailer.example', 'not-an-email'] });
    expect(badEmail).toHaveLength(1);
    expect(badEmail[0]).toMatchObject({ field: ['recipients', '1'], code: 'INVALID' });
    expect(badEmail[0]!.message).toContain('name@example.com');

    const tooMany = await refused('resendInvoice', { invoiceNumber: issued.number, recipients: Array.from({ length: 21 }, (_, i) => `a${i}@x.example`) });
    expect(tooMany[0]).toMatchObject({ field: ['recipients'], code: 'OUT_OF_RANGE' });

    await write('voidInvoice', { invoiceNumber: issued.number, reason: 'Wrong customer' });
    const voided = await refused('resendInvoice', { invoiceNumber: issued.number });
    expect(voided[0]!.message).toMatch(/VOID/);

    const noSuch = await refused('recordDelivery', { invoiceNumber: issued.number, channel: 'PORTAL', reference: 'UPL-1', outcome: 'DELIVERED' }, api.tokens.ANALYST);
    expect(noSuch[0]).toMatchObject({ field: ['channel'], code: 'NOT_FOUND' });
    expect(noSuch[0]!.message).toContain('EMAIL');

    const noReference = await refused('recordDelivery', { invoiceNumber: issued.number, channel: 'EMAIL', reference: '  ', outcome: 'DELIVERED' }, api.tokens.ANALYST);
    expect(noReference[0]).toMatchObject({ field: ['reference'] });
    const unknownInvoice = await refused('recordDelivery', { invoiceNumber: 'NOPE-1', channel: 'EDI', reference: '997-1', outcome: 'DELIVERED' }, api.tokens.ANALYST);
    expect(unknownInvoice[0]).toMatchObject({ field: ['invoiceNumber'], code: 'NOT_FOUND' });

    const viewer = await api.gql(MUTATIONS.resendInvoice, { input: { invoiceNumber: 'X' } }, api.tokens.ANALYST);
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
