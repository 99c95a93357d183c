import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Switch, Typography } from 'antd';
import { approvalsApi } from '../../api/approvals';
import type { Flow } from '../../api/types';
import { CreateDrawer } from '../../components/CreateDrawer';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { flowBody, NEW_STEP, valuesFromFlow, type FlowValues } from './flowForm';
import { StepFields, type Lookups } from './StepFields';

/**
 * A flow to create, or the next version of one: its steps in order. Approvals under way keep
 * the version they started on, which the drawer says.
 */
export function FlowDrawer({ flow, lookups, onClose, onSaved, onStale }: { flow: Flow | null; lookups: Lookups; onClose: () => void; onSaved: (flow: Flow) => void; onStale: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<FlowValues>();

  const save = async (values: FlowValues) => {
    const body = flowBody(values);
    const saved = flow ? await approvalsApi.updateFlow(flow.id, body, flow.version) : await approvalsApi.createFlow(body);
    void message.success(t('flows.saved', { version: saved.version }));
    onSaved(saved);
  };

  return (
    <CreateDrawer<FlowValues>
      title={flow ? t('flows.editTitle', { name: flow.name }) : t('flows.new')}
      width={760}
      testId="flow-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitText={flow ? t('flows.saveVersion', { version: flow.version + 1 }) : t('common.create')}
      submitTestId="flow-save"
      initialValues={flow ? valuesFromFlow(flow) : { name: '', active: true, steps: [{ ...NEW_STEP, name: '' }] }}
      report={(error, options) => report(error, { ...options, onStale })}
    >
      {flow && <Typography.Paragraph type="secondary">{t('flows.versionHint', { version: flow.version })}</Typography.Paragraph>}
      <Flex gap={12} wrap align="flex-end">
        <Form.Item name="name" label={t('flows.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('flows.name') }) }]} style={{ flex: '1 1 240px' }}>
          <Input maxLength={200} data-testid="flow-name" />
        </Form.Item>
        <Form.Item name="active" label={t('flows.active')} valuePropName="checked" tooltip={t('flows.activeHint')}>
          <Switch />
        </Form.Item>
      </Flex>
      <Form.List name="steps">
        {(fields, { add, remove, move }) => (
          <Flex vertical gap={12}>
            {fields.map((field, index) => (
              <StepFields
                key={field.key}
                form={form}
                name={field.name}
                index={index}
                count={fields.length}
                lookups={lookups}
                onMove={(to) => move(index, to)}
                onRemove={() => remove(field.name)}
              />
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...NEW_STEP, name: '' })} data-testid="flow-add-step">
              {t('flows.addStep')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </CreateDrawer>
  );
}
