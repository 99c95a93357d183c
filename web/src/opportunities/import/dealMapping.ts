// The opportunity import's mapping step: which fields a usable column mapping must fill, and
// the stage and product values of the file mapped to what they stand for.
import type { ImportMapping, UnmatchedValue, ValueMapping } from '../../api/types';

/** Every deal needs these (the server's `name_account_amount_stage_required`). */
export const REQUIRED_DEAL_FIELDS = ['name', 'account', 'amount', 'stage'] as const;

export interface DealMappingCheck {
  /** Required fields no column fills. */
  missing: string[];
  /** Fields that more than one column fills. */
  repeated: string[];
}

export function checkDealMapping(mapping: ImportMapping): DealMappingCheck {
  const used = new Map<string, number>();
  for (const field of Object.values(mapping)) {
    if (field) used.set(field, (used.get(field) ?? 0) + 1);
  }
  return {
    missing: REQUIRED_DEAL_FIELDS.filter((field) => !used.has(field)),
    repeated: [...used].filter(([, n]) => n > 1).map(([field]) => field),
  };
}

export function dealMappingUsable(check: DealMappingCheck): boolean {
  return check.missing.length === 0 && check.repeated.length === 0;
}

export type ValueKind = 'stage' | 'product';

/** The user's choices: a file value → a stage or product id ('' while not chosen). */
export interface ValueChoices {
  stage: Record<string, string>;
  product: Record<string, string>;
}

export const NO_CHOICES: ValueChoices = { stage: {}, product: {} };

/** Choices for values seen for the first time: products with a near name come suggested. */
export function withSuggestions(choices: ValueChoices, unmatched: { stages: UnmatchedValue[]; products: UnmatchedValue[] }): ValueChoices {
  const product = { ...choices.product };
  for (const value of unmatched.products) {
    if (!(value.value in product) && value.suggestion_id) product[value.value] = value.suggestion_id;
  }
  return { stage: choices.stage, product };
}

/** The choices as the API takes them: the chosen ones only. */
export function valueMapping(choices: ValueChoices): ValueMapping {
  const chosen = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).filter(([, id]) => id !== ''));
  return { stage: chosen(choices.stage), product: chosen(choices.product) };
}

/**
 * The values the step lists: those the server still reports unmatched, and those the user
 * has mapped (which the server no longer reports), each once in the order first seen.
 * `known` remembers every unmatched value seen, with its row count.
 */
export function valueRows(known: UnmatchedValue[], current: UnmatchedValue[], chosen: Record<string, string>): UnmatchedValue[] {
  const now = new Map(current.map((value) => [value.value, value]));
  const rows: UnmatchedValue[] = [];
  const listed = new Set<string>();
  for (const value of [...known, ...current]) {
    if (listed.has(value.value)) continue;
    if (now.has(value.value) || chosen[value.value]) {
      rows.push(now.get(value.value) ?? value);
      listed.add(value.value);
    }
  }
  return rows;
}

/** Adds newly reported values to those already known (a value keeps its first place). */
export function remember(known: UnmatchedValue[], current: UnmatchedValue[]): UnmatchedValue[] {
  const seen = new Set(known.map((value) => value.value));
  return [...known, ...current.filter((value) => !seen.has(value.value))];
}

/** How many listed values still have no choice: their rows would be rejected. */
export function unmappedCount(rows: UnmatchedValue[], chosen: Record<string, string>): number {
  return rows.filter((row) => !chosen[row.value]).length;
}
