import { act, render, screen } from '@testing-library/react';
import { Form, Input, type FormInstance } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { applyFieldProblems, fieldPath } from './formProblems';

function problem(...errors: [string, string][]) {
  return new ApiError(422, { status: 422, code: 'validation_failed', errors: errors.map(([field, message]) => ({ field, code: 'x', message })) });
}

function fakeForm(names: (string | number)[][]) {
  return { getFieldsError: () => names.map((name) => ({ name, errors: [], warnings: [] })), setFields: vi.fn() };
}

describe('fieldPath', () => {
  it('turns a problem field into a form path', () => {
    expect(fieldPath('stages[1].win_rate')).toEqual(['stages', 1, 'win_rate']);
    expect(fieldPath('stages[0].tasks[2].label')).toEqual(['stages', 0, 'tasks', 2, 'label']);
    expect(fieldPath('won_stage')).toEqual(['won_stage']);
  });
});

function TestForm({ onReady }: { onReady: (form: FormInstance) => void }) {
  const [form] = Form.useForm();
  onReady(form);
  return (
    <Form form={form}>
      <Form.Item name="name" label="Name">
        <Input />
      </Form.Item>
      <Form.Item name="permissions" label="Permissions">
        <Input />
      </Form.Item>
    </Form>
  );
}

describe('applyFieldProblems', () => {
  it('puts field messages on the matching fields and answers the rest', async () => {
    let form: FormInstance | undefined;
    render(<TestForm onReady={(f) => (form = f)} />);
    const error = new ApiError(422, {
      status: 422,
      code: 'validation_failed',
      detail: '有字段不正确。',
      errors: [
        { field: 'name', code: 'required', message: '请填写名称' },
        { field: 'permissions[1]', code: 'not_allowed', message: 'Unknown permission' },
        { field: 'tenant', code: 'other', message: 'Not on this form' },
      ],
    });

    let unplaced: ReturnType<typeof applyFieldProblems> = [];
    await act(async () => {
      unplaced = applyFieldProblems(form as FormInstance, error);
    });

    expect(await screen.findByText('请填写名称')).toBeTruthy();
    expect(screen.getByText('Unknown permission')).toBeTruthy();
    expect(unplaced.map((p) => p.field)).toEqual(['tenant']);
    expect(form?.getFieldError('name')).toEqual(['请填写名称']);
  });

  it('puts members[i].field messages on the list rows, never on the list itself', () => {
    const form = fakeForm([['members', 0, 'user_id'], ['members', 0, 'role'], ['members', 1, 'user_id'], ['members', 1, 'role'], ['members']]);
    const rest = applyFieldProblems(
      form,
      problem(['members[1].user_id', 'Already on the team'], ['members[0].role', 'Not a role'], ['members[4].role', 'No such row']),
    );
    expect(form.setFields).toHaveBeenCalledWith([
      { name: ['members', 1, 'user_id'], errors: ['Already on the team'] },
      { name: ['members', 0, 'role'], errors: ['Not a role'] },
    ]);
    expect(rest.map((p) => p.field)).toEqual(['members[4].role']);
  });

  it('maps one competitor’s problems onto a one-competitor form, in our words', () => {
    const form = fakeForm([['name'], ['strengths'], ['weaknesses']]);
    const rest = applyFieldProblems(form, problem(['competitors[2].name', 'Not one of the allowed values'], ['competitors[0].name', 'Other']), {
      rename: (path) => (path[0] === 'competitors' && path[1] === 2 ? path.slice(2) : null),
      explain: (p, path) => (path[0] === 'name' && p.code === 'x' ? 'Already listed' : undefined),
    });
    expect(form.setFields).toHaveBeenCalledWith([{ name: ['name'], errors: ['Already listed'] }]);
    expect(rest.map((p) => p.field)).toEqual(['competitors[0].name']);
  });

  it('says one sentence once per field', () => {
    const form = fakeForm([['phone']]);
    applyFieldProblems(form, problem(['phone', 'Blocked'], ['phone', 'Blocked']));
    expect(form.setFields).toHaveBeenCalledWith([{ name: ['phone'], errors: ['Blocked'] }]);
  });

  it('ignores what is not a problem document', () => {
    const form = fakeForm([['name']]);
    expect(applyFieldProblems(form, new Error('boom'))).toEqual([]);
    expect(form.setFields).not.toHaveBeenCalled();
  });
});
