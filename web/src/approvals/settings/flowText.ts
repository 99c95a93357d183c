// A flow's steps in words, for the list of flows: "amount > ¥200,000.00", "the submitter's
// department head, 2 levels up", "any one of them".
import type { FlowApprovers, FlowCondition } from '../../api/types';
import type { Language } from '../../i18n/messages';
import { formatMoney } from '../../lib/format';

export const OP_SYMBOL: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' };

export interface FlowWords {
  language: Language;
  currency: string;
  /** Translates a message key built at run time, with its placeholders. */
  tx: (key: string, fallback?: string, vars?: Record<string, string | number>) => string;
  roleName: (key: string) => string;
  userName: (id: string) => string;
  departmentName: (id: string) => string;
}

/** A step's condition in words; "always" without one. */
export function describeCondition(when: FlowCondition | null | undefined, words: FlowWords): string {
  if (!when) return words.tx('flows.when.always');
  const value =
    when.field === 'amount'
      ? formatMoney({ amount: when.value, currency: words.currency }, words.language)
      : when.field === 'max_discount'
        ? `${when.value}%`
        : when.field === 'department'
          ? words.departmentName(when.value)
          : when.value;
  return `${words.tx(`flows.field.${when.field}`, when.field)} ${OP_SYMBOL[when.op] ?? when.op} ${value}`;
}

/** Who approves a step, in words. */
export function describeApprovers(approvers: FlowApprovers, words: FlowWords): string {
  switch (approvers.kind) {
    case 'role':
      return words.tx('flows.approvers.roleN', undefined, { role: words.roleName(approvers.role_key) });
    case 'user':
      return words.tx('flows.approvers.userN', undefined, { name: words.userName(approvers.user_id) });
    case 'head_of':
      return words.tx('flows.approvers.headOfN', undefined, { department: words.departmentName(approvers.department_id) });
    default:
      return approvers.levels === 1 ? words.tx('flows.approvers.head1') : words.tx('flows.approvers.headN', undefined, { levels: approvers.levels });
  }
}
