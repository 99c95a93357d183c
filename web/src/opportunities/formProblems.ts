import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { fieldPath } from './settings/problemFields';
import type { FieldProblem } from '../api/types';

/**
 * Puts a problem document's field messages on nested form fields: `members[1].role` on the
 * form path ['members', 1, 'role']. `rename` may map a server field to another form path (or
 * to null to leave it out), e.g. `competitors[3].name` → ['name'] in a one-competitor form.
 * `explain` may say a problem in the UI's own words (by its field and stable code) instead of
 * the server's generic sentence. Answers the problems no field took, for a message of their own.
 */
export function applyNestedProblems(
  form: Pick<FormInstance, 'getFieldsError' | 'setFields'>,
  error: unknown,
  rename: (path: (string | number)[]) => (string | number)[] | null = (path) => path,
  explain: (problem: FieldProblem, path: (string | number)[]) => string | undefined = () => undefined,
): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const known = new Set(form.getFieldsError().map((entry) => JSON.stringify(entry.name)));
  const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: FieldProblem[] = [];
  for (const problem of error.problem.errors ?? []) {
    const path = rename(fieldPath(problem.field));
    const key = path && JSON.stringify(path);
    if (path && key && known.has(key)) {
      const entry = byPath.get(key) ?? { name: path, errors: [] };
      entry.errors.push(explain(problem, path) ?? problem.message);
      byPath.set(key, entry);
    } else {
      unmatched.push(problem);
    }
  }
  form.setFields([...byPath.values()] as never);
  return unmatched;
}
