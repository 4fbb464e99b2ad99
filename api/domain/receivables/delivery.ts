// Where an issued invoice goes, by the customer's delivery channel.

export interface DeliveryTarget {
  code: string;
  name: string;
  deliveryChannel: 'EMAIL' | 'PORTAL' | 'POST' | 'EDI';
  billingEmails: string[];
  portalUrl: string | null;
}

export function deliveryRecipient(customer: DeliveryTarget): string {
  switch (customer.deliveryChannel) {
    case 'EMAIL':
      return customer.billingEmails.join(', ');
    case 'PORTAL':
      return customer.portalUrl ?? `${customer.name} supplier portal`;
    case 'EDI':
      return `EDI:${customer.code}`;
    case 'POST':
      return customer.name;
  }
}
