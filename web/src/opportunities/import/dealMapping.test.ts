import { describe, expect, it } from 'vitest';
import { checkDealMapping, dealMappingUsable, NO_CHOICES, remember, unmappedCount, valueMapping, valueRows, withSuggestions } from './dealMapping';

const v = (value: string, rows = 1, suggestion_id: string | null = null) => ({ value, rows, suggestion_id, suggestion_name: null });

describe('deal import mapping', () => {
  it('needs a name, an account, an amount and a stage, each from one column', () => {
    const ok = { '0': 'name', '1': 'account', '2': 'amount', '3': 'stage', '4': '' };
    expect(checkDealMapping(ok)).toEqual({ missing: [], repeated: [] });
    expect(dealMappingUsable(checkDealMapping(ok))).toBe(true);
    expect(checkDealMapping({ '0': 'name', '1': 'amount' }).missing).toEqual(['account', 'stage']);
    const twice = checkDealMapping({ ...ok, '4': 'amount' });
    expect(twice.repeated).toEqual(['amount']);
    expect(dealMappingUsable(twice)).toBe(false);
  });

  it('suggests near products, sends only the chosen values', () => {
    const choices = withSuggestions(NO_CHOICES, { stages: [v('Negotiation')], products: [v('Gateway', 2, 'p1'), v('Widget')] });
    expect(choices).toEqual({ stage: {}, product: { Gateway: 'p1' } });
    // A suggestion the user cleared stays cleared.
    expect(withSuggestions({ stage: {}, product: { Gateway: '' } }, { stages: [], products: [v('Gateway', 2, 'p1')] }).product).toEqual({ Gateway: '' });
    expect(valueMapping({ stage: { Negotiation: 's3', Other: '' }, product: {} })).toEqual({ stage: { Negotiation: 's3' }, product: {} });
  });

  it('keeps listing a value once mapped, though the server no longer reports it', () => {
    const known = remember([], [v('Negotiation', 3), v('Pilot', 1)]);
    // Negotiation mapped: the server reports Pilot only.
    const rows = valueRows(known, [v('Pilot', 1)], { Negotiation: 's3' });
    expect(rows.map((r) => r.value)).toEqual(['Negotiation', 'Pilot']);
    expect(rows[0].rows).toBe(3);
    expect(unmappedCount(rows, { Negotiation: 's3' })).toBe(1);
    // A value neither reported nor mapped (its column was unmapped) drops out.
    expect(valueRows(known, [], {}).map((r) => r.value)).toEqual([]);
    expect(remember(known, [v('Pilot'), v('Trial')]).map((r) => r.value)).toEqual(['Negotiation', 'Pilot', 'Trial']);
  });
});
