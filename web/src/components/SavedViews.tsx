import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tooltip } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import type { ViewQuery } from '../api/freeform';
import { savedViewsApi, type SavedViewResource } from '../api/savedViews';
import type { SavedView } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';

interface Props<Q extends ViewQuery> {
  /** The list whose views these are. */
  resource: SavedViewResource;
  /** The list's filters now. */
  query: Q;
  onApply: (query: Q) => void;
  /** The filters in canonical form, from the list's or a view's, so the two compare equal. */
  normalize: (query: ViewQuery) => Q;
  block?: boolean;
}

/** The server has no saved views (an older server): the controls stay hidden. */
function unavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

/** Named filter sets kept on the server: pick one, save the current filters, delete one. */
export function SavedViews<Q extends ViewQuery>({ resource, query, onApply, normalize, block }: Props<Q>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const load = useCallback(() => savedViewsApi.list(resource), [resource]);
  const views = useLoader(load);
  const [saving, setSaving] = useState(false);
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  if (views.error && unavailable(views.error)) return null;
  const list = views.data ?? [];
  const key = (q: ViewQuery) => JSON.stringify(normalize(q));
  const current = list.find((view) => key(view.query) === key(query));

  const save = async ({ name }: { name: string }) => {
    setSaving(true);
    try {
      const view = await savedViewsApi.create(resource, name.trim(), normalize(query));
      views.setData((previous) => [...(previous ?? []), view]);
      setNaming(false);
      form.resetFields();
      void message.success(t('views.saved'));
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const drop = async (view: SavedView) => {
    try {
      await savedViewsApi.remove(view.id);
      views.setData((previous) => (previous ?? []).filter((v) => v.id !== view.id));
      void message.success(t('views.deleted'));
    } catch (caught) {
      report(caught);
    }
  };

  return (
    <>
      <Space.Compact style={block ? { width: '100%' } : undefined} data-testid="saved-views">
        <Select
          style={block ? { flex: 1, minWidth: 0 } : { width: 200 }}
          placeholder={t('views.placeholder')}
          loading={views.loading}
          value={current?.id ?? null}
          allowClear
          onClear={() => onApply(normalize({}))}
          onChange={(id: string | null) => {
            const view = list.find((v) => v.id === id);
            if (view) onApply(normalize(view.query));
          }}
          options={list.map((view) => ({ value: view.id, label: view.name }))}
          notFoundContent={t('views.empty')}
          data-testid="saved-view-select"
        />
        <Tooltip title={t('views.save')}>
          <Button
            icon={<SaveOutlined />}
            onClick={() => setNaming(true)}
            disabled={Boolean(current)}
            aria-label={t('views.save')}
            data-testid="saved-view-save"
          />
        </Tooltip>
        {current && (
          <Popconfirm
            title={t('views.deleteConfirm', { name: current.name })}
            okText={t('views.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => drop(current)}
          >
            <Tooltip title={t('views.delete')}>
              <Button icon={<DeleteOutlined />} danger aria-label={t('views.delete')} data-testid="saved-view-delete" />
            </Tooltip>
          </Popconfirm>
        )}
      </Space.Compact>
      <Modal
        title={t('views.save')}
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
            label={t('views.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('views.name') }) }]}
          >
            <Input maxLength={100} autoFocus data-testid="saved-view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
