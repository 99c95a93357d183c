import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Space, type FormInstance } from 'antd';
import type { Department, Role, User } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { APPROVER_KINDS, CONDITION_FIELDS, MODES, opsFor, type ConditionField, type FlowValues } from './flowForm';
import { OP_SYMBOL } from './flowText';

export interface Lookups {
  roles: Role[];
  users: User[];
  departments: Department[];
}

/** One step of the flow editor: its name, when it applies, who approves and whether one or all must. */
export function StepFields({
  form,
  name,
  index,
  count,
  lookups,
  onMove,
  onRemove,
}: {
  form: FormInstance<FlowValues>;
  /** The Form.List row's name. */
  name: number;
  index: number;
  count: number;
  lookups: Lookups;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t, tx } = useI18n();
  const field = Form.useWatch(['steps', name, 'when', 'field'], form) as ConditionField | undefined;
  const kind = Form.useWatch(['steps', name, 'approvers', 'kind'], form) as string | undefined;
  const departmentOptions = lookups.departments.map((d) => ({ value: d.id, label: d.name }));
  const half = { flex: '1 1 160px', marginBottom: 8 };

  return (
    <Card
      size="small"
      title={t('flows.stepN', { n: index + 1 })}
      data-testid="flow-step"
      extra={
        <Space>
          <Button size="small" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('flows.moveUp')}>
            ↑
          </Button>
          <Button size="small" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('flows.moveDown')}>
            ↓
          </Button>
          <Button size="small" danger icon={<DeleteOutlined />} disabled={count === 1} onClick={onRemove} aria-label={t('flows.removeStep')} />
        </Space>
      }
    >
      <Flex gap={8} wrap>
        <Form.Item name={[name, 'name']} label={t('flows.step.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('flows.step.name') }) }]} style={half}>
          <Input maxLength={100} data-testid="flow-step-name" />
        </Form.Item>
        <Form.Item name={[name, 'mode']} label={t('flows.step.mode')} style={half}>
          <Radio.Group optionType="button" options={MODES.map((m) => ({ value: m, label: t(m === 'all' ? 'approvals.mode.all' : 'approvals.mode.any') }))} />
        </Form.Item>
      </Flex>
      <Flex gap={8} wrap align="flex-start">
        <Form.Item name={[name, 'when', 'field']} label={t('flows.step.when')} style={half}>
          <Select
            allowClear
            placeholder={t('flows.when.always')}
            options={CONDITION_FIELDS.map((f) => ({ value: f, label: tx(`flows.field.${f}`, f) }))}
            onChange={(next?: ConditionField) => form.setFieldValue(['steps', name, 'when', 'op'], opsFor(next)[0])}
            data-testid="flow-step-field"
          />
        </Form.Item>
        {field && (
          <>
            <Form.Item name={[name, 'when', 'op']} label={t('flows.step.op')} style={{ flex: '0 0 90px', marginBottom: 8 }}>
              <Select options={opsFor(field).map((op) => ({ value: op, label: OP_SYMBOL[op] }))} data-testid="flow-step-op" />
            </Form.Item>
            <Form.Item name={[name, 'when', 'value']} label={t('flows.step.value')} rules={[{ required: true, message: t('validation.required', { field: t('flows.step.value') }) }]} style={half}>
              {field === 'department' ? (
                <Select showSearch optionFilterProp="label" options={departmentOptions} />
              ) : field === 'product_line' ? (
                <Input maxLength={100} />
              ) : (
                <InputNumber stringMode min="0" precision={2} suffix={field === 'max_discount' ? '%' : undefined} style={{ width: '100%' }} data-testid="flow-step-value" />
              )}
            </Form.Item>
          </>
        )}
      </Flex>
      <Flex gap={8} wrap align="flex-start">
        <Form.Item name={[name, 'approvers', 'kind']} label={t('flows.step.approvers')} style={half}>
          <Select options={APPROVER_KINDS.map((k) => ({ value: k, label: tx(`flows.kind.${k}`, k) }))} data-testid="flow-step-kind" />
        </Form.Item>
        {kind === 'role' && (
          <Form.Item name={[name, 'approvers', 'role_key']} label={t('flows.kind.role')} rules={[{ required: true, message: t('validation.select', { field: t('flows.kind.role') }) }]} style={half}>
            <Select options={lookups.roles.map((r) => ({ value: r.key, label: tx(`role.${r.key}`, r.name) }))} />
          </Form.Item>
        )}
        {kind === 'user' && (
          <Form.Item name={[name, 'approvers', 'user_id']} label={t('flows.kind.user')} rules={[{ required: true, message: t('validation.select', { field: t('flows.kind.user') }) }]} style={half}>
            <Select showSearch optionFilterProp="label" options={lookups.users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        {kind === 'head_of' && (
          <Form.Item name={[name, 'approvers', 'department_id']} label={t('flows.step.department')} rules={[{ required: true, message: t('validation.select', { field: t('flows.step.department') }) }]} style={half}>
            <Select showSearch optionFilterProp="label" options={departmentOptions} />
          </Form.Item>
        )}
        {(kind === 'department_head' || !kind) && (
          <Form.Item name={[name, 'approvers', 'levels']} label={t('flows.step.levels')} extra={t('flows.step.levelsHint')} style={half}>
            <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} data-testid="flow-step-levels" />
          </Form.Item>
        )}
      </Flex>
    </Card>
  );
}
