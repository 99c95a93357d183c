import { describe, expect, it } from 'vitest';
import type { ScoringModel } from '../../api/freeform';
import { defaultCondition, formFromModel, formPath, isMoneyCondition, modelFromForm, newRuleKey } from './scoringForm';

const MODEL: ScoringModel = {
  grades: { a: 80, b: 60, c: 40 },
  rules: [
    { key: 'key_industry', label: '重点行业', weight: 15, condition: { kind: 'field_in', field: 'industry', values: ['制造业', '金融'] } },
    { key: 'recent', label: '30 天内有跟进', weight: 20, condition: { kind: 'days_since_last_activity', min: null, max: 29 } },
    { key: 'busy', label: 'Active', weight: 15, condition: { kind: 'activities_in_last_days', days: 30, min: 3, max: null } },
    { key: 'won', label: 'Won business', weight: 25, condition: { kind: 'won_amount', min: 10_000_000, max: null } },
    {
      key: 'revenue',
      label: 'Revenue',
      weight: 5,
      condition: { kind: 'number_between', field: 'annual_revenue', min: 12_345, max: 100_000_000_00 },
    },
  ],
};

describe('scoring model form', () => {
  it('shows money bounds in yuan and sends them back in fen unchanged', () => {
    const form = formFromModel(MODEL);
    expect(form.rules[3].condition).toEqual({ kind: 'won_amount', min: '100000', max: null });
    expect(form.rules[4].condition.min).toBe('123.45');
    expect(modelFromForm(form)).toEqual(MODEL);
  });

  it('trims labels and set values and drops empty ones', () => {
    const form = formFromModel(MODEL);
    form.rules[0].label = '  Key industry ';
    form.rules[0].condition.values = [' 能源 ', '', '金融'];
    const model = modelFromForm(form);
    expect(model.rules[0].label).toBe('Key industry');
    expect(model.rules[0].condition).toEqual({ kind: 'field_in', field: 'industry', values: ['能源', '金融'] });
  });

  it('knows which conditions are money', () => {
    expect(isMoneyCondition({ kind: 'won_amount' })).toBe(true);
    expect(isMoneyCondition({ kind: 'number_between', field: 'annual_revenue' })).toBe(true);
    expect(isMoneyCondition({ kind: 'number_between', field: 'employee_count' })).toBe(false);
    expect(defaultCondition('activities_in_last_days')).toEqual({ kind: 'activities_in_last_days', days: 30, min: 1, max: null });
  });

  it('makes keys no rule uses', () => {
    expect(newRuleKey([{ key: 'a' }, { key: 'rule_3' }])).toBe('rule_4');
    expect(newRuleKey([])).toBe('rule_1');
  });

  it('maps server error paths to form fields', () => {
    expect(formPath('rules[2].weight')).toEqual(['rules', 2, 'weight']);
    expect(formPath('rules[0].condition.max')).toEqual(['rules', 0, 'condition', 'max']);
    expect(formPath('rules[1].condition.values[3]')).toEqual(['rules', 1, 'condition', 'values']);
    expect(formPath('grades.b')).toEqual(['grades', 'b']);
    expect(formPath('rules')).toEqual(['rules']);
  });
});
