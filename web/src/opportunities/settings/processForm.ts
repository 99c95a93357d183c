// The sales-process editor's rules that need no screen: the stable keys the server matches
// stages and checklist tasks by (derived from the names, never typed), where open and closed
// stages may sit, and the PUT body.
import type { ProcessInput } from '../../api/types';

/** The server's limit on a stage or task key. */
const MAX_KEY = 40;

export interface TaskValues {
  /** Set for a task the server already has; a new one gets a key from its label on save. */
  key?: string;
  label?: string;
  required?: boolean;
}

export interface StageValues {
  /** Set for a stage the server already has; a new one gets a key from its names on save. */
  key?: string;
  name?: string;
  name_en?: string;
  win_rate?: number | null;
  is_won?: boolean;
  is_lost?: boolean;
  tasks?: TaskValues[];
}

export interface ProcessValues {
  name: string;
  stages: StageValues[];
}

/**
 * A key the server accepts (`a-z` first, then `a-z`, `0-9`, `_`, at most 40) made from a
 * name's Latin letters and digits: "Initial contact" → `initial_contact`, "Café 2" →
 * `cafe_2`, "2nd call" → `stage_2nd_call` (with the prefix given). Empty when the name has
 * none (a Chinese name).
 */
export function slugKey(text: string | undefined | null, prefix = 'stage'): string {
  const words = (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return '';
  const slug = /^[a-z]/.test(words[0]) ? words.join('_') : [prefix, ...words].join('_');
  return slug.slice(0, MAX_KEY).replace(/_+$/, '');
}

/** `base`, or `base_2`, `base_3` … cut to the limit, whichever is not taken yet. */
function unique(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const key = `${base.slice(0, MAX_KEY - suffix.length).replace(/_+$/, '')}${suffix}`;
    if (!taken.has(key)) return key;
  }
}

/**
 * A new item's key: from the first of `names` with Latin letters, else `fallback_N` (N its
 * place, 1-based), never one of `taken`.
 */
export function deriveKey(names: (string | undefined | null)[], taken: Set<string>, fallback: string, place: number): string {
  for (const name of names) {
    const slug = slugKey(name, fallback);
    if (slug) return unique(slug, taken);
  }
  let n = place;
  while (taken.has(`${fallback}_${n}`)) n += 1;
  return `${fallback}_${n}`;
}

/**
 * Every stage's key as it will be sent: kept stages keep theirs; new ones are derived from
 * the English name, then the Chinese one, else `stage_N`. `reserved` are the keys the
 * process had when loaded, so a new stage never takes over a removed one's key (and its deals).
 */
export function stageKeys(stages: (StageValues | undefined)[], reserved: Iterable<string> = []): string[] {
  const taken = new Set<string>(reserved);
  for (const stage of stages) if (stage?.key) taken.add(stage.key);
  return stages.map((stage, index) => {
    if (stage?.key) return stage.key;
    const key = deriveKey([stage?.name_en, stage?.name], taken, 'stage', index + 1);
    taken.add(key);
    return key;
  });
}

/** A stage's checklist keys: kept tasks keep theirs; new ones come from the label, else `task_N`. */
export function taskKeys(tasks: (TaskValues | undefined)[], reserved: Iterable<string> = []): string[] {
  const taken = new Set<string>(reserved);
  for (const task of tasks) if (task?.key) taken.add(task.key);
  return tasks.map((task, index) => {
    if (task?.key) return task.key;
    const key = deriveKey([task?.label], taken, 'task', index + 1);
    taken.add(key);
    return key;
  });
}

export const isClosed = (stage: StageValues | undefined) => Boolean(stage?.is_won || stage?.is_lost);

/** Where a new stage goes: before the first won or lost stage (open stages come first). */
export function newStageIndex(stages: (StageValues | undefined)[]): number {
  const first = stages.findIndex(isClosed);
  return first === -1 ? stages.length : first;
}

/** Whether a stage may swap places with its neighbour: never an open one past a closed one. */
export function canSwap(stages: (StageValues | undefined)[], from: number, to: number): boolean {
  if (to < 0 || to >= stages.length || from === to) return false;
  return isClosed(stages[from]) === isClosed(stages[to]);
}

/**
 * Where a stage belongs after it was marked (or unmarked) won or lost: a closed stage among
 * the open ones moves just past the last open stage, an open stage among the closed ones
 * just before the first closed stage; otherwise it stays.
 */
export function regroupIndex(stages: (StageValues | undefined)[], index: number): number {
  const closed = isClosed(stages[index]);
  if (closed) {
    let lastOpen = -1;
    stages.forEach((stage, i) => {
      if (!isClosed(stage)) lastOpen = i;
    });
    return lastOpen > index ? lastOpen : index;
  }
  const firstClosed = stages.findIndex(isClosed);
  return firstClosed !== -1 && firstClosed < index ? firstClosed : index;
}

/** The PUT body: the form's values with every key filled in. */
export function processBody(values: ProcessValues, reserved: { stages: Iterable<string>; tasks: (stageKey: string) => Iterable<string> }): ProcessInput {
  const keys = stageKeys(values.stages, reserved.stages);
  return {
    name: values.name.trim(),
    stages: values.stages.map((stage, index) => {
      const tasks = stage.tasks ?? [];
      const tasksKeys = taskKeys(tasks, reserved.tasks(keys[index]));
      return {
        key: keys[index],
        name: (stage.name ?? '').trim(),
        name_en: stage.name_en?.trim() || null,
        win_rate: String(stage.win_rate ?? 0),
        is_won: Boolean(stage.is_won),
        is_lost: Boolean(stage.is_lost),
        tasks: tasks.map((task, j) => ({ key: tasksKeys[j], label: (task.label ?? '').trim(), required: Boolean(task.required) })),
      };
    }),
  };
}

/** The page's own sentence for a process rule the server refused, by the field and its code. */
export type ProcessRule = 'wonRate' | 'lostRate' | 'oneWon' | 'sameKey';

/**
 * Which rule a refused field broke, where the server's words ("not an allowed value") would
 * not say: a won stage below 100 %, a lost stage above 0 %, a second won stage, a key taken.
 */
export function brokenRule(path: (string | number)[], code: string, stages: (StageValues | undefined)[]): ProcessRule | undefined {
  if (code !== 'not_allowed' || path[0] !== 'stages' || typeof path[1] !== 'number') return undefined;
  const stage = stages[path[1]];
  const field = path[path.length - 1];
  if (path.length === 3 && field === 'win_rate') return stage?.is_won ? 'wonRate' : stage?.is_lost ? 'lostRate' : undefined;
  if (path.length === 3 && field === 'is_won') return 'oneWon';
  if (field === 'key' || (path.length === 3 && field === 'name') || (path.length === 5 && field === 'label')) return 'sameKey';
  return undefined;
}
