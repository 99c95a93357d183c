import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { ProcessStage } from '../api/types';
import { isClosedStage, mayLeave, mayMove, openTaskKeys, reasonProblems, reasonsFor } from './MoveFlow';

const stage = (id: string, extra: Partial<ProcessStage> = {}): ProcessStage =>
  ({ id, key: id, name: id, name_en: id, position: 1, win_rate: '10', is_won: false, is_lost: false, tasks: [], ...extra }) as ProcessStage;
const initial = stage('initial');
const demo = stage('demo');
const won = stage('won', { is_won: true, win_rate: '100' });
const lost = stage('lost', { is_lost: true, win_rate: '0' });

const canFrom = (permissions: string[]) => (permission: string) => permissions.includes(permission);
const manager = canFrom(['opportunities.write', 'opportunities.reopen']);
const rep = canFrom(['opportunities.write']);

describe('openTaskKeys', () => {
  it('names the tasks a 409 required_tasks_open lists', () => {
    const error = new ApiError(409, { status: 409, code: 'required_tasks_open', errors: [{ field: 'tasks.demo_done', message: 'x' }, { field: 'other', message: 'y' }] } as never);
    expect(openTaskKeys(error)).toEqual(['demo_done']);
    expect(openTaskKeys(new Error('no'))).toEqual([]);
  });
});

describe('reasonsFor', () => {
  it('asks nothing between open stages, nor for staying put', () => {
    expect(reasonsFor(initial, demo)).toEqual([]);
    expect(reasonsFor(demo, initial)).toEqual([]);
    expect(reasonsFor(initial, won)).toEqual([]);
    expect(reasonsFor(won, won)).toEqual([]);
    expect(reasonsFor(lost, lost)).toEqual([]);
  });

  it('asks for the loss reason when an open deal is lost', () => {
    expect(reasonsFor(demo, lost)).toEqual(['loss_reason']);
    expect(reasonsFor(undefined, lost)).toEqual(['loss_reason']);
  });

  it('asks for the reopen reason when a won or lost deal goes anywhere else', () => {
    expect(reasonsFor(won, demo)).toEqual(['reopen_reason']);
    expect(reasonsFor(lost, initial)).toEqual(['reopen_reason']);
    expect(reasonsFor(lost, won)).toEqual(['reopen_reason']);
  });

  it('asks for both when a won deal is lost, the reopen reason first', () => {
    expect(reasonsFor(won, lost)).toEqual(['reopen_reason', 'loss_reason']);
  });
});

describe('who may move a closed deal', () => {
  it('knows the closed stages', () => {
    expect([initial, demo, won, lost, undefined].map(isClosedStage)).toEqual([false, false, true, true, false]);
  });

  it('lets anyone move an open deal, but only opportunities.reopen take one out of won or lost', () => {
    expect(mayLeave(demo, rep)).toBe(true);
    expect(mayLeave(undefined, rep)).toBe(true);
    expect(mayLeave(won, rep)).toBe(false);
    expect(mayLeave(lost, rep)).toBe(false);
    expect(mayLeave(won, manager)).toBe(true);
    expect(mayLeave(lost, manager)).toBe(true);
  });

  it('offers only moves to another stage the role may make', () => {
    expect(mayMove(demo, won, rep)).toBe(true);
    expect(mayMove(demo, lost, rep)).toBe(true);
    expect(mayMove(demo, demo, manager)).toBe(false);
    expect(mayMove(won, demo, rep)).toBe(false);
    expect(mayMove(won, lost, rep)).toBe(false);
    expect(mayMove(lost, won, rep)).toBe(false);
    expect(mayMove(won, demo, manager)).toBe(true);
    expect(mayMove(won, lost, manager)).toBe(true);
    expect(mayMove(won, won, manager)).toBe(false);
  });
});

describe('reasonProblems', () => {
  it('maps a 422 on either reason back to its field, with the server’s words', () => {
    const error = new ApiError(422, {
      status: 422,
      code: 'validation',
      errors: [
        { field: 'reopen_reason', code: 'required', message: 'Say why the deal is reopened' },
        { field: 'loss_reason', code: 'required', message: 'Say why it was lost' },
        { field: 'stage_id', code: 'invalid', message: 'x' },
      ],
    } as never);
    expect(reasonProblems(error)).toEqual({ reopen_reason: 'Say why the deal is reopened', loss_reason: 'Say why it was lost' });
  });

  it('ignores other refusals', () => {
    expect(reasonProblems(new ApiError(403, { status: 403, errors: [{ field: 'reopen_reason', message: 'x' }] } as never))).toEqual({});
    expect(reasonProblems(new Error('no'))).toEqual({});
  });
});
