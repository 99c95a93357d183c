import { describe, expect, it } from 'vitest';
import type { Flow } from '../../api/types';
import { flowBody, opsFor, valuesFromFlow } from './flowForm';

const flow: Flow = {
  id: 'f1',
  record_type: 'contract',
  name: 'Contract approval',
  active: true,
  version: 4,
  updated_at: '2026-01-01T00:00:00Z',
  steps: [
    { name: 'Manager', mode: 'any', when: { field: 'amount', op: 'gt', value: '200000.00' }, approvers: { kind: 'department_head', levels: 1 } },
    { name: 'Finance', mode: 'all', when: null, approvers: { kind: 'role', role_key: 'finance' } },
  ],
};

describe('flowBody', () => {
  it('gives back the flow it was made from', () => {
    expect(flowBody(valuesFromFlow(flow))).toEqual({ record_type: flow.record_type, name: flow.name, active: flow.active, steps: flow.steps });
  });

  it('cleans an amount, sends a step without a condition as always applying, and keeps only the chosen approver kind', () => {
    const body = flowBody({
      name: ' Big deals ',
      steps: [
        {
          name: 'Director',
          when: { field: 'amount', op: 'gte', value: '¥1,000,000' },
          approvers: { kind: 'head_of', department_id: 'd1', levels: 2, role_key: 'leftover' },
        },
        { name: 'Lines', when: { field: 'product_line', op: 'gt', value: ' Software ' }, approvers: { kind: 'user', user_id: 'u1' } },
        { name: 'Any', when: { op: 'gt', value: '5' }, approvers: {} },
      ],
    });
    expect(body).toEqual({
      record_type: 'contract',
      name: 'Big deals',
      active: true,
      steps: [
        { name: 'Director', mode: 'any', when: { field: 'amount', op: 'gte', value: '1000000.00' }, approvers: { kind: 'head_of', department_id: 'd1' } },
        { name: 'Lines', mode: 'any', when: { field: 'product_line', op: 'eq', value: 'Software' }, approvers: { kind: 'user', user_id: 'u1' } },
        { name: 'Any', mode: 'any', when: null, approvers: { kind: 'department_head', levels: 1 } },
      ],
    });
  });

  it('matches text and departments, orders amounts and discounts', () => {
    expect(opsFor('department')).toEqual(['eq']);
    expect(opsFor('max_discount')).toContain('lte');
  });
});
