import { WarningOutlined } from '@ant-design/icons';
import { Alert, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { FieldProblem, ImportMapping, ImportPreviewRow, LeadImport } from '../../api/types';
import { ColumnMappingTable } from '../../components/import/ColumnMappingTable';
import { useI18n } from '../../i18n/useI18n';
import { checkMapping, previewFields } from './mapping';

interface Props {
  upload: LeadImport;
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
  refreshing?: boolean;
}

/**
 * One picker per column of the file (recognised columns come filled in), and the first rows
 * as they would be imported, with each row's errors and duplicates.
 */
export function MappingStep({ upload, mapping, onChange, refreshing }: Props) {
  const { t, tx } = useI18n();
  const fieldLabel = (field: string) => tx(`field.${field}`, field);
  // The preview's messages come in English: say the codes we know in the user's language,
  // a field's own sentence first (an unknown owner is not an unknown campaign).
  const problemText = (problem: FieldProblem) =>
    tx(`import.code.${problem.code}.${problem.field}`, tx(`import.code.${problem.code}`, problem.message));
  const check = checkMapping(mapping);
  const fields = previewFields(upload.columns, mapping, upload.preview);

  const previewColumns: ColumnsType<ImportPreviewRow> = [
    { title: '#', dataIndex: 'row', width: 56, fixed: 'left' },
    ...fields.map((field) => ({
      title: fieldLabel(field),
      key: field,
      width: 160,
      ellipsis: true,
      render: (_: unknown, row: ImportPreviewRow) => {
        const problem = row.errors.find((e) => e.field === field);
        const value = row.values[field] ?? '';
        return problem ? (
          <Tooltip title={problemText(problem)}>
            <Typography.Text type="danger" data-testid="preview-cell-error">
              <WarningOutlined /> {value || t('common.none')}
            </Typography.Text>
          </Tooltip>
        ) : (
          value
        );
      },
    })),
    {
      title: t('import.preview.check'),
      key: 'check',
      width: 260,
      render: (_: unknown, row: ImportPreviewRow) => {
        return (
          <Space direction="vertical" size={2}>
            {row.errors.length === 0 && row.duplicates.length === 0 && <Tag color="green">{t('import.preview.ok')}</Tag>}
            {row.errors.map((e) => (
              <Typography.Text key={`${e.field}-${e.code}`} type="danger" data-testid="preview-error">
                {fieldLabel(e.field)}: {problemText(e)}
              </Typography.Text>
            ))}
            {row.duplicates.map((d) => (
              <Typography.Text key={d.id} type="warning" data-testid="preview-duplicate">
                {t('import.preview.duplicate', { name: d.name, score: d.score })}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    },
  ];

  const badRows = upload.preview.filter((row) => row.errors.length > 0).length;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="mapping-step">
      {check.missingCompany && (
        <Alert type="error" showIcon message={t('import.mapping.needCompany')} data-testid="mapping-need-company" />
      )}
      {check.repeated.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={t('import.mapping.repeated', { fields: check.repeated.map(fieldLabel).join(t('common.listSeparator')) })}
          data-testid="mapping-repeated"
        />
      )}
      <ColumnMappingTable
        columns={upload.columns}
        fields={upload.fields}
        mapping={mapping}
        onChange={onChange}
        repeated={check.repeated}
        fieldLabel={fieldLabel}
        fieldTitle={t('import.mapping.field')}
      />
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('import.preview.title', { shown: upload.preview.length, total: upload.rows_total })}
        </Typography.Title>
        {badRows > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            message={t('import.preview.badRows', { count: badRows })}
            data-testid="preview-bad-rows"
          />
        )}
        <Table<ImportPreviewRow>
          rowKey="row"
          size="small"
          pagination={false}
          loading={refreshing}
          columns={previewColumns}
          dataSource={upload.preview}
          scroll={{ x: 56 + fields.length * 160 + 260 }}
          rowClassName={(row) => (row.errors.length > 0 ? 'closer-row--error' : '')}
          data-testid="mapping-preview"
        />
      </div>
    </Space>
  );
}
