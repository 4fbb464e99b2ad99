// Where a document goes, by the customer's delivery channel, and when a failed delivery is
// tried again. Pure: the caller passes the customer and the retry schedule.

export type Channel = 'EMAIL' | 'PORTAL' | 'POST' | 'EDI';

export interface DeliveryTarget {
  code: string;
  name: string;
  deliveryChannel: Channel;
  billingEmails: string[];
  portalUrl: string | null;
}

export interface PlannedDelivery {
  channel: Channel;
  recipient: string;
}

/** The one recipient of a channel that has one (EDI, POST, PORTAL). */
export function singleRecipient(customer: DeliveryTarget, channel: Exclude<Channel, 'EMAIL'>): string {
  switch (channel) {
    case 'PORTAL':
      return customer.portalUrl ?? `${customer.name} supplier portal`;
    case 'EDI':
      return `EDI:${customer.code}`;
    case 'POST':
      // The letter itself carries the billing address (printed in the envelope window).
      return customer.name;
  }
}

/** An issued invoice: one delivery per billing email (EMAIL), else one for the channel. */
export function invoiceDeliveries(customer: DeliveryTarget): PlannedDelivery[] {
  if (customer.deliveryChannel === 'EMAIL') return customer.billingEmails.map((email) => ({ channel: 'EMAIL', recipient: email }));
  return [{ channel: customer.deliveryChannel, recipient: singleRecipient(customer, customer.deliveryChannel) }];
}

/** A statement or dunning letter: by email to every billing email; a customer without one gets it by post. */
export function customerDocumentDeliveries(customer: DeliveryTarget): PlannedDelivery[] {
  if (customer.billingEmails.length > 0) return customer.billingEmails.map((email) => ({ channel: 'EMAIL', recipient: email }));
  return [{ channel: 'POST', recipient: singleRecipient(customer, 'POST') }];
}

/**
 * After the `attempts`-th failed try: the delay before the next one (ms), or null when that
 * was the last try. `schedule` lists the delays after the 1st, 2nd, … failure; its length + 1
 * is the number of tries.
 */
export function retryDelay(attempts: number, schedule: readonly number[]): number | null {
  if (attempts < 1 || attempts > schedule.length) return null;
  return schedule[attempts - 1]!;
}

