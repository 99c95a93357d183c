import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { competitorField, withCompetitor } from './CompetitorsCard';
import { applyNestedProblems } from './formProblems';

function problem(...errors: [string, string][]) {
  return new ApiError(422, { status: 422, code: 'validation_failed', errors: errors.map(([field, message]) => ({ field, code: 'x', message })) });
}

function fakeForm(names: (string | number)[][]) {
  return { getFieldsError: () => names.map((name) => ({ name, errors: [], warnings: [] })), setFields: vi.fn() };
}

describe('applyNestedProblems', () => {
  it('puts members[i].field messages on the list rows and answers the rest', () => {
    const form = fakeForm([
      ['members', 0, 'user_id'],
      ['members', 0, 'role'],
      ['members', 1, 'user_id'],
      ['members', 1, 'role'],
    ]);
    const rest = applyNestedProblems(form, problem(['members[1].user_id', 'Already on the team'], ['members[0].role', 'Not a role'], ['members', 'Too many']));
    expect(form.setFields).toHaveBeenCalledWith([
      { name: ['members', 1, 'user_id'], errors: ['Already on the team'] },
      { name: ['members', 0, 'role'], errors: ['Not a role'] },
    ]);
    expect(rest.map((p) => p.field)).toEqual(['members']);
  });

  it('maps one competitor’s problems onto a one-competitor form', () => {
    const form = fakeForm([['name'], ['strengths'], ['weaknesses']]);
    const rest = applyNestedProblems(form, problem(['competitors[2].name', 'Not one of the allowed values'], ['competitors[0].name', 'Other']), competitorField(2), (p, path) =>
      path[0] === 'name' && p.code === 'x' ? 'Already listed' : undefined,
    );
    expect(form.setFields).toHaveBeenCalledWith([{ name: ['name'], errors: ['Already listed'] }]);
    expect(rest.map((p) => p.field)).toEqual(['competitors[0].name']);
  });

  it('ignores what is not a problem document', () => {
    const form = fakeForm([['name']]);
    expect(applyNestedProblems(form, new Error('boom'))).toEqual([]);
    expect(form.setFields).not.toHaveBeenCalled();
  });
});

describe('withCompetitor', () => {
  const list = [{ name: 'Acme', strengths: 'Price', weaknesses: null }, { name: '华为', strengths: null, weaknesses: '交付慢' }];

  it('adds, replaces and removes one entry, trimming what is typed', () => {
    expect(withCompetitor(list, 2, { name: ' SAP ', strengths: ' 品牌 ', weaknesses: '  ' })).toEqual([...list, { name: 'SAP', strengths: '品牌', weaknesses: null }]);
    expect(withCompetitor(list, 0, { name: 'Acme Corp', strengths: 'Price' })[0]).toEqual({ name: 'Acme Corp', strengths: 'Price', weaknesses: null });
    expect(withCompetitor(list, 0, null)).toEqual([list[1]]);
    expect(list).toHaveLength(2);
  });
});
