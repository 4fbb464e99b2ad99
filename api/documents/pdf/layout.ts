// The page layout every PDF document shares: letterhead, the address block in an envelope
// window, fact lists, tables that flow over pages with their header repeated, remittance
// details and page footers.
//
// Why pdfkit: it is small (no browser, no native code — Chromium-based HTML-to-PDF would mean a
// 150 MB browser on the server), it ships the 14 standard PDF fonts (Helvetica here), so no font
// file is embedded or looked up on the machine, and it streams its output (pages are held here
// only until the footers can say "page n of m"). Its price: the standard fonts encode WinAnsi
// only, so every string goes through `toWinAnsi`, which puts '?' for what they cannot show.
// Output is deterministic: the document dates are the caller's (the invoice's issue date…),
// never the clock, so the same document renders to the same bytes.
import PDFDocument from 'pdfkit';
import type { IsoDate } from '../../domain/dates.js';
import { minorUnitsOf } from '../../domain/money/currencies.js';
import { Money } from '../../domain/money/money.js';
import type { PostalAddress, Seller } from '../types.js';

/** A4 in points, and the frame content is laid out in. */
export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 545.28, top: 40, bottom: 780, footer: 800 } as const;
export const CONTENT_WIDTH = PAGE.right - PAGE.left;

/**
 * A DIN 5008 window envelope (C5/6, DL and C4 with a left window): the window starts 20 mm from
 * the left and 45 mm from the top of the sheet, 85 mm × 45 mm. The address is printed inside it.
 */
const MM = 72 / 25.4;
export const ENVELOPE_WINDOW = { x: 20 * MM, y: 45 * MM, width: 85 * MM, height: 45 * MM } as const;

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

// WinAnsiEncoding (PDF 1.7, Annex D): ASCII, Latin-1 and these 27 characters in 0x80–0x9F.
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/**
 * Text as the standard fonts can show it: each character outside WinAnsi (Japanese, Polish ł,
 * emoji — one '?' per character, not per UTF-16 unit) becomes '?', tabs become spaces, other
 * control characters '?'. Line breaks are kept.
 */
export function toWinAnsi(value: string | null | undefined): string {
  let text = '';
  for (const char of value ?? '') {
    const code = char.codePointAt(0)!;
    if (code === 0x0a) text += '\n';
    else if (code === 0x09 || code === 0x0d) text += ' ';
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code)) text += char;
    else text += '?';
  }
  return text;
}

/** A unit price padded to at least the currency's minor units ("100" → "100.00", "410.005" kept). */
export function unitPriceText(unitPrice: string, currency: string): string {
  const value = new Money(unitPrice);
  return value.toFixed(Math.max(value.decimalPlaces(), minorUnitsOf(currency)));
}

export function isZeroAmount(amount: string): boolean {
  return new Money(amount).isZero();
}

/** The address as lines: street lines, "postal code city", country code. */
export function addressLines(address: PostalAddress): string[] {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [...address.lines, ...(cityLine ? [cityLine] : []), ...(address.countryCode ? [address.countryCode] : [])].filter((line) => line.trim() !== '');
}

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  /** The document's own date (issue date, statement end, as-of date): its creation date. */
  date: IsoDate;
}

export interface TextOptions {
  width?: number;
  height?: number;
  align?: 'left' | 'right' | 'center';
  bold?: boolean;
  size?: number;
  link?: string;
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** One PDF being written: a cursor `y` on the current page, and page breaks that it controls. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  y: number = PAGE.top;
  private pages = 0;

  constructor(meta: PdfMeta) {
    const date = new Date(`${meta.date}T00:00:00.000Z`);
    this.doc = new PDFDocument({
      size: 'A4',
      autoFirstPage: false,
      bufferPages: true,
      info: { Title: toWinAnsi(meta.title), Subject: toWinAnsi(meta.subject), Author: toWinAnsi(meta.author), Creator: 'Ledgerline', CreationDate: date, ModDate: date },
    });
  }

  get pageCount(): number {
    return this.pages;
  }

  /**
   * A new page. Its bottom margin is small on purpose: pdfkit would otherwise start a page of its
   * own when text reaches the margin; here `ensure` decides where pages break.
   */
  newPage(): void {
    this.doc.addPage({ size: 'A4', margins: { top: PAGE.top, bottom: 10, left: PAGE.left, right: PAGE.width - PAGE.right } });
    this.pages += 1;
    this.y = PAGE.top;
  }

  /** Breaks the page when `height` does not fit below the cursor; `onBreak` redraws a table header. */
  ensure(height: number, onBreak?: () => void): void {
    if (this.y + height <= PAGE.bottom) return;
    this.newPage();
    onBreak?.();
  }

