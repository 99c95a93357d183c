// The approval-flow editor's values and the flow it saves. The form's field names follow the
// API's (`steps[1].when.value`, `steps[0].approvers.levels`), so the server's field problems
// land on their fields as they are.
import type { Flow, FlowApprovers, FlowCondition, FlowInput, FlowStep } from '../../api/types';
import { toMoneyAmount } from '../../lib/money';

export const CONDITION_FIELDS = ['amount', 'max_discount', 'product_line', 'department'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export const OPS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export type Op = (typeof OPS)[number];
export const APPROVER_KINDS = ['department_head', 'role', 'user', 'head_of'] as const;
export type ApproverKind = (typeof APPROVER_KINDS)[number];
export const MODES = ['any', 'all'] as const;

/** The comparisons a condition on `field` may use: text and departments are matched, not ordered. */
export function opsFor(field: ConditionField | undefined): readonly Op[] {
  return field === 'product_line' || field === 'department' ? ['eq'] : OPS;
}

export interface StepValues {
  name?: string;
  mode?: FlowStep['mode'];
  /** No `field`: the step always applies. */
  when?: { field?: ConditionField; op?: Op; value?: string | number | null };
  approvers?: { kind?: ApproverKind; role_key?: string; user_id?: string; levels?: number | null; department_id?: string };
}

export interface FlowValues {
  name?: string;
  active?: boolean;
  steps?: StepValues[];
}

/** A new flow's first step: the submitter's own manager, any one of them. */
export const NEW_STEP: StepValues = { mode: 'any', when: {}, approvers: { kind: 'department_head', levels: 1 } };

export function valuesFromFlow(flow: Flow): FlowValues {
  return {
    name: flow.name,
    active: flow.active,
    steps: flow.steps.map((step) => ({
      name: step.name,
      mode: step.mode,
      when: step.when ? { field: step.when.field, op: step.when.op, value: step.when.value } : {},
      approvers: { ...step.approvers },
    })),
  };
}

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value).trim());

function condition(when: StepValues['when']): FlowCondition | null {
  if (!when?.field) return null;
  const ops = opsFor(when.field);
  const op = when.op && ops.includes(when.op) ? when.op : ops[0];
  // An amount is cleaned of separators and the yuan sign; anything else goes as typed.
  const value = when.field === 'amount' ? (toMoneyAmount(when.value) ?? text(when.value)) : text(when.value);
  return { field: when.field, op, value };
}

/** Only the members of the chosen kind: the form keeps what was typed for another kind. */
function approvers(values: StepValues['approvers']): FlowApprovers {
  switch (values?.kind) {
    case 'role':
      return { kind: 'role', role_key: values.role_key ?? '' };
    case 'user':
      return { kind: 'user', user_id: values.user_id ?? '' };
    case 'head_of':
      return { kind: 'head_of', department_id: values.department_id ?? '' };
    default:
      return { kind: 'department_head', levels: values?.levels ?? 1 };
  }
}

/** The body of POST /approval-flows or PUT /approval-flows/{id} (a contract flow). */
export function flowBody(values: FlowValues): FlowInput {
  return {
    record_type: 'contract',
    name: text(values.name),
    active: values.active ?? true,
    steps: (values.steps ?? []).map((step) => ({
      name: text(step.name),
      mode: step.mode ?? 'any',
      when: condition(step.when),
      approvers: approvers(step.approvers),
    })),
  };
}
