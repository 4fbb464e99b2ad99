// The invoice as a UBL 2.1 Invoice following Peppol BIS Billing 3.0 (EN 16931). Elements are
// written in the order of the UBL 2.1 XSD sequences, which validators enforce. Text is escaped
// and characters XML 1.0 cannot carry are replaced, so any name makes a well-formed document.
//
// Decisions where the data is thinner than Peppol's rules:
// - BuyerReference is the PO number, or else the customer's code (Peppol needs a buyer or order
//   reference); OrderReference carries the PO when there is one.
// - PayableAmount is the invoice total (PRODUCT.md). Payments received after issue are not
//   prepayments, so no PrepaidAmount: EN 16931 (BR-CO-16) makes Payable = TaxInclusive − Prepaid.
// - Payment means: 58 (SEPA credit transfer) with the IBAN (and BIC) when the entity has one,
//   else 30 (credit transfer) with the account number; none when the entity has neither.
// - The customer's first billing email is its electronic address (EAS scheme EM).
import type { InvoiceDocument, PostalAddress, TaxSubtotal } from '../types.js';

export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** VAT exemption reasons (CEF VATEX) that Peppol asks for on E, AE and O. */
const EXEMPTIONS: Record<string, { code: string | null; reason: string }> = {
  E: { code: null, reason: 'Exempt from tax' },
  AE: { code: 'VATEX-EU-AE', reason: 'Reverse charge' },
  O: { code: 'VATEX-EU-O', reason: 'Not subject to VAT' },
};

type Attributes = Record<string, string>;
/** An element: its name, attributes and children, or its text. Null children are left out. */
interface XmlElement {
  name: string;
  attributes: Attributes;
  children: XmlElement[] | string;
}
type Child = XmlElement | null | false | undefined;

function el(name: string, ...children: Child[]): XmlElement {
  return { name, attributes: {}, children: children.filter((child): child is XmlElement => Boolean(child)) };
}

function text(name: string, value: string, attributes: Attributes = {}): XmlElement {
  return { name, attributes, children: value };
}

/** An optional text element: left out when the value is null or blank. */
function optText(name: string, value: string | null | undefined, attributes: Attributes = {}): XmlElement | null {
  return value && value.trim() !== '' ? text(name, value.trim(), attributes) : null;
}

