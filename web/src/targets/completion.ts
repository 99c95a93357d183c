// The completion answer as a tree (company → departments → people) for the dashboard's
// table and the last-period card. A row names its parent unit by id; the company's row and
// the rows directly under it may name none.
import type { CompletionRow } from '../api/targets';

export interface CompletionNode {
  key: string;
  row: CompletionRow;
  children?: CompletionNode[];
}

const keyOf = (row: CompletionRow) => (row.unit.kind === 'company' ? 'company' : `${row.unit.kind}:${row.unit.id}`);

/** The rows nested under their parents; rows without a known parent go under the company's row (or the top). */
export function completionTree(rows: CompletionRow[]): CompletionNode[] {
  const nodes = rows.map((row) => ({ key: keyOf(row), row, children: [] as CompletionNode[] }));
  const byUnitId = new Map<string, (typeof nodes)[number]>();
  for (const node of nodes) if (node.row.unit.id && node.row.unit.kind !== 'company') byUnitId.set(node.row.unit.id, node);
  const company = nodes.find((n) => n.row.unit.kind === 'company');
  const roots: CompletionNode[] = [];
  for (const node of nodes) {
    if (node === company) {
      roots.push(node);
      continue;
    }
    const parent = node.row.parent_id ? byUnitId.get(node.row.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else if (company) company.children.push(node);
    else roots.push(node);
  }
  const trim = (list: CompletionNode[]): CompletionNode[] =>
    list.map((n) => (n.children && n.children.length > 0 ? { ...n, children: trim(n.children) } : { key: n.key, row: n.row }));
  return trim(roots);
}

/** The row whose gauge the dashboard shows: the chosen department's, else the company's (else the first). */
export function gaugeRow(rows: CompletionRow[], departmentId: string | null): CompletionRow | undefined {
  if (departmentId) {
    const row = rows.find((r) => r.unit.kind === 'department' && r.unit.id === departmentId);
    if (row) return row;
  }
  return rows.find((r) => r.unit.kind === 'company') ?? rows[0];
}
