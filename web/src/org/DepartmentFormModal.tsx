import { Form, Input, Modal, Select, Switch, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Department, DepartmentCreate, DepartmentPatch, User } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { isStale } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';
import { buildDepartmentTree, descendantIds, toTreeSelect } from './departmentTree';

export type DepartmentFormTarget =
  | { mode: 'create'; parentId: string | null }
  | { mode: 'edit'; department: Department };

interface Values {
  name: string;
  parent_id?: string;
  is_sales_region: boolean;
  head_user_id?: string;
}

interface Props {
  target: DepartmentFormTarget;
  departments: Department[];
  users: User[];
  onClose: () => void;
  onSaved: (department: Department) => void;
  onStale: () => void;
}

/** Create a department, or rename, move, mark as sales region and set the head of one. */
export function DepartmentFormModal({ target, departments, users, onClose, onSaved, onStale }: Props) {
  const { t, language } = useI18n();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editing = target.mode === 'edit' ? target.department : null;
  // The root department has no parent; every other department needs one.
  const isRoot = editing !== null && !editing.parent_id;

  const initial: Values = editing
    ? {
        name: editing.name,
        parent_id: editing.parent_id ?? undefined,
        is_sales_region: editing.is_sales_region,
        head_user_id: editing.head_user_id ?? undefined,
      }
    : {
        name: '',
        parent_id: (target.mode === 'create' && target.parentId) || undefined,
        is_sales_region: false,
      };

  const treeData = useMemo(() => {
    const blocked = editing ? descendantIds(departments, editing.id) : new Set<string>();
    return toTreeSelect(buildDepartmentTree(departments, language), blocked);
  }, [departments, editing, language]);

  const heads = useMemo(
    () =>
      users
        .filter((u) => u.active || u.id === editing?.head_user_id)
        .map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` })),
    [users, editing],
  );

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      let saved: Department;
      if (editing) {
        const patch: DepartmentPatch = {};
        if (values.name.trim() !== editing.name) patch.name = values.name.trim();
        if (!isRoot && values.parent_id && values.parent_id !== editing.parent_id) patch.parent_id = values.parent_id;
        if (values.is_sales_region !== editing.is_sales_region) patch.is_sales_region = values.is_sales_region;
        if ((values.head_user_id ?? null) !== (editing.head_user_id ?? null)) patch.head_user_id = values.head_user_id ?? null;
        saved = Object.keys(patch).length
          ? await api.updateDepartment(editing.id, patch, editing.version)
          : editing;
      } else {
        const body: DepartmentCreate = { name: values.name.trim(), is_sales_region: values.is_sales_region };
        if (values.parent_id) body.parent_id = values.parent_id;
        if (values.head_user_id) body.head_user_id = values.head_user_id;
        saved = await api.createDepartment(body);
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
      title={editing ? t('dept.edit') : t('dept.new')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="department-form"
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={busy}>
        <Form.Item
          name="name"
          label={t('dept.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('dept.name') }) }]}
        >
          <Input autoFocus maxLength={100} data-testid="department-name" />
        </Form.Item>
        <Form.Item
          name="parent_id"
          label={t('dept.parent')}
          rules={isRoot ? [] : [{ required: true, message: t('validation.select', { field: t('dept.parent') }) }]}
        >
          <TreeSelect
            treeData={treeData}
            disabled={isRoot}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            placeholder={t('dept.parentNone')}
            data-testid="department-parent"
          />
        </Form.Item>
        <Form.Item name="head_user_id" label={t('dept.head')}>
          <Select
            options={heads}
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('dept.headNone')}
          />
        </Form.Item>
        <Form.Item name="is_sales_region" label={t('dept.isSalesRegion')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
