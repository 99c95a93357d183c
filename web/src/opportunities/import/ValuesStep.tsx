import { Alert, Flex, Grid, Result, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UnmatchedValue } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { unmappedCount, type ValueChoices, type ValueKind } from './dealMapping';

export interface ValueOption {
  value: string;
  label: string;
}
/** A flat list, or groups (one per sales process). */
export type ValueOptions = (ValueOption | { label: string; options: ValueOption[] })[];

interface Props {
  stages: UnmatchedValue[];
  products: UnmatchedValue[];
  choices: ValueChoices;
  onChange: (choices: ValueChoices) => void;
  stageOptions: ValueOptions;
  productOptions: ValueOptions;
  refreshing?: boolean;
}

/**
 * The values of the file's stage and product columns that name nothing in Closer, each with
 * a picker for what it stands for; products with a near name come suggested. Rows whose
 * value stays unmapped are rejected.
 */
export function ValuesStep({ stages, products, choices, onChange, stageOptions, productOptions, refreshing }: Props) {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  if (stages.length === 0 && products.length === 0) {
    return <Result status="success" style={{ padding: '16px 0' }} title={t('dealImport.values.none')} data-testid="values-none" />;
  }
  const unmapped = unmappedCount(stages, choices.stage) + unmappedCount(products, choices.product);

  const picker = (kind: ValueKind, row: UnmatchedValue, options: ValueOptions) => {
    const chosen = choices[kind];
    const id = chosen[row.value] ?? '';
    return (
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Select<string>
          value={id || undefined}
          placeholder={t('dealImport.values.pick')}
          status={id ? undefined : 'warning'}
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: '100%' }}
          options={options}
          onChange={(next) => onChange({ ...choices, [kind]: { ...chosen, [row.value]: next ?? '' } })}
          aria-label={t('dealImport.values.choiceFor', { value: row.value })}
          data-testid={`value-select-${kind}-${row.value}`}
        />
        {kind === 'product' && row.suggestion_id && id === row.suggestion_id && (
          <Tag color="blue" bordered={false} data-testid="value-suggested">
            {t('dealImport.values.suggested')}
          </Tag>
        )}
      </Space>
    );
  };

  const title = (kind: ValueKind) => (
    <Typography.Title level={5} style={{ marginTop: 0 }}>
      {t(kind === 'stage' ? 'dealImport.values.stages' : 'dealImport.values.products')}
    </Typography.Title>
  );

  // A phone lists each value over its picker, full width.
  const list = (kind: ValueKind, rows: UnmatchedValue[], options: ValueOptions) => (
    <div data-testid={`values-${kind}`}>
      {title(kind)}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {rows.map((row) => (
          <div key={row.value} className="closer-deal-import__value-item">
            <Flex justify="space-between" gap={8} align="baseline">
              <Typography.Text strong className="closer-deal-import__value">
                {row.value}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                {t('dealImport.values.rowsN', { count: row.rows })}
              </Typography.Text>
            </Flex>
            {picker(kind, row, options)}
          </div>
        ))}
      </Space>
    </div>
  );

  const table = (kind: ValueKind, rows: UnmatchedValue[], options: ValueOptions) => {
    const columns: ColumnsType<UnmatchedValue> = [
      {
        title: t('dealImport.values.value'),
        dataIndex: 'value',
        render: (value: string) => (
          <Typography.Text strong className="closer-deal-import__value">
            {value}
          </Typography.Text>
        ),
      },
      { title: t('dealImport.values.rows'), dataIndex: 'rows', width: 72, align: 'right' },
      {
        title: t(kind === 'stage' ? 'dealImport.values.stage' : 'dealImport.values.product'),
        key: 'choice',
        width: '50%',
        render: (_, row) => picker(kind, row, options),
      },
    ];
    return (
      <div>
        {title(kind)}
        <Table<UnmatchedValue>
          rowKey="value"
          size="small"
          pagination={false}
          loading={refreshing}
          columns={columns}
          dataSource={rows}
          data-testid={`values-${kind}`}
        />
      </div>
    );
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="values-step">
      <Typography.Text type="secondary">{t('dealImport.values.intro')}</Typography.Text>
      {unmapped > 0 && (
        <Alert type="warning" showIcon message={t('dealImport.values.unmapped', { count: unmapped })} data-testid="values-unmapped" />
      )}
      {stages.length > 0 && (phone ? list : table)('stage', stages, stageOptions)}
      {products.length > 0 && (phone ? list : table)('product', products, productOptions)}
    </Space>
  );
}
