import { WarningOutlined } from '@ant-design/icons';
import { Alert, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { DealImport, DealPreviewRow, FieldProblem, ImportMapping } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { previewFields } from '../../leads/import/mapping';

/** An import problem in the user's language: the field's own sentence first, then the code's, then the server's. */
export function useDealProblemText() {
  const { tx } = useI18n();
  return (problem: FieldProblem) =>
    tx(
      `dealImport.code.${problem.code}.${problem.field}`,
      tx(`dealImport.code.${problem.code}`, tx(`import.code.${problem.code}`, problem.message)),
    );
}

/** Stage and product cells may carry what they were mapped to: they get more room. */
const widthOf = (field: string) => (field === 'stage' || field === 'product' ? 220 : 150);

/** A file's value, and what it was mapped to ("Value Proposition → Quotation"). */
function MappedValue({ value, to }: { value: string; to?: string }) {
  if (!to) return <>{value}</>;
  return (
    <Tooltip title={`${value} → ${to}`}>
      <span data-testid="preview-mapped">
        {value} <Typography.Text type="secondary">→ {to}</Typography.Text>
      </span>
    </Tooltip>
  );
}

/**
 * The first rows as they would be imported: each row's errors by field, and rows that are
 * deals Closer already has (or repeat an earlier row), which will be skipped.
 */
export function DealPreview({
  upload,
  mapping,
  refreshing,
  mappedTo,
}: {
  upload: DealImport;
  mapping: ImportMapping;
  refreshing?: boolean;
  /** What a stage or product value of the file was mapped to, if it was. */
  mappedTo?: (field: string, value: string) => string | undefined;
}) {
  const { t, tx } = useI18n();
  const fieldLabel = (field: string) => tx(`dealImport.field.${field}`, field);
  const problemText = useDealProblemText();
  const fields = previewFields(upload.columns, mapping, upload.preview);
  const badRows = upload.preview.filter((row) => row.errors.length > 0).length;
  const skipped = upload.preview.filter((row) => row.duplicate).length;

  const columns: ColumnsType<DealPreviewRow> = [
    { title: '#', dataIndex: 'row', width: 48, fixed: 'left' },
    {
      title: t('import.preview.check'),
      key: 'check',
      width: 220,
      render: (_: unknown, row: DealPreviewRow) => (
        <Space direction="vertical" size={2}>
          {row.errors.length === 0 && !row.duplicate && <Tag color="green">{t('import.preview.ok')}</Tag>}
          {row.duplicate && (
            <Tag color="gold" data-testid="preview-skipped">
              {t('dealImport.preview.skipped')}
            </Tag>
          )}
          {row.errors.map((e) => (
            <Typography.Text key={`${e.field}-${e.code}`} type="danger" data-testid="preview-error">
              {fieldLabel(e.field)}: {problemText(e)}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    ...fields.map((field) => ({
      title: fieldLabel(field),
      key: field,
      width: widthOf(field),
      ellipsis: true,
      render: (_: unknown, row: DealPreviewRow) => {
        const problem = row.errors.find((e) => e.field === field);
        const value = row.values[field] ?? '';
        return problem ? (
          <Tooltip title={problemText(problem)}>
            <Typography.Text type="danger" data-testid="preview-cell-error">
              <WarningOutlined /> {value || t('common.none')}
            </Typography.Text>
          </Tooltip>
        ) : (
          <MappedValue value={value} to={value ? mappedTo?.(field, value) : undefined} />
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="deal-preview">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('import.preview.title', { shown: upload.preview.length, total: upload.rows_total })}
      </Typography.Title>
      {badRows > 0 && (
        <Alert type="warning" showIcon message={t('import.preview.badRows', { count: badRows })} data-testid="preview-bad-rows" />
      )}
      {skipped > 0 && <Alert type="info" showIcon message={t('dealImport.preview.duplicates', { count: skipped })} data-testid="preview-duplicates" />}
      <Table<DealPreviewRow>
        rowKey="row"
        size="small"
        pagination={false}
        loading={refreshing}
        columns={columns}
        dataSource={upload.preview}
        scroll={{ x: 48 + 220 + fields.reduce((sum, field) => sum + widthOf(field), 0) }}
        rowClassName={(row) => (row.errors.length > 0 ? 'closer-row--error' : row.duplicate ? 'closer-row--inactive' : '')}
        data-testid="mapping-preview"
      />
    </Space>
  );
}
