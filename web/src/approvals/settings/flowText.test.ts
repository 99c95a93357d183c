import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/messages';
import { describeApprovers, describeCondition, type FlowWords } from './flowText';

const words = (language: 'en-US' | 'zh-CN'): FlowWords => ({
  language,
  currency: 'CNY',
  tx: (key, fallback, vars) => translate(language, key, vars) ?? fallback,
  roleName: (key) => (key === 'finance' ? 'Finance' : key),
  userName: (id) => (id === 'u1' ? 'Li Na' : id),
  departmentName: (id) => (id === 'd1' ? 'East region' : id),
});

describe('flow steps in words', () => {
  it('say the condition with its value as people read it', () => {
    expect(describeCondition({ field: 'amount', op: 'gt', value: '1000000.00' }, words('en-US'))).toBe('Amount > CN¥1,000,000.00');
    expect(describeCondition({ field: 'max_discount', op: 'gte', value: '20' }, words('en-US'))).toBe('Largest discount ≥ 20%');
    expect(describeCondition({ field: 'department', op: 'eq', value: 'd1' }, words('en-US'))).toBe('Department = East region');
    expect(describeCondition(null, words('en-US'))).toBe('Always');
    expect(describeCondition({ field: 'amount', op: 'gt', value: '200000.00' }, words('zh-CN'))).toBe('合同金额 > ¥200,000.00');
  });

  it('say who approves', () => {
    expect(describeApprovers({ kind: 'department_head', levels: 2 }, words('en-US'))).toBe("The submitter's department head, 2 levels up");
    expect(describeApprovers({ kind: 'department_head', levels: 1 }, words('en-US'))).toBe("The submitter's own department head");
    expect(describeApprovers({ kind: 'role', role_key: 'finance' }, words('en-US'))).toBe('Everyone with the role Finance');
    expect(describeApprovers({ kind: 'user', user_id: 'u1' }, words('en-US'))).toBe('Li Na');
    expect(describeApprovers({ kind: 'head_of', department_id: 'd1' }, words('en-US'))).toBe('The head of East region');
  });
});
