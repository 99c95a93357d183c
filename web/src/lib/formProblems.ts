// An RFC 9457 problem document's `errors[]` on the fields of an Ant Design form. Every form
// that shows the server's field problems beside their fields goes through `applyFieldProblems`.
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { FieldProblem } from '../api/types';

/** A form field's name as antd takes it: ['stages', 1, 'tasks', 0, 'label']. */
export type FieldPath = (string | number)[];

/** A problem's `field` as a form path: `stages[1].tasks[0].label` → ['stages', 1, 'tasks', 0, 'label']. */
export function fieldPath(field: string): FieldPath {
  const path: FieldPath = [];
  for (const part of field.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [field];
    if (match[1]) path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

export interface PlaceOptions {
  /**
   * The form path a server field goes to, when the form names it otherwise (e.g.
   * `competitors[3].name` → ['name'] in a one-competitor form), or null to leave it out.
   */
  rename?: (path: FieldPath) => FieldPath | null;
  /** The UI's own words for a problem (by its field and stable code) instead of the server's sentence. */
  explain?: (problem: FieldProblem, path: FieldPath) => string | undefined;
}

type ProblemForm = Pick<FormInstance, 'getFieldsError' | 'setFields'>;

const key = (path: FieldPath) => JSON.stringify(path);

/**
 * Puts each field problem of a failed call on the form field it names: that very field, or
 * a plain field it is part of (`permissions[2]` on the `permissions` picker; never a list
 * whose rows are fields of their own). Answers the problems no field took, so the caller
 * can say them another way.
 */
export function applyFieldProblems(form: ProblemForm, error: unknown, options: PlaceOptions = {}): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const names = form.getFieldsError().map((entry) => entry.name);
  const known = new Set(names.map(key));
  const groups = new Set(names.filter((name) => name.length > 1).map((name) => key(name.slice(0, 1))));
  const target = (path: FieldPath): FieldPath | null => {
    if (known.has(key(path))) return path;
    const head = path.slice(0, 1);
    return path.length > 1 && known.has(key(head)) && !groups.has(key(head)) ? head : null;
  };

  const placed = new Map<string, { name: FieldPath; errors: string[] }>();
  const unplaced: FieldProblem[] = [];
  for (const problem of error.problem.errors ?? []) {
    const path = options.rename ? options.rename(fieldPath(problem.field)) : fieldPath(problem.field);
    const name = path && target(path);
    if (!path || !name) {
      unplaced.push(problem);
      continue;
    }
    const entry = placed.get(key(name)) ?? { name, errors: [] };
    const message = options.explain?.(problem, path) ?? problem.message;
    if (!entry.errors.includes(message)) entry.errors.push(message);
    placed.set(key(name), entry);
  }
  form.setFields([...placed.values()]);
  return unplaced;
}
