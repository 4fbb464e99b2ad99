// A customer's contacts as they come in (PRODUCT.md, "Collections depth"): trimmed, emails and
// phone numbers checked, every problem named by its path.
import { describe, expect, it } from 'vitest';
import { ErrorCollector } from '../../../api/domain/errors.js';
import { parseContacts, parsePhone } from '../../../api/domain/receivables/party-details.js';

describe('contacts', () => {
  it('keeps the order given, trimmed, blanks as null', () => {
    const errors = new ErrorCollector();
    expect(parseContacts([{ name: ' Maria Lopez ', email: ' maria@example.com ', phone: '', role: ' AP ' }, { name: 'Tom' }], errors)).toEqual([
      { name: 'Maria Lopez', email: 'maria@example.com', phone: null, role: 'AP' },
      { name: 'Tom', email: null, phone: null, role: null },
    ]);
    expect(errors.errors).toEqual([]);
  });

  it('names each bad field by its path, and refuses more than 20', () => {
    const errors = new ErrorCollector();
    parseContacts([{ name: 'A', email: 'a@b' }, { name: '', phone: 'call me' }, ...Array.from({ length: 19 }, () => ({ name: 'X' }))], errors);
    expect(errors.errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['contacts', 'OUT_OF_RANGE'],
      ['contacts.0.email', 'INVALID'],
      ['contacts.1.name', 'INVALID'],
      ['contacts.1.phone', 'INVALID'],
    ]);
  });

  it.each(['+49 30 1234-567', '(555) 010-2000 x12', '030/123456', '+1 555.010.2000 ext. 7'])('takes the phone number %s', (phone) => {
    expect(parsePhone(phone, ['phone'])).toBe(phone);
  });

  it.each(['call me', '++49', '555-CALL', 'x12'])('refuses %s as a phone number', (phone) => {
    expect(() => parsePhone(phone, ['phone'])).toThrow(/is not a phone number/);
  });
});