  font(options: TextOptions = {}): PDFKit.PDFDocument {
    return this.doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? 9);
  }

  heightOf(text: string, options: TextOptions = {}): number {
    return this.font(options).heightOfString(toWinAnsi(text), { width: options.width ?? CONTENT_WIDTH });
  }

  /** Writes text at (x, y) without moving the cursor; returns the height used. */
  textAt(text: string, x: number, y: number, options: TextOptions = {}): number {
    const width = options.width ?? PAGE.right - x;
    const value = toWinAnsi(text);
    const natural = this.heightOf(value, { ...options, width });
    const clamp = options.height !== undefined && natural > options.height ? { height: Math.max(options.height, 0), ellipsis: true } : {};
    this.font(options).fillColor('black').text(value, x, y, { width, align: options.align ?? 'left', link: options.link, lineGap: 0, ...clamp });
    return Math.min(natural, options.height ?? natural);
  }

  /** Writes a paragraph across the content width at the cursor, breaking the page first if needed. */
  paragraph(text: string, options: TextOptions = {}, gap = 4): void {
    const height = this.heightOf(text, { ...options, width: options.width ?? CONTENT_WIDTH });
    this.ensure(Math.min(height, PAGE.bottom - PAGE.top));
    this.y += this.textAt(text, PAGE.left, this.y, { ...options, width: options.width ?? CONTENT_WIDTH, height: PAGE.bottom - this.y }) + gap;
  }

  rule(y = this.y, from: number = PAGE.left, to: number = PAGE.right): void {
    this.doc.moveTo(from, y).lineTo(to, y).lineWidth(0.5).strokeColor('#888888').stroke();
  }

  /** The seller's letterhead at the top left of the page: legal name, address, tax id. */
  /**
   * A document's first page head: a new page, the letterhead, the recipient in the envelope
   * window and, to its right, the title over the document's facts; the cursor goes below both.
   */
  documentHead(seller: Seller, recipient: { name: string; address: PostalAddress }, title: { text: string; size: number }, facts: [string, string][]): void {
    this.newPage();
    this.letterhead(seller);
    this.windowAddress(seller, recipient);
    const x = PAGE.left + CONTENT_WIDTH * 0.56;
    const width = PAGE.right - x;
    let y = ENVELOPE_WINDOW.y;
    y += this.textAt(title.text, x, y, { bold: true, size: title.size, width }) + 6;
    y = this.facts(facts, x, y, width);
    this.y = Math.max(y, ENVELOPE_WINDOW.y + ENVELOPE_WINDOW.height) + 20;
  }

  letterhead(seller: Seller): void {
    const name = seller.legalName ?? seller.name;
    let y = PAGE.top;
    y += this.textAt(name, PAGE.left, y, { bold: true, size: 14, width: 260, height: 34 }) + 2;
    const lines = [...addressLines(seller.address), ...(seller.taxId ? [`Tax ID: ${seller.taxId}`] : [])];
    // Kept above the envelope window.
    this.textAt(lines.join('\n'), PAGE.left, y, { size: 8, width: 260, height: ENVELOPE_WINDOW.y - 8 - y });
  }

  /** The recipient's address inside the envelope window, under a one-line return address. */
  windowAddress(seller: Seller, recipient: { name: string; address: PostalAddress }): void {
    const { x, y, width, height } = ENVELOPE_WINDOW;
    const inset = 8;
    const returnLine = [seller.legalName ?? seller.name, ...addressLines(seller.address)].join(' · ');
    const used = this.textAt(returnLine, x + inset, y + inset, { size: 6.5, width: width - 2 * inset, height: 9 });
    this.rule(y + inset + used + 1, x + inset, x + width - inset);
    let top = y + inset + used + 6;
    top += this.textAt(recipient.name, x + inset, top, { bold: true, size: 10, width: width - 2 * inset, height: 26 });
    this.textAt(addressLines(recipient.address).join('\n'), x + inset, top, { size: 10, width: width - 2 * inset, height: y + height - top - 4 });
  }

  /** Label–value pairs in two columns from (x, y); returns the y below them. */
  facts(pairs: [string, string][], x: number, y: number, width: number): number {
    const labelWidth = width * 0.42;
    for (const [label, value] of pairs) {
      const height = Math.max(
        this.textAt(label, x, y, { size: 9, width: labelWidth - 4 }),
        this.textAt(value, x + labelWidth, y, { size: 9, bold: true, width: width - labelWidth }),
      );
      y += height + 3;
    }
    return y;
  }

  /** A table from the cursor; a row that does not fit starts a new page under a repeated header. */
  table(columns: Column[], rows: { cells: string[]; bold?: boolean }[]): void {
    const header = () => {
      let x = PAGE.left;
      let height = 0;
      for (const column of columns) {
        height = Math.max(height, this.textAt(column.header, x + 2, this.y, { bold: true, size: 8.5, width: column.width - 4, align: column.align }));
        x += column.width;
      }
      this.y += height + 3;
      this.rule();
      this.y += 4;
    };
    this.ensure(40);
    header();
    for (const row of rows) {
      const heights = columns.map((column, i) => this.heightOf(row.cells[i] ?? '', { size: 9, bold: row.bold, width: column.width - 4 }));
      // A row taller than a page (it cannot be: descriptions are bounded) is cut, never lost in a loop.
      const height = Math.min(Math.max(...heights), PAGE.bottom - PAGE.top - 40);
      this.ensure(height + 4, header);
      let x = PAGE.left;
      columns.forEach((column, i) => {
        this.textAt(row.cells[i] ?? '', x + 2, this.y, { size: 9, bold: row.bold, width: column.width - 4, align: column.align, height });
        x += column.width;
      });
      this.y += height + 4;
    }
    this.rule(this.y - 1);
    this.y += 6;
  }

  /** Label–amount lines in the right half of the page (tax, totals). */
  totals(lines: { label: string; amount: string; bold?: boolean }[]): void {
    const x = PAGE.left + CONTENT_WIDTH * 0.38;
    const labelWidth = CONTENT_WIDTH * 0.42;
    const amountWidth = PAGE.right - x - labelWidth;
    this.ensure(lines.length * 14 + 6);
    for (const line of lines) {
      const height = Math.max(
        this.textAt(line.label, x, this.y, { size: 9.5, bold: line.bold, width: labelWidth - 4 }),
        this.textAt(line.amount, x + labelWidth, this.y, { size: 9.5, bold: line.bold, width: amountWidth, align: 'right' }),
      );
      this.y += height + 4;
    }
    this.y += 6;
  }

  /** How to pay: the reference to quote, bank and account, and the customer's portal link. */
  remittance(seller: Seller, options: { instruction: string; portalUrl: string | null }): void {
    const bank = [
      seller.bankName ? `Bank: ${seller.bankName}` : null,
      // Printed in groups of four, as on paper (ISO 13616).
      seller.iban ? `IBAN: ${seller.iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ')}` : null,
      seller.bic ? `BIC: ${seller.bic}` : null,
      seller.accountNumber ? `Account number: ${seller.accountNumber}` : null,
      `Account holder: ${seller.legalName ?? seller.name}`,
    ].filter((line): line is string => line !== null);
    const portal = options.portalUrl ? ['View, download and pay online:', options.portalUrl] : [];
    // The block stays on one page.
    const height = this.heightOf('Payment details', { bold: true, size: 10 }) + [options.instruction, bank.join('\n'), ...portal].reduce((sum, text) => sum + this.heightOf(text) + 6, 8);
    this.ensure(height);
    this.y += 4;
    this.paragraph('Payment details', { bold: true, size: 10 }, 3);
    this.paragraph(options.instruction, { size: 9 }, 3);
    this.paragraph(bank.join('\n'), { size: 9 }, 6);
    if (options.portalUrl) {
      this.paragraph(portal[0]!, { size: 9 }, 1);
      this.paragraph(options.portalUrl, { size: 9, link: options.portalUrl }, 4);
    }
  }

  /** Writes each page's footer (`footer` gets the 0-based page index), ends the document and collects its bytes. */
  finish(footer: (page: number) => string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    const { start, count } = this.doc.bufferedPageRange();
    for (let page = start; page < start + count; page++) {
      this.doc.switchToPage(page);
      this.textAt(footer(page), PAGE.left, PAGE.footer, { size: 7.5, width: CONTENT_WIDTH, align: 'center', height: 12 });
    }
    this.doc.end();
    return done;
  }
}

/** A document's footer line, given its own page number (1-based) and page count. */
export type FooterLine = (page: number, pages: number) => string;

/** Draws one document from a new page of the writer; returns its footer line. */
export type DrawDocument = (writer: PdfWriter) => FooterLine;

/**
 * Renders documents into one PDF, each from a new page, each page footed and numbered within
 * its own document (a print batch holds many).
 */
export function renderPdf(meta: PdfMeta, documents: DrawDocument[]): Promise<Buffer> {
  const writer = new PdfWriter(meta);
  const parts = documents.map((draw) => {
    const first = writer.pageCount;
    const footer = draw(writer);
    return { first, count: writer.pageCount - first, footer };
  });
  return writer.finish((page) => {
    const part = parts.find((p) => page >= p.first && page < p.first + p.count)!;
    return part.footer(page - part.first + 1, part.count);
  });
}
