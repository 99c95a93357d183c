import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tooltip } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import { leadsApi } from '../api/leads';
import type { LeadQuery, SavedView } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { normalizeQuery, sameQuery } from './query';

/** The server has no saved views yet (an older server): the controls stay hidden. */
function unavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

/** Named filter sets kept on the server: pick one, save the current filters, delete one. */
export function SavedViews({
  query,
  onApply,
  block,
}: {
  query: LeadQuery;
  onApply: (query: LeadQuery) => void;
  block?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const load = useCallback(() => leadsApi.savedViews(), []);
  const views = useLoader(load);
  const [saving, setSaving] = useState(false);
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  if (views.error && unavailable(views.error)) return null;
  const list = views.data ?? [];
  const current = list.find((view) => sameQuery(view.query, query));

  const save = async ({ name }: { name: string }) => {
    setSaving(true);
    try {
      const view = await leadsApi.createSavedView({ resource: 'leads', name: name.trim(), query: normalizeQuery(query) });
      views.setData((previous) => [...(previous ?? []), view]);
      setNaming(false);
      form.resetFields();
      void message.success(t('leads.views.saved'));
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (view: SavedView) => {
    try {
      await leadsApi.deleteSavedView(view.id);
      views.setData((previous) => (previous ?? []).filter((v) => v.id !== view.id));
      void message.success(t('leads.views.deleted'));
    } catch (caught) {
      report(caught);
    }
  };

  return (
    <>
      <Space.Compact style={block ? { width: '100%' } : undefined} data-testid="saved-views">
        <Select
          style={block ? { flex: 1, minWidth: 0 } : { width: 200 }}
          placeholder={t('leads.views.placeholder')}
          loading={views.loading}
          value={current?.id ?? null}
          allowClear
          onClear={() => onApply({})}
          onChange={(id: string | null) => {
            const view = list.find((v) => v.id === id);
            if (view) onApply(view.query);
          }}
          options={list.map((view) => ({ value: view.id, label: view.name }))}
          notFoundContent={t('leads.views.empty')}
          data-testid="saved-view-select"
        />
        <Tooltip title={t('leads.views.save')}>
          <Button
            icon={<SaveOutlined />}
            onClick={() => setNaming(true)}
            disabled={Boolean(current)}
            aria-label={t('leads.views.save')}
            data-testid="saved-view-save"
          />
        </Tooltip>
        {current && (
          <Popconfirm
            title={t('leads.views.deleteConfirm', { name: current.name })}
            okText={t('leads.views.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(current)}
          >
            <Tooltip title={t('leads.views.delete')}>
              <Button icon={<DeleteOutlined />} danger aria-label={t('leads.views.delete')} data-testid="saved-view-delete" />
            </Tooltip>
          </Popconfirm>
        )}
      </Space.Compact>
      <Modal
        title={t('leads.views.save')}
        open={naming}
        onCancel={() => setNaming(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="name"
            label={t('leads.views.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input maxLength={100} autoFocus data-testid="saved-view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
