import type { Department } from '../api/types';

export interface DepartmentNode {
  department: Department;
  children: DepartmentNode[];
  depth: number;
}

/**
 * Nests departments under their parents, siblings sorted by name. A department whose
 * parent is missing from the list (not visible, or a broken link) becomes a root, and a
 * cycle never loops: each department appears exactly once.
 */
export function buildDepartmentTree(departments: Department[], locale = 'zh-CN'): DepartmentNode[] {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const children = new Map<string | null, Department[]>();
  for (const department of departments) {
    const parent = department.parent_id && byId.has(department.parent_id) ? department.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), department]);
  }
  const collator = new Intl.Collator(locale);
  const placed = new Set<string>();

  const grow = (parent: string | null, depth: number): DepartmentNode[] =>
    (children.get(parent) ?? [])
      .filter((d) => !placed.has(d.id))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((department) => {
        placed.add(department.id);
        return { department, depth, children: grow(department.id, depth + 1) };
      });

  const roots = grow(null, 0);
  // Departments caught in a parent cycle have no root above them: show them at the top.
  for (const department of departments) {
    if (!placed.has(department.id)) {
      placed.add(department.id);
      roots.push({ department, depth: 0, children: grow(department.id, 1) });
    }
  }
  return roots;
}

/** The ids of a department and every department below it. */
export function descendantIds(departments: Department[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const department of departments) {
      if (department.parent_id && result.has(department.parent_id) && !result.has(department.id)) {
        result.add(department.id);
        grew = true;
      }
    }
  }
  return result;
}

/** The path of names from the root down to a department, e.g. "Closer / East / Shanghai". */
export function departmentPath(departments: Department[], id: string | null): string[] {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const path: string[] = [];
  const seen = new Set<string>();
  let current = id ? byId.get(id) : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current.name);
    current = current.parent_id ? byId.get(current.parent_id) : undefined;
  }
  return path;
}

export interface TreeSelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeSelectNode[];
}

/** Tree data for a TreeSelect, with `disabled` ids (e.g. a department and its subtree when moving it). */
export function toTreeSelect(nodes: DepartmentNode[], disabled: Set<string> = new Set()): TreeSelectNode[] {
  return nodes.map((node) => ({
    value: node.department.id,
    title: node.department.name,
    disabled: disabled.has(node.department.id),
    children: toTreeSelect(node.children, disabled),
  }));
}
