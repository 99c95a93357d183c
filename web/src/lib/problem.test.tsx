import { act, render, screen } from '@testing-library/react';
import { Form, Input, type FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { translate } from '../i18n/messages';
import { applyProblemToForm, problemMessage } from './problem';

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

const t = (key: Parameters<typeof translate>[1]) => translate('en-US', key);

describe('applyProblemToForm', () => {
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

    let unmatched: ReturnType<typeof applyProblemToForm> = [];
    await act(async () => {
      unmatched = applyProblemToForm(form as FormInstance, error);
    });

    expect(await screen.findByText('请填写名称')).toBeTruthy();
    expect(screen.getByText('Unknown permission')).toBeTruthy();
    expect(unmatched.map((p) => p.field)).toEqual(['tenant']);
    expect(form?.getFieldError('name')).toEqual(['请填写名称']);
  });
});

describe('problemMessage', () => {
  it("prefers the server's translated detail", () => {
    expect(problemMessage(new ApiError(409, { detail: '部门名称重复' }), t)).toBe('部门名称重复');
  });

  it('falls back to our own words by status', () => {
    expect(problemMessage(new ApiError(0, { code: 'network' }), t)).toBe(translate('en-US', 'error.network'));
    expect(problemMessage(new ApiError(403, {}), t)).toBe(translate('en-US', 'error.forbidden'));
    expect(problemMessage(new Error('boom'), t)).toBe(translate('en-US', 'error.generic'));
  });
});
