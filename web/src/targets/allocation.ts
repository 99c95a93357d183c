// The allocation screen's arithmetic: a plan's units as a tree (company → departments →
// people) of twelve months each, the live totals and the balance check (every unit's month m
// is the sum of its children's month m; the top units add up to the plan's total), merging a
// suggestion by resources into the grid, the body of PUT allocations, and the 422 answer put
// back on the cells it names. Amounts stay exact: whole minor units in BigInt throughout.
import type { AllocationInput, SuggestedUnit, TargetMetric, TargetPlan, UnitKind, UnitResources } from '../api/targets';
import { fieldPath } from '../lib/formProblems';

export const MONTHS = 12;

/** Money metrics are in yuan with two decimals; the counted ones are whole numbers. */
export function isCounted(metric: TargetMetric): boolean {
  return metric === 'new_customers' || metric === 'visits';
}

/** How many decimals a metric's amounts take. */
export function decimalsOf(metric: TargetMetric): number {
  return isCounted(metric) ? 0 : 2;
}

/**
 * An amount as whole minor units at `decimals` ("1234.5" → 123450n at 2), or null when it is
 * not a non-negative decimal. Group separators and blanks are ignored; extra decimals refused.
 */
export function parseUnits(value: string | number | null | undefined, decimals: number): bigint | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(/[,\s¥]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) return null;
  return BigInt(match[1]) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** Whole minor units as the API's decimal string ("1234.50", or "5" at 0 decimals). */
export function formatUnits(units: bigint, decimals: number): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  if (decimals === 0) return `${sign}${abs}`;
  const scale = 10n ** BigInt(decimals);
  return `${sign}${abs / scale}.${String(abs % scale).padStart(decimals, '0')}`;
}

/** A typed amount in the API's form, or '' when it is not one (blank counts as nothing typed). */
export function normalize(value: string | number | null | undefined, decimals: number): string {
  const units = parseUnits(value, decimals);
  return units === null ? '' : formatUnits(units, decimals);
}

/** A row of the grid: a department or a person, under a parent unit or the company (null). */
export interface GridUnit {
  kind: UnitKind;
  id: string;
  name: string;
  parent: string | null;
  /** Twelve amounts as typed (the API's strings until edited). */
  months: string[];
  resources: UnitResources;
}

/** The units in tree order: each parent before its children, siblings in the order given. */
export function treeOrder(units: GridUnit[]): GridUnit[] {
  const ids = new Set(units.map((u) => u.id));
  const byParent = new Map<string | null, GridUnit[]>();
  for (const unit of units) {
    // A unit whose parent is not in the grid sits under the company.
    const parent = unit.parent && ids.has(unit.parent) ? unit.parent : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), unit]);
  }
  const out: GridUnit[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null) => {
    for (const unit of byParent.get(parent) ?? []) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      out.push(unit);
      visit(unit.id);
    }
  };
  visit(null);
  return out;
}

export function gridFromPlan(plan: Pick<TargetPlan, 'units'>): GridUnit[] {
  return treeOrder(
    plan.units.map((u) => ({
      kind: u.kind,
      id: u.id,
      name: u.name,
      parent: u.parent_id,
      months: padMonths(u.months),
      resources: u.resources,
    })),
  );
}

function padMonths(months: string[] | undefined): string[] {
  return Array.from({ length: MONTHS }, (_, m) => months?.[m] ?? '');
}

export function childrenOf(units: GridUnit[], parent: string | null): GridUnit[] {
  return units.filter((u) => u.parent === parent);
}

/** A unit and everything under it. */
export function subtreeIds(units: GridUnit[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parent && out.has(unit.parent) && !out.has(unit.id)) {
        out.add(unit.id);
        grew = true;
      }
    }
  }
  return out;
}

/** The grid without a unit and everything under it. */
export function removeUnit(units: GridUnit[], id: string): GridUnit[] {
  const gone = subtreeIds(units, id);
  return units.filter((u) => !gone.has(u.id));
}

/**
 * A suggestion for `parent`'s children merged into the grid: its units become the parent's
 * children with the suggested months (those already there keep what lies under them); any
 * child it leaves out goes, with what lies under it.
 */
export function mergeSuggestion(units: GridUnit[], parent: string | null, suggested: SuggestedUnit[]): GridUnit[] {
  const wanted = new Set(suggested.map((s) => s.id));
  let next = units;
  for (const child of childrenOf(units, parent)) {
    if (!wanted.has(child.id)) next = removeUnit(next, child.id);
  }
  const byId = new Map(next.map((u) => [u.id, u]));
  const fresh: GridUnit[] = suggested.map((s) => ({
    kind: s.kind,
    id: s.id,
    name: s.name,
    parent,
    months: padMonths(s.months),
    resources: s.resources ?? byId.get(s.id)?.resources ?? { active_customers: 0, potential: '0.00' },
  }));
  // Suggested units that sat elsewhere in the grid move here.
  const rest = next.filter((u) => !wanted.has(u.id));
  const parentIndex = parent === null ? -1 : rest.findIndex((u) => u.id === parent);
  const merged = [...rest.slice(0, parentIndex + 1), ...fresh, ...rest.slice(parentIndex + 1)];
  // Keep grandchildren of units that were there before.
  return treeOrder(merged);
}

/** One month of a unit changed. */
export function setMonth(units: GridUnit[], id: string, month: number, value: string): GridUnit[] {
  return units.map((u) => (u.id === id ? { ...u, months: u.months.map((v, m) => (m === month ? value : v)) } : u));
}

