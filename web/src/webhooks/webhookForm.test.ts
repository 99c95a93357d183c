import { describe, expect, it } from 'vitest';
import type { Webhook } from '../api/types';
import { answeredOk, groupEvents, webhookBody } from './webhookForm';

describe('webhook form', () => {
  it('groups events by what they are about, in order', () => {
    expect(groupEvents(['contract.submitted', 'order.status_changed', 'contract.approved'])).toEqual([
      { group: 'contract', events: ['contract.submitted', 'contract.approved'] },
      { group: 'order', events: ['order.status_changed'] },
    ]);
  });

  it('sends a trimmed URL and the events; an emptied description is cleared', () => {
    expect(webhookBody({ url: ' https://erp.example.com/hook ', events: ['lead.created'], description: ' ' })).toEqual({
      url: 'https://erp.example.com/hook',
      events: ['lead.created'],
    });
    const hook = { description: 'ERP' } as Webhook;
    expect(webhookBody({ url: 'https://x', events: [], description: '', active: false }, hook)).toEqual({ url: 'https://x', events: [], description: '', active: false });
  });

  it('reads 2xx as delivered', () => {
    expect(answeredOk(204)).toBe(true);
    expect(answeredOk(500)).toBe(false);
    expect(answeredOk(null)).toBe(false);
  });
});
