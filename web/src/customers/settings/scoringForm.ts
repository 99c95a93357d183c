// The scoring model as the admin form holds it, and back. Money bounds are typed in yuan
// and sent in fen (minor units), as text so no floating point touches them.
import type { Condition, ConditionKind, GradeCutoffs, NumberField, ScoringModel, ScoringRule, TextField } from '../../api/freeform';
import { fieldPath, type FieldPath } from '../../lib/formProblems';
import { amountToMinor, minorToAmount } from '../../lib/money';

export const CONDITION_KINDS: readonly ConditionKind[] = [
  'field_in',
  'number_between',
  'days_since_last_activity',
  'activities_in_last_days',
  'won_amount',
];
export const TEXT_FIELDS: readonly TextField[] = ['industry', 'size_tier', 'province', 'city', 'source'];
export const NUMBER_FIELDS: readonly NumberField[] = ['employee_count', 'annual_revenue'];

export interface ConditionValues {
  kind: ConditionKind;
  field?: TextField | NumberField;
  values?: string[];
  /** A number, or for money a decimal amount in yuan. */
  min?: number | string | null;
  max?: number | string | null;
  days?: number | null;
}

export interface RuleValues {
  key: string;
  label: string;
  weight: number | null;
  condition: ConditionValues;
}

export interface ModelValues {
  rules: RuleValues[];
  grades: GradeCutoffs;
}

/** Whether a condition's bounds are money (typed in yuan). */
export function isMoneyCondition(condition: Pick<ConditionValues, 'kind' | 'field'> | undefined): boolean {
  return condition?.kind === 'won_amount' || (condition?.kind === 'number_between' && condition.field === 'annual_revenue');
}

/** "10000000" fen → "100000"; "12345" fen → "123.45". */
function yuan(minor: number | null): string | null {
  if (minor === null) return null;
  return minorToAmount(minor).replace(/\.00$/, '');
}

/** What a new condition of a kind starts as. */
export function defaultCondition(kind: ConditionKind): ConditionValues {
  switch (kind) {
    case 'field_in':
      return { kind, field: 'industry', values: [] };
    case 'number_between':
      return { kind, field: 'employee_count', min: null, max: null };
    case 'days_since_last_activity':
      return { kind, min: null, max: 30 };
    case 'activities_in_last_days':
      return { kind, days: 30, min: 1, max: null };
    case 'won_amount':
      return { kind, min: null, max: null };
  }
}

export function formFromModel(model: ScoringModel): ModelValues {
  return {
    grades: { ...model.grades },
    rules: model.rules.map((rule) => {
      const c = rule.condition;
      const money = isMoneyCondition(c);
      const condition: ConditionValues = { kind: c.kind };
      if ('field' in c) condition.field = c.field;
      if (c.kind === 'field_in') condition.values = [...c.values];
      else {
        condition.min = money ? yuan(c.min) : c.min;
        condition.max = money ? yuan(c.max) : c.max;
      }
      if (c.kind === 'activities_in_last_days') condition.days = c.days;
      return { key: rule.key, label: rule.label, weight: rule.weight, condition };
    }),
  };
}

function bound(value: number | string | null | undefined, money: boolean): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (money) return amountToMinor(value);
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

function conditionFromForm(c: ConditionValues): Condition {
  const money = isMoneyCondition(c);
  const min = bound(c.min, money);
  const max = bound(c.max, money);
  switch (c.kind) {
    case 'field_in':
      return {
        kind: c.kind,
        field: (c.field as TextField) ?? 'industry',
        values: (c.values ?? []).map((v) => v.trim()).filter(Boolean),
      };
    case 'number_between':
      return { kind: c.kind, field: (c.field as NumberField) ?? 'employee_count', min, max };
    case 'activities_in_last_days':
      return { kind: c.kind, days: c.days ?? 0, min, max };
    case 'days_since_last_activity':
    case 'won_amount':
      return { kind: c.kind, min, max };
  }
}

export function modelFromForm(values: ModelValues): ScoringModel {
  return {
    grades: { a: values.grades.a, b: values.grades.b, c: values.grades.c },
    rules: (values.rules ?? []).map(
      (rule): ScoringRule => ({
        key: rule.key,
        label: rule.label?.trim() ?? '',
        weight: rule.weight ?? 0,
        condition: conditionFromForm(rule.condition),
      }),
    ),
  };
}

/** The first `rule_N` key no rule uses yet. */
export function newRuleKey(rules: Pick<RuleValues, 'key'>[]): string {
  const used = new Set(rules.map((r) => r.key));
  let n = rules.length + 1;
  while (used.has(`rule_${n}`)) n += 1;
  return `rule_${n}`;
}

/**
 * The form field a server error path names: `rules[2].condition.values[3]` →
 * `['rules', 2, 'condition', 'values']` (a set's item belongs to the set), `grades.b` →
 * `['grades', 'b']`.
 */
export function formPath(field: string): FieldPath {
  return valuesField(fieldPath(field));
}

/** A problem with one value of a "field in" list goes on the list: `…values[3]` → `…values`. */
export function valuesField(path: FieldPath): FieldPath {
  return typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'values' ? path.slice(0, -1) : path;
}
