import { describe, expect, it } from 'vitest';
import { newContractBody } from './ContractCreateDrawer';

describe('newContractBody', () => {
  it('sends the customer, the trimmed name, the amount cleaned and only the dates given', () => {
    expect(newContractBody({ customer_id: 'c1', name: ' Support 2027 ', amount: '24,000', ends_on: '2027-12-31', starts_on: '' }, 'CNY')).toEqual({
      customer_id: 'c1',
      name: 'Support 2027',
      amount: { amount: '24000.00', currency: 'CNY' },
      ends_on: '2027-12-31',
    });
  });

  it('sends an amount that is not one as typed, so the server names it', () => {
    expect(newContractBody({ customer_id: 'c1', name: 'x', amount: 'abc' }, 'CNY').amount).toEqual({ amount: 'abc', currency: 'CNY' });
  });
});
