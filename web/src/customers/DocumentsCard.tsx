import { DeleteOutlined, DownloadOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List, Popconfirm, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import { documentsApi, type DocumentParent } from '../api/documents';
import type { CustomerDocument } from '../api/types';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { formatBytes, formatDate, formatDateTime } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import type { useUsers } from './labels';
import { useCustomerErrorReporter } from './problems';

/** The server refuses bigger uploads with 413. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

const REFUSALS: Record<string, MessageKey> = {
  executable: 'documents.error.executable',
  type_mismatch: 'documents.error.type_mismatch',
  type_not_allowed: 'documents.error.type_not_allowed',
  unknown_type: 'documents.error.unknown_type',
  empty_file: 'documents.error.empty_file',
};

/** Our sentence for a refused upload, or undefined for failures the usual reporter explains. */
export function documentErrorKey(error: unknown): MessageKey | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 413) return 'documents.error.too_large';
  if (error.code === 'document_refused') {
    const reason = error.problem.errors?.[0]?.code;
    return (reason && REFUSALS[reason]) || 'documents.error.refused';
  }
  return undefined;
}

/**
 * The files of a customer or an opportunity, newest first: download any; upload and delete
 * when you may change the record. Uploads and deletions show on the customer's timeline too,
 * so `onChanged` refreshes it.
 */
export function DocumentsCard({
  parent,
  editable,
  users,
  compact,
  onChanged,
}: {
  parent: DocumentParent;
  editable: boolean;
  users: ReturnType<typeof useUsers>;
  compact?: boolean;
  onChanged: () => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = useCustomerErrorReporter();
  const parentKey = JSON.stringify(parent);
  const load = useCallback(
    () => documentsApi.list(JSON.parse(parentKey) as DocumentParent).then((page) => page.items),
    [parentKey],
  );
  const documents = useLoader(load);
  const [uploading, setUploading] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<string | null>(null);

  const refresh = () => {
    documents.reload();
    onChanged();
  };

  const refuse = (name: string, key: MessageKey) => {
    void message.error({ content: t(key, { name }), key: `document-refused-${name}` });
  };

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    const upload = file as File;
    if (upload.size > MAX_DOCUMENT_BYTES) {
      refuse(upload.name, 'documents.error.too_large');
      onError?.(new Error('too large'));
      return;
    }
    setUploading((names) => [...names, upload.name]);
    documentsApi.upload(parent, upload).then(
      (saved) => {
        setUploading((names) => names.filter((name) => name !== upload.name));
        void message.success(t('documents.uploaded', { name: saved.name }));
        onSuccess?.(saved);
        refresh();
      },
      (error: unknown) => {
        setUploading((names) => names.filter((name) => name !== upload.name));
        const key = documentErrorKey(error);
        if (key) refuse(upload.name, key);
        else report(error);
        onError?.(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };

  const remove = async (document: CustomerDocument) => {
    setDeleting(document.id);
    try {
      await documentsApi.remove(document.id, document.version);
      void message.success(t('documents.deleted', { name: document.name }));
      refresh();
    } catch (error) {
      report(error, { onStale: () => documents.reload() });
    } finally {
      setDeleting(null);
    }
  };

  const items = documents.data ?? [];
  const uploadButton = editable && (
    <Upload customRequest={customRequest} showUploadList={false} multiple>
      <Button
        size="small"
        icon={<UploadOutlined />}
        loading={uploading.length > 0}
        data-testid="documents-upload"
      >
        {uploading.length > 0 ? t('documents.uploading', { count: uploading.length }) : t('documents.upload')}
      </Button>
    </Upload>
  );

  return (
    <Card
      title={t('documents.title', { count: items.length })}
      size={compact ? 'small' : undefined}
      className="closer-page-card"
      extra={uploadButton}
      data-testid="documents-card"
    >
      {uploading.length > 0 && (
        <Typography.Paragraph type="secondary" ellipsis data-testid="documents-progress" style={{ marginBottom: 8 }}>
          {t('documents.uploadingNames', { names: uploading.join(', ') })}
        </Typography.Paragraph>
      )}
      {documents.error && !documents.data ? (
        <Typography.Text type="danger">{t('documents.loadFailed')}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={documents.loading && !documents.data ? t('documents.loading') : t('documents.empty')}
        />
      ) : (
        <List<CustomerDocument>
          className="closer-c360-list"
          size="small"
          dataSource={items}
          renderItem={(document) => (
            <List.Item data-testid="document-item" data-id={document.id}>
              <List.Item.Meta
                avatar={<FileOutlined />}
                title={
                  <a
                    href={documentsApi.contentUrl(document.id)}
                    target="_blank"
                    rel="noopener noreferrer"
                    data-testid="document-name"
                  >
                    {document.name}
                  </a>
                }
                description={
                  <span data-testid="document-meta" title={formatDateTime(document.created_at, language)}>
                    {[formatBytes(document.size_bytes), formatDate(document.created_at, language), users.name(document.uploaded_by)]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                }
              />
              <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4, flexShrink: 0 }}>
                <Button
                  type="text"
                  size="small"
                  icon={<DownloadOutlined />}
                  href={documentsApi.contentUrl(document.id)}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={t('documents.download', { name: document.name })}
                  title={t('documents.download', { name: document.name })}
                  data-testid="document-download"
                />
                {editable && (
                  <Popconfirm
                    title={t('documents.deleteConfirm', { name: document.name })}
                    okText={t('documents.delete')}
                    okButtonProps={{ danger: true, ...({ 'data-testid': 'document-delete-confirm' } as Record<string, string>) }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => remove(document)}
                  >
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      loading={deleting === document.id}
                      aria-label={t('documents.deleteNamed', { name: document.name })}
                      data-testid="document-delete"
                    />
                  </Popconfirm>
                )}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