export function renderInvoiceUbl(doc: InvoiceDocument): string {
  const amount = (name: string, value: string) => text(name, value, { currencyID: doc.currency });
  const buyerEmail = doc.buyer.billingEmails[0] ?? null;

  const invoice = el(
    'Invoice',
    text('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID),
    text('cbc:ProfileID', PEPPOL_PROFILE_ID),
    text('cbc:ID', doc.number),
    text('cbc:IssueDate', doc.issueDate),
    text('cbc:DueDate', doc.dueDate),
    text('cbc:InvoiceTypeCode', '380'),
    text('cbc:DocumentCurrencyCode', doc.currency),
    text('cbc:BuyerReference', doc.poNumber ?? doc.buyer.code),
    doc.poNumber ? el('cac:OrderReference', text('cbc:ID', doc.poNumber)) : null,
    el(
      'cac:AccountingSupplierParty',
      party({
        endpoint: null,
        identification: null,
        name: doc.seller.name,
        address: doc.seller.address,
        taxId: doc.seller.taxId,
        registrationName: doc.seller.legalName ?? doc.seller.name,
      }),
    ),
    el(
      'cac:AccountingCustomerParty',
      party({
        endpoint: buyerEmail,
        identification: doc.buyer.code,
        name: doc.buyer.name,
        address: doc.buyer.address,
        taxId: doc.buyer.taxId,
        registrationName: doc.buyer.name,
      }),
    ),
    paymentMeans(doc),
    el('cac:PaymentTerms', text('cbc:Note', `${doc.paymentTerms}: due ${doc.dueDate}`)),
    el('cac:TaxTotal', amount('cbc:TaxAmount', doc.taxTotal), ...doc.taxes.map((tax) => taxSubtotal(tax, amount))),
    el(
      'cac:LegalMonetaryTotal',
      amount('cbc:LineExtensionAmount', doc.subtotal),
      amount('cbc:TaxExclusiveAmount', doc.subtotal),
      amount('cbc:TaxInclusiveAmount', doc.total),
      amount('cbc:PayableAmount', doc.total),
    ),
    ...doc.lines.map((line) =>
      el(
        'cac:InvoiceLine',
        text('cbc:ID', String(line.lineNo)),
        text('cbc:InvoicedQuantity', line.quantity, { unitCode: 'C62' }),
        amount('cbc:LineExtensionAmount', line.amount),
        el('cac:Item', text('cbc:Name', line.description), taxCategory('cac:ClassifiedTaxCategory', line.taxCategory, line.taxRate, false)),
        el('cac:Price', amount('cbc:PriceAmount', line.unitPrice)),
      ),
    ),
  );
  const root: XmlElement = { ...invoice, attributes: { xmlns: NS.invoice, 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root, 0)}\n`;
}

interface PartyParams {
  /** An email address used as the party's electronic address (scheme EM). */
  endpoint: string | null;
  /** The party's identifier (BT-46: the code the seller knows the customer by). */
  identification: string | null;
  name: string;
  address: PostalAddress;
  taxId: string | null;
  registrationName: string;
}

function party(p: PartyParams): XmlElement {
  return el(
    'cac:Party',
    p.endpoint ? text('cbc:EndpointID', p.endpoint, { schemeID: 'EM' }) : null,
    p.identification ? el('cac:PartyIdentification', text('cbc:ID', p.identification)) : null,
    el('cac:PartyName', text('cbc:Name', p.name)),
    postalAddress(p.address),
    p.taxId ? el('cac:PartyTaxScheme', text('cbc:CompanyID', p.taxId), el('cac:TaxScheme', text('cbc:ID', 'VAT'))) : null,
    el('cac:PartyLegalEntity', text('cbc:RegistrationName', p.registrationName)),
  );
}

/** Peppol's address: line 1 → StreetName, line 2 → AdditionalStreetName, the rest → AddressLine. */
function postalAddress(address: PostalAddress): XmlElement | null {
  const lines = address.lines.map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0 && !address.city && !address.postalCode && !address.countryCode) return null;
  const rest = lines.slice(2).join(', ');
  return el(
    'cac:PostalAddress',
    optText('cbc:StreetName', lines[0]),
    optText('cbc:AdditionalStreetName', lines[1]),
    optText('cbc:CityName', address.city),
    optText('cbc:PostalZone', address.postalCode),
    rest ? el('cac:AddressLine', text('cbc:Line', rest)) : null,
    address.countryCode ? el('cac:Country', text('cbc:IdentificationCode', address.countryCode.toUpperCase())) : null,
  );
}

function paymentMeans(doc: InvoiceDocument): XmlElement | null {
  const { seller } = doc;
  const account = seller.iban ?? seller.accountNumber;
  if (!account) return null;
  return el(
    'cac:PaymentMeans',
    text('cbc:PaymentMeansCode', seller.iban ? '58' : '30'),
    text('cbc:PaymentID', doc.number),
    el(
      'cac:PayeeFinancialAccount',
      text('cbc:ID', account.replace(/\s+/g, '')),
      text('cbc:Name', seller.legalName ?? seller.name),
      seller.iban && seller.bic ? el('cac:FinancialInstitutionBranch', text('cbc:ID', seller.bic)) : null,
    ),
  );
}

function taxSubtotal(tax: TaxSubtotal, amount: (name: string, value: string) => XmlElement): XmlElement {
  return el('cac:TaxSubtotal', amount('cbc:TaxableAmount', tax.taxableAmount), amount('cbc:TaxAmount', tax.taxAmount), taxCategory('cac:TaxCategory', tax.category, tax.rate, true));
}

/** A tax category; O (outside the scope of tax) carries no rate (Peppol BR-O-05, BR-O-10). */
function taxCategory(name: string, category: string, rate: string, withExemption: boolean): XmlElement {
  const exemption = withExemption ? EXEMPTIONS[category] : undefined;
  return el(
    name,
    text('cbc:ID', category),
    category === 'O' ? null : text('cbc:Percent', rate),
    exemption?.code ? text('cbc:TaxExemptionReasonCode', exemption.code) : null,
    exemption ? text('cbc:TaxExemptionReason', exemption.reason) : null,
    el('cac:TaxScheme', text('cbc:ID', 'VAT')),
  );
}

function serialize(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes).map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
  if (typeof element.children === 'string') return `${indent}<${element.name}${attributes}>${escapeXml(element.children)}</${element.name}>`;
  if (element.children.length === 0) return `${indent}<${element.name}${attributes}/>`;
  const inner = element.children.map((child) => serialize(child, depth + 1)).join('\n');
  return `${indent}<${element.name}${attributes}>\n${inner}\n${indent}</${element.name}>`;
}

/**
 * Escapes markup and replaces what XML 1.0 cannot carry (control characters other than tab and
 * line ends, lone surrogates, U+FFFE/U+FFFF) with U+FFFD.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
