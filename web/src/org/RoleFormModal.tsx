import { Form, Grid, Input, Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import type { PermissionInfo, Role, RolePatch } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { isStale } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';
import { PermissionPicker } from './PermissionPicker';

export type RoleFormTarget = { mode: 'create' } | { mode: 'edit'; role: Role };

export const DATA_SCOPES = ['own', 'department', 'subtree', 'tenant'] as const;
/** How many of the company's records a role sees (`RoleDto.data_scope`). */
export type DataScope = (typeof DATA_SCOPES)[number];

function isDataScope(value: string): value is DataScope {
  return DATA_SCOPES.some((scope) => scope === value);
}

interface Values {
  key: string;
  name: string;
  data_scope: DataScope;
  permissions: string[];
}

interface Props {
  target: RoleFormTarget;
  catalogue: PermissionInfo[];
  onClose: () => void;
  onSaved: (role: Role) => void;
  onStale: () => void;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((key) => b.includes(key));

export function RoleFormModal({ target, catalogue, onClose, onSaved, onStale }: Props) {
  const { t } = useI18n();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const screens = Grid.useBreakpoint();
  const editing = target.mode === 'edit' ? target.role : null;

  const initial: Partial<Values> = editing
    ? {
        key: editing.key,
        name: editing.name,
        data_scope: isDataScope(editing.data_scope) ? editing.data_scope : undefined,
        permissions: editing.permissions,
      }
    : { data_scope: 'own', permissions: [] };

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      let saved: Role;
      if (editing) {
        const patch: RolePatch = {};
        if (values.name.trim() !== editing.name) patch.name = values.name.trim();
        if (values.data_scope !== editing.data_scope) patch.data_scope = values.data_scope;
        if (!sameSet(values.permissions, editing.permissions)) patch.permissions = values.permissions;
        saved = Object.keys(patch).length ? await api.updateRole(editing.id, patch, editing.version) : editing;
      } else {
        saved = await api.createRole({
          key: values.key.trim(),
          name: values.name.trim(),
          data_scope: values.data_scope,
          permissions: values.permissions,
        });
      }
      onSaved(saved);
    } catch (caught) {
      report(caught, { form, onStale });
      if (isStale(caught)) onClose();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? t('roles.edit') : t('roles.new')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={screens.md === false ? undefined : 760}
      destroyOnHidden
      data-testid="role-form"
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={busy}>
        <Form.Item
          name="key"
          label={t('roles.key')}
          extra={editing ? undefined : t('roles.keyHelp')}
          rules={
            editing
              ? []
              : [
                  { required: true, message: t('validation.required', { field: t('roles.key') }) },
                  { pattern: /^[a-z0-9_]{2,40}$/, message: t('validation.roleKey') },
                ]
          }
        >
          <Input disabled={!!editing} maxLength={40} autoCapitalize="none" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('roles.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('roles.name') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="data_scope" label={t('roles.dataScope')}>
          <Radio.Group>
            <Space direction={screens.sm === false ? 'vertical' : 'horizontal'} wrap>
              {DATA_SCOPES.map((scope) => (
                <Radio key={scope} value={scope}>
                  {t(`scope.${scope}`)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="permissions" label={t('roles.permissions')}>
          <PermissionPicker catalogue={catalogue} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
