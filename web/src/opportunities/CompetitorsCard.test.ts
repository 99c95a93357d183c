import { describe, expect, it } from 'vitest';
import { withCompetitor } from './CompetitorsCard';

describe('withCompetitor', () => {
  const list = [{ name: 'Acme', strengths: 'Price', weaknesses: null }, { name: '华为', strengths: null, weaknesses: '交付慢' }];

  it('adds, replaces and removes one entry, trimming what is typed', () => {
    expect(withCompetitor(list, 2, { name: ' SAP ', strengths: ' 品牌 ', weaknesses: '  ' })).toEqual([...list, { name: 'SAP', strengths: '品牌', weaknesses: null }]);
    expect(withCompetitor(list, 0, { name: 'Acme Corp', strengths: 'Price' })[0]).toEqual({ name: 'Acme Corp', strengths: 'Price', weaknesses: null });
    expect(withCompetitor(list, 0, null)).toEqual([list[1]]);
    expect(list).toHaveLength(2);
  });
});
