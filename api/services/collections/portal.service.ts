// Signed links to a customer's read-only portal page (PRODUCT.md, "Customer portal"). The
// secret is 32 random bytes, base64url in the URL; only its sha256 is stored, so the table
// alone opens no page. A link expires, and revoking a customer's links closes them all.
import crypto from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import { addMonths, isoFromDate, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, UserInputError } from '../../domain/errors.js';
import { formatMoney } from '../../domain/money/money.js';
import { Prisma, type Customer } from '../../generated/prisma/client.js';
import { hashToken } from '../admin/token.service.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findCustomerOrThrow } from '../lookups.js';
import { openInvoicesAsOf } from '../reporting.js';

export const DEFAULT_PORTAL_LINK_DAYS = 30;
export const MAX_PORTAL_LINK_DAYS = 365;
const DAY_MS = 86_400_000;
/** 32 bytes in base64url without padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuePortalLinkParams {
  customerId: number;
  /** Who asked for it: a token name, or the worker mailing an invoice. */
  createdBy: string;
  /** 1 to MAX_PORTAL_LINK_DAYS; default DEFAULT_PORTAL_LINK_DAYS. */
  expiresInDays?: number;
  /** Where users reach the server (LEDGERLINE_PUBLIC_URL, else the request's origin); may carry a path. */
  baseUrl: string;
  now: Date;
}

export interface PortalLinkIssued {
  url: string;
  expiresAt: Date;
}

/** The page's URL for a token: `<baseUrl>/portal/<token>`. */
export function portalUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/portal/${token}`;
}

export function checkExpiresInDays(days: number | null | undefined): number {
  const value = days ?? DEFAULT_PORTAL_LINK_DAYS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PORTAL_LINK_DAYS) {
    throw UserInputError.of(['expiresInDays'], `expiresInDays must be a whole number of days from 1 to ${MAX_PORTAL_LINK_DAYS}; got ${value}.`, ErrorCode.OUT_OF_RANGE);
  }
  return value;
}

/** Creates a portal link for the customer in the caller's transaction; the URL is the only place its secret appears. */
export async function issuePortalLink(tx: Tx, params: IssuePortalLinkParams): Promise<PortalLinkIssued> {
  const days = checkExpiresInDays(params.expiresInDays);
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(params.now.getTime() + days * DAY_MS);
  await tx.portalLink.create({ data: { customerId: params.customerId, tokenHash: hashToken(token), expiresAt, createdBy: params.createdBy } });
  return { url: portalUrl(params.baseUrl, token), expiresAt };
}

export interface CreatePortalLinkInput {
  customerCode: string;
  expiresInDays?: number | null;
}

export async function createPortalLink(prisma: Db, actor: Actor, input: CreatePortalLinkInput, at: { baseUrl: string; now: Date }): Promise<PortalLinkIssued> {
  const days = checkExpiresInDays(input.expiresInDays);
  return prisma.$transaction(async (tx) => {
    const customer = await findCustomerOrThrow(tx, input.customerCode, ['customerCode']);
    const link = await issuePortalLink(tx, { customerId: customer.id, createdBy: actor.name, expiresInDays: days, baseUrl: at.baseUrl, now: at.now });
    await recordAudit(tx, actor, { action: 'createPortalLink', recordType: 'Customer', recordId: customer.id, after: { customerCode: customer.code, expiresAt: link.expiresAt } });
    return link;
  }, TX_OPTIONS);
}

/** Revokes every live link of the customer; returns how many were revoked. */
export async function revokePortalLinks(prisma: Db, actor: Actor, input: { customerCode: string }, now: Date): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const customer = await findCustomerOrThrow(tx, input.customerCode, ['customerCode']);
    const { count } = await tx.portalLink.updateMany({ where: { customerId: customer.id, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
    await recordAudit(tx, actor, { action: 'revokePortalLinks', recordType: 'Customer', recordId: customer.id, after: { customerCode: customer.code, revoked: count } });
    return count;
  }, TX_OPTIONS);
}

/**
 * The customer a portal token opens, or null for an unknown, altered, expired or revoked one
 * (the page answers all of them alike).
 */
export async function customerForPortalToken(prisma: Db, token: string, now: Date): Promise<Customer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const link = await prisma.portalLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { customer: true } });
  if (!link || link.revokedAt !== null || link.expiresAt.getTime() <= now.getTime()) return null;
  return link.customer;
}

export interface PortalInvoice {
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  currency: string;
  total: string;
  /** Open balance today, formatted in the invoice's currency. */
  balance: string;
  daysPastDue: number;
}

/** The customer's open invoices today (as the aging report counts them), oldest due first. */
export async function portalOpenInvoices(prisma: Db, customerId: number, today: IsoDate): Promise<PortalInvoice[]> {
  const rows = await prisma.$queryRaw<{ number: string; issue_date: Date; due_date: Date; currency: string; total: string; amount: string; days_past_due: number }[]>(Prisma.sql`
    SELECT i.number, i.issue_date, i.due_date, o.currency::text AS currency, i.total::text AS total, o.amount::text AS amount, o.days_past_due
    FROM (${openInvoicesAsOf(today, null)}) o JOIN invoice i ON i.id = o.id
    WHERE o.customer_id = ${customerId} AND o.amount > 0
    ORDER BY i.due_date, i.number`);
  return rows.map((row) => ({
    number: row.number,
    issueDate: isoFromDate(row.issue_date),
    dueDate: isoFromDate(row.due_date),
    currency: row.currency,
    total: formatMoney(row.total, row.currency),
    balance: formatMoney(row.amount, row.currency),
    daysPastDue: row.days_past_due,
  }));
}

/** Whether the customer has an issued invoice of this number (the portal serves no other PDF). */
export async function isPortalInvoice(prisma: Db, customerId: number, number: string): Promise<boolean> {
  const invoice = await prisma.invoice.findUnique({ where: { number }, select: { customerId: true, status: true } });
  return invoice !== null && invoice.customerId === customerId && invoice.status !== 'DRAFT';
}

/** The period of the portal's statement: the current calendar month and the two before it, to today. */
export function portalStatementPeriod(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addMonths(`${today.slice(0, 8)}01`, -2), to: today };
}