/** A total spread over the twelve months like the server does: evenly, the remainder to December. */
export function spreadEvenly(total: bigint): bigint[] {
  const each = total / BigInt(MONTHS);
  return Array.from({ length: MONTHS }, (_, m) => (m === MONTHS - 1 ? total - each * BigInt(MONTHS - 1) : each));
}

export interface GridCheck {
  /** Each unit's twelve months added up. */
  rowTotals: Map<string, string>;
  /** The top units' months added up, month by month, and over the year. */
  companyMonths: string[];
  companyTotal: string;
  /** Plan total minus what the top units add up to (negative when over). */
  companyLeft: string;
  companyBalanced: boolean;
  /** Per parent unit with children: their month sums. */
  childSums: Map<string, string[]>;
  /** `${parentId}:${month}` for every month whose children do not add up to the parent's. */
  unbalanced: Set<string>;
  /** `${unitId}:${month}` for every cell that is not an amount. */
  invalid: Set<string>;
  balanced: boolean;
}

/** The live check under the grid. */
export function checkGrid(units: GridUnit[], planTotal: string, decimals: number): GridCheck {
  const value = (unit: GridUnit, m: number) => parseUnits(unit.months[m] === '' ? '0' : unit.months[m], decimals);
  const invalid = new Set<string>();
  const monthly = new Map<string, bigint[]>();
  const rowTotals = new Map<string, string>();
  for (const unit of units) {
    const months = Array.from({ length: MONTHS }, (_, m) => {
      const v = value(unit, m);
      if (v === null) invalid.add(`${unit.id}:${m}`);
      return v ?? 0n;
    });
    monthly.set(unit.id, months);
    rowTotals.set(unit.id, formatUnits(months.reduce((a, b) => a + b, 0n), decimals));
  }

  const ids = new Set(units.map((u) => u.id));
  const parentOf = (u: GridUnit) => (u.parent && ids.has(u.parent) ? u.parent : null);
  const sums = new Map<string | null, bigint[]>();
  for (const unit of units) {
    const key = parentOf(unit);
    const acc = sums.get(key) ?? Array.from({ length: MONTHS }, () => 0n);
    (monthly.get(unit.id) ?? []).forEach((v, m) => (acc[m] += v));
    sums.set(key, acc);
  }

  const childSums = new Map<string, string[]>();
  const unbalanced = new Set<string>();
  for (const [parent, acc] of sums) {
    if (parent === null) continue;
    childSums.set(
      parent,
      acc.map((v) => formatUnits(v, decimals)),
    );
    const own = monthly.get(parent) ?? [];
    acc.forEach((v, m) => {
      if (v !== own[m]) unbalanced.add(`${parent}:${m}`);
    });
  }

  const company = sums.get(null) ?? Array.from({ length: MONTHS }, () => 0n);
  const companyTotal = company.reduce((a, b) => a + b, 0n);
  const target = parseUnits(planTotal, decimals) ?? 0n;
  const companyBalanced = companyTotal === target;
  return {
    rowTotals,
    companyMonths: company.map((v) => formatUnits(v, decimals)),
    companyTotal: formatUnits(companyTotal, decimals),
    companyLeft: formatUnits(target - companyTotal, decimals),
    companyBalanced,
    childSums,
    unbalanced,
    invalid,
    balanced: companyBalanced && unbalanced.size === 0 && invalid.size === 0,
  };
}

/** PUT /target-plans/{id}/allocations: the units in tree order (the order the 422 answer counts in). */
export function allocationBody(units: GridUnit[], decimals: number): { body: AllocationInput[]; order: string[] } {
  const ordered = treeOrder(units);
  return {
    body: ordered.map((u) => ({
      ...(u.kind === 'department' ? { department_id: u.id } : { user_id: u.id }),
      months: u.months.map((v) => normalize(v === '' ? '0' : v, decimals) || String(v)),
    })),
    order: ordered.map((u) => u.id),
  };
}

/** Where a problem of PUT allocations belongs: a cell (`${unitId}:${month}`), a unit's row, or the plan's total. */
export function problemCell(field: string, order: string[]): string | null {
  const path = fieldPath(field);
  if (path[0] === 'total') return 'total';
  if (path[0] !== 'units' || typeof path[1] !== 'number') return null;
  const id = order[path[1]];
  if (!id) return null;
  return path[2] === 'months' && typeof path[3] === 'number' ? `${id}:${path[3]}` : id;
}

export interface BalanceBar {
  id: string;
  name: string;
  /** Percent of the siblings' target. */
  target: number;
  /** Percent of the siblings' resources. */
  resources: number;
}

/**
 * Each child's share of its siblings' target beside its share of their resources (active
 * customers or potential; even: an equal share each), in percent — the balance chart.
 */
export function balance(units: GridUnit[], parent: string | null, basis: 'active_customers' | 'potential' | 'even', decimals: number): BalanceBar[] {
  const children = childrenOf(units, parent);
  const totals = children.map((c) => c.months.reduce((acc, v) => acc + (parseUnits(v === '' ? '0' : v, decimals) ?? 0n), 0n));
  const weights = children.map((c) =>
    basis === 'even' ? 1 : basis === 'active_customers' ? c.resources.active_customers : Number(c.resources.potential) || 0,
  );
  const totalTarget = totals.reduce((a, b) => a + b, 0n);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);
  return children.map((c, i) => ({
    id: c.id,
    name: c.name,
    target: totalTarget > 0n ? Number((totals[i] * 10000n) / totalTarget) / 100 : 0,
    resources: percent(weights[i], totalWeight),
  }));
}
