import { describe, expect, it } from 'vitest';
import { checkDisputable } from '../../../api/domain/collections/disputes.js';
import { ErrorCollector } from '../../../api/domain/errors.js';

function refusals(status: string, disputed: boolean) {
  const errors = new ErrorCollector();
  checkDisputable({ number: 'US01-000007', status, disputed }, ['invoiceNumber'], errors);
  return errors.errors.map(({ message, code }) => ({ message, code }));
}

describe('which invoices a dispute may be opened on', () => {
  it.each(['ISSUED', 'PARTIALLY_PAID', 'PAID'])('an undisputed %s invoice may be disputed', (status) => {
    expect(refusals(status, false)).toEqual([]);
  });

  it('not a void one', () => {
    expect(refusals('VOID', false)).toEqual([{ message: 'Invoice US01-000007 is void; it cannot be disputed.', code: 'INVALID' }]);
  });

  it('not one already in dispute', () => {
    expect(refusals('ISSUED', true)).toEqual([{ message: 'Invoice US01-000007 is already in dispute.', code: 'DUPLICATE' }]);
  });

  it('a void invoice already in dispute hears both', () => {
    expect(refusals('VOID', true).map((r) => r.code)).toEqual(['INVALID', 'DUPLICATE']);
  });
});
