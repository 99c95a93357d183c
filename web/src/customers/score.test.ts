import { describe, expect, it } from 'vitest';
import type { RuleOutcome, ScoringRule } from '../api/freeform';
import { translate, type MessageKey, type Vars } from '../i18n/messages';
import { describeRule } from './score';

const words = {
  t: (key: MessageKey, vars?: Vars) => translate('en-US', key, vars),
  language: 'en-US' as const,
  currency: 'CNY',
  sizeTier: (tier: string) => translate('en-US', `customers.size.${tier}`),
  fieldName: (field: string) => translate('en-US', `scoring.field.${field}`),
};

const outcome = (over: Partial<RuleOutcome>): RuleOutcome => ({
  key: 'k',
  label: 'L',
  kind: 'field_in',
  weight: 10,
  matched: false,
  points: 0,
  reason: 'not_in_set',
  value: null,
  ...over,
});

describe('describeRule', () => {
  it('says how long since the last follow-up against the bound', () => {
    const rule: ScoringRule = { key: 'k', label: 'L', weight: 20, condition: { kind: 'days_since_last_activity', min: null, max: 29 } };
    expect(describeRule(outcome({ kind: 'days_since_last_activity', reason: 'above_range', value: 49 }), rule, words)).toEqual({
      value: '49 days since the last follow-up',
      requirement: 'needs at most 29 days',
    });
    expect(describeRule(outcome({ kind: 'days_since_last_activity', reason: 'never_active' }), rule, words).value).toBe('Never followed up');
  });

  it('shows size tiers and sets in words', () => {
    const rule: ScoringRule = {
      key: 'k',
      label: 'L',
      weight: 15,
      condition: { kind: 'field_in', field: 'size_tier', values: ['large', 'enterprise'] },
    };
    expect(describeRule(outcome({ value: 'small' }), rule, words)).toEqual({
      value: 'Size: Small',
      requirement: 'needs one of Large, Enterprise',
    });
  });

  it('shows won business as money from minor units', () => {
    const rule: ScoringRule = { key: 'k', label: 'L', weight: 25, condition: { kind: 'won_amount', min: 10_000_000, max: null } };
    const text = describeRule(outcome({ kind: 'won_amount', reason: 'below_range', value: 250_000 }), rule, words);
    expect(text.value).toBe('Won CN¥2,500.00');
    expect(text.requirement).toBe('needs at least CN¥100,000.00');
  });

  it('counts follow-ups in the window and copes without the model', () => {
    const rule: ScoringRule = { key: 'k', label: 'L', weight: 15, condition: { kind: 'activities_in_last_days', days: 30, min: 3, max: null } };
    expect(describeRule(outcome({ kind: 'activities_in_last_days', reason: 'below_range', value: 1 }), rule, words).value).toBe(
      '1 follow-ups in the last 30 days',
    );
    expect(describeRule(outcome({ kind: 'activities_in_last_days', value: 4 }), undefined, words)).toEqual({
      value: '4 follow-ups',
      requirement: null,
    });
    expect(describeRule(outcome({ reason: 'missing' }), undefined, words).value).toBe('Not filled in');
  });
});
