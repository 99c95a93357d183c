import { describe, expect, it } from 'vitest';
import { sumMoney } from '../../api/opportunities';
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

describe('sumMoney', () => {
  it('adds exactly in fen', () => {
    expect(sumMoney([{ amount: '0.10', currency: 'CNY' }, { amount: '0.20', currency: 'CNY' }])).toEqual({ amount: '0.30', currency: 'CNY' });
    expect(sumMoney([{ amount: '1000000.00', currency: 'CNY' }, { amount: '5.5', currency: 'CNY' }]).amount).toBe('1000005.50');
    expect(sumMoney([]).amount).toBe('0.00');
  });
});

describe('openTaskKeys', () => {
  it('names the tasks a 409 required_tasks_open lists', () => {
    const error = new ApiError(409, { status: 409, code: 'required_tasks_open', errors: [{ field: 'tasks.demo_done', message: 'x' }, { field: 'other', message: 'y' }] } as never);
    expect(openTaskKeys(error)).toEqual(['demo_done']);
    expect(openTaskKeys(new Error('no'))).toEqual([]);
  });
});
