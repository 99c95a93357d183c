import { describe, expect, it } from 'vitest';
import type { CompletionRow } from '../api/targets';
import { completionTree, gaugeRow } from './completion';

const row = (kind: 'company' | 'department' | 'user', id: string | null, parent: string | null): CompletionRow => ({
  unit: { kind, id, name: id ?? 'Company' },
  parent_id: parent,
  target: '100.00',
  actual: '50.00',
  rate: '50.00',
  gap: '50.00',
  previous: null,
});

describe('completion as a tree', () => {
  it('nests people under their departments and the departments under the company', () => {
    const rows = [row('company', 't', null), row('department', 'A', null), row('user', 'a1', 'A'), row('department', 'B', 't'), row('user', 'x', 'nowhere')];
    const tree = completionTree(rows);
    expect(tree.map((n) => n.key)).toEqual(['company']);
    expect(tree[0].children?.map((n) => n.key)).toEqual(['department:A', 'department:B', 'user:x']);
    expect(tree[0].children?.[0].children?.map((n) => n.key)).toEqual(['user:a1']);
    expect(tree[0].children?.[1].children).toBeUndefined();
  });

  it('shows the chosen department’s gauge, else the company’s', () => {
    const rows = [row('company', null, null), row('department', 'A', null)];
    expect(gaugeRow(rows, 'A')?.unit.id).toBe('A');
    expect(gaugeRow(rows, 'Z')?.unit.kind).toBe('company');
    expect(gaugeRow(rows, null)?.unit.kind).toBe('company');
  });
});
