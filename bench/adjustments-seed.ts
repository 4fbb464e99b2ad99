// Issue 12's benchmark load: 5 % of a dataset's invoices carry a credit memo or a write-off, so
// the reports are timed on a ledger whose balances move by more than payments. Written once per
// dataset, set-based (at 1M invoices row-by-row mutations would take hours), in the shape the
// services write: every 40th invoice gets a credit memo, another 40th a write-off, each with its
// CREDIT / WRITE_OFF application, the invoices re-settled and the credit memo sequence moved on.
// An open invoice is credited half its open balance 5 days after issue, or written off in full
// 40 days after; a paid one had been short-paid: its last payment carried half (credit) or one
// unit (write-off) less, and the credit or write-off is dated that payment's day. Balances never
// go below zero at any date.
import type { PrismaClient } from '../api/generated/prisma/client.js';

export async function seedAdjustments(prisma: PrismaClient, today: string): Promise<{ creditMemos: number; writeOffs: number }> {
  const have = await prisma.creditMemo.count();
  if (have > 0) return { creditMemos: have, writeOffs: await prisma.writeOff.count() };
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`
      CREATE TEMP TABLE bench_adjustment ON COMMIT DROP AS
      SELECT i.id AS invoice_id, i.entity_id, i.customer_id, i.currency,
             CASE WHEN i.id % 40 = 0 THEN 'CREDIT' ELSE 'WRITE_OFF' END AS kind,
             CASE WHEN i.id % 40 = 0 THEN i.issue_date + 5 ELSE i.issue_date + 40 END AS date,
             CASE WHEN i.id % 40 = 0 THEN floor((i.total - i.amount_paid) / 2) ELSE i.total - i.amount_paid END AS amount,
             NULL::int AS application_id, NULL::int AS payment_id
      FROM invoice i
      WHERE i.id % 40 IN (0, 20) AND i.status IN ('ISSUED', 'PARTIALLY_PAID') AND i.total - i.amount_paid >= 2
        AND CASE WHEN i.id % 40 = 0 THEN i.issue_date + 5 ELSE i.issue_date + 40 END <= $1::date
      UNION ALL
      SELECT i.id, i.entity_id, i.customer_id, i.currency,
             CASE WHEN i.id % 40 = 0 THEN 'CREDIT' ELSE 'WRITE_OFF' END,
             a.received_date,
             CASE WHEN i.id % 40 = 0 THEN floor(a.amount / 2) ELSE 1 END,
             a.id, a.payment_id
      FROM invoice i
      CROSS JOIN LATERAL (
        SELECT a.id, a.payment_id, a.amount, a.received_date FROM payment_application a
        WHERE a.invoice_id = i.id AND a.kind = 'PAYMENT' AND a.amount >= 2
        ORDER BY a.received_date DESC, a.id DESC LIMIT 1) a
      WHERE i.id % 40 IN (0, 20) AND i.status = 'PAID'`, today);
    const creditMemos = await tx.$executeRawUnsafe(`
      INSERT INTO credit_memo (number, entity_id, customer_id, invoice_id, date, currency, reason, subtotal, tax_total, total, unapplied_amount, created_by)
      SELECT e.code || '-CM-' || lpad((row_number() OVER (PARTITION BY b.entity_id ORDER BY b.invoice_id))::text, 6, '0'),
             b.entity_id, b.customer_id, b.invoice_id, b.date, b.currency, 'Pricing error (bench)', b.amount, 0, b.amount, 0, 'bench'
      FROM bench_adjustment b JOIN entity e ON e.id = b.entity_id WHERE b.kind = 'CREDIT'`);
    await tx.$executeRawUnsafe(`
      INSERT INTO credit_memo_line (credit_memo_id, line_no, description, quantity, unit_price, amount)
      SELECT m.id, 1, m.reason, 1, m.total, m.total FROM credit_memo m`);
    await tx.$executeRawUnsafe(`
      INSERT INTO payment_application (kind, credit_memo_id, invoice_id, amount, discount, received_date)
      SELECT 'CREDIT', m.id, m.invoice_id, m.total, 0, m.date FROM credit_memo m`);
    await tx.$executeRawUnsafe(`
      INSERT INTO invoice_sequence (entity_id, next_number, next_credit_memo_number)
      SELECT entity_id, 1, count(*) + 1 FROM credit_memo GROUP BY entity_id
      ON CONFLICT (entity_id) DO UPDATE SET next_credit_memo_number = EXCLUDED.next_credit_memo_number`);
    const writeOffs = await tx.$executeRawUnsafe(`
      INSERT INTO write_off (invoice_id, date, amount, currency, reason, created_by)
      SELECT invoice_id, date, amount, currency, 'Small balance (bench)', 'bench' FROM bench_adjustment WHERE kind = 'WRITE_OFF'`);
    await tx.$executeRawUnsafe(`
      INSERT INTO payment_application (kind, write_off_id, invoice_id, amount, discount, received_date)
      SELECT 'WRITE_OFF', w.id, w.invoice_id, w.amount, 0, w.date FROM write_off w`);
    // The short payments: the carved-out part leaves the payment (it was never received).
    await tx.$executeRawUnsafe(`
      UPDATE payment_application a SET amount = a.amount - b.amount FROM bench_adjustment b WHERE a.id = b.application_id`);
    await tx.$executeRawUnsafe(`
      UPDATE payment p SET amount = p.amount - s.carved
      FROM (SELECT payment_id, sum(amount) AS carved FROM bench_adjustment WHERE payment_id IS NOT NULL GROUP BY payment_id) s
      WHERE p.id = s.payment_id`);
    await tx.$executeRawUnsafe(`
      UPDATE invoice i SET
        amount_paid = s.settled,
        status = (CASE WHEN s.settled <= 0 THEN 'ISSUED' WHEN s.settled >= i.total THEN 'PAID' ELSE 'PARTIALLY_PAID' END)::"InvoiceStatus",
        paid_date = CASE WHEN s.settled >= i.total THEN s.last_date END
      FROM (
        SELECT invoice_id, sum(amount + discount) AS settled, max(received_date) AS last_date FROM payment_application
        WHERE invoice_id IN (SELECT invoice_id FROM bench_adjustment)
        GROUP BY invoice_id
      ) s
      WHERE i.id = s.invoice_id`);
    return { creditMemos, writeOffs };
  }, { timeout: 30 * 60_000 });
}
