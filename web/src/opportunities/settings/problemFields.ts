/** `stages[1].tasks[0].label` → ['stages', 1, 'tasks', 0, 'label'], the path antd forms use. */
export function fieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const part of field.split('.')) {
    const match = /^(\w+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [field];
    path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}
