// What the generator decides before it writes rows: customers, contracts, invoices, receipts.
import type { DeliveryChannel } from '../../generated/prisma/enums.js';
import type { PayRun, Profile } from './catalogue.js';

export interface CustomerPlan {
  id: number;
  code: string;
  name: string;
  entity: number;
  currency: string;
  places: number;
  terms: string;
  profile: Profile;
  payRun: PayRun;
  discountTaker: number;
  channel: DeliveryChannel;
  emails: string[];
  portalUrl: string | null;
  poRequired: boolean;
  poPrefix: string;
  collector: string;
  weight: number;
}

export interface ContractPlan {
  id: number;
  customer: number;
  number: string;
  terms: string | null;
  po: string | null;
  lineDescription: string;
  quantity: string;
  unitPrice: string;
  amountMinor: number;
}

export interface PlannedLine {
  description: string;
  quantity: string;
  unitPrice: string;
  amountMinor: number;
}

export interface PlannedInvoice {
  order: number;
  customer: number;
  contract: ContractPlan | null;
  period: string | null;
  issueDay: number;
  terms: string;
  po: string | null;
  lines: PlannedLine[];
  totalMinor: number;
  draft: boolean;
}

/** A receipt against one invoice, before receipts are grouped into payments. */
export interface Receipt {
  day: number;
  amountMinor: number;
  discountMinor: number;
  /** May share a payment with other invoices of the customer received the same day. */
  batchable: boolean;
}

/** An invoice still open and past due today: the collectors' work. */
export interface PastDue {
  id: number;
  customer: number;
  issueDay: number;
  dueDay: number;
  balanceMinor: number;
  lastReceiptDay: number;
  openDispute: boolean;
}

export interface GeneratorOptions {
  today: string;
  baseCurrency: string;
  invoices: number;
  customers: number;
  seed: number;
  progress?: (message: string) => void;
}
