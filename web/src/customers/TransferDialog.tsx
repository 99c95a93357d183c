import { SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { customersApi } from '../api/customers';
import type { Customer, TransferRequest } from '../api/types';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { problemMessage } from '../lib/problem';
import type { Users } from './labels';

type Mode = 'selected' | 'all';

interface Values {
  mode: Mode;
  from_user_id?: string;
  to_user_id?: string;
}

interface Props {
  open: boolean;
  /** Customers ticked in the list (may be none). */
  selected: Customer[];
  users: Users;
  /** The owner the list is filtered by, offered for "all of this owner's". */
  ownerFilter?: string;
  onClose: () => void;
  /** After a transfer, and after a refusal that means the list is out of date. */
  onTransferred: (count: number) => void;
  onStale: () => void;
}

/** What the server's field codes on a transfer mean, per field. */
const FIELD_MESSAGES: Record<string, Record<string, MessageKey>> = {
  to_user_id: {
    unknown_reference: 'transfer.error.toUnavailable',
    not_allowed: 'transfer.error.sameOwner',
  },
  from_user_id: { unknown_reference: 'transfer.error.fromOutOfScope' },
  customer_ids: {
    unknown_reference: 'transfer.error.customersUnknown',
    too_long: 'transfer.error.tooMany',
    required: 'transfer.error.noneSelected',
  },
};

/** The refusal as sentences: one per form field, the rest for the dialog's alert. */
export function transferProblem(
  error: unknown,
  t: (key: MessageKey) => string,
): { fields: Record<string, string>; alert: string | null; stale: boolean } {
  if (error instanceof ApiError && error.status === 409 && error.code === 'customers_changed') {
    return { fields: {}, alert: t('transfer.error.changed'), stale: true };
  }
  if (error instanceof ApiError && error.status === 422 && error.problem.errors?.length) {
    const fields: Record<string, string> = {};
    const rest: string[] = [];
    for (const problem of error.problem.errors) {
      const key = FIELD_MESSAGES[problem.field]?.[problem.code];
      if (key && problem.field !== 'customer_ids') fields[problem.field] = t(key);
      else rest.push(key ? t(key) : problem.message);
    }
    return { fields, alert: rest.length ? rest.join(' ') : null, stale: false };
  }
  return { fields: {}, alert: problemMessage(error, t), stale: false };
}

/**
 * Moves one, many or all of a user's customers — with their contacts, open leads and
 * opportunities and planned activities — to another user in one action.
 */
export function TransferDialog(props: Props) {
  const { t } = useI18n();
  return (
    <Modal
      title={
        <Space>
          <SwapOutlined />
          {t('transfer.title')}
        </Space>
      }
      open={props.open}
      onCancel={props.onClose}
      footer={null}
      destroyOnHidden
      data-testid="transfer-dialog"
    >
      {/* Mounted afresh on every opening, so nothing of the last transfer is left in it. */}
      <TransferForm {...props} />
    </Modal>
  );
}

function TransferForm({ selected, users, ownerFilter, onClose, onTransferred, onStale }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const initialMode: Mode = selected.length > 0 ? 'selected' : 'all';
  const mode = Form.useWatch('mode', form) ?? initialMode;
  const from = Form.useWatch('from_user_id', form);

  const owners = [...new Set(selected.map((c) => c.owner_id ?? ''))];
  const selectedOwner = owners.length === 1 && owners[0] ? owners[0] : undefined;
  const mixedOwners = mode === 'selected' && owners.length > 1;
  const fromId = mode === 'selected' ? selectedOwner : from;
  const targets = users.active.filter((u) => u.id !== fromId);

  const submit = async (values: Values) => {
    if (!fromId || !values.to_user_id) return;
    setSaving(true);
    setAlert(null);
    const body: TransferRequest = { from_user_id: fromId, to_user_id: values.to_user_id };
    if (values.mode === 'selected') body.customer_ids = selected.map((c) => c.id);
    else body.all = true;
    try {
      const { transferred } = await customersApi.transfer(body);
      void message.success(
        t('transfer.done', { count: transferred, from: users.name(fromId), to: users.name(values.to_user_id) }),
      );
      onTransferred(transferred);
      onClose();
    } catch (caught) {
      const problem = transferProblem(caught, t);
      form.setFields(
        (['from_user_id', 'to_user_id'] as const)
          .filter((name) => problem.fields[name])
          .map((name) => ({ name, errors: [problem.fields[name]] })),
      );
      // "From" is no form field when the ticked customers name it.
      if (problem.fields.from_user_id && values.mode === 'selected') setAlert(problem.fields.from_user_id);
      else setAlert(problem.alert);
      if (problem.stale) onStale();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ mode: initialMode, from_user_id: ownerFilter }}
      onValuesChange={() => setAlert(null)}
    >
      <Form.Item name="mode" label={t('transfer.which')}>
        <Radio.Group data-testid="transfer-mode">
          <Space direction="vertical">
            <Radio value="selected" disabled={selected.length === 0} data-testid="transfer-mode-selected">
              {t('transfer.modeSelected', { count: selected.length })}
            </Radio>
            <Radio value="all" data-testid="transfer-mode-all">
              {t('transfer.modeAll')}
            </Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {mode === 'selected' ? (
        <Form.Item label={t('transfer.from')}>
          {mixedOwners ? (
            <Alert type="warning" showIcon message={t('transfer.mixedOwners')} data-testid="transfer-mixed" />
          ) : (
            <Typography.Text strong data-testid="transfer-from-name">
              {users.name(selectedOwner) || t('common.none')}
            </Typography.Text>
          )}
        </Form.Item>
      ) : (
        <Form.Item
          name="from_user_id"
          label={t('transfer.from')}
          rules={[{ required: true, message: t('validation.select', { field: t('transfer.from') }) }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={users.users.map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (${t('transfer.inactive')})` }))}
            data-testid="transfer-from"
          />
        </Form.Item>
      )}
      <Form.Item
        name="to_user_id"
        label={t('transfer.to')}
        rules={[{ required: true, message: t('validation.select', { field: t('transfer.to') }) }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          options={targets.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="transfer-to"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('transfer.explain')}</Typography.Paragraph>
      {alert && <Alert type="error" showIcon message={alert} style={{ marginBottom: 12 }} data-testid="transfer-error" />}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button
          type="primary"
          htmlType="submit"
          loading={saving}
          disabled={!fromId || mixedOwners}
          data-testid="transfer-submit"
        >
          {t('transfer.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
