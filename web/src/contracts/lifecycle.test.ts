import { describe, expect, it } from 'vitest';
import { contractActions, isContractStatus, orderMoves } from './lifecycle';

describe('contractActions', () => {
  it('offers editing and submitting on a draft or a rejected contract only', () => {
    for (const status of ['draft', 'rejected']) {
      expect(contractActions({ status }, true)).toMatchObject({ edit: true, submit: true, amend: false, order: false });
    }
    for (const status of ['in_approval', 'active', 'completed', 'terminated']) {
      expect(contractActions({ status }, true)).toMatchObject({ edit: false, submit: false });
    }
  });

  it('changes an active contract by amendment, orders, completion or termination', () => {
    expect(contractActions({ status: 'active', pending_revision: null }, true)).toEqual({
      edit: false,
      submit: false,
      amend: true,
      terminate: true,
      complete: true,
      order: true,
    });
    // An amendment waiting for approval: no second one.
    expect(contractActions({ status: 'active', pending_revision: 2 }, true).amend).toBe(false);
  });

  it('offers nothing to someone who may not write contracts', () => {
    for (const status of ['draft', 'active']) {
      expect(Object.values(contractActions({ status }, false)).some(Boolean)).toBe(false);
    }
  });

  it('knows the statuses', () => {
    expect(isContractStatus('in_approval')).toBe(true);
    expect(isContractStatus('approved')).toBe(false);
    expect(isContractStatus(undefined)).toBe(false);
  });
});

describe('orderMoves', () => {
  it('moves orders forward only', () => {
    expect(orderMoves('open')).toEqual(['shipped', 'delivered', 'cancelled']);
    expect(orderMoves('shipped')).toEqual(['delivered', 'cancelled']);
    expect(orderMoves('delivered')).toEqual([]);
    expect(orderMoves('cancelled')).toEqual([]);
  });
});
