import type { Condition, RuleOutcome, ScoringRule } from '../api/freeform';
import type { Language, MessageKey, Vars } from '../i18n/messages';
import { formatMoney, formatNumber } from '../lib/format';
import { minorToAmount } from '../lib/money';

export interface RuleText {
  /** The customer's value the rule looked at, in words. */
  value: string;
  /** What the rule asks for, when the model is known. */
  requirement: string | null;
}

interface Words {
  t: (key: MessageKey, vars?: Vars) => string;
  language: Language;
  currency: string;
  sizeTier: (tier: string) => string;
  fieldName: (field: string) => string;
}

const MAX_LISTED = 4;

function isMoney(condition: Condition | undefined, kind: string): boolean {
  return kind === 'won_amount' || (condition?.kind === 'number_between' && condition.field === 'annual_revenue');
}

function bounds(min: number | null, max: number | null, show: (n: number) => string, words: Words): string | null {
  if (min !== null && max !== null) return words.t('customers.score.need.range', { min: show(min), max: show(max) });
  if (min !== null) return words.t('customers.score.need.min', { min: show(min) });
  if (max !== null) return words.t('customers.score.need.max', { max: show(max) });
  return null;
}

/**
 * One rule's outcome as a person reads it: "49 days since the last activity · needs at most
 * 29". `rule` is the model's rule of the same key (for its bounds and values), if known.
 */
export function describeRule(outcome: RuleOutcome, rule: ScoringRule | undefined, words: Words): RuleText {
  const { t, language, currency } = words;
  const condition = rule?.condition;
  const number = (n: number) => formatNumber(n, language);
  const money = (minor: number) => formatMoney({ amount: minorToAmount(minor), currency }, language);
  const show = isMoney(condition, outcome.kind) ? money : number;
  const raw = outcome.value;
  const missing = raw === null || raw === undefined || raw === '';

  let value: string;
  if (outcome.reason === 'never_active') value = t('customers.score.value.never');
  else if (missing || outcome.reason === 'missing') value = t('customers.score.value.missing');
  else if (outcome.kind === 'days_since_last_activity') value = t('customers.score.value.days', { days: number(Number(raw)) });
  else if (outcome.kind === 'activities_in_last_days')
    value =
      condition?.kind === 'activities_in_last_days'
        ? t('customers.score.value.countIn', { count: number(Number(raw)), days: condition.days })
        : t('customers.score.value.count', { count: number(Number(raw)) });
  else if (outcome.kind === 'won_amount') value = t('customers.score.value.won', { amount: money(Number(raw)) });
  else if (condition?.kind === 'field_in' && condition.field === 'size_tier')
    value = t('customers.score.value.field', { field: words.fieldName('size_tier'), value: words.sizeTier(String(raw)) });
  else if (condition && 'field' in condition)
    value = t('customers.score.value.field', { field: words.fieldName(condition.field), value: typeof raw === 'number' ? show(raw) : String(raw) });
  else value = typeof raw === 'number' ? show(raw) : String(raw);

  let requirement: string | null = null;
  if (condition?.kind === 'field_in') {
    const values = condition.field === 'size_tier' ? condition.values.map(words.sizeTier) : condition.values;
    const listed = values.slice(0, MAX_LISTED).join(t('common.listSeparator'));
    requirement = t('customers.score.need.in', { values: values.length > MAX_LISTED ? `${listed}…` : listed });
  } else if (condition?.kind === 'days_since_last_activity') {
    requirement = bounds(condition.min, condition.max, (n) => t('customers.score.days', { days: number(n) }), words);
  } else if (condition) {
    requirement = bounds(condition.min, condition.max, show, words);
  }
  return { value, requirement };
}
