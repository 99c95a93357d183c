import { describe, expect, it } from 'vitest';
import { openTaskKeys } from '../MoveFlow';
import { ApiError } from '../../api/client';
import { fieldPath } from './problemFields';

describe('fieldPath', () => {
  it('turns a problem field into a form path', () => {
    expect(fieldPath('stages[1].win_rate')).toEqual(['stages', 1, 'win_rate']);
    expect(fieldPath('stages[0].tasks[2].label')).toEqual(['stages', 0, 'tasks', 2, 'label']);
    expect(fieldPath('won_stage')).toEqual(['won_stage']);
  });
});

describe('openTaskKeys', () => {
  it('names the tasks a 409 required_tasks_open lists', () => {
    const error = new ApiError(409, { status: 409, code: 'required_tasks_open', errors: [{ field: 'tasks.demo_done', message: 'x' }, { field: 'other', message: 'y' }] } as never);
    expect(openTaskKeys(error)).toEqual(['demo_done']);
    expect(openTaskKeys(new Error('no'))).toEqual([]);
  });
});
