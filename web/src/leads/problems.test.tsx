import { fireEvent, screen } from '@testing-library/react';
import { Form, Input } from 'antd';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { translate } from '../i18n/messages';
import { renderWithProviders } from '../test/render';
import { LEAD_CODE_MESSAGES, leadCodeMessage, useLeadErrorReporter } from './problems';

const conflict = (code: string) =>
  new ApiError(409, { status: 409, code, title: 'Conflict', detail: "The request conflicts with the record's state." });

describe('leadCodeMessage', () => {
  it('has its own sentence, in both languages, for every claim refusal and lead conflict', () => {
    for (const code of ['lead_held', 'daily_claim_limit', 'max_held', 'claim_cooldown', 'lead_closed']) {
      const key = leadCodeMessage(conflict(code));
      expect(key, code).toBe(`leads.code.${code}`);
      expect(translate('en-US', key as string)).not.toBe(key);
      expect(translate('zh-CN', key as string)).not.toBe(translate('en-US', key as string));
    }
    for (const code of ['lead_in_pool', 'lead_converted', 'lead_not_open', 'use_convert', 'duplicate_blocked']) {
      expect(leadCodeMessage(conflict(code)), code).toBe(LEAD_CODE_MESSAGES[code]);
    }
  });

  it('says exactly why a claim was refused', () => {
    const say = (code: string) => translate('en-US', leadCodeMessage(conflict(code)) as string);
    expect(say('daily_claim_limit')).toMatch(/today's claim limit/);
    expect(say('max_held')).toMatch(/as many open leads/);
    expect(say('claim_cooldown')).toMatch(/cool-down/);
    expect(say('lead_held')).toMatch(/claimed this lead/);
    expect(say('lead_closed')).toMatch(/closed/);
  });

  it('leaves other failures to the generic reporter', () => {
    expect(leadCodeMessage(conflict('something_else'))).toBeUndefined();
    expect(leadCodeMessage(new ApiError(422, { code: 'invalid_input' }))).toBeUndefined();
    expect(leadCodeMessage(new Error('boom'))).toBeUndefined();
  });
});

function Trigger({ error }: { error: unknown }) {
  const report = useLeadErrorReporter();
  return <button onClick={() => report(error)}>go</button>;
}

describe('useLeadErrorReporter', () => {
  it("shows our sentence instead of the server's generic detail", async () => {
    renderWithProviders(<Trigger error={conflict('claim_cooldown')} />, 'zh-CN');
    fireEvent.click(screen.getByText('go'));
    expect(await screen.findByText(translate('zh-CN', 'leads.code.claim_cooldown'))).toBeTruthy();
    expect(screen.queryByText("The request conflicts with the record's state.")).toBeNull();
  });

  it("falls back to the server's detail for codes it does not know", async () => {
    renderWithProviders(<Trigger error={new ApiError(409, { code: 'other', detail: '请求与记录当前状态冲突。' })} />);
    fireEvent.click(screen.getByText('go'));
    expect(await screen.findByText('请求与记录当前状态冲突。')).toBeTruthy();
  });
});

describe('a blocked duplicate', () => {
  function NewLead({ error }: { error: unknown }) {
    const [form] = Form.useForm();
    const report = useLeadErrorReporter();
    return (
      <Form form={form}>
        <Form.Item name="phone" label="Phone">
          <Input />
        </Form.Item>
        <button onClick={() => report(error, { form })}>go</button>
      </Form>
    );
  }

  it('says why on each field the server found it by, and our sentence in the message', async () => {
    const blocked = new ApiError(409, {
      status: 409,
      code: 'duplicate_blocked',
      detail: "The request conflicts with the record's state.",
      errors: [
        { field: 'phone', code: 'duplicate', message: 'same phone' },
        { field: 'phone', code: 'duplicate', message: 'same phone again' },
      ],
    });
    renderWithProviders(<NewLead error={blocked} />);
    fireEvent.click(screen.getByText('go'));
    expect(await screen.findByText(translate('en-US', 'leads.code.duplicate_blocked'))).toBeTruthy();
    expect(await screen.findAllByText(translate('en-US', 'leads.duplicateBlockedField'))).toHaveLength(1);
  });
});
