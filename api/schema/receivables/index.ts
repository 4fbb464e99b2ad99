// Receivables: entities, customers, invoices, payments, FX rates, contracts and the aging report.
import './entity.js';
export { CUSTOMER_ROW_FIELDS, CustomerRef } from './customer.js';
export { InvoiceRef } from './invoice.js';
import './payment.js';
import './adjustments.js';
import './credit-memo.js';
import './fx-rate.js';
import './aging.js';
import './contract.js';
