import { describe, expect, it } from 'vitest';
import type { Department } from '../api/types';
import { buildDepartmentTree, departmentPath, descendantIds, type DepartmentNode } from './departmentTree';

const dept = (id: string, name: string, parent_id: string | null): Department => ({
  id,
  name,
  parent_id,
  is_sales_region: false,
  head_user_id: null,
  version: 1,
});

const shape = (nodes: DepartmentNode[]): unknown =>
  nodes.map((n) => (n.children.length ? { [n.department.name]: shape(n.children) } : n.department.name));

describe('buildDepartmentTree', () => {
  it('nests departments under their parents, siblings sorted by name', () => {
    const tree = buildDepartmentTree(
      [
        dept('sh', 'Shanghai', 'east'),
        dept('root', 'Closer', null),
        dept('north', 'North', 'root'),
        dept('east', 'East', 'root'),
        dept('hz', 'Hangzhou', 'east'),
      ],
      'en',
    );
    expect(shape(tree)).toEqual([{ Closer: [{ East: ['Hangzhou', 'Shanghai'] }, 'North'] }]);
    expect(tree[0]?.children[0]?.children[0]?.depth).toBe(2);
  });

  it('shows a department whose parent is not visible as a root', () => {
    const tree = buildDepartmentTree([dept('sh', 'Shanghai', 'hidden'), dept('pd', 'Pudong', 'sh')], 'en');
    expect(shape(tree)).toEqual([{ Shanghai: ['Pudong'] }]);
  });

  it('places every department exactly once, even in a parent cycle', () => {
    const tree = buildDepartmentTree([dept('a', 'A', 'b'), dept('b', 'B', 'a'), dept('c', 'C', null)], 'en');
    const names: string[] = [];
    const walk = (nodes: DepartmentNode[]) =>
      nodes.forEach((n) => {
        names.push(n.department.name);
        walk(n.children);
      });
    walk(tree);
    expect(names.sort()).toEqual(['A', 'B', 'C']);
  });
});

describe('descendantIds and departmentPath', () => {
  const all = [dept('root', 'Closer', null), dept('east', 'East', 'root'), dept('sh', 'Shanghai', 'east'), dept('north', 'North', 'root')];

  it('finds a department and everything below it (the parents a move must not choose)', () => {
    expect([...descendantIds(all, 'east')].sort()).toEqual(['east', 'sh']);
  });

  it('names the path from the root', () => {
    expect(departmentPath(all, 'sh')).toEqual(['Closer', 'East', 'Shanghai']);
    expect(departmentPath(all, null)).toEqual([]);
  });
});
