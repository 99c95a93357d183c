import { Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportColumn, ImportMapping } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';

interface Props {
  columns: ImportColumn[];
  /** Every field a column can fill. */
  fields: string[];
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
  /** Fields more than one column fills: their pickers are marked. */
  repeated: string[];
  fieldLabel: (field: string) => string;
  /** The title of the field column ("Lead field", "Opportunity field"). */
  fieldTitle: string;
}

/** One picker per column of an import file; columns the server recognised come filled in and marked. */
export function ColumnMappingTable({ columns, fields, mapping, onChange, repeated, fieldLabel, fieldTitle }: Props) {
  const { t } = useI18n();
  const columnRows: ColumnsType<ImportColumn> = [
    {
      title: t('import.mapping.column'),
      dataIndex: 'header',
      render: (header: string, column) => (
        <Space size={4} wrap>
          <Typography.Text strong>{header || t('import.mapping.untitled', { n: column.index + 1 })}</Typography.Text>
          {column.field && mapping[String(column.index)] === column.field && (
            <Tag color="green" bordered={false}>
              {t('import.mapping.recognised')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: fieldTitle,
      key: 'field',
      width: '50%',
      render: (_, column) => {
        const value = mapping[String(column.index)] ?? '';
        const twice = value !== '' && repeated.includes(value);
        return (
          <Select<string>
            value={value}
            status={twice ? 'error' : undefined}
            style={{ width: '100%' }}
            showSearch
            optionFilterProp="label"
            onChange={(field) => onChange({ ...mapping, [String(column.index)]: field })}
            options={[{ value: '', label: t('import.mapping.skip') }, ...fields.map((field) => ({ value: field, label: fieldLabel(field) }))]}
            aria-label={t('import.mapping.fieldFor', { column: column.header })}
            data-testid={`mapping-select-${column.index}`}
          />
        );
      },
    },
  ];
  return (
    <Table<ImportColumn>
      rowKey="index"
      size="small"
      pagination={false}
      columns={columnRows}
      dataSource={columns}
      data-testid="mapping-columns"
    />
  );
}
