import { describe, expect, it } from 'vitest';
import { listQuery, normalizeQuery, paramsFromQuery, queryFromParams } from './query';

describe('contract list filters', () => {
  it('keep known statuses and trimmed ids, nothing empty or unknown', () => {
    expect(normalizeQuery({ status: 'active', customer_id: ' c1 ', q: 'x' } as Record<string, string>)).toEqual({ status: 'active', customer_id: 'c1' });
    expect(normalizeQuery({ status: 'approved', customer_id: '' })).toEqual({});
  });

  it('round-trip through the address', () => {
    const params = paramsFromQuery({ status: 'in_approval', opportunity_id: 'o1' });
    expect(params.toString()).toBe('status=in_approval&opportunity_id=o1');
    expect(queryFromParams(params)).toEqual({ status: 'in_approval', opportunity_id: 'o1' });
    expect(listQuery(queryFromParams(new URLSearchParams('status=bogus')))).toEqual({});
  });
});
