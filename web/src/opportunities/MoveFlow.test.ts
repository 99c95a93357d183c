import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { openTaskKeys } from './MoveFlow';

describe('openTaskKeys', () => {
  it('names the tasks a 409 required_tasks_open lists', () => {
    const error = new ApiError(409, { status: 409, code: 'required_tasks_open', errors: [{ field: 'tasks.demo_done', message: 'x' }, { field: 'other', message: 'y' }] } as never);
    expect(openTaskKeys(error)).toEqual(['demo_done']);
    expect(openTaskKeys(new Error('no'))).toEqual([]);
  });
});
