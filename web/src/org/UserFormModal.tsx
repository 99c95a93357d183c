import { Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Department, Role, User, UserPatch } from '../api/types';
import { isLanguage, LANGUAGES, type Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { isStale } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';
import { buildDepartmentTree, toTreeSelect } from './departmentTree';

export type UserFormTarget = { mode: 'create' } | { mode: 'edit'; user: User };

interface Values {
  email: string;
  name: string;
  password: string;
  role_id?: string;
  department_id?: string;
  language: Language | 'default';
}

interface Props {
  target: UserFormTarget;
  roles: Role[];
  departments: Department[];
  onClose: () => void;
  onSaved: (user: User) => void;
  onStale: () => void;
}

export function UserFormModal({ target, roles, departments, onClose, onSaved, onStale }: Props) {
  const { t, tx, language } = useI18n();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editing = target.mode === 'edit' ? target.user : null;

  const treeData = useMemo(
    () => toTreeSelect(buildDepartmentTree(departments, language)),
    [departments, language],
  );
  const roleOptions = roles.map((role) => ({ value: role.id, label: tx(`role.${role.key}`, role.name) }));
  const languageOptions = [
    { value: 'default', label: t('lang.browserDefault') },
    ...LANGUAGES.map((lang) => ({ value: lang, label: t(`lang.${lang}`) })),
  ];

  const initial: Partial<Values> = editing
    ? {
        name: editing.name,
        email: editing.email,
        role_id: editing.role_id,
        department_id: editing.department_id,
        language: isLanguage(editing.language) ? editing.language : 'default',
      }
    : { language: 'default' };

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      let saved: User;
      if (editing) {
        const patch: UserPatch = {};
        const nextLanguage = values.language === 'default' ? null : values.language;
        if (values.name.trim() !== editing.name) patch.name = values.name.trim();
        if (values.role_id && values.role_id !== editing.role_id) patch.role_id = values.role_id;
        if (values.department_id && values.department_id !== editing.department_id) patch.department_id = values.department_id;
        if (nextLanguage !== (editing.language ?? null)) patch.language = nextLanguage;
        saved = Object.keys(patch).length ? await api.updateUser(editing.id, patch, editing.version) : editing;
      } else {
        saved = await api.createUser({
          email: values.email.trim(),
          name: values.name.trim(),
          password: values.password,
          role_id: values.role_id as string,
          ...(values.department_id ? { department_id: values.department_id } : {}),
          ...(values.language !== 'default' ? { language: values.language } : {}),
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

  const required = (field: string) => ({ required: true, whitespace: true, message: t('validation.required', { field }) });

  return (
    <Modal
      open
      title={editing ? t('users.edit') : t('users.new')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="user-form"
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={busy}>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={editing ? [] : [required(t('users.email')), { type: 'email', message: t('validation.email') }]}
        >
          <Input disabled={!!editing} autoComplete="off" inputMode="email" data-testid="user-email" />
        </Form.Item>
        <Form.Item name="name" label={t('users.name')} rules={[required(t('users.name'))]}>
          <Input maxLength={100} data-testid="user-name" />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('users.password')}
            rules={[required(t('users.password')), { min: 8, message: t('validation.minLength', { min: 8 }) }]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        <Form.Item
          name="role_id"
          label={t('users.role')}
          rules={[{ required: true, message: t('validation.select', { field: t('users.role') }) }]}
        >
          <Select options={roleOptions} data-testid="user-role" />
        </Form.Item>
        <Form.Item name="department_id" label={t('users.department')}>
          <TreeSelect treeData={treeData} showSearch treeNodeFilterProp="title" treeDefaultExpandAll allowClear={!editing} />
        </Form.Item>
        <Form.Item name="language" label={t('users.language')}>
          <Select options={languageOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
